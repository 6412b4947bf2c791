package io.sluice.transport.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of a session or of a whole node. Increments are cheap ({@link LongAdder}) and
 * safe from any thread; {@link #snapshot()} reads them for an API or a metrics scrape.
 */
public final class TransportCounters {
  private final LongAdder packetsIn = new LongAdder();
  private final LongAdder bytesIn = new LongAdder();
  private final LongAdder packetsOut = new LongAdder();
  private final LongAdder bytesOut = new LongAdder();
  private final Map<DropReason, LongAdder> drops = new EnumMap<>(DropReason.class);
  private final TransportCounters parent;

  /** Creates node-level counters. */
  public TransportCounters() {
    this(null);
  }

  /**
   * Creates counters that also add every increment to {@code parent} (a session's counters feed
   * the node's), or standalone ones when {@code parent} is null.
   */
  public TransportCounters(@org.jspecify.annotations.Nullable TransportCounters parent) {
    for (DropReason r : DropReason.values()) {
      drops.put(r, new LongAdder());
    }
    this.parent = parent;
  }

  /** Counts a packet received and accepted. */
  public void received(int bytes) {
    packetsIn.increment();
    bytesIn.add(bytes);
    if (parent != null) {
      parent.received(bytes);
    }
  }

  /** Counts a packet sent. */
  public void sent(int bytes) {
    packetsOut.increment();
    bytesOut.add(bytes);
    if (parent != null) {
      parent.sent(bytes);
    }
  }

  /** Counts a dropped packet. */
  public void dropped(DropReason reason) {
    drops.get(reason).increment();
    if (parent != null) {
      parent.dropped(reason);
    }
  }

  /** Returns the drops counted for {@code reason}. */
  public long drops(DropReason reason) {
    return drops.get(reason).sum();
  }

  /** Reads every counter. */
  public Snapshot snapshot() {
    Map<DropReason, Long> d = new EnumMap<>(DropReason.class);
    drops.forEach((k, v) -> d.put(k, v.sum()));
    return new Snapshot(packetsIn.sum(), bytesIn.sum(), packetsOut.sum(), bytesOut.sum(), Map.copyOf(d));
  }

  /**
   * Counter values at one moment.
   *
   * @param packetsIn packets received and accepted
   * @param bytesIn their bytes (as received, SRTP overhead included)
   * @param packetsOut packets sent
   * @param bytesOut their bytes
   * @param drops drops by reason
   */
  public record Snapshot(long packetsIn, long bytesIn, long packetsOut, long bytesOut,
      Map<DropReason, Long> drops) {}
}
