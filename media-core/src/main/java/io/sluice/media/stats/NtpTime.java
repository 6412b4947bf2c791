package io.sluice.media.stats;

/**
 * NTP timestamps as RTCP carries them (RFC 3550 §4): a 64-bit unsigned fixed-point number of
 * seconds since 1900-01-01T00:00:00Z, the integer part in the high 32 bits and the fraction in the
 * low 32; and the compact form, the middle 32 bits (16.16 fixed point), that LSR, DLSR and the
 * round-trip time of RFC 3550 §6.4.1 use.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                            seconds                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           fraction                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                 |<------ compact (middle 32 bits) ------>|
 * </pre>
 *
 * <p>The seconds field wraps on 2036-02-07T06:28:16Z. Converting back to Unix time follows RFC
 * 4330 §3: a seconds value with the top bit set is in 1968-2036, one with the top bit clear is in
 * 2036-2104. All values are unsigned 64-bit patterns held in {@code long}s.
 */
public final class NtpTime {
  /** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
  public static final long UNIX_EPOCH_OFFSET_SECONDS = 2_208_988_800L;
  /** Units per second of the compact NTP form (16.16 fixed point). */
  public static final long COMPACT_UNITS_PER_SECOND = 1L << 16;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long NANOS_PER_MILLI = 1_000_000L;
  private static final long MASK_32 = 0xFFFF_FFFFL;
  private static final long ERA_SECONDS = 1L << 32;
  private static final long MAX_COMPACT = MASK_32;

  private NtpTime() {}

  /** Converts nanoseconds since the Unix epoch to a 64-bit NTP timestamp. */
  public static long fromUnixNanos(long unixNanos) {
    long seconds = Math.floorDiv(unixNanos, NANOS_PER_SECOND);
    long nanos = Math.floorMod(unixNanos, NANOS_PER_SECOND);
    long ntpSeconds = (seconds + UNIX_EPOCH_OFFSET_SECONDS) & MASK_32;
    // nanos < 10^9, so nanos << 32 < 2^62: no overflow. Truncates; toUnixNanos rounds, so a
    // round trip returns the same nanosecond (one fraction unit is 0.23 ns).
    long fraction = (nanos << 32) / NANOS_PER_SECOND;
    return (ntpSeconds << 32) | fraction;
  }

  /** Converts milliseconds since the Unix epoch to a 64-bit NTP timestamp. */
  public static long fromUnixMillis(long unixMillis) {
    return fromUnixNanos(unixMillis * NANOS_PER_MILLI);
  }

  /**
   * Converts a 64-bit NTP timestamp to nanoseconds since the Unix epoch, rounding the fraction to
   * the nearest nanosecond. Times map into 1968-2104 (RFC 4330 §3).
   */
  public static long toUnixNanos(long ntpTimestamp) {
    long seconds = ntpTimestamp >>> 32;
    if ((seconds & 0x8000_0000L) == 0) {
      seconds += ERA_SECONDS; // era 1: 2036-02-07 to 2104
    }
    long fraction = ntpTimestamp & MASK_32;
    long nanos = (fraction * NANOS_PER_SECOND + (1L << 31)) >>> 32;
    return (seconds - UNIX_EPOCH_OFFSET_SECONDS) * NANOS_PER_SECOND + nanos;
  }

  /** Converts a 64-bit NTP timestamp to milliseconds since the Unix epoch, rounding down. */
  public static long toUnixMillis(long ntpTimestamp) {
    return Math.floorDiv(toUnixNanos(ntpTimestamp), NANOS_PER_MILLI);
  }

  /** Returns the compact form of an NTP timestamp: its middle 32 bits (RFC 3550 §6.4.1 LSR). */
  public static long compact(long ntpTimestamp) {
    return (ntpTimestamp >>> 16) & MASK_32;
  }

  /** Converts a duration in compact units (1/65536 s) to nanoseconds, rounding to nearest. */
  public static long compactToNanos(long compactUnits) {
    // compactUnits <= 2^32, so the product stays below 2^62.
    return (compactUnits * NANOS_PER_SECOND + (1L << 15)) >> 16;
  }

  /**
   * Converts a duration in nanoseconds to compact units (1/65536 s), rounding down and clamping
   * to [0, 2<sup>32</sup>-1], the range of a DLSR field (about 18.2 hours).
   */
  public static long nanosToCompact(long nanos) {
    if (nanos <= 0) {
      return 0;
    }
    long seconds = nanos / NANOS_PER_SECOND;
    if (seconds >= COMPACT_UNITS_PER_SECOND) {
      return MAX_COMPACT;
    }
    long rest = nanos % NANOS_PER_SECOND;
    return seconds * COMPACT_UNITS_PER_SECOND + rest * COMPACT_UNITS_PER_SECOND / NANOS_PER_SECOND;
  }
}
