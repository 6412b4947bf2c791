package io.sluice.media.stats;

import io.sluice.media.rtcp.ReportBlock;

/**
 * Round-trip time from a reception report (RFC 3550 §6.4.1): when a report block about one of our
 * streams arrives at compact NTP time A, the round trip is {@code A - LSR - DLSR}, all in compact
 * NTP units of 1/65536 s. The RFC's worked example:
 *
 * <pre>
 *   A     0xb710:8000 (46864.500 s)
 *   DLSR -0x0005:4000 (    5.250 s)
 *   LSR  -0xb705:2000 (46853.125 s)
 *   -------------------------------
 *   delay 0x0006:2000 (    6.125 s)
 * </pre>
 *
 * The subtraction is done modulo 2<sup>32</sup>, so it survives the compact clock wrapping every
 * 18.2 hours. The result is {@link #UNKNOWN} when the remote side has not received a sender report
 * from us yet (LSR = 0, as the RFC specifies) or when it comes out negative, which means clock
 * error or a report that does not belong to our last SR.
 */
public final class RoundTripTime {
  /** Result when no round-trip time can be computed. */
  public static final long UNKNOWN = -1;

  private static final long NANOS_PER_MILLI = 1_000_000L;

  private RoundTripTime() {}

  /**
   * Returns the round-trip time in compact NTP units (1/65536 s), or {@link #UNKNOWN}.
   *
   * @param arrivalCompactNtp compact NTP time (middle 32 bits) at which the report arrived
   * @param lastSr the report block's LSR field
   * @param delaySinceLastSr the report block's DLSR field
   */
  public static long compact(long arrivalCompactNtp, long lastSr, long delaySinceLastSr) {
    if (lastSr == 0) {
      return UNKNOWN;
    }
    int rtt = (int) (arrivalCompactNtp - lastSr - delaySinceLastSr);
    return rtt < 0 ? UNKNOWN : rtt;
  }

  /** Returns the round-trip time in nanoseconds, or {@link #UNKNOWN}. */
  public static long nanos(long arrivalCompactNtp, long lastSr, long delaySinceLastSr) {
    long rtt = compact(arrivalCompactNtp, lastSr, delaySinceLastSr);
    return rtt == UNKNOWN ? UNKNOWN : NtpTime.compactToNanos(rtt);
  }

  /** Returns the round-trip time in milliseconds, rounded down, or {@link #UNKNOWN}. */
  public static long millis(long arrivalCompactNtp, long lastSr, long delaySinceLastSr) {
    long rtt = nanos(arrivalCompactNtp, lastSr, delaySinceLastSr);
    return rtt == UNKNOWN ? UNKNOWN : rtt / NANOS_PER_MILLI;
  }

  /**
   * Returns the round-trip time in nanoseconds for a report block that arrived at the 64-bit NTP
   * time {@code arrivalNtpTimestamp}, or {@link #UNKNOWN}.
   */
  public static long nanos(ReportBlock block, long arrivalNtpTimestamp) {
    return nanos(NtpTime.compact(arrivalNtpTimestamp), block.lastSr(), block.delaySinceLastSr());
  }
}
