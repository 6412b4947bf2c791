package io.sluice.nack;

import io.netty.buffer.ByteBuf;
import io.sluice.media.rtp.SequenceUnwrapper;
import org.jspecify.annotations.Nullable;

/**
 * The last second of one published track's RTP packets, held once for every subscriber: the
 * payload side of retransmission (RFC 4585 §6.2.1 NACK, RFC 4588 RTX). One instance per published
 * track, always on. Its memory depends on the track's packet rate, never on the number of viewers;
 * per-subscriber state lives in {@link RetransmitCache}.
 *
 * <p><b>Keys.</b> Packets are indexed by a <em>key</em>: the extended (unwrapped) source sequence
 * number plus a base that moves past every key used so far whenever the stream restarts
 * ({@link #reset()}, or a sequence jump larger than {@link #MAX_JUMP}). Keys therefore only grow,
 * and a key handed out before a restart can never match a packet of the new stream: a subscriber
 * holding an old key simply gets a miss.
 *
 * <p><b>Bounds.</b>
 * <ul>
 *   <li>Age: a packet older than {@code maxAgeNanos} (default {@link #DEFAULT_MAX_AGE_NANOS},
 *       1000 ms) is never returned, and is released by the next {@link #put} or {@link #expire}.
 *   <li>Count: a power-of-two ring, {@link #DEFAULT_INITIAL_CAPACITY} slots at first. When a put
 *       would overwrite a packet younger than the age bound, the packet rate has outgrown the ring
 *       and it doubles (allocates; counted by {@link #growCount()}), up to a hard cap of
 *       {@code maxCapacity} slots (default {@link #DEFAULT_MAX_CAPACITY}). So the ring ends up sized
 *       from the observed packet rate.
 *   <li>Overflow policy: at the hard cap the oldest packet is overwritten even if it is younger than
 *       the age bound (counted by {@link #overwrittenYoungCount()}): the count bound wins.
 *   <li>A packet whose key is older than the oldest one held, or more than a ring behind the
 *       newest, is not stored (late retransmissions nobody can still need; counted by
 *       {@link #tooOldCount()}). A duplicate is not stored twice ({@link #duplicateCount()}).
 * </ul>
 *
 * <p><b>Ownership.</b> {@link #put} borrows the caller's reference and {@link ByteBuf#retain()
 * retains} one of its own, released when the packet is overwritten, ages out, or at
 * {@link #reset()} / {@link #close()}. {@link #get} lends the buffer: it stays valid until the next
 * call that mutates this ring, and the caller must neither release it nor write to it (copy it to
 * rewrite the header, as {@link RtxPacket} does). The ring never modifies packet bytes.
 *
 * <p>Not thread-safe: use it on the publisher's event loop. {@link #put} and {@link #get} do not
 * allocate, except when the ring grows.
 */
public final class SharedTrackRing implements AutoCloseable {
  /** Default age bound: the one-second window of the retransmission design. */
  public static final long DEFAULT_MAX_AGE_NANOS = 1_000_000_000L;
  /** Initial ring size: one second of 2.5 Mb/s video (about 260 packets/s) fits without growing. */
  public static final int DEFAULT_INITIAL_CAPACITY = 512;
  /**
   * Default hard cap on the ring size: one second at 8192 packets/s, about 80 Mb/s of 1200-byte
   * packets, well above any single WebRTC track.
   */
  public static final int DEFAULT_MAX_CAPACITY = 8192;
  /** Smallest ring size accepted. */
  public static final int MIN_CAPACITY = 16;
  /**
   * A sequence jump larger than this (RFC 3550 A.1's MAX_DROPOUT, as in
   * {@link io.sluice.media.routing.RtpSequencer#MAX_JUMP}) is a restarted stream: everything held
   * is released and keys continue above the old ones.
   */
  public static final int MAX_JUMP = 3000;

  /** Array payload bytes per slot: a compressed reference, a key and a time. */
  private static final int BYTES_PER_SLOT = 4 + 8 + 8;

  private final long maxAgeNanos;
  private final int maxCapacity;
  private final SequenceUnwrapper unwrapper = new SequenceUnwrapper();

  private @Nullable ByteBuf[] buffers;
  private long[] keys;
  private long[] times;
  private int mask;

  /** Added to the unwrapped sequence number; moves past every used key on a restart. */
  private long keyBase;
  /** The newest key stored, or -1 before the first packet (and after a restart). */
  private long highestKey = -1;
  /** No key below this is held: the age-out scan starts here. */
  private long tailKey;
  private int held;
  private long heldBytes;
  private boolean closed;

  private long puts;
  private long duplicates;
  private long tooOld;
  private long overwrittenYoung;
  private long grows;
  private long restarts;

  /** Creates a ring with the default bounds. */
  public SharedTrackRing() {
    this(DEFAULT_MAX_AGE_NANOS, DEFAULT_INITIAL_CAPACITY, DEFAULT_MAX_CAPACITY);
  }

  /**
   * Creates a ring.
   *
   * @param maxAgeNanos packets older than this are not returned and are released, > 0
   * @param initialCapacity the first ring size, a power of two ≥ {@link #MIN_CAPACITY}
   * @param maxCapacity the hard cap on the ring size, a power of two ≥ {@code initialCapacity}
   */
  public SharedTrackRing(long maxAgeNanos, int initialCapacity, int maxCapacity) {
    if (maxAgeNanos <= 0) {
      throw new IllegalArgumentException("maxAgeNanos: " + maxAgeNanos + " (expected: > 0)");
    }
    checkPowerOfTwo("initialCapacity", initialCapacity, MIN_CAPACITY);
    checkPowerOfTwo("maxCapacity", maxCapacity, initialCapacity);
    this.maxAgeNanos = maxAgeNanos;
    this.maxCapacity = maxCapacity;
    allocate(initialCapacity);
  }

  static void checkPowerOfTwo(String name, int value, int min) {
    if (value < min || Integer.bitCount(value) != 1) {
      throw new IllegalArgumentException(
          name + ": " + value + " (expected: a power of two >= " + min + ")");
    }
  }

  private void allocate(int capacity) {
    buffers = new ByteBuf[capacity];
    keys = new long[capacity];
    times = new long[capacity];
    java.util.Arrays.fill(keys, -1);
    mask = capacity - 1;
  }

  /**
   * Stores a packet of this track. Borrows {@code packet} and retains it; the ring releases its
   * reference later (see the class javadoc). The packet's bytes must not change afterwards.
   *
   * @param seq the packet's RTP sequence number
   * @param packet the packet as received, RTP header at its reader index
   * @param nowNanos the current time
   * @return the packet's key, to hand to {@link RetransmitCache#onSent}; the existing key for a
   *     duplicate; -1 if the packet was too old to store
   * @throws IllegalStateException if the ring is closed
   */
  public long put(int seq, ByteBuf packet, long nowNanos) {
    if (closed) {
      throw new IllegalStateException("SharedTrackRing is closed");
    }
    if (highestKey >= 0 && Math.abs(unwrapper.peek(seq) - unwrapper.highest()) > MAX_JUMP) {
      restart();
    }
    long key = keyBase + unwrapper.unwrap(seq);
    expire(nowNanos);
    if (highestKey >= 0 && (key < tailKey || key <= highestKey - capacity())) {
      tooOld++;
      return -1;
    }
    int slot = (int) (key & mask);
    if (keys[slot] == key) {
      duplicates++;
      return key;
    }
    ByteBuf old = buffers[slot];
    if (old != null && nowNanos - times[slot] <= maxAgeNanos) {
      if (capacity() < maxCapacity) {
        grow();
        slot = (int) (key & mask);
        old = buffers[slot];
      } else {
        overwrittenYoung++;
      }
    }
    if (old != null) {
      drop(slot);
    }
    buffers[slot] = packet.retain();
    keys[slot] = key;
    times[slot] = nowNanos;
    held++;
    heldBytes += packet.readableBytes();
    puts++;
    if (key > highestKey) {
      if (highestKey < 0) {
        tailKey = key;
      }
      highestKey = key;
    }
    return key;
  }

  /**
   * Returns the key the sequence number {@code seq} has, or would have, in the current stream,
   * or -1 before the first packet. Does not change state.
   */
  public long keyOf(int seq) {
    return highestKey < 0 ? -1 : keyBase + unwrapper.peek(seq);
  }

  /**
   * Lends the packet with {@code key}, or returns null if it is not held or older than the age
   * bound. The buffer stays valid until the next mutating call on this ring; do not release or
   * modify it.
   */
  public @Nullable ByteBuf get(long key, long nowNanos) {
    if (key < 0 || closed) {
      return null;
    }
    int slot = (int) (key & mask);
    if (keys[slot] != key || nowNanos - times[slot] > maxAgeNanos) {
      return null;
    }
    return buffers[slot];
  }

  /** Lends the packet with sequence number {@code seq} of the current stream; see {@link #get}. */
  public @Nullable ByteBuf getBySequence(int seq, long nowNanos) {
    return get(keyOf(seq), nowNanos);
  }

  /**
   * Releases packets older than the age bound. {@link #put} does this on every call; call it from
   * a timer when a track may go quiet, so that its last second is not held indefinitely.
   */
  public void expire(long nowNanos) {
    if (highestKey < 0) {
      return;
    }
    tailKey = Math.max(tailKey, highestKey - mask);
    while (tailKey <= highestKey) {
      int slot = (int) (tailKey & mask);
      if (keys[slot] == tailKey) {
        if (nowNanos - times[slot] <= maxAgeNanos) {
          return;
        }
        drop(slot);
      }
      tailKey++;
    }
  }

  /**
   * Forgets the stream, as when the publisher reconnects or its source changes: releases every
   * packet, and moves later keys past every key used so far.
   */
  public void reset() {
    restart();
  }

  private void restart() {
    releaseAll();
    if (highestKey >= 0) {
      keyBase = highestKey + 1;
    }
    unwrapper.reset();
    highestKey = -1;
    restarts++;
  }

  /** Releases every packet held; later calls to {@link #put} throw. Idempotent. */
  @Override
  public void close() {
    releaseAll();
    closed = true;
  }

  private void releaseAll() {
    for (int i = 0; i <= mask; i++) {
      if (buffers[i] != null) {
        drop(i);
      }
    }
  }

  private void drop(int slot) {
    ByteBuf b = buffers[slot];
    heldBytes -= b.readableBytes();
    held--;
    b.release();
    buffers[slot] = null;
    keys[slot] = -1;
  }

  /** Doubles the ring, moving every packet to its slot in the new one. Allocates. */
  private void grow() {
    ByteBuf[] oldBuffers = buffers;
    long[] oldKeys = keys;
    long[] oldTimes = times;
    allocate(oldBuffers.length * 2);
    for (int i = 0; i < oldBuffers.length; i++) {
      if (oldBuffers[i] != null) {
        int slot = (int) (oldKeys[i] & mask);
        buffers[slot] = oldBuffers[i];
        keys[slot] = oldKeys[i];
        times[slot] = oldTimes[i];
      }
    }
    grows++;
  }

  /** The current ring size in slots, a power of two. */
  public int capacity() {
    return mask + 1;
  }

  /** The number of packets held. */
  public int size() {
    return held;
  }

  /** The readable bytes of all packets held. */
  public long heldBytes() {
    return heldBytes;
  }

  /**
   * The bytes of the ring's own arrays (payload only, no object headers), excluding the packets
   * themselves ({@link #heldBytes()}).
   */
  public long memoryBytes() {
    return (long) capacity() * BYTES_PER_SLOT;
  }

  /** The newest key stored in the current stream, or -1. */
  public long highestKey() {
    return highestKey;
  }

  /** The age bound in nanoseconds. */
  public long maxAgeNanos() {
    return maxAgeNanos;
  }

  /** Packets stored. */
  public long putCount() {
    return puts;
  }

  /** Duplicates not stored again. */
  public long duplicateCount() {
    return duplicates;
  }

  /** Packets too old to store. */
  public long tooOldCount() {
    return tooOld;
  }

  /** Packets overwritten at the hard cap while still younger than the age bound. */
  public long overwrittenYoungCount() {
    return overwrittenYoung;
  }

  /** Times the ring doubled. */
  public long growCount() {
    return grows;
  }

  /** Stream restarts: {@link #reset()} calls and sequence jumps beyond {@link #MAX_JUMP}. */
  public long restartCount() {
    return restarts;
  }
}
