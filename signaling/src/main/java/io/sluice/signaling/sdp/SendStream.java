package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.SdpText;

/**
 * A stream the node sends to a WHEP viewer (or in its own sendonly offer), announced in SDP with
 * {@code a=msid} (RFC 8830), {@code a=ssrc:<ssrc> cname:<cname>} (RFC 5576 §6.1) and, when it has
 * a retransmission stream, {@code a=ssrc-group:FID <ssrc> <rtx ssrc>} (RFC 4588 §8).
 *
 * @param kind audio or video
 * @param ssrc the media SSRC
 * @param rtxSsrc the RTX SSRC, or {@link #NO_RTX}
 * @param cname the RTCP CNAME
 * @param msid the MediaStream and track ids
 */
public record SendStream(MediaKind kind, long ssrc, long rtxSsrc, String cname, Msid msid) {
  /** {@link #rtxSsrc()} of a stream without RTX. */
  public static final long NO_RTX = -1;

  /** Validates the SSRCs and the CNAME (one word). */
  public SendStream {
    checkSsrc(ssrc);
    if (rtxSsrc != NO_RTX) {
      checkSsrc(rtxSsrc);
      if (rtxSsrc == ssrc) {
        throw new IllegalArgumentException("RTX SSRC equals media SSRC: " + ssrc);
      }
    }
    SdpText.requireField(cname, "cname");
  }

  /** Returns a stream without RTX. */
  public static SendStream of(MediaKind kind, long ssrc, String cname, Msid msid) {
    return new SendStream(kind, ssrc, NO_RTX, cname, msid);
  }

  /** Returns a copy with RTX on {@code rtxSsrc}. */
  public SendStream withRtx(long rtxSsrc) {
    return new SendStream(kind, ssrc, rtxSsrc, cname, msid);
  }

  /** Returns a copy without RTX. */
  public SendStream withoutRtx() {
    return new SendStream(kind, ssrc, NO_RTX, cname, msid);
  }

  /** Returns true if the stream has an RTX SSRC. */
  public boolean hasRtx() {
    return rtxSsrc != NO_RTX;
  }

  private static void checkSsrc(long ssrc) {
    if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("SSRC not in 0..2^32-1: " + ssrc);
    }
  }
}
