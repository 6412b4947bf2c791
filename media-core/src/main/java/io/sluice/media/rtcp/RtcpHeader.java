package io.sluice.media.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * RFC 3550 §6.4.1: the 4-byte header that starts every RTCP packet, its packet types, and the
 * helpers that read it, write it and compute or patch its length field.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  count  |      PT       |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>{@code count} is the report count (SR, RR), source count (SDES, BYE) or, in the feedback
 * messages of RFC 4585 §6.1, the feedback message type (FMT). {@code length} is the packet's size
 * in 32-bit words minus one, header and padding included. When P is set, the last octet of the
 * packet counts the padding octets, itself included.
 *
 * <p>The static readers take an absolute index and borrow the buffer; they do not check bounds
 * beyond what {@link ByteBuf} does, so call them on packets a view or
 * {@link RtcpCompoundIterator} has validated.
 */
public final class RtcpHeader {
  /** Size of the header on the wire. */
  public static final int SIZE = 4;
  /** The only RTP/RTCP version (RFC 3550 §6.4.1). */
  public static final int VERSION = 2;
  /** Largest value of the 5-bit count / FMT field. */
  public static final int MAX_COUNT = 31;
  /** Largest packet the 16-bit length field can describe: 65536 words. */
  public static final int MAX_PACKET_BYTES = (0xFFFF + 1) * 4;

  /** Sender report, RFC 3550 §6.4.1. */
  public static final int PT_SR = 200;
  /** Receiver report, RFC 3550 §6.4.2. */
  public static final int PT_RR = 201;
  /** Source description, RFC 3550 §6.5. */
  public static final int PT_SDES = 202;
  /** Goodbye, RFC 3550 §6.6. */
  public static final int PT_BYE = 203;
  /** Application-defined, RFC 3550 §6.7. Not parsed; the iterator exposes it like any packet. */
  public static final int PT_APP = 204;
  /** Transport-layer feedback, RFC 4585 §6.2 (NACK, transport-cc). */
  public static final int PT_RTPFB = 205;
  /** Payload-specific feedback, RFC 4585 §6.3 (PLI, FIR, REMB). */
  public static final int PT_PSFB = 206;

  private RtcpHeader() {}

  /** Returns the version field of the packet at {@code index}. Borrows {@code buf}. */
  public static int version(ByteBuf buf, int index) {
    return buf.getUnsignedByte(index) >>> 6;
  }

  /** Returns the padding bit of the packet at {@code index}. Borrows {@code buf}. */
  public static boolean hasPadding(ByteBuf buf, int index) {
    return (buf.getUnsignedByte(index) & 0x20) != 0;
  }

  /**
   * Returns the 5-bit count field (report count, source count or FMT) of the packet at
   * {@code index}. Borrows {@code buf}.
   */
  public static int count(ByteBuf buf, int index) {
    return buf.getUnsignedByte(index) & 0x1F;
  }

  /** Returns the packet type of the packet at {@code index}. Borrows {@code buf}. */
  public static int packetType(ByteBuf buf, int index) {
    return buf.getUnsignedByte(index + 1);
  }

  /** Returns the raw length field (32-bit words minus one). Borrows {@code buf}. */
  public static int lengthField(ByteBuf buf, int index) {
    return buf.getUnsignedShort(index + 2);
  }

  /** Returns the packet size in bytes that the length field gives, padding included. */
  public static int packetLength(ByteBuf buf, int index) {
    return (lengthField(buf, index) + 1) * 4;
  }

  /**
   * Returns the packet size in bytes without its padding, for a packet whose padding has been
   * validated. Borrows {@code buf}.
   */
  public static int contentLength(ByteBuf buf, int index) {
    int packetLength = packetLength(buf, index);
    return hasPadding(buf, index)
        ? packetLength - buf.getUnsignedByte(index + packetLength - 1)
        : packetLength;
  }

  /**
   * Computes the length field for a packet of {@code packetBytes} bytes, header and padding
   * included.
   *
   * @throws IllegalArgumentException if {@code packetBytes} is not a multiple of 4 in
   *     [4, {@link #MAX_PACKET_BYTES}]
   */
  public static int lengthField(int packetBytes) {
    if (packetBytes < SIZE || packetBytes > MAX_PACKET_BYTES || (packetBytes & 3) != 0) {
      throw new IllegalArgumentException("RTCP packet of " + packetBytes
          + " bytes (expected: a multiple of 4 in [4, " + MAX_PACKET_BYTES + "])");
    }
    return packetBytes / 4 - 1;
  }

  /**
   * Patches the length field of the packet that starts at absolute index {@code packetIndex} to
   * describe {@code packetBytes} bytes, for writers that learn the size only after writing the
   * body. Borrows {@code buf}; indexes are not moved.
   *
   * @return the length field written
   * @throws IllegalArgumentException as {@link #lengthField(int)}
   */
  public static int setLength(ByteBuf buf, int packetIndex, int packetBytes) {
    int field = lengthField(packetBytes);
    buf.setShort(packetIndex + 2, field);
    return field;
  }

  /**
   * Writes a header at the writer index of {@code out}. Borrows {@code out}.
   *
   * @param padding the P bit; the caller then ends the packet with the padding count octet
   * @param count report count, source count or FMT, 0..31
   * @param packetType one of the {@code PT_} constants, 0..255
   * @param packetBytes size of the whole packet, header and padding included
   * @return {@link #SIZE}
   * @throws IllegalArgumentException if a field is out of range
   */
  public static int write(ByteBuf out, boolean padding, int count, int packetType,
      int packetBytes) {
    if (count < 0 || count > MAX_COUNT) {
      throw new IllegalArgumentException("RTCP count " + count + " (expected: 0..31)");
    }
    if (packetType < 0 || packetType > 0xFF) {
      throw new IllegalArgumentException("RTCP packet type " + packetType + " (expected: 0..255)");
    }
    int field = lengthField(packetBytes);
    out.writeByte(VERSION << 6 | (padding ? 0x20 : 0) | count);
    out.writeByte(packetType);
    out.writeShort(field);
    return SIZE;
  }

  /**
   * Validates the header of one packet of {@code length} available bytes at {@code index}, its
   * padding, and that the packet without padding holds at least {@code minBytes}. Changes nothing.
   *
   * @param name prefix for exception messages, such as {@code "RTCP NACK"}
   * @param packetType the required packet type, or -1 for any
   * @param fmt the required count/FMT field, or -1 for any
   * @param minBytes the smallest valid packet, header included (at least {@link #SIZE})
   * @param throwing whether to throw {@link MalformedRtcpException} instead of returning a code
   */
  static RtcpParseResult check(ByteBuf buf, int index, int length, String name, int packetType,
      int fmt, int minBytes, boolean throwing) {
    if (length < SIZE) {
      return truncated(name, length, minBytes, throwing);
    }
    int first = buf.getUnsignedByte(index);
    int version = first >>> 6;
    if (version != VERSION) {
      if (throwing) {
        throw new MalformedRtcpException(name + ": version " + version + " (expected: 2)");
      }
      return RtcpParseResult.BAD_VERSION;
    }
    int pt = buf.getUnsignedByte(index + 1);
    if (packetType >= 0 && pt != packetType) {
      if (throwing) {
        throw new MalformedRtcpException(
            name + ": packet type " + pt + " (expected: " + packetType + ")");
      }
      return RtcpParseResult.WRONG_TYPE;
    }
    int count = first & 0x1F;
    if (fmt >= 0 && count != fmt) {
      if (throwing) {
        throw new MalformedRtcpException(name + ": FMT " + count + " (expected: " + fmt + ")");
      }
      return RtcpParseResult.WRONG_TYPE;
    }
    // Type before size: a view handed another message's packet says so, whatever its length.
    if (length < minBytes) {
      return truncated(name, length, minBytes, throwing);
    }
    int packetLength = packetLength(buf, index);
    if (packetLength > length) {
      if (throwing) {
        throw new MalformedRtcpException(name + ": length field says " + packetLength
            + " bytes (expected: <= " + length + " bytes)");
      }
      return RtcpParseResult.BAD_LENGTH;
    }
    int content = packetLength;
    if ((first & 0x20) != 0) {
      int padding = buf.getUnsignedByte(index + packetLength - 1);
      // RFC 3550 §6.4.1: the count includes itself, and padding never eats into the header.
      if (padding == 0 || padding > packetLength - SIZE) {
        if (throwing) {
          throw new MalformedRtcpException(packetLength == SIZE
              ? name + ": padding bit set on a 4-byte packet (expected: no padding)"
              : name + ": padding count " + padding + " (expected: 1.."
                  + (packetLength - SIZE) + ")");
        }
        return RtcpParseResult.BAD_PADDING;
      }
      content -= padding;
    }
    if (content < minBytes) {
      if (throwing) {
        throw new MalformedRtcpException(name + ": packet of " + content
            + (content == packetLength ? " bytes" : " bytes without padding")
            + " (expected: " + minBytes + "+ bytes)");
      }
      return RtcpParseResult.TRUNCATED;
    }
    return RtcpParseResult.OK;
  }

  private static RtcpParseResult truncated(String name, int length, int minBytes,
      boolean throwing) {
    if (throwing) {
      throw new MalformedRtcpException(
          name + ": " + length + " bytes (expected: " + minBytes + "+ bytes)");
    }
    return RtcpParseResult.TRUNCATED;
  }
}
