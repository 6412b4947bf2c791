package io.sluice.media.routing;

import io.sluice.media.codec.VideoCodec;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One published track of a {@link Stream}: what its packets are and how they are marked.
 *
 * @param index the track's position in its stream's track list, from 0
 * @param kind audio or video
 * @param codec the RTP encoding name, for example {@code VP8}, {@code H264}, {@code opus}
 * @param clockRate the RTP clock rate in Hz
 * @param channels audio channels (1 for video)
 * @param payloadType the publisher's payload type for the codec, 0..127
 * @param ssrc the publisher's SSRC, or {@link #UNKNOWN_SSRC} when it is learned from the first
 *     packet (plain RTP ingest, offers without {@code a=ssrc})
 * @param rtxPayloadType the publisher's RTX payload type (RFC 4588), or {@link #NO_RTX}
 * @param rtxSsrc the publisher's RTX SSRC, or {@link #UNKNOWN_SSRC}
 * @param parameters the codec's format parameters ({@code a=fmtp}), for example
 *     {@code profile-level-id} and {@code packetization-mode} of H264
 */
public record Track(int index, Kind kind, String codec, int clockRate, int channels,
    int payloadType, long ssrc, int rtxPayloadType, long rtxSsrc,
    Map<String, String> parameters) {

  /** {@link #ssrc()} or {@link #rtxSsrc()} not known yet. */
  public static final long UNKNOWN_SSRC = -1;
  /** {@link #rtxPayloadType()} of a track without RTX. */
  public static final int NO_RTX = -1;

  /** Audio or video. */
  public enum Kind {
    /** An audio track. */
    AUDIO,
    /** A video track. */
    VIDEO
  }

  /** Validates the ranges and copies the parameters. */
  public Track {
    if (index < 0) {
      throw new IllegalArgumentException("index: " + index + " (expected: >= 0)");
    }
    if (clockRate <= 0 || channels <= 0) {
      throw new IllegalArgumentException(
          "clockRate " + clockRate + ", channels " + channels + " (expected: > 0)");
    }
    if (payloadType < 0 || payloadType > 127) {
      throw new IllegalArgumentException("payloadType: " + payloadType + " (expected: 0..127)");
    }
    if (rtxPayloadType != NO_RTX && (rtxPayloadType < 0 || rtxPayloadType > 127)) {
      throw new IllegalArgumentException(
          "rtxPayloadType: " + rtxPayloadType + " (expected: 0..127 or " + NO_RTX + ")");
    }
    if (!isSsrc(ssrc) || !isSsrc(rtxSsrc)) {
      throw new IllegalArgumentException("ssrc " + ssrc + ", rtxSsrc " + rtxSsrc
          + " (expected: 0..4294967295 or " + UNKNOWN_SSRC + ")");
    }
    parameters = Map.copyOf(parameters);
  }

  private static boolean isSsrc(long value) {
    return value == UNKNOWN_SSRC || (value >= 0 && value <= 0xFFFF_FFFFL);
  }

  /** Returns the video codec, or null for audio or a codec without keyframe detection. */
  public @Nullable VideoCodec videoCodec() {
    return kind == Kind.VIDEO ? VideoCodec.fromEncodingName(codec) : null;
  }

  /** Returns true if the publisher sends retransmissions as RTX. */
  public boolean hasRtx() {
    return rtxPayloadType != NO_RTX;
  }

  /** Returns a copy with the SSRCs learned from packets. */
  public Track withSsrcs(long ssrc, long rtxSsrc) {
    return new Track(index, kind, codec, clockRate, channels, payloadType, ssrc, rtxPayloadType,
        rtxSsrc, parameters);
  }
}
