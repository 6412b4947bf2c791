package io.sluice.media.rtcp;

/**
 * Argument checks for the immutable values and writers. Wire input is never checked here: that is
 * the views' job, with result codes.
 */
final class Checks {
  private Checks() {}

  static long u32(String what, long value) {
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(what + " " + value + " (expected: 0..4294967295)");
    }
    return value;
  }

  static int u16(String what, int value) {
    if (value < 0 || value > 0xFFFF) {
      throw new IllegalArgumentException(what + " " + value + " (expected: 0..65535)");
    }
    return value;
  }

  static int u8(String what, int value) {
    if (value < 0 || value > 0xFF) {
      throw new IllegalArgumentException(what + " " + value + " (expected: 0..255)");
    }
    return value;
  }

  static int count(String what, int count, int max) {
    if (count < 0 || count > max) {
      throw new IllegalArgumentException(what + " " + count + " (expected: 0.." + max + ")");
    }
    return count;
  }
}
