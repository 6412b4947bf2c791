package io.sluice.signaling.http;

/**
 * One track of a stream, for the admin API.
 *
 * @param kind {@code "audio"} or {@code "video"}
 * @param codec the codec name as in {@code a=rtpmap}, for example {@code "opus"} or {@code "VP8"}
 * @param ssrc the media SSRC, 0..2<sup>32</sup>-1
 */
public record TrackInfo(String kind, String codec, long ssrc) {
  /** Validates the SSRC. */
  public TrackInfo {
    if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("ssrc not in 0..2^32-1: " + ssrc);
    }
  }
}
