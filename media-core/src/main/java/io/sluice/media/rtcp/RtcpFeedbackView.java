package io.sluice.media.rtcp;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

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

  // Set by wrapEntries, for the messages whose FCI is a list of fixed-size entries (NACK, FIR);
  // the other feedback views leave it 0.
  private int entryCount;

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
   * Validates a feedback message whose FCI is a list of {@code entrySize}-byte entries, of which
   * the message requires at least one (Generic NACK, RFC 4585 §6.2.1; FIR, RFC 5104 §4.3.1), and
   * only then points the view at it and records the entry count,
   * {@code (contentLength - COMMON_SIZE) / entrySize}. The views of those messages call it as
   * their whole {@code wrap}; see {@link RtcpView} for the contract.
   *
   * @param name prefix for exception messages, such as {@code "RTCP NACK"}
   * @param packetType {@link RtcpHeader#PT_RTPFB} or {@link RtcpHeader#PT_PSFB}
   * @param fmt the feedback message type
   */
  final RtcpParseResult wrapEntries(ByteBuf buf, int index, int length, String name,
      int packetType, int fmt, int entrySize, boolean throwing) {
    RtcpParseResult r =
        RtcpHeader.check(buf, index, length, name, packetType, fmt, COMMON_SIZE, throwing);
    if (r != RtcpParseResult.OK) {
      return r;
    }
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
    set(buf, index);
    entryCount = fciBytes / entrySize;
    return RtcpParseResult.OK;
  }

  /**
   * Returns the number of FCI entries that {@link #wrapEntries} recorded, at least 1.
   *
   * @throws IllegalStateException if no packet is wrapped
   */
  final int fciEntryCount() {
    buffer();
    return entryCount;
  }

  /**
   * Returns the absolute index in {@link #buffer()} of FCI entry {@code i} of a packet wrapped by
   * {@link #wrapEntries} with the same {@code entrySize}.
   *
   * @throws IndexOutOfBoundsException if {@code i} is not in [0, {@link #fciEntryCount()})
   */
  final int fciEntryIndex(int i, int entrySize) {
    return index() + COMMON_SIZE + entrySize * Objects.checkIndex(i, fciEntryCount());
  }
}
