package io.sluice.media.codec;

import static io.sluice.media.codec.PayloadChecks.checkNotEmpty;
import static io.sluice.media.codec.PayloadChecks.fail;
import static io.sluice.media.codec.PayloadChecks.hasFlag;

import io.netty.buffer.ByteBuf;

/**
 * The H.264 RTP packetizations of RFC 6184 §5.6-5.8, inspected in place: single NAL unit packets,
 * aggregation packets (STAP-A, STAP-B, MTAP16, MTAP24) and fragmentation units (FU-A, FU-B).
 *
 * <p>Every packet starts with a NAL unit header whose type selects the packetization (§5.2,
 * Table 1: 1-23 single NAL unit, 24 STAP-A, 25 STAP-B, 26 MTAP16, 27 MTAP24, 28 FU-A, 29 FU-B; 0,
 * 30 and 31 are reserved):
 *
 * <pre>
 *  +---------------+
 *  |0|1|2|3|4|5|6|7|
 *  +-+-+-+-+-+-+-+-+
 *  |F|NRI|  Type   |
 *  +---------------+
 * </pre>
 *
 * An STAP-A (§5.7.1, Figure 7) is that header followed by one or more single-time aggregation
 * units, each a 16-bit size and a NAL unit; STAP-B first has a 16-bit DON, MTAPs a 16-bit DONB,
 * and each MTAP unit has an 8-bit DOND and a 16- or 24-bit timestamp offset between its size and
 * its NAL unit (§5.7.2, Figures 10 and 11; the size counts the NAL unit only, as live555 reads it):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |STAP-A NAL HDR |         NALU 1 Size           | NALU 1 HDR    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         NALU 1 Data                           |
 * :                                                               :
 * +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |               | NALU 2 Size                   | NALU 2 HDR    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         NALU 2 Data                           |
 * :                                                               :
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * A fragmentation unit (§5.8, Figure 14) carries the original NAL unit type in its FU header;
 * S = 1 marks the first fragment, E = 1 the last. FU-B adds a 16-bit DON after the FU header.
 *
 * <pre>
 * +---------------+---------------+
 * | FU indicator  |   FU header   |
 * |F|NRI|  Type   |S|E|R|  Type   |    FU payload ...
 * +---------------+---------------+
 * </pre>
 *
 * <p>Key frame: {@link #IDR} is set when the packet carries the start of an IDR slice (NAL unit
 * type 5): a single NAL unit packet of type 5, an aggregation unit of type 5, or the first
 * fragment (S = 1) of a type-5 NAL unit. Middle and last fragments carry no flags: they cannot be
 * told apart from the data of any other NAL unit without the first. Parameter sets are reported
 * separately ({@link #SPS}, {@link #PPS}); a packet with SPS and PPS but no IDR slice is not a key
 * frame, because the decoder cannot start from it alone.
 *
 * <p>Validation: reserved packet types (0, 30, 31) are malformed; every aggregation unit size must
 * be non-zero and fit in what remains, with no trailing bytes too short for another unit;
 * aggregation packets contain neither aggregation packets nor fragmentation units (§5.7: "MUST NOT
 * be nested", "MUST NOT contain fragmentation units"), and fragmentation units do not fragment
 * them, so types 24-29 inside either are malformed; a fragment has S and E not both set (§5.8) and
 * a non-empty payload; FU-B is only valid as the first fragment (§5.8). Inner NAL unit types 0, 30
 * and 31 are unspecified by H.264 rather than invalid, so they pass without a flag. The F and NRI
 * bits are not checked.
 *
 * <p>Every method borrows the buffer: it reads {@code [offset, offset + length)} by absolute index
 * and changes neither indexes nor the reference count. The static methods do not allocate and,
 * except {@link #parse}, never throw on bad input.
 */
public final class H264Packetization {
  /** {@link #tryParse} result for a payload that fails validation. */
  public static final int MALFORMED = PayloadChecks.MALFORMED;

  /** Flag: the packet carries the start of an IDR slice (NAL unit type 5): a key frame. */
  public static final int IDR = 1;
  /** Flag: the packet carries the start of a sequence parameter set (NAL unit type 7). */
  public static final int SPS = 1 << 1;
  /** Flag: the packet carries the start of a picture parameter set (NAL unit type 8). */
  public static final int PPS = 1 << 2;
  /** Flag: the packet is an aggregation packet (STAP-A, STAP-B, MTAP16 or MTAP24). */
  public static final int AGGREGATION = 1 << 3;
  /** Flag: the packet is a fragmentation unit (FU-A or FU-B). */
  public static final int FRAGMENT = 1 << 4;
  /** Flag: the packet is the first fragment (S = 1) of a fragmented NAL unit. */
  public static final int FRAGMENT_START = 1 << 5;
  /** Flag: the packet is the last fragment (E = 1) of a fragmented NAL unit. */
  public static final int FRAGMENT_END = 1 << 6;

  /** NAL unit type of a coded slice of an IDR picture (H.264 Table 7-1). */
  public static final int NAL_IDR_SLICE = 5;
  /** NAL unit type of a sequence parameter set. */
  public static final int NAL_SPS = 7;
  /** NAL unit type of a picture parameter set. */
  public static final int NAL_PPS = 8;
  /** Packet type of a single-time aggregation packet without DON (§5.7.1). */
  public static final int STAP_A = 24;
  /** Packet type of a single-time aggregation packet with DON (§5.7.1). */
  public static final int STAP_B = 25;
  /** Packet type of a multi-time aggregation packet with 16-bit timestamp offsets (§5.7.2). */
  public static final int MTAP16 = 26;
  /** Packet type of a multi-time aggregation packet with 24-bit timestamp offsets (§5.7.2). */
  public static final int MTAP24 = 27;
  /** Packet type of a fragmentation unit without DON (§5.8). */
  public static final int FU_A = 28;
  /** Packet type of a fragmentation unit with DON (§5.8). */
  public static final int FU_B = 29;

  private static final int TYPE_MASK = 0x1F;
  private static final int FU_S_BIT = 0x80;
  private static final int FU_E_BIT = 0x40;
  private static final int DON_SIZE = 2;
  private static final int UNIT_SIZE_FIELD = 2;

  private H264Packetization() {}

  /**
   * Validates the payload in {@code [offset, offset + length)} and returns its flags ({@link #IDR},
   * {@link #SPS}, {@link #PPS}, {@link #AGGREGATION}, {@link #FRAGMENT}, ...), or
   * {@link #MALFORMED}. Never throws, never allocates. Borrows {@code buf}.
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

  /** Returns true if the payload is valid and carries the start of an IDR slice. */
  public static boolean isKeyframe(ByteBuf buf, int offset, int length) {
    return hasFlag(tryParse(buf, offset, length), IDR);
  }

  private static int scan(ByteBuf buf, int offset, int length, boolean strict) {
    if (checkNotEmpty(buf, offset, length, "H264 payload: 0 bytes (expected: 1+ bytes)", strict)
        == MALFORMED) {
      return MALFORMED;
    }
    int type = buf.getUnsignedByte(offset) & TYPE_MASK;
    switch (type) {
      case STAP_A:
        return scanAggregation(buf, offset, length, "STAP-A", 1, 0, strict);
      case STAP_B:
        return scanAggregation(buf, offset, length, "STAP-B", 1 + DON_SIZE, 0, strict);
      case MTAP16:
        return scanAggregation(buf, offset, length, "MTAP16", 1 + DON_SIZE, 1 + 2, strict);
      case MTAP24:
        return scanAggregation(buf, offset, length, "MTAP24", 1 + DON_SIZE, 1 + 3, strict);
      case FU_A:
        return scanFragment(buf, offset, length, "FU-A", 2, strict);
      case FU_B:
        return scanFragment(buf, offset, length, "FU-B", 2 + DON_SIZE, strict);
      case 0:
      case 30:
      case 31:
        return strict
            ? fail("H264 payload: NAL unit type " + type + " (expected: 1-29, " + type
                + " is reserved by RFC 6184 §5.2)")
            : MALFORMED;
      default:
        return nalFlags(type);
    }
  }

  /**
   * Walks the aggregation units after a {@code headerSize}-byte packet header; each unit is a
   * 16-bit NAL unit size, {@code unitExtra} bytes (MTAP DOND and TS offset), then the NAL unit.
   */
  private static int scanAggregation(ByteBuf buf, int offset, int length, String name,
      int headerSize, int unitExtra, boolean strict) {
    int end = offset + length;
    int i = offset + headerSize;
    if (i >= end) {
      return strict
          ? fail("H264 " + name + ": " + length + " bytes (expected: " + (headerSize + 1)
              + "+ bytes, at least one aggregation unit)")
          : MALFORMED;
    }
    int flags = AGGREGATION;
    int unit = 0;
    while (i < end) {
      unit++;
      int remaining = end - i;
      if (remaining < UNIT_SIZE_FIELD + unitExtra) {
        return strict
            ? fail("H264 " + name + ": " + remaining + " trailing bytes at unit #" + unit
                + " (expected: " + (UNIT_SIZE_FIELD + unitExtra) + "+ bytes of unit header)")
            : MALFORMED;
      }
      int size = buf.getUnsignedShort(i);
      i += UNIT_SIZE_FIELD + unitExtra;
      remaining = end - i;
      if (size == 0 || size > remaining) {
        return strict
            ? fail("H264 " + name + ": unit #" + unit + " NAL unit size " + size
                + " with " + remaining + " bytes left (expected: 1.." + remaining + ")")
            : MALFORMED;
      }
      int type = buf.getUnsignedByte(i) & TYPE_MASK;
      if (type >= STAP_A && type <= FU_B) {
        return strict
            ? fail("H264 " + name + ": unit #" + unit + " has NAL unit type " + type
                + " (expected: not 24-29, aggregation packets do not nest or carry FUs)")
            : MALFORMED;
      }
      flags |= nalFlags(type);
      i += size;
    }
    return flags;
  }

  /** Checks a fragmentation unit whose FU payload starts {@code headerSize} bytes in. */
  private static int scanFragment(ByteBuf buf, int offset, int length, String name,
      int headerSize, boolean strict) {
    if (length < headerSize + 1) {
      return strict
          ? fail("H264 " + name + ": " + length + " bytes (expected: " + (headerSize + 1)
              + "+ bytes, the FU payload must not be empty)")
          : MALFORMED;
    }
    int fuHeader = buf.getUnsignedByte(offset + 1);
    boolean start = (fuHeader & FU_S_BIT) != 0;
    boolean last = (fuHeader & FU_E_BIT) != 0;
    int type = fuHeader & TYPE_MASK;
    if (start && last) {
      return strict
          ? fail("H264 " + name + ": S=1 and E=1 (expected: at most one, a NAL unit is not sent in"
              + " a single FU)")
          : MALFORMED;
    }
    if (type >= STAP_A && type <= FU_B) {
      return strict
          ? fail("H264 " + name + ": fragmented NAL unit type " + type
              + " (expected: not 24-29, FUs do not fragment aggregation packets or FUs)")
          : MALFORMED;
    }
    if (headerSize > 2 && !start) {
      return strict
          ? fail("H264 FU-B: S=0 (expected: S=1, FU-B is only used for the first fragment)")
          : MALFORMED;
    }
    int flags = FRAGMENT;
    if (last) {
      flags |= FRAGMENT_END;
    }
    if (start) {
      flags |= FRAGMENT_START | nalFlags(type);
    }
    return flags;
  }

  private static int nalFlags(int nalType) {
    switch (nalType) {
      case NAL_IDR_SLICE:
        return IDR;
      case NAL_SPS:
        return SPS;
      case NAL_PPS:
        return PPS;
      default:
        return 0;
    }
  }
}
