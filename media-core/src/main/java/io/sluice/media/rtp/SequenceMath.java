package io.sluice.media.rtp;

/**
 * RTP sequence-number and timestamp arithmetic (RFC 3550 §5.1, Appendix A.1), defined once and
 * used everywhere. Never compare two sequence numbers or timestamps with a raw {@code <}.
 *
 * <p>Sequence numbers are 16-bit and timestamps 32-bit unsigned counters that wrap. Two values are
 * compared by the sign of their shortest signed distance: {@code b} is newer than {@code a} when
 * {@code b - a}, taken modulo 2<sup>16</sup> (or 2<sup>32</sup>), lies in the first half of the
 * range. A distance of exactly half the range is ambiguous; like mediasoup and Pion, this class
 * treats it as "newer" for the value with the larger raw number, so the order stays total and
 * antisymmetric.
 *
 * <p>Arguments are masked, so callers can pass an {@code int} read from a packet without masking.
 * Extended (unwrapped) values are {@code long}s: the low 16 (or 32) bits are the wire value and the
 * high bits count cycles.
 */
public final class SequenceMath {
  /** Number of distinct 16-bit sequence numbers. */
  public static final int SEQ_MOD = 1 << 16;
  /** Number of distinct 32-bit timestamps. */
  public static final long TS_MOD = 1L << 32;

  private static final int SEQ_MASK = 0xFFFF;
  private static final long TS_MASK = 0xFFFF_FFFFL;

  private SequenceMath() {}

  /**
   * Returns the signed distance from {@code from} to {@code to} in [-32768, 32767]: positive when
   * {@code to} is newer. {@code seqDelta(65535, 0) == 1}.
   */
  public static int seqDelta(int from, int to) {
    return (short) ((to - from) & SEQ_MASK);
  }

  /** Returns true if {@code a} is newer than {@code b} (after wrap-around). */
  public static boolean isSeqNewer(int a, int b) {
    int d = ((a & SEQ_MASK) - (b & SEQ_MASK)) & SEQ_MASK;
    if (d == 0x8000) {
      return (a & SEQ_MASK) > (b & SEQ_MASK);
    }
    return d != 0 && d < 0x8000;
  }

  /** Returns true if {@code a} is newer than or equal to {@code b}. */
  public static boolean isSeqNewerOrEqual(int a, int b) {
    return ((a ^ b) & SEQ_MASK) == 0 || isSeqNewer(a, b);
  }

  /** Compares two sequence numbers in wrap-around order, like {@link java.util.Comparator}. */
  public static int compareSeq(int a, int b) {
    if (((a ^ b) & SEQ_MASK) == 0) {
      return 0;
    }
    return isSeqNewer(a, b) ? 1 : -1;
  }

  /** Returns {@code seq + n} modulo 2<sup>16</sup>; {@code n} may be negative. */
  public static int seqAdd(int seq, int n) {
    return (seq + n) & SEQ_MASK;
  }

  /**
   * Returns the signed distance from {@code from} to {@code to} in [-2<sup>31</sup>,
   * 2<sup>31</sup>-1]: positive when {@code to} is later.
   */
  public static int tsDelta(long from, long to) {
    return (int) (to - from);
  }

  /** Returns true if timestamp {@code a} is later than {@code b} (after wrap-around). */
  public static boolean isTsNewer(long a, long b) {
    long d = (a - b) & TS_MASK;
    if (d == 0x8000_0000L) {
      return (a & TS_MASK) > (b & TS_MASK);
    }
    return d != 0 && d < 0x8000_0000L;
  }

  /** Compares two RTP timestamps in wrap-around order, like {@link java.util.Comparator}. */
  public static int compareTs(long a, long b) {
    if (((a ^ b) & TS_MASK) == 0) {
      return 0;
    }
    return isTsNewer(a, b) ? 1 : -1;
  }

  /** Returns {@code ts + n} modulo 2<sup>32</sup>, as an unsigned value in a {@code long}. */
  public static long tsAdd(long ts, long n) {
    return (ts + n) & TS_MASK;
  }

  /**
   * Unwraps a 16-bit sequence number to the extended value nearest to {@code referenceExtended}
   * (RFC 3550 A.1). Use the highest extended value seen so far as the reference. The result is
   * never negative: a value that would unwrap below zero stays in cycle 0.
   */
  public static long unwrapSeq(long referenceExtended, int seq) {
    long ref = referenceExtended;
    long candidate = (ref & ~(long) SEQ_MASK) | (seq & SEQ_MASK);
    long delta = candidate - ref;
    if (delta > 0x8000 && candidate >= SEQ_MOD) {
      candidate -= SEQ_MOD;
    } else if (delta < -0x8000) {
      candidate += SEQ_MOD;
    }
    return candidate;
  }

  /**
   * Unwraps a 32-bit timestamp to the extended value nearest to {@code referenceExtended}. The
   * result is never negative.
   */
  public static long unwrapTs(long referenceExtended, long ts) {
    long candidate = (referenceExtended & ~TS_MASK) | (ts & TS_MASK);
    long delta = candidate - referenceExtended;
    if (delta > 0x8000_0000L && candidate >= TS_MOD) {
      candidate -= TS_MOD;
    } else if (delta < -0x8000_0000L) {
      candidate += TS_MOD;
    }
    return candidate;
  }
}
