package io.sluice.transport.internal.srtp;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A small copy-on-write map from SSRC to a per-SSRC context, bounded by {@link #limit}.
 *
 * <p>Lookups scan a primitive {@code int[]} of a volatile snapshot: no boxing, no locking, no
 * allocation, which matters because every packet does one. Inserts are rare (once per SSRC) and
 * copy the snapshot under a lock. A linear scan is the right structure for a few dozen entries.
 *
 * <p>Overflow policy: when {@link #limit} entries are present, {@link #putIfAbsent} refuses new
 * SSRCs and the caller reports {@link SrtpStatus#SSRC_LIMIT}; entries leave only with
 * {@link #clear}.
 */
final class SsrcTable<T> {
  private record Snapshot(int[] ssrcs, Object[] values) {}

  private static final Snapshot EMPTY = new Snapshot(new int[0], new Object[0]);

  private final int limit;
  private volatile Snapshot snapshot = EMPTY;

  SsrcTable(int limit) {
    this.limit = limit;
  }

  /** Returns the context for {@code ssrc}, or null. Allocation-free. */
  @SuppressWarnings("unchecked")
  @Nullable T get(int ssrc) {
    Snapshot s = snapshot;
    int[] ssrcs = s.ssrcs;
    for (int i = 0; i < ssrcs.length; i++) {
      if (ssrcs[i] == ssrc) {
        return (T) s.values[i];
      }
    }
    return null;
  }

  boolean isFull() {
    return snapshot.ssrcs.length >= limit;
  }

  int size() {
    return snapshot.ssrcs.length;
  }

  /**
   * Stores {@code value} for {@code ssrc} unless one is already there.
   *
   * @return the value now stored for {@code ssrc} (an earlier one wins), or null if the table is
   *     full and {@code ssrc} is not in it
   */
  @SuppressWarnings("unchecked")
  synchronized @Nullable T putIfAbsent(int ssrc, T value) {
    T existing = get(ssrc);
    if (existing != null) {
      return existing;
    }
    Snapshot s = snapshot;
    int n = s.ssrcs.length;
    if (n >= limit) {
      return null;
    }
    int[] ssrcs = Arrays.copyOf(s.ssrcs, n + 1);
    Object[] values = Arrays.copyOf(s.values, n + 1);
    ssrcs[n] = ssrc;
    values[n] = value;
    snapshot = new Snapshot(ssrcs, values);
    return (T) values[n];
  }

  /** Removes every entry. */
  synchronized void clear() {
    snapshot = EMPTY;
  }
}
