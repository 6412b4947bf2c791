package io.sluice.media.codec;

import static io.sluice.media.codec.PayloadChecks.checkNotEmpty;
import static io.sluice.media.codec.PayloadChecks.fail;
import static io.sluice.media.codec.PayloadChecks.hasFlag;

import io.netty.buffer.ByteBuf;

/**
 * The RTP payload of the AV1 RTP payload format (AOMedia "RTP Payload Format For AV1" §4.4-4.5),
 * inspected in place: the aggregation header and the OBU elements behind it.
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+
 * |Z|Y| W |N|-|-|-|   aggregation header
 * +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Z = 1: the first OBU element continues an OBU fragment of the previous packet. Y = 1: the last
 * OBU element continues in the next packet. W: the number of OBU elements; 0 means any number,
 * each preceded by a leb128 length, while 1-3 means that many, the last without a length (it runs
 * to the end of the payload). N = 1: the packet is the first of a coded video sequence, which
 * starts with a key frame.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Z|Y|0 0|N|-|-|-|  OBU element 1 size (leb128)  |               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+               |
 * :                      OBU element 1 data                       :
 * |                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |  OBU element 2 size (leb128)  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :                       OBU element 2 data                      :
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * An OBU element that starts an OBU begins with the OBU header (AV1 §5.3.2):
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+
 * |F| type  |X|S|-|   F: forbidden (0), X: extension header follows, S: obu_size present
 * +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Key frame: {@link #KEYFRAME} is the N bit, as in libwebrtc: only a new coded video sequence
 * is a point every receiver can start decoding from. A sequence header OBU (type 1) in the packet
 * is reported separately as {@link #SEQUENCE_HEADER}, like SPS for H.264: senders put one before
 * each key frame, but the AV1 RTP spec lets them repeat it elsewhere, so it does not make a key
 * frame on its own.
 *
 * <p>Validation: N = 1 with Z = 1 is malformed (§4.4: "if N equals 1 then Z must equal 0"); every
 * leb128 length is at most 8 bytes (AV1 §4.10.5) and fits in what remains; W = 0 needs at least
 * one element; W = 1-3 needs its W - 1 length fields; an OBU element that starts an OBU has the
 * forbidden bit clear. Empty OBU elements are allowed, as libwebrtc allows them, and so is a
 * payload of only an aggregation header with W = 1 (one empty element). An OBU's own obu_size,
 * when present, is left to the depacketizer: checking it needs the whole OBU, which a fragment
 * does not have.
 *
 * <p>Every method borrows the buffer: it reads {@code [offset, offset + length)} by absolute index
 * and changes neither indexes nor the reference count. The static methods do not allocate and,
 * except {@link #parse}, never throw on bad input.
 */
public final class Av1Packetization {
  /** {@link #tryParse} result for a payload that fails validation. */
  public static final int MALFORMED = PayloadChecks.MALFORMED;

  /** Flag: N = 1, the packet starts a new coded video sequence, which starts with a key frame. */
  public static final int KEYFRAME = 1;
  /** Flag: an OBU element of the packet starts a sequence header OBU (obu_type 1). */
  public static final int SEQUENCE_HEADER = 1 << 1;
  /** Flag: Z = 1, the first OBU element continues an OBU from the previous packet. */
  public static final int STARTS_WITH_FRAGMENT = 1 << 2;
  /** Flag: Y = 1, the last OBU element continues in the next packet. */
  public static final int ENDS_WITH_FRAGMENT = 1 << 3;

  /** obu_type of a sequence header OBU (AV1 §6.2.2). */
  public static final int OBU_SEQUENCE_HEADER = 1;
  /** Longest leb128 the AV1 bitstream allows (AV1 §4.10.5). */
  public static final int MAX_LEB128_BYTES = 8;

  private static final int Z_BIT = 0x80;
  private static final int Y_BIT = 0x40;
  private static final int W_SHIFT = 4;
  private static final int W_MASK = 0x03;
  private static final int N_BIT = 0x08;
  private static final int OBU_FORBIDDEN_BIT = 0x80;
  private static final int OBU_TYPE_SHIFT = 3;
  private static final int OBU_TYPE_MASK = 0x0F;

  private Av1Packetization() {}

  /**
   * Validates the payload in {@code [offset, offset + length)} and returns its flags
   * ({@link #KEYFRAME}, {@link #SEQUENCE_HEADER}, {@link #STARTS_WITH_FRAGMENT},
   * {@link #ENDS_WITH_FRAGMENT}), or {@link #MALFORMED}. Never throws, never allocates. Borrows
   * {@code buf}.
   */
  public static int tryParse(ByteBuf buf, int offset, int length) {
    return scan(buf, offset, length, false);
  }

  /**
   * Like {@link #tryParse} but throws {@link MalformedPayloadException} saying what was found and
   * what was expected. For tools and tests. Borrows {@code buf}.
   *
   * @throws IndexOutOfBoundsException if the range lies outside the buffer's capacity
   */
  public static int parse(ByteBuf buf, int offset, int length) {
    return scan(buf, offset, length, true);
  }

  /** Returns true if the payload is valid and starts a new coded video sequence (N = 1). */
  public static boolean isKeyframe(ByteBuf buf, int offset, int length) {
    return hasFlag(tryParse(buf, offset, length), KEYFRAME);
  }

  private static int scan(ByteBuf buf, int offset, int length, boolean strict) {
    if (checkNotEmpty(buf, offset, length, "AV1 payload: 0 bytes (expected: 1+ bytes)", strict)
        == MALFORMED) {
      return MALFORMED;
    }
    int header = buf.getUnsignedByte(offset);
    boolean continuation = (header & Z_BIT) != 0;
    int elementCount = (header >> W_SHIFT) & W_MASK;
    int flags = 0;
    if (continuation) {
      flags |= STARTS_WITH_FRAGMENT;
    }
    if ((header & Y_BIT) != 0) {
      flags |= ENDS_WITH_FRAGMENT;
    }
    if ((header & N_BIT) != 0) {
      if (continuation) {
        return strict
            ? fail("AV1 aggregation header: N=1 with Z=1 (expected: Z=0, a coded video sequence"
                + " does not start with an OBU fragment)")
            : MALFORMED;
      }
      flags |= KEYFRAME;
    }
    int end = offset + length;
    int i = offset + 1;
    if (i == end && elementCount != 1) {
      return strict
          ? fail("AV1 payload: 1 byte with W=" + elementCount
              + " (expected: 2+ bytes, or W=1 for a single empty OBU element)")
          : MALFORMED;
    }
    for (int element = 1; i < end || (elementCount > 0 && element <= elementCount); element++) {
      int size;
      if (element == elementCount) {
        size = end - i; // W > 0: the last element has no length field and takes the rest
      } else {
        long leb = readLeb128(buf, i, end);
        if (leb < 0) {
          return strict ? fail(describeBadLeb128(buf, i, end, element)) : MALFORMED;
        }
        i += (int) (leb >>> 56);
        long value = leb & 0x00FF_FFFF_FFFF_FFFFL;
        if (value > end - i) {
          return strict
              ? fail("AV1 payload: OBU element #" + element + " length " + value + " with "
                  + (end - i) + " bytes left (expected: 0.." + (end - i) + ")")
              : MALFORMED;
        }
        size = (int) value;
      }
      if (size > 0 && !(element == 1 && continuation)) {
        int obuHeader = buf.getUnsignedByte(i);
        if ((obuHeader & OBU_FORBIDDEN_BIT) != 0) {
          return strict
              ? fail(String.format("AV1 payload: OBU element #%d header %02x has the forbidden bit"
                  + " set (expected: 0)", element, obuHeader))
              : MALFORMED;
        }
        if (((obuHeader >> OBU_TYPE_SHIFT) & OBU_TYPE_MASK) == OBU_SEQUENCE_HEADER) {
          flags |= SEQUENCE_HEADER;
        }
      }
      i += size;
      if (element == elementCount) {
        break;
      }
    }
    return flags;
  }

  /**
   * Reads a leb128 (AV1 §4.10.5) starting at absolute index {@code i}, not past {@code end}.
   * Returns the value in the low 56 bits and the number of bytes read in the top 8 bits, or -1
   * if the encoding is cut off by {@code end} or longer than {@link #MAX_LEB128_BYTES}. Packing
   * both into one {@code long} keeps the hot path free of allocation.
   */
  static long readLeb128(ByteBuf buf, int i, int end) {
    long value = 0;
    for (int n = 0; n < MAX_LEB128_BYTES; n++) {
      if (i + n >= end) {
        return -1;
      }
      int b = buf.getUnsignedByte(i + n);
      value |= (long) (b & 0x7F) << (7 * n);
      if ((b & 0x80) == 0) {
        return ((long) (n + 1) << 56) | value;
      }
    }
    return -1;
  }

  private static String describeBadLeb128(ByteBuf buf, int i, int end, int element) {
    int available = Math.min(end - i, MAX_LEB128_BYTES);
    if (available == MAX_LEB128_BYTES) {
      return "AV1 payload: OBU element #" + element + " length is a leb128 of more than "
          + MAX_LEB128_BYTES + " bytes (expected: at most " + MAX_LEB128_BYTES + ")";
    }
    return "AV1 payload: OBU element #" + element + " length leb128 cut off after " + available
        + " bytes (expected: a byte with the continuation bit clear)";
  }
}
