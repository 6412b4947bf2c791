package io.sluice.media.stats;

import io.netty.buffer.ByteBuf;
import io.sluice.media.rtcp.ReportBlock;

/**
 * Reception statistics for one received RTP source (one SSRC), as RFC 3550 Appendix A defines
 * them: sequence-number validation and loss accounting (A.1, A.3), interarrival jitter (A.8), and
 * the LSR/DLSR timing that goes into the reception report block (§6.4.1).
 *
 * <p><b>Sequence numbers (A.1).</b> A new source is on probation until {@link #MIN_SEQUENTIAL}
 * packets with consecutive sequence numbers arrive; the counters start with the last of those.
 * After that, a packet up to {@link #MAX_DROPOUT} ahead of the highest sequence number is in order
 * (a gap is loss), one up to {@link #MAX_MISORDER} behind is a duplicate or reordered packet and
 * is counted as received, and anything else is a jump: it is not counted, unless the very next
 * packet continues from it, in which case the sender is taken to have restarted and all counters
 * start over from that packet. This class follows the A.1 code with one deliberate deviation: the
 * probation check {@code seq == max_seq + 1} is done modulo 2<sup>16</sup>. Read literally in C,
 * {@code max_seq + 1} is promoted to {@code int} and a source whose first two packets straddle the
 * wrap (65535, 0) never leaves probation.
 *
 * <p><b>Loss (A.3).</b> {@link #expected()} is the extended highest sequence number minus the
 * base plus one, {@link #cumulativeLost()} is expected minus received and goes negative with
 * duplicates. The fraction lost covers the interval since the previous report: writing a report
 * block ({@link #writeReportBlock}, {@link #reportBlock}) ends the interval, and
 * {@link #fractionLost()} only looks. The fraction is {@code (lost << 8) / expected}, rounded
 * down, as A.3 computes it: a stream missing one packet in ten reports 25/256, not 26.
 *
 * <p><b>Jitter (A.8).</b> Arrival times are converted to RTP timestamp units of the clock rate
 * given at construction, D is taken between consecutive packets in arrival order (not sequence
 * order, as §6.4.1 specifies), and {@code J += (|D| - J) / 16} is kept in the fixed-point form of
 * A.8 ({@code J} scaled by 16), so that the running value is exact and the report needs no
 * floating point. Packets rejected as jumps do not touch the jitter; probation packets and a restart only
 * set the transit-time reference, because the first difference needs two packets on the same
 * timeline.
 *
 * <p>Not thread-safe: one instance per source, driven by one thread. {@link #onPacket} and
 * {@link #writeReportBlock} do not allocate.
 */
public final class ReceiverStatistics {
  /** Consecutive packets needed before a new source is valid (A.1). */
  public static final int MIN_SEQUENTIAL = 2;
  /** Largest forward jump, in sequence numbers, still taken as loss rather than a jump (A.1). */
  public static final int MAX_DROPOUT = 3000;
  /** Largest step backwards still taken as a reordered or duplicate packet (A.1). */
  public static final int MAX_MISORDER = 100;

  private static final int RTP_SEQ_MOD = 1 << 16;
  private static final int SEQ_MASK = RTP_SEQ_MOD - 1;
  private static final int MAX_FRACTION = 255;
  // The report block's cumulative-lost field is signed 24-bit (RFC 3550 §6.4.1).
  private static final long MAX_CUMULATIVE_LOST = 0x7F_FFFF;
  private static final long MIN_CUMULATIVE_LOST = -0x80_0000;

  // Outcomes of updateSeq.
  private static final int ON_PROBATION = 0;
  private static final int JUMPED = 1;
  private static final int VALID = 2;
  private static final int RESTARTED = 3;

  private final long ssrc;
  private final int clockRate;

  // RFC 3550 A.1 "source" state, with the RFC's names.
  private boolean started;
  private int maxSeq;
  private long cycles;
  private int baseSeq;
  private int badSeq;
  private int probation;
  private long received;
  private long expectedPrior;
  private long receivedPrior;

  // RFC 3550 A.8 state.
  private long arrivalBaseNanos;
  private boolean hasTransit;
  private int transit;
  private long jitterQ4;

  // The last sender report from this source (§6.4.1 LSR and DLSR).
  private long lastSr;
  private long lastSrArrivalNanos;
  private boolean hasSenderReport;

  /**
   * Creates statistics for the source {@code ssrc} whose RTP timestamps run at
   * {@code clockRate} Hz (90000 for video, 48000 for Opus).
   *
   * @throws IllegalArgumentException if {@code clockRate} is not positive
   */
  public ReceiverStatistics(long ssrc, int clockRate) {
    this.ssrc = ssrc & 0xFFFF_FFFFL;
    this.clockRate = RtpClock.checkClockRate(clockRate);
  }

  /** Returns the SSRC this object reports on. */
  public long ssrc() {
    return ssrc;
  }

  /** Returns the RTP clock rate in Hz. */
  public int clockRate() {
    return clockRate;
  }

  /**
   * Records an RTP packet from this source.
   *
   * @param seq the packet's 16-bit sequence number
   * @param rtpTimestamp the packet's 32-bit RTP timestamp
   * @param arrivalTimeNanos local arrival time on a monotonic clock, e.g. {@link System#nanoTime}
   * @return true if A.1 counted the packet as received from a valid source; false while the
   *     source is on probation and for a packet that jumped outside the accepted window
   */
  public boolean onPacket(int seq, long rtpTimestamp, long arrivalTimeNanos) {
    seq &= SEQ_MASK;
    if (!started) {
      started = true;
      arrivalBaseNanos = arrivalTimeNanos;
      initSeq(seq);
      maxSeq = (seq - 1) & SEQ_MASK;
      probation = MIN_SEQUENTIAL;
    }
    int arrival = (int) RtpClock.nanosToUnits(arrivalTimeNanos - arrivalBaseNanos, clockRate);
    int packetTransit = arrival - (int) rtpTimestamp; // 32-bit wrap, as the A.8 code
    switch (updateSeq(seq)) {
      case VALID -> {
        if (hasTransit) {
          long d = Math.abs((long) (packetTransit - transit));
          jitterQ4 += d - ((jitterQ4 + 8) >> 4);
        }
        setTransit(packetTransit);
        return true;
      }
      case RESTARTED -> {
        setTransit(packetTransit);
        return true;
      }
      case ON_PROBATION -> {
        setTransit(packetTransit);
        return false;
      }
      default -> {
        return false; // JUMPED
      }
    }
  }

  /**
   * Records a sender report (RTCP SR) from this source: keeps the middle 32 bits of its NTP
   * timestamp as the next LSR and its arrival time for the DLSR.
   *
   * @param ntpTimestamp the SR's 64-bit NTP timestamp
   * @param arrivalNanos local arrival time, on the clock {@link #writeReportBlock} gets
   */
  public void onSenderReport(long ntpTimestamp, long arrivalNanos) {
    lastSr = NtpTime.compact(ntpTimestamp);
    lastSrArrivalNanos = arrivalNanos;
    hasSenderReport = true;
  }

  /** Returns true once the source has passed probation (A.1). */
  public boolean isValid() {
    return started && probation == 0;
  }

  /** Returns the extended highest sequence number received: cycles in the high bits (A.1). */
  public long extendedHighestSeq() {
    return cycles + maxSeq;
  }

  /** Returns the number of packets expected (A.3), 0 before the source is valid. */
  public long expected() {
    return isValid() ? extendedHighestSeq() - baseSeq + 1 : 0;
  }

  /** Returns the number of packets received, duplicates included (A.1, A.3). */
  public long received() {
    return received;
  }

  /** Returns expected minus received (A.3): negative when duplicates outnumber losses. */
  public long cumulativeLost() {
    return expected() - received;
  }

  /**
   * Returns the fraction lost since the last report as 8-bit fixed point (A.3), without ending
   * the interval.
   */
  public int fractionLost() {
    long expectedInterval = expected() - expectedPrior;
    long lostInterval = expectedInterval - (received - receivedPrior);
    if (expectedInterval <= 0 || lostInterval <= 0) {
      return 0;
    }
    // A.3 computes (lost_interval << 8) / expected_interval; lost < expected whenever a packet
    // arrived in the interval, but clamp so the 8-bit field can never wrap to 0.
    return (int) Math.min(MAX_FRACTION, (lostInterval << 8) / expectedInterval);
  }

  /** Returns the interarrival jitter in RTP timestamp units, as the report block carries it. */
  public long jitter() {
    return jitterQ4 >> 4;
  }

  /** Returns the interarrival jitter in seconds, with the fixed-point fraction kept. */
  public double jitterSeconds() {
    return jitterQ4 / 16.0 / clockRate;
  }

  /** Returns the LSR: the compact NTP timestamp of the last sender report, or 0 if none. */
  public long lastSr() {
    return hasSenderReport ? lastSr : 0;
  }

  /**
   * Returns the DLSR at {@code nowNanos}: the time since the last sender report arrived, in
   * 1/65536 s, clamped to 32 bits; 0 if there was none.
   */
  public long delaySinceLastSr(long nowNanos) {
    return hasSenderReport ? NtpTime.nanosToCompact(nowNanos - lastSrArrivalNanos) : 0;
  }

  /**
   * Writes the reception report block for this source at the writer index of {@code out}, and
   * starts a new fraction-lost interval. Borrows {@code out}; allocation-free. Callers normally
   * report only sources for which {@link #isValid()} holds.
   *
   * @param nowNanos the current time, on the clock passed to {@link #onSenderReport}
   */
  public void writeReportBlock(ByteBuf out, long nowNanos) {
    int fraction = closeInterval();
    ReportBlock.write(out, ssrc, fraction, clampedCumulativeLost(),
        extendedHighestSeq() & 0xFFFF_FFFFL, jitter(), lastSr(), delaySinceLastSr(nowNanos));
  }

  /**
   * Returns the reception report block for this source, with the values as they go on the wire
   * (cumulative loss saturated to 24 bits, extended sequence number to 32), and starts a new
   * fraction-lost interval. Allocates the record; the packet path uses {@link #writeReportBlock}.
   */
  public ReportBlock reportBlock(long nowNanos) {
    int fraction = closeInterval();
    return new ReportBlock(ssrc, fraction, clampedCumulativeLost(),
        extendedHighestSeq() & 0xFFFF_FFFFL, jitter(), lastSr(), delaySinceLastSr(nowNanos));
  }

  @Override
  public String toString() {
    return "ReceiverStatistics{ssrc=" + ssrc + ", valid=" + isValid() + ", expected=" + expected()
        + ", received=" + received + ", lost=" + cumulativeLost() + ", extHighestSeq="
        + extendedHighestSeq() + ", jitter=" + jitter() + "}";
  }

  /** A.3: the fraction for the interval now ending, then moves the priors up. */
  private int closeInterval() {
    int fraction = fractionLost();
    expectedPrior = expected();
    receivedPrior = received;
    return fraction;
  }

  /** The cumulative loss as the 24-bit field can carry it, saturating rather than wrapping. */
  private int clampedCumulativeLost() {
    return (int) Math.max(MIN_CUMULATIVE_LOST, Math.min(MAX_CUMULATIVE_LOST, cumulativeLost()));
  }

  private void setTransit(int packetTransit) {
    transit = packetTransit;
    hasTransit = true;
  }

  /** RFC 3550 A.1 init_seq. */
  private void initSeq(int seq) {
    baseSeq = seq;
    maxSeq = seq;
    badSeq = RTP_SEQ_MOD + 1; // so seq == badSeq is false
    cycles = 0;
    received = 0;
    receivedPrior = 0;
    expectedPrior = 0;
  }

  /** RFC 3550 A.1 update_seq, returning why a packet was or was not counted. */
  private int updateSeq(int seq) {
    // A.1 works with the unsigned 16-bit forward distance (u_int16 udelta = seq - max_seq), not
    // the signed distance SequenceMath gives: its three windows (dropout, jump, misorder) are
    // ranges of that unsigned value.
    int udelta = (seq - maxSeq) & SEQ_MASK;
    if (probation > 0) {
      if (udelta == 1) { // seq == max_seq + 1, modulo 2^16 (see the class comment)
        probation--;
        maxSeq = seq;
        if (probation == 0) {
          initSeq(seq);
          received++;
          return VALID;
        }
      } else {
        probation = MIN_SEQUENTIAL - 1;
        maxSeq = seq;
      }
      return ON_PROBATION;
    } else if (udelta < MAX_DROPOUT) {
      // In order, with a permissible gap. Moving forward past 65535 is a new cycle; this is the
      // RFC's "seq < max_seq" test written as arithmetic on the forward distance.
      if (maxSeq + udelta >= RTP_SEQ_MOD) {
        cycles += RTP_SEQ_MOD;
      }
      maxSeq = seq;
    } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
      // The sequence number made a very large jump.
      if (seq == badSeq) {
        // Two sequential packets: assume the other side restarted without telling us, so
        // re-sync as if this were the first packet.
        initSeq(seq);
        received++;
        return RESTARTED;
      }
      badSeq = (seq + 1) & SEQ_MASK;
      return JUMPED;
    }
    // else: duplicate or reordered packet, counted as received.
    received++;
    return VALID;
  }
}
