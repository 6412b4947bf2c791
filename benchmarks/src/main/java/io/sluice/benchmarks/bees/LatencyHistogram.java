package io.sluice.benchmarks.bees;

/**
 * A log-linear histogram of durations in microseconds: exact below 32 µs, then 32 buckets per
 * power of two (at most about 3% relative error), up to 2^40 µs. Fixed size, so recording never
 * allocates. Not thread-safe: one per bee, touched by its event loop; merged after the run, or
 * (the capacity benchmark's windows) merged racily during it, when a count in flight may be
 * missed, which the percentiles of thousands of samples do not notice.
 */
final class LatencyHistogram {
  private static final int SUB_BITS = 5;
  private static final int SUB = 1 << SUB_BITS;
  private static final int MAX_EXPONENT = 40;
  private static final int BUCKETS = SUB + (MAX_EXPONENT - SUB_BITS + 1) * SUB;

  private final long[] counts = new long[BUCKETS];
  private long total;
  private long max;

  /** Records {@code nanos}; negative values (clock skew across hosts) count as 0. */
  void recordNanos(long nanos) {
    long us = Math.max(0, nanos / 1000);
    counts[index(us)]++;
    total++;
    if (us > max) {
      max = us;
    }
  }

  long count() {
    return total;
  }

  /** Adds every count of {@code other}. */
  void add(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    max = Math.max(max, other.max);
  }

  /**
   * Subtracts {@code earlier}, a copy of this histogram taken before: what remains is what was
   * recorded in between. The maximum is not windowed and stays this histogram's.
   */
  void subtract(LatencyHistogram earlier) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] = Math.max(0, counts[i] - earlier.counts[i]);
    }
    total = Math.max(0, total - earlier.total);
  }

  /** The value (µs, bucket midpoint) at quantile {@code q} in [0, 1], or -1 if empty. */
  double quantileMicros(double q) {
    if (total == 0) {
      return -1;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(max, midpoint(i));
      }
    }
    return max;
  }

  static int index(long us) {
    if (us < SUB) {
      return (int) us;
    }
    int exponent = Math.min(MAX_EXPONENT, 63 - Long.numberOfLeadingZeros(us));
    if (exponent == MAX_EXPONENT && (us >> MAX_EXPONENT) > 1) {
      return BUCKETS - 1;
    }
    int sub = (int) ((us >> (exponent - SUB_BITS)) & (SUB - 1));
    return SUB + (exponent - SUB_BITS) * SUB + sub;
  }

  static double midpoint(int index) {
    if (index < SUB) {
      return index;
    }
    int exponent = (index - SUB) / SUB + SUB_BITS;
    int sub = (index - SUB) % SUB;
    long lower = (long) (SUB + sub) << (exponent - SUB_BITS);
    long width = 1L << (exponent - SUB_BITS);
    return lower + (width - 1) / 2.0;
  }
}
