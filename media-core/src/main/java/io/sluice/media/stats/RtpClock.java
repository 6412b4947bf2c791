package io.sluice.media.stats;

/** Converts local durations to RTP timestamp units of a media clock. Allocation-free. */
final class RtpClock {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private RtpClock() {}

  /**
   * Converts {@code nanos} (may be negative) to units of a {@code clockRate} Hz clock, rounding
   * toward negative infinity. Splitting off whole seconds keeps the product from overflowing for
   * any duration a {@code long} of nanoseconds can hold.
   */
  static long nanosToUnits(long nanos, int clockRate) {
    long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
    long rest = Math.floorMod(nanos, NANOS_PER_SECOND);
    return seconds * clockRate + rest * clockRate / NANOS_PER_SECOND;
  }

  /** Throws unless {@code clockRate} is positive. */
  static int checkClockRate(int clockRate) {
    if (clockRate <= 0) {
      throw new IllegalArgumentException("clock rate " + clockRate + " Hz (expected: > 0)");
    }
    return clockRate;
  }
}
