package io.sluice.nack;

import io.sluice.media.rtp.SequenceUnwrapper;
import java.util.Arrays;

/**
 * What one subscriber was sent on one outgoing SSRC in the last second: the per-subscriber half of
 * NACK serving (RFC 4585 §6.2.1). Metadata only: the packet bytes stay in the track's
 * {@link SharedTrackRing}, referenced by key.
 *
 * <p><b>Layout.</b> Parallel primitive arrays indexed by the extended outgoing sequence number
 * modulo a power-of-two capacity, {@value #BYTES_PER_ENTRY} bytes per packet (the target
 * is ≤ 32): outgoing sequence tag (int, 4), outgoing timestamp (int, 4), ring key (long, 8), send
 * time (long, 8), last resend as microseconds after the send (int, 4), resend count (byte, 1). No
 * per-entry objects. The arrays exist only while the cache is {@linkplain #activate active}: an
 * inactive cache holds 0 bytes of them ({@link #memoryBytes()}).
 *
 * <p><b>Bounds.</b> Age: an entry older than {@code maxAgeNanos} (default
 * {@link #DEFAULT_MAX_AGE_NANOS}, 1000 ms) is never found. Count: the capacity is fixed at
 * activation from the expected packet count in the window (normally the track ring's
 * {@link SharedTrackRing#capacity()}, which follows the observed rate), clamped to
 * [{@link #MIN_CAPACITY}, {@link #MAX_CAPACITY}]. Overflow policy: a new entry overwrites the one a
 * capacity behind it, whatever its age (the count bound wins). Entries are overwritten, never
 * released: there is nothing to release.
 *
 * <p><b>Before activation.</b> A cache that is off still follows, in a few scalar fields, the
 * offset between outgoing sequence numbers and ring keys (and between outgoing and source
 * timestamps), and from which outgoing packet that offset has held. {@link #mappedSourceKey}
 * uses it to serve a NACK for a packet sent while the cache was off, or before it was switched
 * on: any rebase, source switch or deliberate drop changes the offset and so invalidates the
 * mapping for earlier packets. This is exact where {@code RtpSequencer.toInput} would be wrong
 * across a {@code dropLast}.
 *
 * <p>Not thread-safe: one instance per subscriber and outgoing SSRC, on that subscriber's event
 * loop. {@link #onSent}, {@link #find} and the accessors never allocate; {@link #activate} does.
 */
public final class RetransmitCache {
  /** Default age bound: the one-second window. */
  public static final long DEFAULT_MAX_AGE_NANOS = 1_000_000_000L;
  /** Smallest capacity. */
  public static final int MIN_CAPACITY = 64;
  /** Hard cap on the capacity (mediasoup keeps at most 2500 items; this is the next power of 2). */
  public static final int MAX_CAPACITY = 4096;
  /** Array payload bytes per cached packet. */
  public static final int BYTES_PER_ENTRY = 4 + 4 + 8 + 8 + 4 + 1;
  /** Returned by {@link #find} and {@link #mappedSourceKey} when there is nothing to serve. */
  public static final int NOT_FOUND = -1;

  private static final long NANOS_PER_MICRO = 1000;

  private final long maxAgeNanos;
  private final SequenceUnwrapper outUnwrapper = new SequenceUnwrapper();

  // Always kept (a few scalars): the mapping for packets not in the arrays.
  private long keyMinusOut;
  private long tsOffset;
  private long offsetValidFromOut = Long.MAX_VALUE;

  // Only while active.
  private int[] outTags = EMPTY_INT;
  private int[] timestamps = EMPTY_INT;
  private long[] keys = EMPTY_LONG;
  private long[] sentNanos = EMPTY_LONG;
  private int[] lastResendMicros = EMPTY_INT;
  private byte[] resends = EMPTY_BYTE;
  private int mask = -1;
  private boolean active;
  private long activeFromOut;

  private static final int[] EMPTY_INT = new int[0];
  private static final long[] EMPTY_LONG = new long[0];
  private static final byte[] EMPTY_BYTE = new byte[0];

  /** Creates an inactive cache with the default age bound. */
  public RetransmitCache() {
    this(DEFAULT_MAX_AGE_NANOS);
  }

  /** Creates an inactive cache with an age bound in nanoseconds (> 0). */
  public RetransmitCache(long maxAgeNanos) {
    if (maxAgeNanos <= 0) {
      throw new IllegalArgumentException("maxAgeNanos: " + maxAgeNanos + " (expected: > 0)");
    }
    this.maxAgeNanos = maxAgeNanos;
  }

  /**
   * Records a packet sent to the subscriber: the send path. Allocation-free, on or off.
   *
   * @param outSeq the sequence number the subscriber saw
   * @param outTimestamp the timestamp the subscriber saw
   * @param sourceKey the packet's key in the track's {@link SharedTrackRing} ({@link
   *     SharedTrackRing#put}'s result), or -1 if the ring did not store it
   * @param sourceTimestamp the packet's timestamp as the publisher sent it
   * @param nowNanos the send time
   */
  public void onSent(int outSeq, long outTimestamp, long sourceKey, long sourceTimestamp,
      long nowNanos) {
    long outExt = outUnwrapper.unwrap(outSeq);
    if (sourceKey >= 0) {
      long k = sourceKey - outExt;
      long t = (outTimestamp - sourceTimestamp) & 0xFFFF_FFFFL;
      if (k != keyMinusOut || t != tsOffset || offsetValidFromOut == Long.MAX_VALUE) {
        keyMinusOut = k;
        tsOffset = t;
        offsetValidFromOut = outExt;
      }
    } else {
      // Nothing maps from here on until a packet with a key sets a new offset.
      offsetValidFromOut = Long.MAX_VALUE;
    }
    if (!active) {
      return;
    }
    int slot = (int) (outExt & mask);
    outTags[slot] = (int) outExt;
    timestamps[slot] = (int) outTimestamp;
    keys[slot] = sourceKey;
    sentNanos[slot] = nowNanos;
    lastResendMicros[slot] = 0;
    resends[slot] = 0;
  }

  /**
   * Switches the cache on: allocates its arrays. Packets sent from now on are cached; earlier ones
   * can still be served through {@link #mappedSourceKey}. Does nothing if already active.
   *
   * @param expectedPackets the number of packets expected within the age bound; the capacity is
   *     the next power of two, clamped to [{@link #MIN_CAPACITY}, {@link #MAX_CAPACITY}]
   */
  public void activate(int expectedPackets) {
    if (active) {
      return;
    }
    int capacity = Math.clamp(Integer.highestOneBit(Math.max(1, expectedPackets - 1)) << 1,
        MIN_CAPACITY, MAX_CAPACITY);
    outTags = new int[capacity];
    timestamps = new int[capacity];
    keys = new long[capacity];
    sentNanos = new long[capacity];
    lastResendMicros = new int[capacity];
    resends = new byte[capacity];
    Arrays.fill(keys, -1);
    mask = capacity - 1;
    active = true;
    long highest = outUnwrapper.highest();
    activeFromOut = highest < 0 ? 0 : highest + 1;
  }

  /** Switches the cache off and drops its arrays. Does nothing if already off. */
  public void deactivate() {
    active = false;
    outTags = EMPTY_INT;
    timestamps = EMPTY_INT;
    keys = EMPTY_LONG;
    sentNanos = EMPTY_LONG;
    lastResendMicros = EMPTY_INT;
    resends = EMPTY_BYTE;
    mask = -1;
  }

  /** Returns true while the cache is on. */
  public boolean isActive() {
    return active;
  }

  /**
   * Finds the entry for the outgoing sequence number {@code outSeq}: the NACK path.
   *
   * @return a slot for the accessors, valid until the next {@link #onSent}; or {@link #NOT_FOUND}
   *     if the cache is off, the packet was sent before activation, is older than the age bound or
   *     was overwritten, or was never sent
   */
  public int find(int outSeq, long nowNanos) {
    if (!active) {
      return NOT_FOUND;
    }
    long outExt = outUnwrapper.peek(outSeq);
    if (outExt < activeFromOut || outExt > outUnwrapper.highest()) {
      return NOT_FOUND;
    }
    int slot = (int) (outExt & mask);
    if (outTags[slot] != (int) outExt || keys[slot] < 0
        || nowNanos - sentNanos[slot] > maxAgeNanos) {
      return NOT_FOUND;
    }
    return slot;
  }

  /**
   * Maps a packet that is not in the cache to its ring key through the offsets followed since it
   * was sent, or returns {@link #NOT_FOUND} if the offset changed since (a rebase, source switch or
   * drop), or the packet was never sent. The caller still checks the ring, which applies its own
   * age bound. The packet's outgoing timestamp is its source timestamp plus
   * {@link #timestampOffset()}.
   */
  public long mappedSourceKey(int outSeq) {
    long outExt = outUnwrapper.peek(outSeq);
    if (outExt < offsetValidFromOut || outExt > outUnwrapper.highest()) {
      return NOT_FOUND;
    }
    return outExt + keyMinusOut;
  }

  /** The current outgoing-minus-source timestamp offset, modulo 2<sup>32</sup>. */
  public long timestampOffset() {
    return tsOffset;
  }

  /** The ring key of the packet in {@code slot}. */
  public long sourceKey(int slot) {
    return keys[slot];
  }

  /** The outgoing sequence number of the packet in {@code slot}. */
  public int outSequence(int slot) {
    return outTags[slot] & 0xFFFF;
  }

  /** The outgoing timestamp of the packet in {@code slot}, unsigned. */
  public long timestamp(int slot) {
    return timestamps[slot] & 0xFFFF_FFFFL;
  }

  /** The time the packet in {@code slot} was first sent. */
  public long sentNanos(int slot) {
    return sentNanos[slot];
  }

  /** How often the packet in {@code slot} has been resent. */
  public int resendCount(int slot) {
    return resends[slot];
  }

  /** The time of the last resend of the packet in {@code slot}; meaningless if never resent. */
  public long lastResendNanos(int slot) {
    return sentNanos[slot] + lastResendMicros[slot] * NANOS_PER_MICRO;
  }

  /** Records a resend of the packet in {@code slot} at {@code nowNanos}. */
  public void markResent(int slot, long nowNanos) {
    if (resends[slot] < Byte.MAX_VALUE) {
      resends[slot]++;
    }
    long micros = (nowNanos - sentNanos[slot]) / NANOS_PER_MICRO;
    lastResendMicros[slot] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, micros));
  }

  /** The capacity in entries, 0 when off. */
  public int capacity() {
    return mask + 1;
  }

  /** The bytes of the metadata arrays (payload only, no object headers): 0 when off. */
  public long memoryBytes() {
    return (long) capacity() * BYTES_PER_ENTRY;
  }

  /** The age bound in nanoseconds. */
  public long maxAgeNanos() {
    return maxAgeNanos;
  }
}
