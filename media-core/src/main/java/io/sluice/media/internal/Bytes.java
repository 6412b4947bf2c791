package io.sluice.media.internal;

import io.netty.buffer.ByteBuf;

/** Byte-level helpers over {@link ByteBuf}s that Netty does not offer. Allocation-free. */
public final class Bytes {
  private Bytes() {}

  /**
   * Moves {@code length} bytes inside {@code buf} from absolute index {@code src} to {@code dst},
   * like C's {@code memmove}: the ranges may overlap. Reader and writer indexes are not touched;
   * the caller ensures both ranges lie within the capacity.
   */
  public static void move(ByteBuf buf, int src, int dst, int length) {
    if (length <= 0 || src == dst) {
      return;
    }
    if (dst < src || dst >= src + length) {
      // Forward copy is safe: the destination starts before the source, or after its end.
      int i = 0;
      for (; i + 8 <= length; i += 8) {
        buf.setLong(dst + i, buf.getLong(src + i));
      }
      for (; i < length; i++) {
        buf.setByte(dst + i, buf.getByte(src + i));
      }
    } else {
      // Overlap with dst after src: copy from the end backwards.
      int i = length;
      for (; i >= 8; i -= 8) {
        buf.setLong(dst + i - 8, buf.getLong(src + i - 8));
      }
      for (; i > 0; i--) {
        buf.setByte(dst + i - 1, buf.getByte(src + i - 1));
      }
    }
  }

  /** Writes {@code length} zero bytes at absolute index {@code index}. */
  public static void zero(ByteBuf buf, int index, int length) {
    buf.setZero(index, length);
  }
}
