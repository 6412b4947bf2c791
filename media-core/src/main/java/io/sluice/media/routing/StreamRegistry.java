package io.sluice.media.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The streams of a node, by id. A stream is created when its first source publishes or its first
 * sink subscribes ({@link #getOrCreate}); it is closed, and its sinks removed, once it has had no
 * source for {@link Config#grace()}, or no source and no sink at all.
 *
 * <p>Thread-safe. Lookups are lock-free.
 */
public final class StreamRegistry implements AutoCloseable {

  /**
   * Settings.
   *
   * @param maxStreams the most streams at once; {@link #getOrCreate} refuses more
   * @param keyframeRequestInterval the least time between two keyframe requests to a source, per
   *     track, however many viewers ask (PLI storms are a classic SFU failure)
   * @param gopCachePackets the most video packets kept since the last keyframe for new viewers;
   *     0 disables the GOP cache
   * @param gopCacheMaxAge the longest group of pictures the cache keeps
   * @param grace how long a stream without a source keeps its sinks, waiting for the publisher to
   *     come back (a reconnect or a failover)
   */
  public record Config(int maxStreams, Duration keyframeRequestInterval, int gopCachePackets,
      Duration gopCacheMaxAge, Duration grace) {
    /** 1000 streams, 500 ms, 1000 packets, 5 s, 10 s. */
    public static final Config DEFAULT = new Config(1000, Duration.ofMillis(500), 1000,
        Duration.ofSeconds(5), Duration.ofSeconds(10));

    /** Validates the ranges. */
    public Config {
      if (maxStreams < 1 || gopCachePackets < 0 || keyframeRequestInterval.isNegative()
          || gopCacheMaxAge.isNegative() || grace.isNegative()) {
        throw new IllegalArgumentException("maxStreams " + maxStreams + ", gopCachePackets "
            + gopCachePackets + " (expected: >= 1, >= 0; durations >= 0)");
      }
    }

    /** Returns a copy with another grace time. */
    public Config withGrace(Duration value) {
      return new Config(maxStreams, keyframeRequestInterval, gopCachePackets, gopCacheMaxAge,
          value);
    }

    /** Returns a copy with another GOP cache size (0: off). */
    public Config withGopCachePackets(int value) {
      return new Config(maxStreams, keyframeRequestInterval, value, gopCacheMaxAge, grace);
    }
  }

  private final Config config;
  private final StreamListener listener;
  private final ScheduledExecutorService scheduler;
  private final ConcurrentHashMap<String, Stream> streams = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * Creates a registry.
   *
   * @param scheduler runs the grace-time checks; the registry does not shut it down
   */
  public StreamRegistry(Config config, StreamListener listener,
      ScheduledExecutorService scheduler) {
    this.config = config;
    this.listener = listener;
    this.scheduler = scheduler;
  }

  /** The settings. */
  public Config config() {
    return config;
  }

  StreamListener listener() {
    return listener;
  }

  /** Returns the stream {@code id}, or null. */
  public @Nullable Stream get(String id) {
    return streams.get(id);
  }

  /**
   * Returns the stream {@code id}, creating it if needed.
   *
   * @throws IllegalStateException if the registry is closed or holds {@link Config#maxStreams()}
   */
  public Stream getOrCreate(String id) {
    Stream s = streams.get(id);
    if (s != null && !s.isClosed()) {
      return s;
    }
    if (closed) {
      throw new IllegalStateException("registry closed");
    }
    synchronized (streams) {
      s = streams.get(id);
      if (s != null && !s.isClosed()) {
        return s;
      }
      if (closed) { // again under the lock close() sets it with: no stream escapes close()
        throw new IllegalStateException("registry closed");
      }
      if (streams.size() >= config.maxStreams()) {
        throw new IllegalStateException("at the stream limit (" + config.maxStreams() + ")");
      }
      s = new Stream(id, this);
      streams.put(id, s);
      // A stream nobody publishes to or watches must not linger.
      scheduleGraceCheck(s);
      return s;
    }
  }

  /** Every stream, by id. */
  public List<Stream> streams() {
    List<Stream> all = new ArrayList<>(streams.values());
    all.sort(Comparator.comparing(Stream::id));
    return all;
  }

  /** The number of streams. */
  public int size() {
    return streams.size();
  }

  /** Closes {@code stream} now: its source is detached and its sinks removed. */
  public void close(Stream stream) {
    streams.remove(stream.id(), stream);
    stream.close();
  }

  /** Schedules a check that closes {@code stream} if it is still without a source after grace. */
  void scheduleGraceCheck(Stream stream) {
    if (closed) {
      return;
    }
    try {
      scheduler.schedule(() -> checkGrace(stream), config.grace().toMillis() + 1,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // shutting down: close() frees everything
    }
  }

  private void checkGrace(Stream stream) {
    if (stream.isClosed() || stream.isLive()) {
      return;
    }
    if (stream.pendingSources() > 0) {
      scheduleGraceCheck(stream); // a publisher is still connecting: look again later
      return;
    }
    if (stream.sinks().isEmpty()
        || System.nanoTime() - stream.downSinceNanos() >= config.grace().toNanos()) {
      close(stream);
    }
  }

  /** Closes every stream. */
  @Override
  public void close() {
    synchronized (streams) {
      closed = true;
    }
    for (Stream s : streams()) {
      close(s);
    }
  }
}
