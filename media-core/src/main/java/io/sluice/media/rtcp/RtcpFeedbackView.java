package io.sluice.media.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * RFC 4585 §6.1: the common packet format of feedback messages, which the views of every
 * transport-layer (RTPFB) and payload-specific (PSFB) feedback message share.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|   FMT   |       PT      |          length               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :            Feedback Control Information (FCI)                 :
 * :                                                               :
 * </pre>
 *
 * <p>A caller that only routes feedback (to the publisher of a media SSRC, say) can read both
 * SSRCs from any of these views. See {@link RtcpView} for the {@code tryWrap} contract.
 */
public abstract sealed class RtcpFeedbackView extends RtcpView
    permits TransportLayerNack.View,
        TransportLayerCc.View,
        PictureLossIndication.View,
        FullIntraRequest.View,
        ReceiverEstimatedMaxBitrate.View {

  /** Size of the common part: header, SSRC of packet sender, SSRC of media source. */
  public static final int COMMON_SIZE = 12;

  RtcpFeedbackView() {}

  /** Returns the SSRC of the packet sender. */
  public final long senderSsrc() {
    return buffer().getUnsignedInt(index() + 4);
  }

  /** Returns the SSRC of the media source the feedback is about. */
  public final long mediaSsrc() {
    return buffer().getUnsignedInt(index() + 8);
  }

  /**
   * Checks an FCI made of {@code entrySize}-byte entries, of which the message requires at least
   * one (Generic NACK, RFC 4585 §6.2.1; FIR, RFC 5104 §4.3.1). Runs after
   * {@link RtcpHeader#check}, which guarantees the common part is present; the entry count is
   * then {@code (contentLength - COMMON_SIZE) / entrySize}.
   */
  static RtcpParseResult checkEntries(ByteBuf buf, int index, String name, int entrySize,
      boolean throwing) {
    int fciBytes = RtcpHeader.contentLength(buf, index) - COMMON_SIZE;
    if (fciBytes == 0) {
      if (throwing) {
        throw new MalformedRtcpException(name + ": 0 FCI entries (expected: 1+)");
      }
      return RtcpParseResult.EMPTY_FCI;
    }
    if (fciBytes % entrySize != 0) {
      if (throwing) {
        throw new MalformedRtcpException(name + ": FCI of " + fciBytes
            + " bytes (expected: a multiple of " + entrySize + ")");
      }
      return RtcpParseResult.TRUNCATED;
    }
    return RtcpParseResult.OK;
  }
}
