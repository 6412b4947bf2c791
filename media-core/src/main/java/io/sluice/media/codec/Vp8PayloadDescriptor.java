package io.sluice.media.codec;

import static io.sluice.media.codec.PayloadChecks.checkNotEmpty;
import static io.sluice.media.codec.PayloadChecks.checkRange;
import static io.sluice.media.codec.PayloadChecks.fail;
import static io.sluice.media.codec.PayloadChecks.hasFlag;

import io.netty.buffer.ByteBuf;

/**
 * The VP8 payload descriptor (RFC 7741 §4.2) and the VP8 payload header behind it (RFC 7741 §4.3),
 * read in place from an RTP payload.
 *
 * <pre>
 *        0 1 2 3 4 5 6 7
 *       +-+-+-+-+-+-+-+-+
 *       |X|R|N|S|R| PID | (REQUIRED)
 *       +-+-+-+-+-+-+-+-+
 *  X:   |I|L|T|K| RSV   | (OPTIONAL)
 *       +-+-+-+-+-+-+-+-+
 *  I:   |M| PictureID   | (OPTIONAL)
 *       +-+-+-+-+-+-+-+-+
 *  M:   |   PictureID   | (present when M = 1: 15-bit PictureID)
 *       +-+-+-+-+-+-+-+-+
 *  L:   |   TL0PICIDX   | (OPTIONAL)
 *       +-+-+-+-+-+-+-+-+
 *  T/K: |TID|Y| KEYIDX  | (OPTIONAL, present when T or K is 1)
 *       +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * When S = 1 and PID = 0 the packet starts a frame and the VP8 payload header (the first three
 * bytes of the frame, RFC 6386 §9.1) follows the descriptor:
 *
 * <pre>
 *        0 1 2 3 4 5 6 7
 *       +-+-+-+-+-+-+-+-+
 *       |Size0|H| VER |P|
 *       +-+-+-+-+-+-+-+-+
 *       |     Size1     |
 *       +-+-+-+-+-+-+-+-+
 *       |     Size2     |
 *       +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * P is the inverse key frame flag: P = 0 marks a key frame. A key frame's header is 10 bytes: the
 * three above, the start code {@code 9d 01 2a} and 14-bit width and height with 2-bit scales.
 *
 * <p>Every method borrows the buffer: it reads the bytes in {@code [offset, offset + length)} by
 * absolute index and changes neither the reader/writer indexes nor the reference count. The static
 * methods do not allocate and, except {@link #parse}, never throw on bad input.
 *
 * <p>Validation: each optional field must fit, and at least one byte of VP8 payload must follow
 * the descriptor (libwebrtc rejects an empty payload too). At the start of a frame the 3-byte
 * payload header must be present; a key frame must also carry the full 10-byte header with the
 * start code, which is what keeps random bytes with P = 0 from being taken for a key frame. The R
 * and RSV bits are ignored as §4.2 asks of receivers, and so are combinations that §4.2 forbids
 * but that do not change the layout (L = 1 without T = 1).
 */
public final class Vp8PayloadDescriptor {
  /** {@link #tryParse} result for a payload that fails validation. */
  public static final int MALFORMED = PayloadChecks.MALFORMED;

  /** Flag: the packet starts a key frame (S = 1, PID = 0, P = 0). */
  public static final int KEYFRAME = 1;
  /** Flag: S = 1, the packet starts a VP8 partition. */
  public static final int START_OF_PARTITION = 1 << 1;
  /** Flag: S = 1 and PID = 0, the packet starts a frame. */
  public static final int START_OF_FRAME = 1 << 2;
  /** Flag: N = 1, the frame can be discarded without affecting any other frame. */
  public static final int NON_REFERENCE = 1 << 3;

  /** Smallest descriptor: the required first byte. */
  public static final int MIN_SIZE = 1;
  /** Largest descriptor: required byte, X byte, 2-byte PictureID, TL0PICIDX, TID/Y/KEYIDX. */
  public static final int MAX_SIZE = 6;

  private static final int X_BIT = 0x80;
  private static final int N_BIT = 0x20;
  private static final int S_BIT = 0x10;
  private static final int PID_MASK = 0x07;
  private static final int I_BIT = 0x80;
  private static final int L_BIT = 0x40;
  private static final int T_BIT = 0x20;
  private static final int K_BIT = 0x10;
  private static final int M_BIT = 0x80;

  private static final int PAYLOAD_HEADER_SIZE = 3;
  private static final int KEYFRAME_HEADER_SIZE = 10;
  private static final int START_CODE_0 = 0x9d;
  private static final int START_CODE_1 = 0x01;
  private static final int START_CODE_2 = 0x2a;

  private Vp8PayloadDescriptor() {}

  /**
   * Validates the payload in {@code [offset, offset + length)} and returns its flags
   * ({@link #KEYFRAME}, {@link #START_OF_PARTITION}, {@link #START_OF_FRAME},
   * {@link #NON_REFERENCE}), or {@link #MALFORMED}. Never throws, never allocates. Borrows
   * {@code buf}.
   */
  public static int tryParse(ByteBuf buf, int offset, int length) {
    return scan(buf, offset, length, false);
  }

  /**
   * Like {@link #tryParse} but throws {@link MalformedPayloadException}, with a message saying
   * what was found and what was expected, instead of returning {@link #MALFORMED}. For tools and
   * tests. Borrows {@code buf}.
   *
   * @throws IndexOutOfBoundsException if the range lies outside the buffer's capacity
   */
  public static int parse(ByteBuf buf, int offset, int length) {
    return scan(buf, offset, length, true);
  }

  /** Returns true if the payload is valid and starts a key frame. Borrows {@code buf}. */
  public static boolean isKeyframe(ByteBuf buf, int offset, int length) {
    return hasFlag(tryParse(buf, offset, length), KEYFRAME);
  }

  /** Returns true if the payload is valid and starts a VP8 partition (S = 1). */
  public static boolean isStartOfPartition(ByteBuf buf, int offset, int length) {
    return hasFlag(tryParse(buf, offset, length), START_OF_PARTITION);
  }

  /** Returns true if the payload is valid and starts a frame (S = 1 and PID = 0). */
  public static boolean isStartOfFrame(ByteBuf buf, int offset, int length) {
    return hasFlag(tryParse(buf, offset, length), START_OF_FRAME);
  }

  /**
   * Returns the size of the payload descriptor in bytes (1 to 6), that is, the offset of the VP8
   * payload from {@code offset}; or {@link #MALFORMED} if the descriptor does not fit in
   * {@code length} bytes with at least one payload byte after it. Checks the descriptor only, not
   * the VP8 payload header behind it, so a descriptor is found even where {@link #tryParse}
   * rejects the frame header. Borrows {@code buf}.
   */
  public static int size(ByteBuf buf, int offset, int length) {
    if (checkRange(buf, offset, length, false) == MALFORMED || length < MIN_SIZE) {
      return MALFORMED;
    }
    int size = descriptorSize(buf, offset, length);
    return size == MALFORMED || size >= length ? MALFORMED : size;
  }

  /**
   * Returns the PictureID (7 or 15 bits, as sent), or -1 if the descriptor has none or does not
   * fit. Like {@link #size}, checks the descriptor only. Borrows {@code buf}.
   */
  public static int pictureId(ByteBuf buf, int offset, int length) {
    if (size(buf, offset, length) == MALFORMED) {
      return -1;
    }
    int b0 = buf.getUnsignedByte(offset);
    if ((b0 & X_BIT) == 0 || (buf.getUnsignedByte(offset + 1) & I_BIT) == 0) {
      return -1;
    }
    int p0 = buf.getUnsignedByte(offset + 2);
    if ((p0 & M_BIT) == 0) {
      return p0;
    }
    return ((p0 & 0x7F) << 8) | buf.getUnsignedByte(offset + 3);
  }

  /**
   * Returns the descriptor size, or MALFORMED if an optional field it announces does not fit.
   * The caller has checked {@code length >= 1}.
   */
  private static int descriptorSize(ByteBuf buf, int offset, int length) {
    int b0 = buf.getUnsignedByte(offset);
    int size = 1;
    if ((b0 & X_BIT) == 0) {
      return size;
    }
    if (length < 2) {
      return MALFORMED;
    }
    int x = buf.getUnsignedByte(offset + 1);
    size = 2;
    if ((x & I_BIT) != 0) {
      if (length < size + 1) {
        return MALFORMED;
      }
      size += (buf.getUnsignedByte(offset + size) & M_BIT) != 0 ? 2 : 1;
    }
    if ((x & L_BIT) != 0) {
      size++;
    }
    if ((x & (T_BIT | K_BIT)) != 0) {
      size++;
    }
    return size <= length ? size : MALFORMED;
  }

  private static int scan(ByteBuf buf, int offset, int length, boolean strict) {
    if (checkNotEmpty(buf, offset, length, "VP8 payload: 0 bytes (expected: 2+ bytes)", strict)
        == MALFORMED) {
      return MALFORMED;
    }
    int size = descriptorSize(buf, offset, length);
    if (size == MALFORMED) {
      return strict ? fail(describeTruncated(buf, offset, length)) : MALFORMED;
    }
    if (size >= length) {
      return strict
          ? fail("VP8 payload: " + length + " bytes with a " + size
              + "-byte descriptor (expected: " + (size + 1) + "+ bytes, payload must not be empty)")
          : MALFORMED;
    }
    int b0 = buf.getUnsignedByte(offset);
    int flags = 0;
    if ((b0 & N_BIT) != 0) {
      flags |= NON_REFERENCE;
    }
    if ((b0 & S_BIT) == 0) {
      return flags;
    }
    flags |= START_OF_PARTITION;
    if ((b0 & PID_MASK) != 0) {
      return flags;
    }
    flags |= START_OF_FRAME;
    int header = offset + size;
    int headerLength = length - size;
    if (headerLength < PAYLOAD_HEADER_SIZE) {
      return strict
          ? fail("VP8 payload header: " + headerLength
              + " bytes at the start of a frame (expected: " + PAYLOAD_HEADER_SIZE + "+ bytes)")
          : MALFORMED;
    }
    if ((buf.getUnsignedByte(header) & 0x01) != 0) {
      return flags; // P = 1: interframe
    }
    // RFC 7741 §4.3: a key frame's uncompressed data chunk is 10 bytes; its start code (RFC 6386
    // §9.1) is checked so that a stray P = 0 in garbage is not reported as a key frame.
    if (headerLength < KEYFRAME_HEADER_SIZE) {
      return strict
          ? fail("VP8 key frame header: " + headerLength + " bytes (expected: "
              + KEYFRAME_HEADER_SIZE + "+ bytes)")
          : MALFORMED;
    }
    int s0 = buf.getUnsignedByte(header + 3);
    int s1 = buf.getUnsignedByte(header + 4);
    int s2 = buf.getUnsignedByte(header + 5);
    if (s0 != START_CODE_0 || s1 != START_CODE_1 || s2 != START_CODE_2) {
      return strict
          ? fail(String.format("VP8 key frame start code: %02x %02x %02x (expected: 9d 01 2a)",
              s0, s1, s2))
          : MALFORMED;
    }
    return flags | KEYFRAME;
  }

  private static String describeTruncated(ByteBuf buf, int offset, int length) {
    int b0 = buf.getUnsignedByte(offset);
    if (length < 2) {
      return "VP8 payload descriptor: 1 byte with X=1 (expected: 2+ bytes)";
    }
    int x = buf.getUnsignedByte(offset + 1);
    int need = 2;
    if ((x & I_BIT) != 0) {
      need += length > 2 && (buf.getUnsignedByte(offset + 2) & M_BIT) != 0 ? 2 : 1;
    }
    need += (x & L_BIT) != 0 ? 1 : 0;
    need += (x & (T_BIT | K_BIT)) != 0 ? 1 : 0;
    return String.format("VP8 payload descriptor: %d bytes with X=%d I=%d L=%d T=%d K=%d"
            + " (expected: %d+ bytes)", length, (b0 >> 7) & 1, (x >> 7) & 1, (x >> 6) & 1,
        (x >> 5) & 1, (x >> 4) & 1, need);
  }
}
