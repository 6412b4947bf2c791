package io.sluice.media.rtp;

/**
 * Unwraps a stream of 16-bit RTP sequence numbers into 64-bit extended sequence numbers
 * (RFC 3550 A.1). Reordered (older) packets unwrap to values below the highest seen so far and do
 * not move it back. Not thread-safe: one instance per stream, used by one thread.
 */
public final class SequenceUnwrapper {
  private long highest = -1;

  /** Returns the extended value of {@code seq} and advances the highest value if it is newer. */
  public long unwrap(int seq) {
    if (highest < 0) {
      highest = seq & 0xFFFF;
      return highest;
    }
    long ext = SequenceMath.unwrapSeq(highest, seq);
    if (ext > highest) {
      highest = ext;
    }
    return ext;
  }

  /** Returns the extended value {@code seq} would unwrap to, without changing state. */
  public long peek(int seq) {
    return highest < 0 ? (seq & 0xFFFF) : SequenceMath.unwrapSeq(highest, seq);
  }

  /** Returns the highest extended sequence number seen, or -1 before the first packet. */
  public long highest() {
    return highest;
  }

  /** Forgets all state, as for a new stream. */
  public void reset() {
    highest = -1;
  }
}
