package io.sluice.media.rtp;

/**
 * Unwraps a stream of 32-bit RTP timestamps into 64-bit extended timestamps. Older timestamps
 * (B-frames, reordering) unwrap below the highest seen and do not move it back. Not thread-safe.
 */
public final class TimestampUnwrapper {
  private long highest = -1;

  /** Returns the extended value of {@code ts} and advances the highest value if it is later. */
  public long unwrap(long ts) {
    if (highest < 0) {
      highest = ts & 0xFFFF_FFFFL;
      return highest;
    }
    long ext = SequenceMath.unwrapTs(highest, ts);
    if (ext > highest) {
      highest = ext;
    }
    return ext;
  }

  /** Returns the highest extended timestamp seen, or -1 before the first packet. */
  public long highest() {
    return highest;
  }

  /** Forgets all state. */
  public void reset() {
    highest = -1;
  }
}
