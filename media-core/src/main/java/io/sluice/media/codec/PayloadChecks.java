package io.sluice.media.codec;

import io.netty.buffer.ByteBuf;

/**
 * Shared plumbing for the payload parsers of this package, each of which has one validating scan
 * that serves both entry points: {@code tryParse} (returns {@code MALFORMED}) and {@code parse}
 * (throws).
 *
 * <p>Failure sites are written as {@code return strict ? fail("..." + found) : MALFORMED;} so the
 * message string is only built on the throwing path and {@code tryParse} stays allocation-free.
 */
final class PayloadChecks {
  /** Result code of every {@code tryParse} in this package for input that fails validation. */
  static final int MALFORMED = -1;

  private PayloadChecks() {}

  /**
   * Checks that {@code [offset, offset + length)} lies within the capacity of {@code buf}. Out of
   * range is a caller bug rather than bad wire data, so the strict path throws
   * {@link IndexOutOfBoundsException}; the lenient path still returns {@link #MALFORMED} because
   * the hot path promises never to throw.
   */
  static int checkRange(ByteBuf buf, int offset, int length, boolean strict) {
    if (offset >= 0 && length >= 0 && offset <= buf.capacity() - length) {
      return 0;
    }
    if (strict) {
      throw new IndexOutOfBoundsException("payload range: offset " + offset + ", length " + length
          + " (expected: within buffer capacity " + buf.capacity() + ")");
    }
    return MALFORMED;
  }

  /**
   * The first check of every scan: {@link #checkRange}, then that the payload holds at least its
   * first header byte.
   *
   * @param emptyMessage the strict path's message for an empty payload; pass a constant, so that
   *     the lenient path builds nothing
   * @return 0, or {@link #MALFORMED} (lenient path only)
   */
  static int checkNotEmpty(ByteBuf buf, int offset, int length, String emptyMessage,
      boolean strict) {
    if (checkRange(buf, offset, length, strict) == MALFORMED) {
      return MALFORMED;
    }
    if (length < 1) {
      return strict ? fail(emptyMessage) : MALFORMED;
    }
    return 0;
  }

  /**
   * Returns true if {@code flags}, a {@code tryParse} result, is a valid payload's flags with
   * {@code flag} set. {@link #MALFORMED} is -1, every bit set, so it has to be ruled out first.
   */
  static boolean hasFlag(int flags, int flag) {
    return flags != MALFORMED && (flags & flag) != 0;
  }

  /** Throws a {@link MalformedPayloadException}; declared to return so call sites can return it. */
  static int fail(String message) {
    throw new MalformedPayloadException(message);
  }
}
