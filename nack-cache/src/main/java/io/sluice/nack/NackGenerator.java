package io.sluice.nack;

import io.sluice.media.rtp.SequenceUnwrapper;

/**
 * Upstream repair on a publisher leg (WHIP ingest, relay from an origin): detects gaps in the
 * received sequence numbers and produces the lost ones in batches for generic NACKs (RFC 4585
 * §6.2.1), retrying each after one RTT up to a limit. After mediasoup's {@code NackGenerator}.
 *
 * <p><b>Use.</b> Call {@link #onReceived} for every RTP packet of the stream (retransmissions
 * included, with their original sequence number). When it returns true, or on a timer every
 * {@link #TIMER_INTERVAL_NANOS}, call {@link #poll} and, if it returns n &gt; 0, write a NACK with
 * {@code TransportLayerNack.write(out, sender, media, batch, 0, n)}.
 *
 * <p><b>Bounds and overflow policy.</b>
 * <ul>
 *   <li>At most {@link #MAX_NACK_PACKETS} missing packets are tracked. A gap that would push the
 *       list past it drops the oldest entries (counted) and asks for a keyframe.
 *   <li>A packet missing for more than {@link #MAX_PACKET_AGE} sequence numbers behind the newest
 *       is given up (counted).
 *   <li>A packet NACKed {@link #MAX_RETRIES} times is given up (counted).
 *   <li>A jump of more than {@link #MAX_JUMP} sequence numbers, forward or back, is a restarted
 *       stream: the list is cleared and a keyframe requested.
 * </ul>
 *
 * <p><b>Timing.</b> A new gap is due at once; after that an entry is due again one RTT (at least
 * {@link #MIN_RETRY_INTERVAL_NANOS}) after it was last NACKed. The RTT defaults to
 * {@link #DEFAULT_RTT_NANOS} until {@link #setRoundTripNanos} is called.
 *
 * <p>Not thread-safe. Allocation-free per packet and per poll: the list is three preallocated
 * parallel arrays kept sorted by extended sequence number.
 */
public final class NackGenerator {
  /** Most missing packets tracked (mediasoup: MaxNackPackets = 1000). */
  public static final int MAX_NACK_PACKETS = 1000;
  /** Missing packets further than this behind the newest are given up (mediasoup: 10000). */
  public static final int MAX_PACKET_AGE = 10_000;
  /** NACKs per missing packet before giving up (mediasoup: MaxNackRetries = 10). */
  public static final int MAX_RETRIES = 10;
  /** A sequence jump beyond this is a restarted stream (RFC 3550 A.1 MAX_DROPOUT). */
  public static final int MAX_JUMP = 3000;
  /** RTT assumed until one is known: 100 ms. */
  public static final long DEFAULT_RTT_NANOS = 100_000_000L;
  /** Shortest retry interval: 20 ms. */
  public static final long MIN_RETRY_INTERVAL_NANOS = 20_000_000L;
  /** Suggested timer period for {@link #poll}: 40 ms (mediasoup: TimerInterval). */
  public static final long TIMER_INTERVAL_NANOS = 40_000_000L;

  /** Receives requests for a keyframe from the publisher. */
  @FunctionalInterface
  public interface Listener {
    /** Packets were lost beyond repair: ask the publisher for a keyframe. */
    void onKeyframeNeeded(long nowNanos);
  }

  private final Listener listener;
  private final SequenceUnwrapper unwrapper = new SequenceUnwrapper();
  private final long[] missing = new long[MAX_NACK_PACKETS];
  private final long[] lastNacked = new long[MAX_NACK_PACKETS];
  private final int[] retries = new int[MAX_NACK_PACKETS];
  private int count;
  private long rttNanos = DEFAULT_RTT_NANOS;

  private long lost;
  private long recovered;
  private long givenUpAge;
  private long givenUpRetries;
  private long overflowed;
  private long resets;
  private long nacksSent;

  /** Creates a generator. */
  public NackGenerator(Listener listener) {
    this.listener = listener;
  }

  /**
   * Feeds a received packet's sequence number.
   *
   * @return true if new losses were detected, so a NACK is due now
   */
  public boolean onReceived(int seq, long nowNanos) {
    long highest = unwrapper.highest();
    if (highest < 0) {
      unwrapper.unwrap(seq);
      return false;
    }
    long ext = unwrapper.peek(seq);
    if (Math.abs(ext - highest) > MAX_JUMP) {
      resets++;
      count = 0;
      unwrapper.reset();
      unwrapper.unwrap(seq);
      listener.onKeyframeNeeded(nowNanos);
      return false;
    }
    unwrapper.unwrap(seq);
    if (ext <= highest) {
      // Late or retransmitted: recovered if we were waiting for it; otherwise a duplicate.
      int i = indexOf(ext);
      if (i >= 0) {
        remove(i, 1);
        recovered++;
      }
      return false;
    }
    if (ext == highest + 1) {
      dropTooOld(ext);
      return false;
    }
    long first = highest + 1;
    long gap = ext - first;
    lost += gap;
    boolean keyframe = false;
    if (gap > MAX_NACK_PACKETS) {
      first = ext - MAX_NACK_PACKETS;
      overflowed += gap - MAX_NACK_PACKETS;
      gap = MAX_NACK_PACKETS;
      keyframe = true;
    }
    int overflow = (int) (count + gap - MAX_NACK_PACKETS);
    if (overflow > 0) {
      remove(0, overflow);
      overflowed += overflow;
      keyframe = true;
    }
    if (keyframe) {
      listener.onKeyframeNeeded(nowNanos);
    }
    for (long s = first; s < ext; s++) {
      missing[count] = s;
      lastNacked[count] = Long.MIN_VALUE;
      retries[count] = 0;
      count++;
    }
    dropTooOld(ext);
    return true;
  }

  /**
   * Collects the sequence numbers due for a NACK into {@code batch}, marks them NACKed at
   * {@code nowNanos}, and gives up on those that reached {@link #MAX_RETRIES}.
   *
   * @param batch receives 16-bit sequence numbers in ascending (wrap) order
   * @return how many were written; at most {@code batch.length}
   */
  public int poll(long nowNanos, int[] batch) {
    long interval = Math.max(MIN_RETRY_INTERVAL_NANOS, rttNanos);
    int n = 0;
    int kept = 0;
    for (int i = 0; i < count; i++) {
      boolean due = lastNacked[i] == Long.MIN_VALUE || nowNanos - lastNacked[i] >= interval;
      if (due && retries[i] >= MAX_RETRIES) {
        givenUpRetries++;
        continue;
      }
      if (due && n < batch.length) {
        batch[n++] = (int) (missing[i] & 0xFFFF);
        lastNacked[i] = nowNanos;
        retries[i]++;
      }
      missing[kept] = missing[i];
      lastNacked[kept] = lastNacked[i];
      retries[kept] = retries[i];
      kept++;
    }
    count = kept;
    nacksSent += n;
    return n;
  }

  /** Sets the RTT of the publisher leg, which sets the retry interval. */
  public void setRoundTripNanos(long rttNanos) {
    this.rttNanos = rttNanos;
  }

  private void dropTooOld(long newest) {
    int n = 0;
    while (n < count && missing[n] < newest - MAX_PACKET_AGE) {
      n++;
    }
    if (n > 0) {
      remove(0, n);
      givenUpAge += n;
    }
  }

  private int indexOf(long ext) {
    int lo = 0;
    int hi = count - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long v = missing[mid];
      if (v < ext) {
        lo = mid + 1;
      } else if (v > ext) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  private void remove(int from, int n) {
    int tail = count - from - n;
    System.arraycopy(missing, from + n, missing, from, tail);
    System.arraycopy(lastNacked, from + n, lastNacked, from, tail);
    System.arraycopy(retries, from + n, retries, from, tail);
    count -= n;
  }

  /** Missing packets being tracked. */
  public int missingCount() {
    return count;
  }

  /** Returns true if the extended-order sequence number {@code seq} is being tracked as missing. */
  public boolean isMissing(int seq) {
    return unwrapper.highest() >= 0 && indexOf(unwrapper.peek(seq)) >= 0;
  }

  /** Packets found missing (gaps), in all. */
  public long lostCount() {
    return lost;
  }

  /** Missing packets that arrived later (reordered or retransmitted). */
  public long recoveredCount() {
    return recovered;
  }

  /** Missing packets given up because they fell {@link #MAX_PACKET_AGE} behind. */
  public long givenUpByAgeCount() {
    return givenUpAge;
  }

  /** Missing packets given up after {@link #MAX_RETRIES} NACKs. */
  public long givenUpByRetriesCount() {
    return givenUpRetries;
  }

  /** Missing packets dropped because the list was full. */
  public long overflowCount() {
    return overflowed;
  }

  /** Stream restarts (jumps beyond {@link #MAX_JUMP}). */
  public long resetCount() {
    return resets;
  }

  /** Sequence numbers put in NACK batches, retries included. */
  public long nackedCount() {
    return nacksSent;
  }
}
