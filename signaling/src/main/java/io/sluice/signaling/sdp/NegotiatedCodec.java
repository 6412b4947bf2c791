package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.SdpText;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A codec both sides agreed on for an m-line: its payload type (the offerer's, RFC 3264 §6.1),
 * {@code a=rtpmap} identity, the {@code a=fmtp} parameters of the answer, the RTCP feedback both
 * support (RFC 4585 §4.2) and the RTX payload type bound to it with {@code apt} (RFC 4588 §8).
 *
 * @param payloadType the RTP payload type
 * @param name the encoding name, as the offer wrote it
 * @param clockRate the RTP clock rate
 * @param channels the channel count for audio, 0 for video
 * @param parameters the answer's {@code a=fmtp} parameter text, {@code ""} if none
 * @param rtcpFeedback the agreed feedback ids, for example {@code "nack"}, {@code "nack pli"}
 * @param rtxPayloadType the RTX payload type, or {@link #NO_RTX}
 */
public record NegotiatedCodec(int payloadType, String name, int clockRate, int channels,
    String parameters, List<String> rtcpFeedback, int rtxPayloadType) {
  /** {@link #rtxPayloadType()} of a codec without RTX. */
  public static final int NO_RTX = -1;

  /** Validates the payload types and copies the feedback list. */
  public NegotiatedCodec {
    if (payloadType < 0 || payloadType > 127) {
      throw new IllegalArgumentException("payload type not in 0..127: " + payloadType);
    }
    if (rtxPayloadType != NO_RTX && (rtxPayloadType < 0 || rtxPayloadType > 127
        || rtxPayloadType == payloadType)) {
      throw new IllegalArgumentException("bad RTX payload type: " + rtxPayloadType);
    }
    SdpText.requireToken(name, "codec name");
    SdpText.requireLineText(parameters, "parameters");
    rtcpFeedback = List.copyOf(rtcpFeedback);
  }

  /** Returns true if {@link #rtxPayloadType()} is set. */
  public boolean hasRtx() {
    return rtxPayloadType != NO_RTX;
  }

  /** Returns true if the encoding name is {@code codec}, ignoring case. */
  public boolean is(String codec) {
    return name.equalsIgnoreCase(codec);
  }

  /** Returns true if feedback {@code id} (for example {@code "nack pli"}) was agreed. */
  public boolean hasFeedback(String id) {
    return rtcpFeedback.contains(id);
  }

  /** Returns the fmtp parameters as a map (see {@link Fmtp#parameterMap()}). */
  public Map<String, String> parameterMap() {
    return parameters.isEmpty() ? Map.of() : new Fmtp("0", parameters).parameterMap();
  }

  /** Returns fmtp parameter {@code key} (ignoring case), or null. */
  public @Nullable String parameter(String key) {
    return parameters.isEmpty() ? null : new Fmtp("0", parameters).parameter(key);
  }

  /** Returns the {@code a=rtpmap} for this codec. */
  public RtpMap rtpMap() {
    return new RtpMap(payloadType, name, clockRate, channels);
  }

  /** Returns {@code name/clock[/channels]}. */
  @Override
  public String toString() {
    return payloadType + " " + name + "/" + clockRate + (channels > 0 ? "/" + channels : "")
        + (parameters.isEmpty() ? "" : " " + parameters)
        + (hasRtx() ? " rtx=" + rtxPayloadType : "");
  }
}
