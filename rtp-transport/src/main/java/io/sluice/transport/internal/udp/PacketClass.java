package io.sluice.transport.internal.udp;

import io.netty.buffer.ByteBuf;

/**
 * RFC 7983 §7 demultiplexing of one UDP port by the first byte, refined by RFC 5761 §4 to tell
 * RTCP from RTP by the second byte.
 *
 * <pre>
 *                  +----------------+
 *                  |        [0..3] -+--&gt; STUN
 *                  |      [16..19] -+--&gt; ZRTP      (dropped)
 *  packet --&gt;      |      [20..63] -+--&gt; DTLS
 *                  |      [64..79] -+--&gt; TURN Channel (dropped)
 *                  |    [128..191] -+--&gt; RTP/RTCP
 *                  +----------------+
 * </pre>
 */
public enum PacketClass {
  /** A STUN message (first byte 0..3). */
  STUN,
  /** A DTLS record (first byte 20..63). */
  DTLS,
  /** An RTP packet (first byte 128..191, payload type outside 64..95). */
  RTP,
  /** An RTCP packet (first byte 128..191, packet type 192..223, RFC 5761 §4). */
  RTCP,
  /** Anything else (ZRTP, TURN channel data, empty or too short): counted and dropped. */
  UNKNOWN;

  /** Classifies the readable bytes of {@code buf} (borrowed). Never throws, never allocates. */
  public static PacketClass of(ByteBuf buf) {
    int n = buf.readableBytes();
    if (n == 0) {
      return UNKNOWN;
    }
    int i = buf.readerIndex();
    int b0 = buf.getUnsignedByte(i);
    if (b0 <= 3) {
      return n >= 20 ? STUN : UNKNOWN;
    }
    if (b0 >= 20 && b0 <= 63) {
      return n >= 13 ? DTLS : UNKNOWN;
    }
    if (b0 >= 128 && b0 <= 191) {
      if (n < 4) {
        return UNKNOWN;
      }
      // RFC 5761 §4: RTCP packet types 192..223 occupy the byte where RTP has M + PT; RTP must
      // then avoid payload types 64..95.
      int b1 = buf.getUnsignedByte(i + 1);
      if (b1 >= 192 && b1 <= 223) {
        return n >= 8 ? RTCP : UNKNOWN;
      }
      return n >= 12 ? RTP : UNKNOWN;
    }
    return UNKNOWN;
  }
}
