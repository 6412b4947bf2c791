package io.sluice.signaling.internal.sdp;

import io.sluice.signaling.sdp.CodecCapability;
import io.sluice.signaling.sdp.Fmtp;
import io.sluice.signaling.sdp.MediaDescription;
import io.sluice.signaling.sdp.MediaKind;
import io.sluice.signaling.sdp.NegotiatedCodec;
import io.sluice.signaling.sdp.RtcpFeedback;
import io.sluice.signaling.sdp.RtpMap;
import io.sluice.signaling.sdp.SdpConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Intersects the codecs of an m-line with the node's {@link CodecCapability codecs}
 * (RFC 3264 §6.1): payload types stay the offerer's, RTX (RFC 4588) is kept only for a kept
 * codec, and RTCP feedback is cut to what both sides support.
 */
public final class CodecNegotiator {
  /** Most codecs listed in an error message before it is cut with "...". */
  private static final int MAX_LISTED = 12;

  private CodecNegotiator() {}

  /**
   * Returns true if {@code protocol} is secure RTP with DTLS keying, which is all WebRTC uses:
   * {@code UDP/TLS/RTP/SAVPF}, {@code TCP/DTLS/RTP/SAVPF} or the older {@code RTP/SAVPF}
   * (RFC 8829 §5.1.2 also lists the SAVP forms).
   */
  public static boolean isSecureRtp(String protocol) {
    return protocol.endsWith("RTP/SAVPF") || protocol.endsWith("RTP/SAVP");
  }

  /**
   * Returns the codecs of {@code offered} the node supports, in the node's order of preference
   * (and, for several matches of one capability, in the offer's order), each with the answer's
   * fmtp, the common feedback and its RTX payload type.
   */
  public static List<NegotiatedCodec> answer(MediaDescription offered, MediaKind kind,
      SdpConfig config) {
    List<NegotiatedCodec> out = new ArrayList<>();
    List<Integer> used = new ArrayList<>();
    List<Integer> pts = offered.payloadTypes();
    for (CodecCapability cap : config.codecs()) {
      if (cap.kind() != kind) {
        continue;
      }
      for (int pt : pts) {
        RtpMap rtpMap = offered.rtpMap(pt);
        if (rtpMap == null || used.contains(pt)) {
          continue;
        }
        Fmtp fmtp = offered.fmtp(pt);
        if (!matches(cap, rtpMap, fmtp)) {
          continue;
        }
        used.add(pt);
        int rtx = cap.rtx() ? rtxFor(offered, pt, rtpMap.clockRate()) : NegotiatedCodec.NO_RTX;
        out.add(new NegotiatedCodec(pt, rtpMap.encodingName(), rtpMap.clockRate(),
            rtpMap.channels(), answerParameters(cap, fmtp),
            feedback(offered, pt, config.rtcpFeedback()), rtx));
      }
    }
    return out;
  }

  /**
   * Returns the codecs an answer agreed to for an m-line the node offered: each answered payload
   * type must be one the node offered with the same encoding, in the answer's order.
   *
   * @throws IllegalArgumentException with a message naming the payload type the offer lacks
   */
  public static List<NegotiatedCodec> fromAnswer(MediaDescription offer, MediaDescription answer,
      MediaKind kind, SdpConfig config) {
    List<NegotiatedCodec> out = new ArrayList<>();
    for (int pt : answer.payloadTypes()) {
      RtpMap offered = offer.rtpMap(pt);
      RtpMap answered = answer.rtpMap(pt);
      if (offered == null) {
        throw new IllegalArgumentException("the answer has payload type " + pt
            + ", which the offer did not offer (RFC 3264 §6.1)");
      }
      if (answered != null && (!answered.is(offered.encodingName())
          || answered.clockRate() != offered.clockRate())) {
        throw new IllegalArgumentException("the answer maps payload type " + pt + " to "
            + answered.encodingName() + "/" + answered.clockRate() + ", the offer to "
            + offered.encodingName() + "/" + offered.clockRate() + " (RFC 3264 §6.1)");
      }
      if (offered.is("rtx")) {
        continue;
      }
      CodecCapability cap = capability(config, kind, offered, offer.fmtp(pt));
      if (cap == null) {
        continue;
      }
      Fmtp fmtp = answer.fmtp(pt) != null ? answer.fmtp(pt) : offer.fmtp(pt);
      int rtx = cap.rtx() ? rtxFor(answer, pt, offered.clockRate()) : NegotiatedCodec.NO_RTX;
      out.add(new NegotiatedCodec(pt, offered.encodingName(), offered.clockRate(),
          offered.channels(), fmtp == null ? "" : fmtp.parameters(),
          feedback(answer, pt, config.rtcpFeedback()), rtx));
    }
    return out;
  }

  private static @Nullable CodecCapability capability(SdpConfig config, MediaKind kind,
      RtpMap rtpMap, @Nullable Fmtp fmtp) {
    for (CodecCapability cap : config.codecs()) {
      if (cap.kind() == kind && matches(cap, rtpMap, fmtp)) {
        return cap;
      }
    }
    return null;
  }

  /** Returns true if the offered codec is the capability (see {@link CodecCapability}). */
  public static boolean matches(CodecCapability cap, RtpMap rtpMap, @Nullable Fmtp fmtp) {
    if (!rtpMap.is(cap.name()) || rtpMap.clockRate() != cap.clockRate()) {
      return false;
    }
    if (cap.kind() == MediaKind.AUDIO && rtpMap.channelCount() != Math.max(1, cap.channels())) {
      return false;
    }
    return switch (cap.name().toLowerCase(Locale.ROOT)) {
      case "vp9" -> sameNumber(param(fmtp, "profile-id", "0"), cap.parameter("profile-id", "0"));
      case "av1" -> sameNumber(param(fmtp, "profile", "0"), cap.parameter("profile", "0"));
      case "h264" -> h264Matches(cap, fmtp);
      default -> true;
    };
  }

  private static boolean h264Matches(CodecCapability cap, @Nullable Fmtp fmtp) {
    if (!sameNumber(param(fmtp, "packetization-mode", "0"),
        cap.parameter("packetization-mode", "0"))) {
      return false;
    }
    H264ProfileLevelId offered =
        H264ProfileLevelId.parse(param(fmtp, "profile-level-id", H264ProfileLevelId.DEFAULT));
    H264ProfileLevelId local =
        H264ProfileLevelId.parse(cap.parameter("profile-level-id", H264ProfileLevelId.DEFAULT));
    return offered != null && local != null && offered.sameProfile(local);
  }

  /**
   * Returns the fmtp parameters to answer: the offer's, unchanged, except that an H.264
   * {@code profile-level-id} gets the level RFC 6184 §8.2.2 allows.
   */
  static String answerParameters(CodecCapability cap, @Nullable Fmtp fmtp) {
    if (fmtp == null) {
      return "";
    }
    String plid = fmtp.parameter("profile-level-id");
    if (!cap.name().equalsIgnoreCase("H264") || plid == null) {
      return fmtp.parameters();
    }
    H264ProfileLevelId offered = H264ProfileLevelId.parse(plid);
    H264ProfileLevelId local =
        H264ProfileLevelId.parse(cap.parameter("profile-level-id", H264ProfileLevelId.DEFAULT));
    if (offered == null || local == null) {
      return fmtp.parameters();
    }
    boolean asymmetry = "1".equals(fmtp.parameter("level-asymmetry-allowed"))
        && "1".equals(cap.parameter("level-asymmetry-allowed", "0"));
    H264ProfileLevelId answered = H264ProfileLevelId.answer(offered, local, asymmetry);
    return fmtp.withParameter("profile-level-id", answered.toString()).parameters();
  }

  /** Returns the RTCP feedback ids for {@code pt} that are also in {@code supported}, once each. */
  static List<String> feedback(MediaDescription m, int pt, Set<String> supported) {
    List<String> out = new ArrayList<>();
    for (RtcpFeedback f : m.rtcpFeedback(pt)) {
      String id = f.id();
      if (supported.contains(id) && !out.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }

  /** Returns the first {@code rtx} payload type of {@code m} with {@code apt=pt}, or NO_RTX. */
  static int rtxFor(MediaDescription m, int pt, int clockRate) {
    for (RtpMap r : m.rtpMaps()) {
      if (!r.is("rtx") || r.clockRate() != clockRate || !m.payloadTypes().contains(r.payloadType())) {
        continue;
      }
      Fmtp f = m.fmtp(r.payloadType());
      String apt = f == null ? null : f.parameter("apt");
      if (apt != null && SdpText.parseInt(apt, 127) == pt && r.payloadType() != pt) {
        return r.payloadType();
      }
    }
    return NegotiatedCodec.NO_RTX;
  }

  /** Returns the codecs an m-line offers, for error messages. */
  public static String describeOffered(MediaDescription m) {
    List<String> names = new ArrayList<>();
    for (int pt : m.payloadTypes()) {
      RtpMap r = m.rtpMap(pt);
      String name;
      if (r == null) {
        name = "payload type " + pt;
      } else if (r.is("rtx")) {
        continue;
      } else {
        name = r.encodingName() + "/" + r.clockRate() + (r.channels() > 0 ? "/" + r.channels() : "")
            + keyParameters(r.encodingName(), m.fmtp(pt));
      }
      name = SdpText.clip(name);
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    return list(names);
  }

  /** Returns the node's codecs of {@code kind}, for error messages. */
  public static String describeSupported(SdpConfig config, MediaKind kind) {
    List<String> names = new ArrayList<>();
    for (CodecCapability cap : config.codecs()) {
      if (cap.kind() == kind) {
        String p = cap.fmtpParameters();
        names.add(cap + keyParameters(cap.name(), p == null ? null : new Fmtp("0", p)));
      }
    }
    return list(names);
  }

  /** Returns the parameters that decide a match, with their defaults, as " (k=v;...)". */
  private static String keyParameters(String name, @Nullable Fmtp fmtp) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "h264" -> " (profile-level-id="
          + param(fmtp, "profile-level-id", H264ProfileLevelId.DEFAULT)
          + ";packetization-mode=" + param(fmtp, "packetization-mode", "0") + ")";
      case "vp9" -> " (profile-id=" + param(fmtp, "profile-id", "0") + ")";
      case "av1" -> " (profile=" + param(fmtp, "profile", "0") + ")";
      default -> "";
    };
  }

  private static String list(List<String> names) {
    if (names.isEmpty()) {
      return "none";
    }
    if (names.size() > MAX_LISTED) {
      return String.join(", ", names.subList(0, MAX_LISTED)) + ", ...";
    }
    return String.join(", ", names);
  }

  private static String param(@Nullable Fmtp fmtp, String name, String fallback) {
    String v = fmtp == null ? null : fmtp.parameter(name);
    return v == null ? fallback : v;
  }

  private static boolean sameNumber(String a, String b) {
    int x = SdpText.parseInt(a.trim(), Integer.MAX_VALUE);
    return x >= 0 && x == SdpText.parseInt(b.trim(), Integer.MAX_VALUE);
  }
}
