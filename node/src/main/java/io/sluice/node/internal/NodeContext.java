package io.sluice.node.internal;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.sluice.media.routing.Stream;
import io.sluice.media.routing.StreamRegistry;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** What the node's sources, sinks and backends share. */
final class NodeContext {
  private final NodeSettings config;
  private final StreamRegistry registry;
  private final NodeEvents events;
  private final SecureRandom random = new SecureRandom();
  private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private final Map<Stream, RingTap> taps = new ConcurrentHashMap<>();

  NodeContext(NodeSettings config, StreamRegistry registry, NodeEvents events) {
    this.config = config;
    this.registry = registry;
    this.events = events;
  }

  NodeSettings config() {
    return config;
  }

  StreamRegistry registry() {
    return registry;
  }

  NodeEvents events() {
    return events;
  }

  ByteBufAllocator alloc() {
    return alloc;
  }

  /** A random SSRC (RFC 3550 §8: chosen at random). */
  long randomSsrc() {
    return random.nextInt() & 0xFFFF_FFFFL;
  }

  int randomInt() {
    return random.nextInt();
  }

  /**
   * The stream {@code id} with its retransmission ring tap, created if needed.
   *
   * @throws IllegalStateException at the stream limit
   */
  Stream stream(String id) {
    Stream s = registry.getOrCreate(id);
    taps.computeIfAbsent(s, k -> {
      RingTap tap = new RingTap();
      k.subscribe(tap);
      return tap;
    });
    return s;
  }

  /** The ring tap of {@code stream}, or null if the node did not create it. */
  @Nullable RingTap tap(Stream stream) {
    return taps.get(stream);
  }

  void forget(Stream stream) {
    taps.remove(stream);
  }
}
