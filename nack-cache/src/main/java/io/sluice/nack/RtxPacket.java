package io.sluice.nack;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.media.rtp.RtpPacket;
import org.jspecify.annotations.Nullable;

/**
 * RFC 4588 §4: writes retransmission packets, in the RTX format or, for subscribers that did not
 * negotiate RTX, as a copy on the original SSRC.
 *
 * <pre>
 * RTX packet (RFC 4588 §4):
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         RTP Header                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            OSN                |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
 * |                  Original RTP Packet Payload                  |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The RTX header is the original header (CSRCs and header extensions included) with the RTX
 * payload type, the RTX stream's own sequence number and SSRC, and the timestamp the subscriber saw
 * (§4: "the same timestamp as the original packet"). The OSN is the original sequence number
 * <em>as the subscriber saw it</em>. The original's padding is dropped (P cleared): §4 lets the RTX
 * packet carry its own.
 *
 * <p><b>Ownership.</b> Borrows the source packet (for example from {@link SharedTrackRing#get});
 * never modifies or releases it. Returns a new buffer from the allocator, which the caller owns and
 * must release (or pass on to a channel). That buffer is the only allocation.
 *
 * <p>Not thread-safe: it holds a reusable {@link RtpPacket} view; keep one per event loop.
 */
public final class RtxPacket {
  /** Size of the OSN field. */
  public static final int OSN_SIZE = 2;

  private final RtpPacket view = new RtpPacket();

  /** Creates a writer. */
  public RtxPacket() {}

  /**
   * Writes an RTX packet (RFC 4588 §4) for the original packet {@code source}.
   *
   * @param alloc where the new packet comes from (a pooled heap allocator on the send path)
   * @param source the original RTP packet, header at the reader index; borrowed
   * @param originalSeq the OSN: the sequence number the subscriber saw for the original
   * @param timestamp the timestamp the subscriber saw
   * @param rtxSsrc the RTX stream's SSRC
   * @param rtxSeq the RTX stream's next sequence number
   * @param rtxPayloadType the RTX payload type negotiated for the original's payload type
   * @return the new packet, owned by the caller; or null if {@code source} is not valid RTP
   */
  public @Nullable ByteBuf writeRtx(ByteBufAllocator alloc, ByteBuf source, int originalSeq,
      long timestamp, long rtxSsrc, int rtxSeq, int rtxPayloadType) {
    if (view.tryWrap(source) != RtpPacket.Result.OK) {
      return null;
    }
    int headerLength = view.headerLength();
    int payloadLength = view.payloadLength();
    ByteBuf out = alloc.heapBuffer(headerLength + OSN_SIZE + payloadLength);
    boolean ok = false;
    try {
      out.writeBytes(source, view.offset(), headerLength);
      out.setByte(0, out.getByte(0) & ~0x20);
      out.setByte(1, (out.getByte(1) & 0x80) | (rtxPayloadType & 0x7F));
      out.setShort(2, rtxSeq);
      out.setInt(4, (int) timestamp);
      out.setInt(8, (int) rtxSsrc);
      out.writeShort(originalSeq);
      out.writeBytes(source, view.payloadOffset(), payloadLength);
      ok = true;
      return out;
    } finally {
      view.clear();
      if (!ok) {
        out.release();
      }
    }
  }

  /**
   * Writes a plain retransmission: a copy of {@code source} with the subscriber's sequence number,
   * timestamp and SSRC, for subscribers without RTX (RFC 4585 allows resending on the original
   * SSRC).
   *
   * @return the new packet, owned by the caller; or null if {@code source} is not valid RTP
   */
  public @Nullable ByteBuf writeOriginal(ByteBufAllocator alloc, ByteBuf source, int seq,
      long timestamp, long ssrc) {
    if (view.tryWrap(source) != RtpPacket.Result.OK) {
      return null;
    }
    view.clear();
    int length = source.readableBytes();
    ByteBuf out = alloc.heapBuffer(length);
    out.writeBytes(source, source.readerIndex(), length);
    out.setShort(2, seq);
    out.setInt(4, (int) timestamp);
    out.setInt(8, (int) ssrc);
    return out;
  }
}
