package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.H264ProfileLevelId;
import io.sluice.signaling.internal.sdp.SdpText;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A codec a node can receive and forward, as configured in {@link SdpConfig}: the
 * {@code a=rtpmap} identity (RFC 8866 §6.6) plus the {@code a=fmtp} parameters (RFC 8866 §6.15)
 * that decide whether an offered codec matches.
 *
 * <p>Matching ({@link SdpAnswerer}) compares the encoding name (ignoring case), the clock rate
 * and, for audio, the channel count, and then per codec:
 *
 * <ul>
 *   <li>VP9: {@code profile-id} (default 0, as in the VP9 RTP payload format and libwebrtc)
 *   <li>AV1: {@code profile} (default 0, Main, per the AV1 RTP payload specification)
 *   <li>H.264: {@code packetization-mode} (default 0) must be equal, and the {@code profile_idc}
 *       and {@code profile-iop} bytes of {@code profile-level-id} must be equal (RFC 6184 §8.1);
 *       the level is answered by the RFC 6184 §8.2.2 rules
 * </ul>
 *
 * @param kind audio or video
 * @param name the encoding name, for example {@code "opus"} or {@code "H264"}
 * @param clockRate the RTP clock rate
 * @param channels the channel count for audio (Opus is 2), 0 for video
 * @param parameters the {@code a=fmtp} parameters written in offers and used for matching
 * @param rtx true to negotiate RTX (RFC 4588) for this codec
 */
public record CodecCapability(MediaKind kind, String name, int clockRate, int channels,
    Map<String, String> parameters, boolean rtx) {

  /** Validates the fields and copies the parameters, keeping their order. */
  public CodecCapability {
    SdpText.requireToken(name, "codec name");
    if (name.indexOf('/') >= 0 || name.equalsIgnoreCase("rtx")) {
      throw new IllegalArgumentException("not a codec name: " + name);
    }
    if (clockRate <= 0 || channels < 0) {
      throw new IllegalArgumentException("clock rate " + clockRate + ", channels " + channels);
    }
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : parameters.entrySet()) {
      String k = e.getKey();
      String v = e.getValue();
      if (!SdpText.isField(k) || k.indexOf(';') >= 0 || k.indexOf('=') >= 0
          || v.indexOf(';') >= 0 || !SdpText.isLineText(v) || v.indexOf(' ') >= 0) {
        throw new IllegalArgumentException("bad fmtp parameter " + k + "=" + v);
      }
      copy.put(k, v);
    }
    parameters = Collections.unmodifiableMap(copy);
    if (name.equalsIgnoreCase("H264")
        && H264ProfileLevelId.parse(find(copy, "profile-level-id", "42e01f")) == null) {
      throw new IllegalArgumentException("bad H.264 profile-level-id: " + parameters);
    }
  }

  /** Opus (RFC 7587): {@code opus/48000/2} with {@code minptime=10;useinbandfec=1}. */
  public static CodecCapability opus() {
    return new CodecCapability(MediaKind.AUDIO, "opus", 48000, 2,
        orderedMap("minptime", "10", "useinbandfec", "1"), false);
  }

  /** VP8 (RFC 7741) with RTX. */
  public static CodecCapability vp8() {
    return new CodecCapability(MediaKind.VIDEO, "VP8", 90000, 0, Map.of(), true);
  }

  /** VP9 with {@code profile-id} (0 or 2 in browsers) and RTX. */
  public static CodecCapability vp9(int profileId) {
    return new CodecCapability(MediaKind.VIDEO, "VP9", 90000, 0,
        Map.of("profile-id", Integer.toString(profileId)), true);
  }

  /**
   * H.264 (RFC 6184) with {@code level-asymmetry-allowed=1}, the given
   * {@code packetization-mode} and {@code profile-level-id} (for example {@code "42e01f"},
   * Constrained Baseline level 3.1), and RTX.
   *
   * @throws IllegalArgumentException if the profile-level-id is not 6 hex digits
   */
  public static CodecCapability h264(String profileLevelId, int packetizationMode) {
    return new CodecCapability(MediaKind.VIDEO, "H264", 90000, 0,
        orderedMap("level-asymmetry-allowed", "1",
            "packetization-mode", Integer.toString(packetizationMode),
            "profile-level-id", profileLevelId), true);
  }

  /** AV1 (profile 0, Main) with RTX. */
  public static CodecCapability av1() {
    return new CodecCapability(MediaKind.VIDEO, "AV1", 90000, 0, Map.of(), true);
  }

  /**
   * The codecs a node takes by default, in order of preference: Opus; VP8; H.264 Constrained
   * Baseline, Baseline, Main and High (all level 3.1, packetization-mode 1); VP9 profile 0; AV1.
   */
  public static List<CodecCapability> defaults() {
    return List.of(opus(), vp8(), h264("42e01f", 1), h264("42001f", 1), h264("4d001f", 1),
        h264("64001f", 1), vp9(0), av1());
  }

  /** Returns parameter {@code name} (ignoring case), or {@code fallback}. */
  public String parameter(String name, String fallback) {
    return find(parameters, name, fallback);
  }

  private static String find(Map<String, String> parameters, String name, String fallback) {
    for (Map.Entry<String, String> e : parameters.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return fallback;
  }

  /** Returns the parameters as {@code a=fmtp} text, or null if there are none. */
  public @Nullable String fmtpParameters() {
    if (parameters.isEmpty()) {
      return null;
    }
    return Fmtp.of(0, parameters).parameters();
  }

  /** Returns {@code name/clock[/channels]}, as in {@code a=rtpmap}. */
  @Override
  public String toString() {
    return name + "/" + clockRate + (channels > 0 ? "/" + channels : "");
  }

  private static Map<String, String> orderedMap(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
