package io.sluice.media.codec;

import static io.sluice.media.codec.PayloadChecks.checkNotEmpty;
import static io.sluice.media.codec.PayloadChecks.fail;
import static io.sluice.media.codec.PayloadChecks.hasFlag;

import io.netty.buffer.ByteBuf;

/**
 * The VP9 payload descriptor (RFC 9628 §4.2, formerly draft-ietf-payload-vp9), read in place from
 * an RTP payload, with the scalability structure of §4.2.1.
 *
 * <pre>
 *  Flexible mode (F = 1)                 Non-flexible mode (F = 0)
 *        0 1 2 3 4 5 6 7                       0 1 2 3 4 5 6 7
 *       +-+-+-+-+-+-+-+-+                     +-+-+-+-+-+-+-+-+
 *       |I|P|L|F|B|E|V|Z| (REQUIRED)          |I|P|L|F|B|E|V|Z| (REQUIRED)
 *       +-+-+-+-+-+-+-+-+                     +-+-+-+-+-+-+-+-+
 *  I:   |M| PICTURE ID  | (REQUIRED)     I:   |M| PICTURE ID  | (RECOMMENDED)
 *       +-+-+-+-+-+-+-+-+                     +-+-+-+-+-+-+-+-+
 *  M:   | EXTENDED PID  |                M:   | EXTENDED PID  |
 *       +-+-+-+-+-+-+-+-+                     +-+-+-+-+-+-+-+-+
 *  L:   | TID |U| SID |D|                L:   | TID |U| SID |D|
 *       +-+-+-+-+-+-+-+-+                     +-+-+-+-+-+-+-+-+
 *  P,F: | P_DIFF      |N| up to 3 times       |   TL0PICIDX   |
 *       +-+-+-+-+-+-+-+-+                     +-+-+-+-+-+-+-+-+
 *  V:   | SS            |                V:   | SS            |
 *       | ..            |                     | ..            |
 *       +-+-+-+-+-+-+-+-+                     +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The scalability structure (SS), present when V = 1:
 *
 * <pre>
 *       +-+-+-+-+-+-+-+-+
 *  V:   | N_S |Y|G|-|-|-|
 *       +-+-+-+-+-+-+-+-+              -\
 *  Y:   |     WIDTH     | (OPTIONAL)    .
 *       +               +               .
 *       |               | (OPTIONAL)    .
 *       +-+-+-+-+-+-+-+-+               . - N_S + 1 times
 *       |     HEIGHT    | (OPTIONAL)    .
 *       +               +               .
 *       |               | (OPTIONAL)    .
 *       +-+-+-+-+-+-+-+-+              -/
 *  G:   |      N_G      | (OPTIONAL)
 *       +-+-+-+-+-+-+-+-+                            -\
 *  N_G: |  T  |U| R |-|-| (OPTIONAL)                 .
 *       +-+-+-+-+-+-+-+-+              -\            . - N_G times
 *       |    P_DIFF     | (OPTIONAL)    . - R times  .
 *       +-+-+-+-+-+-+-+-+              -/            -/
 * </pre>
 *
 * <p>Key frame: this class reports {@link #KEYFRAME} for the first packet (B = 1) of a picture
 * that is not inter-picture predicted (P = 0) and, when layer indices are present (L = 1), belongs
 * to the base spatial layer (SID = 0) without inter-layer dependency (D = 0). That packet starts a
 * point a receiver can decode from; an upper spatial layer with P = 0 is not one on its own.
 *
 * <p>Validation: every field the flags announce must fit; flexible mode requires a PictureID (the
 * §4.2 figure marks it REQUIRED, and P_DIFF is relative to it); at most 3 P_DIFFs; and at least
 * one byte of VP9 payload must follow the descriptor.
 *
 * <p>Every method borrows the buffer: it reads {@code [offset, offset + length)} by absolute index
 * and changes neither indexes nor the reference count. The static methods do not allocate and,
 * except {@link #parse}, never throw on bad input.
 */
public final class Vp9PayloadDescriptor {
  /** {@link #tryParse} result for a payload that fails validation. */
  public static final int MALFORMED = PayloadChecks.MALFORMED;

  /** Flag: the packet starts a key frame (see the class comment). */
  public static final int KEYFRAME = 1;
  /** Flag: B = 1, the packet starts a frame (of one spatial layer). */
  public static final int START_OF_FRAME = 1 << 1;
  /** Flag: E = 1, the packet ends a frame (of one spatial layer). */
  public static final int END_OF_FRAME = 1 << 2;
  /** Flag: P = 1, the picture is inter-picture predicted. */
  public static final int INTER_PICTURE_PREDICTED = 1 << 3;
  /** Flag: V = 1, the descriptor carries a scalability structure. */
  public static final int SCALABILITY_STRUCTURE = 1 << 4;
  /** Flag: F = 1, flexible mode. */
  public static final int FLEXIBLE_MODE = 1 << 5;
  /** Flag: L = 1 and D = 1, the frame depends on a lower spatial layer of the same picture. */
  public static final int INTER_LAYER_PREDICTED = 1 << 6;

  /** Most reference indices (P_DIFF) a flexible-mode descriptor may carry (§4.2). */
  public static final int MAX_P_DIFFS = 3;

  private static final int I_BIT = 0x80;
  private static final int P_BIT = 0x40;
  private static final int L_BIT = 0x20;
  private static final int F_BIT = 0x10;
  private static final int B_BIT = 0x08;
  private static final int E_BIT = 0x04;
  private static final int V_BIT = 0x02;
  private static final int M_BIT = 0x80;
  private static final int N_BIT = 0x01;
  private static final int D_BIT = 0x01;
  private static final int SS_Y_BIT = 0x10;
  private static final int SS_G_BIT = 0x08;
  private static final int SS_RESOLUTION_SIZE = 4;

  private Vp9PayloadDescriptor() {}

  /**
   * Validates the payload in {@code [offset, offset + length)} and returns its flags
   * ({@link #KEYFRAME}, {@link #START_OF_FRAME}, ...), or {@link #MALFORMED}. Never throws, never
   * allocates. Borrows {@code buf}.
   */
  public static int tryParse(ByteBuf buf, int offset, int length) {
    int size = scan(buf, offset, length, false);
    return size == MALFORMED ? MALFORMED : flags(buf, offset);
  }

  /**
   * Like {@link #tryParse} but throws {@link MalformedPayloadException} saying what was found and
   * what was expected. For tools and tests. Borrows {@code buf}.
   *
   * @throws IndexOutOfBoundsException if the range lies outside the buffer's capacity
   */
  public static int parse(ByteBuf buf, int offset, int length) {
    scan(buf, offset, length, true);
    return flags(buf, offset);
  }

  /** Returns true if the payload is valid and starts a key frame. Borrows {@code buf}. */
  public static boolean isKeyframe(ByteBuf buf, int offset, int length) {
    return hasFlag(tryParse(buf, offset, length), KEYFRAME);
  }

  /** Returns true if the payload is valid and starts a frame (B = 1). Borrows {@code buf}. */
  public static boolean isStartOfFrame(ByteBuf buf, int offset, int length) {
    return hasFlag(tryParse(buf, offset, length), START_OF_FRAME);
  }

  /**
   * Returns the size of the payload descriptor in bytes, that is, the offset of the VP9 payload
   * from {@code offset}, or {@link #MALFORMED}. Borrows {@code buf}.
   */
  public static int size(ByteBuf buf, int offset, int length) {
    return scan(buf, offset, length, false);
  }

  /**
   * Returns the PictureID (7 or 15 bits, as sent), or -1 if the descriptor has none or is
   * malformed. Borrows {@code buf}.
   */
  public static int pictureId(ByteBuf buf, int offset, int length) {
    if (size(buf, offset, length) == MALFORMED || (buf.getUnsignedByte(offset) & I_BIT) == 0) {
      return -1;
    }
    int p0 = buf.getUnsignedByte(offset + 1);
    return (p0 & M_BIT) == 0 ? p0 : ((p0 & 0x7F) << 8) | buf.getUnsignedByte(offset + 2);
  }

  /**
   * Returns the spatial layer id (SID), or -1 if the descriptor has no layer indices (L = 0) or
   * is malformed. Borrows {@code buf}.
   */
  public static int spatialLayerId(ByteBuf buf, int offset, int length) {
    if (size(buf, offset, length) == MALFORMED) {
      return -1;
    }
    int layer = layerIndexOffset(buf, offset);
    return layer < 0 ? -1 : (buf.getUnsignedByte(layer) >> 1) & 0x07;
  }

  /** Flags of a descriptor already validated by {@link #scan}. */
  private static int flags(ByteBuf buf, int offset) {
    int b0 = buf.getUnsignedByte(offset);
    int flags = 0;
    if ((b0 & B_BIT) != 0) {
      flags |= START_OF_FRAME;
    }
    if ((b0 & E_BIT) != 0) {
      flags |= END_OF_FRAME;
    }
    if ((b0 & P_BIT) != 0) {
      flags |= INTER_PICTURE_PREDICTED;
    }
    if ((b0 & V_BIT) != 0) {
      flags |= SCALABILITY_STRUCTURE;
    }
    if ((b0 & F_BIT) != 0) {
      flags |= FLEXIBLE_MODE;
    }
    boolean baseLayer = true;
    int layer = layerIndexOffset(buf, offset);
    if (layer >= 0) {
      int l = buf.getUnsignedByte(layer);
      if ((l & D_BIT) != 0) {
        flags |= INTER_LAYER_PREDICTED;
      }
      baseLayer = ((l >> 1) & 0x07) == 0 && (l & D_BIT) == 0;
    }
    if ((b0 & B_BIT) != 0 && (b0 & P_BIT) == 0 && baseLayer) {
      flags |= KEYFRAME;
    }
    return flags;
  }

  /** Absolute index of the layer-indices byte of a validated descriptor, or -1 when L = 0. */
  private static int layerIndexOffset(ByteBuf buf, int offset) {
    int b0 = buf.getUnsignedByte(offset);
    if ((b0 & L_BIT) == 0) {
      return -1;
    }
    int i = offset + 1;
    if ((b0 & I_BIT) != 0) {
      i += (buf.getUnsignedByte(i) & M_BIT) != 0 ? 2 : 1;
    }
    return i;
  }

  /** Validates the descriptor and returns its size, or MALFORMED (or throws, when strict). */
  private static int scan(ByteBuf buf, int offset, int length, boolean strict) {
    if (checkNotEmpty(buf, offset, length, "VP9 payload: 0 bytes (expected: 2+ bytes)", strict)
        == MALFORMED) {
      return MALFORMED;
    }
    int end = offset + length;
    int b0 = buf.getUnsignedByte(offset);
    boolean flexible = (b0 & F_BIT) != 0;
    int i = offset + 1;
    if ((b0 & I_BIT) != 0) {
      if (i >= end) {
        return strict ? fail(truncated("PictureID", i - offset + 1, length)) : MALFORMED;
      }
      int pidSize = (buf.getUnsignedByte(i) & M_BIT) != 0 ? 2 : 1;
      if (i + pidSize > end) {
        return strict ? fail(truncated("15-bit PictureID", i - offset + 2, length)) : MALFORMED;
      }
      i += pidSize;
    } else if (flexible) {
      return strict
          ? fail("VP9 payload descriptor: F=1 with I=0 (expected: I=1, flexible mode requires a"
              + " PictureID)")
          : MALFORMED;
    }
    if ((b0 & L_BIT) != 0) {
      int layerSize = flexible ? 1 : 2; // non-flexible mode adds TL0PICIDX
      if (i + layerSize > end) {
        return strict
            ? fail(truncated(flexible ? "layer indices" : "layer indices and TL0PICIDX",
                i - offset + layerSize, length))
            : MALFORMED;
      }
      i += layerSize;
    }
    if (flexible && (b0 & P_BIT) != 0) {
      int count = 0;
      boolean more = true;
      while (more) {
        if (count == MAX_P_DIFFS) {
          return strict
              ? fail("VP9 payload descriptor: N=1 on P_DIFF #" + MAX_P_DIFFS
                  + " (expected: at most " + MAX_P_DIFFS + " P_DIFFs)")
              : MALFORMED;
        }
        if (i >= end) {
          return strict
              ? fail(truncated("P_DIFF #" + (count + 1), i - offset + 1, length))
              : MALFORMED;
        }
        more = (buf.getUnsignedByte(i) & N_BIT) != 0;
        i++;
        count++;
      }
    }
    if ((b0 & V_BIT) != 0) {
      i = scanScalabilityStructure(buf, offset, i, end, strict);
      if (i == MALFORMED) {
        return MALFORMED;
      }
    }
    if (i >= end) {
      return strict
          ? fail("VP9 payload: " + length + " bytes with a " + (i - offset) + "-byte descriptor"
              + " (expected: " + (i - offset + 1) + "+ bytes, payload must not be empty)")
          : MALFORMED;
    }
    return i - offset;
  }

  /** Validates the SS starting at absolute index {@code i}; returns the index after it. */
  private static int scanScalabilityStructure(ByteBuf buf, int offset, int i, int end,
      boolean strict) {
    if (i >= end) {
      return strict ? fail(truncated("scalability structure", i - offset + 1, end - offset))
          : MALFORMED;
    }
    int ss = buf.getUnsignedByte(i++);
    int spatialLayers = (ss >> 5) + 1;
    if ((ss & SS_Y_BIT) != 0) {
      int resolutions = spatialLayers * SS_RESOLUTION_SIZE;
      if (i + resolutions > end) {
        return strict
            ? fail("VP9 scalability structure: " + (end - i) + " bytes for " + spatialLayers
                + " spatial layer resolutions (expected: " + resolutions + "+ bytes)")
            : MALFORMED;
      }
      i += resolutions;
    }
    if ((ss & SS_G_BIT) != 0) {
      if (i >= end) {
        return strict ? fail(truncated("SS N_G", i - offset + 1, end - offset)) : MALFORMED;
      }
      int pictureGroups = buf.getUnsignedByte(i++);
      for (int g = 0; g < pictureGroups; g++) {
        if (i >= end) {
          return strict
              ? fail("VP9 scalability structure: ends after " + g + " of " + pictureGroups
                  + " picture group descriptions (expected: " + pictureGroups + ")")
              : MALFORMED;
        }
        int references = (buf.getUnsignedByte(i++) >> 2) & 0x03;
        if (i + references > end) {
          return strict
              ? fail("VP9 scalability structure: picture group #" + (g + 1) + " has " + (end - i)
                  + " bytes for R=" + references + " (expected: " + references + " P_DIFF bytes)")
              : MALFORMED;
        }
        i += references;
      }
    }
    return i;
  }

  private static String truncated(String field, int required, int length) {
    return "VP9 payload descriptor: " + length + " bytes, too short for the " + field
        + " (expected: " + required + "+ bytes)";
  }
}
