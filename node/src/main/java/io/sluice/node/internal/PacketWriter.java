package io.sluice.node.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.media.rtp.RtpPacket;

/**
 * Writes a subscriber's copy of a packet: a fresh 12-byte header with the subscriber's payload
 * type, sequence number, timestamp and SSRC, then the payload. CSRCs, header extensions (whose
 * ids the subscriber negotiated separately) and padding are left out. The live path writes only
 * the header ({@link #header}) and lets SRTP encrypt the shared payload straight into the buffer
 * after it; retransmissions and relays write the whole packet ({@link #write}). Either buffer has
 * room for the SRTP tag.
 */
final class PacketWriter {
  /** RTP fixed header. */
  static final int HEADER = 12;
  /** Room after the packet for the SRTP authentication tag (16 for GCM, 10 for HMAC-SHA1-80). */
  static final int SRTP_TAIL = 16;
  /** RFC 4588 original sequence number. */
  static final int OSN = 2;

  private PacketWriter() {}

  /**
   * A buffer with room for {@code src}'s payload and the SRTP tag, holding only the new header:
   * for {@code TransportSession.sendRtp(header, payload, ...)}, which encrypts the payload into
   * it. Direct when {@code direct} (the session's SRTP writes into direct buffers, which then go
   * to the socket without a copy), heap otherwise.
   *
   * @return a pooled buffer owned by the caller
   */
  static ByteBuf header(ByteBufAllocator alloc, boolean direct, RtpPacket src, int payloadType,
      boolean marker, int seq, long timestamp, long ssrc) {
    int capacity = HEADER + src.payloadLength() + SRTP_TAIL;
    ByteBuf out = direct ? alloc.directBuffer(capacity) : alloc.heapBuffer(capacity);
    writeHeader(out, payloadType, marker, seq, timestamp, ssrc);
    return out;
  }

  /**
   * Writes {@code src}'s payload under a new header.
   *
   * @param osn the RTX original sequence number to write before the payload, or -1 for a plain
   *     packet
   * @return a pooled heap buffer owned by the caller
   */
  static ByteBuf write(ByteBufAllocator alloc, RtpPacket src, int payloadType, boolean marker,
      int seq, long timestamp, long ssrc, int osn) {
    int payload = src.payloadLength();
    int extra = osn >= 0 ? OSN : 0;
    ByteBuf out = alloc.heapBuffer(HEADER + extra + payload + SRTP_TAIL);
    writeHeader(out, payloadType, marker, seq, timestamp, ssrc);
    if (osn >= 0) {
      out.writeShort(osn);
    }
    out.writeBytes(src.buffer(), src.payloadOffset(), payload);
    return out;
  }

  private static void writeHeader(ByteBuf out, int payloadType, boolean marker, int seq,
      long timestamp, long ssrc) {
    out.writeByte(0x80);
    out.writeByte((marker ? 0x80 : 0) | (payloadType & 0x7F));
    out.writeShort(seq);
    out.writeInt((int) timestamp);
    out.writeInt((int) ssrc);
  }
}
