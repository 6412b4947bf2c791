package io.sluice.nack;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Test RTP packets: a 12-byte header and a payload whose bytes encode the sequence number. */
final class Packets {
  static final long MS = 1_000_000L;

  private Packets() {}

  /** A minimal RTP packet (V=2, PT 96) that the caller owns. */
  static ByteBuf rtp(int seq, long timestamp, long ssrc, int payloadLength) {
    ByteBuf b = Unpooled.buffer(12 + payloadLength);
    b.writeByte(0x80);
    b.writeByte(96);
    b.writeShort(seq);
    b.writeInt((int) timestamp);
    b.writeInt((int) ssrc);
    for (int i = 0; i < payloadLength; i++) {
      b.writeByte(seq + i);
    }
    return b;
  }

  static int seqOf(ByteBuf packet) {
    return packet.getUnsignedShort(packet.readerIndex() + 2);
  }
}
