package io.sluice.media.routing;

import io.sluice.media.rtp.SequenceMath;

/**
 * Per-subscriber RTP sequencing: maps each forwarded packet's sequence number and timestamp into
 * a continuous output space of the subscriber's own (RFC 3550 §5.1 requires both to advance
 * without gaps the receiver would read as loss, and timestamps never to jump back).
 *
 * <p>The output stays continuous when:
 * <ul>
 *   <li>the source changes: a publisher reconnects or is replaced (failover), or the node switches
 *       sources. Video rebases only at a keyframe; packets of the new source before its first
 *       keyframe are dropped, and the caller asks that source for a keyframe. The timestamp moves on
 *       by the wall-clock time since the last packet sent, so it stays monotonic and plausible;
 *   <li>the source's own sequence jumps by more than {@link #MAX_JUMP} (a restarted encoder that
 *       kept its SSRC): handled like a source change;
 *   <li>the node drops a packet on purpose for this subscriber ({@link #dropLast()}): later
 *       packets close the gap.
 * </ul>
 *
 * <p>This is mediasoup's {@code SeqManager} idea with Jitsi's keyframe-gated switch. Out-of-order
 * packets of the current source map through the same offsets; packets older than the last rebase
 * cannot be mapped and are dropped.
 *
 * <p>Not thread-safe: one instance per subscriber and track, used on that subscriber's event loop.
 * Allocation-free.
 */
public final class RtpSequencer {

  /** A sequence jump larger than this (RFC 3550 A.1's MAX_DROPOUT) is treated as a new source. */
  public static final int MAX_JUMP = 3000;

  private static final long EXT_ORIGIN = 1L << 32;

  /** The outcome of {@link #map}. */
  public enum Decision {
    /** Forward the packet with {@link #outSequence()} and {@link #outTimestamp()}. */
    FORWARD,
    /** Drop: a new source has not sent its keyframe yet; ask it for one. */
    DROP_AWAITING_KEYFRAME,
    /** Drop: the packet is older than the last rebase and cannot be mapped. */
    DROP_TOO_OLD
  }

  private final long clockRate;
  private final boolean keyframeGated;

  private boolean started;
  private boolean awaitingKeyframe = true;
  private long sourceSsrc = -1;
  private int seqOffset;
  private long tsOffset;
  /**
   * Extended (unwrapped) input sequence numbers: the first one after the last rebase (older ones
   * cannot be mapped) and the highest one seen. They start at {@link #EXT_ORIGIN} so that packets
   * from before the rebase unwrap below the base instead of clamping at zero.
   */
  private long baseInExt;
  private long highestInExt;

  private int lastOutSeq;
  private long lastOutTs;
  private long lastOutNanos;
  private boolean lastMappedWasNewest;

  private int outSeq;
  private long outTs;

  /**
   * Creates a sequencer.
   *
   * @param clockRate the RTP clock rate of the track (90000 for video, 48000 for Opus)
   * @param keyframeGated true for video: rebase only at keyframes; false for audio, where every
   *     packet is a valid switching point
   * @param initialSeq the first output sequence number (RFC 3550 recommends a random one)
   * @param initialTimestamp the first output timestamp (likewise random)
   */
  public RtpSequencer(int clockRate, boolean keyframeGated, int initialSeq, long initialTimestamp) {
    if (clockRate <= 0) {
      throw new IllegalArgumentException("clockRate: " + clockRate + " (expected: > 0)");
    }
    this.clockRate = clockRate;
    this.keyframeGated = keyframeGated;
    // The packet before the first one: the first rebase continues from here.
    this.lastOutSeq = SequenceMath.seqAdd(initialSeq, -1);
    this.lastOutTs = initialTimestamp & 0xFFFF_FFFFL;
  }

  /**
   * Maps one packet of the source {@code ssrc}.
   *
   * @param ssrc the source SSRC of the packet
   * @param seq its sequence number
   * @param timestamp its RTP timestamp
   * @param keyframe whether it starts a keyframe (ignored when not keyframe-gated)
   * @param nowNanos a monotonic clock reading ({@link System#nanoTime()})
   * @return whether to forward it; when {@link Decision#FORWARD}, read the rewritten values from
   *     {@link #outSequence()} and {@link #outTimestamp()}
   */
  public Decision map(long ssrc, int seq, long timestamp, boolean keyframe, long nowNanos) {
    seq &= 0xFFFF;
    timestamp &= 0xFFFF_FFFFL;
    boolean switchPoint = keyframe || !keyframeGated;
    if (!awaitingKeyframe && ssrc == sourceSsrc
        && Math.abs(SequenceMath.unwrapSeq(highestInExt, seq) - highestInExt) > MAX_JUMP) {
      awaitingKeyframe = true;
    }
    if (awaitingKeyframe || ssrc != sourceSsrc) {
      if (!switchPoint) {
        awaitingKeyframe = true;
        lastMappedWasNewest = false;
        return Decision.DROP_AWAITING_KEYFRAME;
      }
      rebase(ssrc, seq, timestamp, nowNanos);
    }
    long ext = SequenceMath.unwrapSeq(highestInExt, seq);
    if (ext < baseInExt) {
      lastMappedWasNewest = false;
      return Decision.DROP_TOO_OLD;
    }
    if (ext > highestInExt) {
      highestInExt = ext;
    }
    outSeq = (seq + seqOffset) & 0xFFFF;
    outTs = (timestamp + tsOffset) & 0xFFFF_FFFFL;
    lastMappedWasNewest = SequenceMath.isSeqNewer(outSeq, lastOutSeq);
    if (lastMappedWasNewest) {
      lastOutSeq = outSeq;
      if (SequenceMath.isTsNewer(outTs, lastOutTs) || !started) {
        lastOutTs = outTs;
      }
      lastOutNanos = nowNanos;
    }
    started = true;
    return Decision.FORWARD;
  }

  private void rebase(long ssrc, int seq, long timestamp, long nowNanos) {
    int nextSeq = SequenceMath.seqAdd(lastOutSeq, 1);
    long nextTs;
    if (!started) {
      nextTs = lastOutTs;
    } else {
      // Advance by the wall-clock gap (at least one tick) so timestamps stay monotonic and keep
      // their meaning for the receiver's jitter buffer.
      long elapsed = Math.max(0, nowNanos - lastOutNanos);
      long ticks = Math.max(1, elapsed * clockRate / 1_000_000_000L);
      nextTs = SequenceMath.tsAdd(lastOutTs, ticks);
    }
    seqOffset = (nextSeq - seq) & 0xFFFF;
    tsOffset = (nextTs - timestamp) & 0xFFFF_FFFFL;
    sourceSsrc = ssrc;
    baseInExt = EXT_ORIGIN + seq;
    highestInExt = baseInExt;
    awaitingKeyframe = false;
  }

  /**
   * Tells the sequencer that the node dropped, on purpose, the packet it just mapped (for example
   * a layer this subscriber does not receive). If that packet was the newest so far, later packets
   * move back by one so the subscriber sees no gap. Packets mapped before this one keep their
   * numbers.
   */
  public void dropLast() {
    if (lastMappedWasNewest) {
      seqOffset = (seqOffset - 1) & 0xFFFF;
      lastOutSeq = SequenceMath.seqAdd(lastOutSeq, -1);
      lastMappedWasNewest = false;
    }
  }

  /**
   * Expects a new source: the next packet rebases (for video, at the next keyframe), even if it
   * carries the same SSRC as before, as when a publisher reconnects.
   */
  public void switchSource() {
    awaitingKeyframe = true;
  }

  /** Returns true until the first packet of the current source has been mapped. */
  public boolean isAwaitingKeyframe() {
    return awaitingKeyframe;
  }

  /** The rewritten sequence number of the packet last forwarded. */
  public int outSequence() {
    return outSeq;
  }

  /** The rewritten timestamp of the packet last forwarded. */
  public long outTimestamp() {
    return outTs;
  }

  /** The highest output sequence number sent so far. */
  public int lastOutSequence() {
    return lastOutSeq;
  }

  /** The highest output timestamp sent so far. */
  public long lastOutTimestamp() {
    return lastOutTs;
  }

  /**
   * Maps an input sequence number of the current source to the output space, or returns -1 if it
   * precedes the last rebase. The NACK path uses this to find what a subscriber's lost packet was.
   */
  public int toOutput(int inSeq) {
    if (!started || SequenceMath.unwrapSeq(highestInExt, inSeq) < baseInExt) {
      return -1;
    }
    return (inSeq + seqOffset) & 0xFFFF;
  }

  /**
   * Maps an output sequence number back to the current source's input space, or returns -1 if it
   * precedes the last rebase (so the packet belongs to an earlier source or offset).
   */
  public int toInput(int outSeq) {
    if (!started) {
      return -1;
    }
    int in = (outSeq - seqOffset) & 0xFFFF;
    long ext = SequenceMath.unwrapSeq(highestInExt, in);
    return ext < baseInExt || ext > highestInExt ? -1 : in;
  }

  /** The current sequence offset (output minus input, modulo 2<sup>16</sup>). */
  public int sequenceOffset() {
    return seqOffset;
  }

  /** The current timestamp offset (output minus input, modulo 2<sup>32</sup>). */
  public long timestampOffset() {
    return tsOffset;
  }
}
