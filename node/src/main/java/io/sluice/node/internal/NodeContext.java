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
  /** Per stream: {bytes, nanos} at the last sample, and the ingest bitrate since. */
  private final Map<Stream, long[]> samples = new ConcurrentHashMap<>();

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
    samples.remove(stream);
  }

  /** Samples every stream's forwarded bytes; called once a second by the node's timer. */
  void sampleBitrates() {
    long now = System.nanoTime();
    for (Stream s : registry.streams()) {
      long bytes = s.forwardedBytes();
      long[] last = samples.get(s);
      if (last == null) {
        samples.put(s, new long[] {bytes, now, 0});
      } else {
        long dt = now - last[1];
        if (dt > 0) {
          last[2] = (bytes - last[0]) * 8 * 1_000_000_000L / dt;
          last[0] = bytes;
          last[1] = now;
        }
      }
    }
  }

  /** The stream's ingest bitrate over the last sampling second, in bits/s. */
  long ingestBitrate(Stream stream) {
    long[] last = samples.get(stream);
    return last == null || !stream.isLive() ? 0 : Math.max(0, last[2]);
  }
}
