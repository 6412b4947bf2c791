package io.sluice.media.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.sluice.media.rtp.RtpPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Sources, sinks, tracks and RTP packets for the stream tests.
 *
 * <p>Packets are real RTP in pooled heap buffers, so that paranoid leak detection sees every
 * reference the GOP cache keeps. A sink logs what it receives as {@code ssrc/seq}, hex SSRC,
 * with {@code K} for keyframes, e.g. {@code a/7K}; source changes log as {@code changed}, and
 * removal as {@code removed}.
 */
final class RoutingTestSupport {
  static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
  /** Long enough for any bounded wait on a loaded two-core machine; only failures wait it out. */
  static final long TIMEOUT_SECONDS = 20;
  static final Duration HOUR = Duration.ofHours(1);

  private RoutingTestSupport() {}

  static Track video(int index, long ssrc) {
    return new Track(index, Track.Kind.VIDEO, "VP8", 90_000, 1, 96, ssrc, Track.NO_RTX,
        Track.UNKNOWN_SSRC, Map.of());
  }

  static Track audio(int index, long ssrc) {
    return new Track(index, Track.Kind.AUDIO, "opus", 48_000, 2, 111, ssrc, Track.NO_RTX,
        Track.UNKNOWN_SSRC, Map.of());
  }

  static StreamRegistry.Config config(Duration keyframeInterval, int gopPackets,
      Duration gopMaxAge, Duration grace) {
    return new StreamRegistry.Config(100, keyframeInterval, gopPackets, gopMaxAge, grace);
  }

  /**
   * A valid RTP packet (RFC 3550 5.1, no CSRC, no extension) with {@code payloadLength} bytes of
   * payload. The caller owns the buffer.
   *
   * <pre>
   *  80 | pt | seq (16) | timestamp (32) | ssrc (32) | payload ...
   * </pre>
   */
  static ByteBuf rtp(ByteBufAllocator alloc, int payloadType, int seq, long timestamp, long ssrc,
      int payloadLength) {
    byte[] bytes = rtpBytes(payloadType, seq, timestamp, ssrc, payloadLength);
    return alloc.heapBuffer(bytes.length).writeBytes(bytes);
  }

  /** The bytes of {@link #rtp}, for buffers that leak detection must not track. */
  static byte[] rtpBytes(int payloadType, int seq, long timestamp, long ssrc, int payloadLength) {
    ByteBuf b = Unpooled.wrappedBuffer(new byte[12 + payloadLength]).clear();
    b.writeByte(0x80).writeByte(payloadType).writeShort(seq).writeInt((int) timestamp)
        .writeInt((int) ssrc);
    for (int i = 0; i < payloadLength; i++) {
      b.writeByte(seq + i);
    }
    return b.array();
  }

  /** Waits until every task queued on {@code executor} so far has run. */
  static void drain(Executor executor) {
    onThread(executor, () -> {});
  }

  /** Runs {@code task} on {@code executor} and waits for it; rethrows what it threw. */
  static void onThread(Executor executor, Runnable task) {
    CountDownLatch done = new CountDownLatch(1);
    Throwable[] failure = new Throwable[1];
    executor.execute(() -> {
      try {
        task.run();
      } catch (Throwable t) {
        failure[0] = t;
      } finally {
        done.countDown();
      }
    });
    await(done);
    if (failure[0] instanceof RuntimeException e) {
      throw e;
    }
    if (failure[0] instanceof Error e) {
      throw e;
    }
  }

  static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("latch released in time")
          .isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static void waitUntil(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /**
   * A stream {@code live} in a registry whose stream thread is a Netty event executor, as in the
   * node, with a real scheduler for grace checks. Close it after the test.
   */
  static final class OnLoop {
    final DefaultEventExecutor loop = new DefaultEventExecutor();
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final Events events = new Events();
    final StreamRegistry registry;
    final Stream stream;
    final Thread thread;

    OnLoop(StreamRegistry.Config config) {
      registry = new StreamRegistry(config, events, scheduler);
      stream = registry.getOrCreate("live");
      AtomicReference<Thread> t = new AtomicReference<>();
      onThread(loop, () -> t.set(Thread.currentThread()));
      thread = t.get();
    }

    void close() throws InterruptedException {
      registry.close();
      drain(loop);
      loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      scheduler.shutdownNow();
    }
  }

  /** A source that builds each packet in a fresh pooled buffer and releases it after forward. */
  static final class Source implements MediaSource {
    final String name;
    final List<Track> tracks;
    final List<Integer> keyframeRequests = Collections.synchronizedList(new ArrayList<>());
    final Set<Thread> requestThreads = ConcurrentHashMap.newKeySet();
    final AtomicInteger detached = new AtomicInteger();
    private final RtpPacket view = new RtpPacket();
    /**
     * False: packets in untracked heap buffers. Paranoid leak detection records a stack trace on
     * every access to a tracked buffer, too slow for tests that forward many thousand packets.
     */
    volatile boolean tracked = true;

    Source(String name, Track... tracks) {
      this.name = name;
      this.tracks = List.of(tracks);
    }

    /** Forwards one packet of track {@code trackIndex} with payload {@code payloadLength}. */
    boolean send(Stream stream, int trackIndex, int seq, long timestamp, boolean keyframe,
        long nowNanos) {
      Track t = tracks.get(trackIndex);
      ByteBuf b = tracked ? rtp(ALLOC, t.payloadType(), seq, timestamp, t.ssrc(), 20)
          : Unpooled.wrappedBuffer(rtpBytes(t.payloadType(), seq, timestamp, t.ssrc(), 20));
      try {
        view.wrap(b);
        return stream.forward(this, t, view, keyframe, nowNanos);
      } finally {
        view.clear();
        b.release();
      }
    }

    boolean send(Stream stream, int trackIndex, int seq, boolean keyframe) {
      return send(stream, trackIndex, seq, 3000L * seq, keyframe, System.nanoTime());
    }

    @Override
    public String describe() {
      return name;
    }

    @Override
    public void requestKeyframe(Track track) {
      requestThreads.add(Thread.currentThread());
      keyframeRequests.add(track.index());
    }

    @Override
    public void detached(Stream stream) {
      detached.incrementAndGet();
    }
  }

  /** A sink that logs every call; optionally throws from {@link #onRtp} and {@link #flush}. */
  static final class Sink implements MediaSink {
    final String name;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    final AtomicInteger flushes = new AtomicInteger();
    final AtomicInteger sourceChanges = new AtomicInteger();
    final AtomicInteger removed = new AtomicInteger();
    volatile boolean throwing;

    Sink(String name) {
      this.name = name;
    }

    @Override
    public void onRtp(Track track, RtpPacket packet, boolean keyframe, long nowNanos) {
      threads.add(Thread.currentThread());
      if (throwing) {
        throw new IllegalStateException(name + " fails on purpose");
      }
      log.add(Long.toHexString(packet.ssrc()) + "/" + packet.sequenceNumber()
          + (keyframe ? "K" : ""));
    }

    @Override
    public void flush() {
      threads.add(Thread.currentThread());
      flushes.incrementAndGet();
      if (throwing) {
        throw new IllegalStateException(name + " fails on purpose");
      }
    }

    @Override
    public void onSourceChanged(Stream stream) {
      threads.add(Thread.currentThread());
      sourceChanges.incrementAndGet();
      log.add("changed");
    }

    @Override
    public void removed(Stream stream) {
      threads.add(Thread.currentThread());
      removed.incrementAndGet();
      log.add("removed");
    }

    List<String> log() {
      synchronized (log) {
        return List.copyOf(log);
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Records listener events as {@code up a}, {@code added s1}, ... in order. */
  static final class Events implements StreamListener {
    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onStreamUp(Stream stream, MediaSource source) {
      log.add("up " + stream.id() + " " + source.describe());
    }

    @Override
    public void onStreamDown(Stream stream, MediaSource source) {
      log.add("down " + stream.id() + " " + source.describe());
    }

    @Override
    public void onSinkAdded(Stream stream, MediaSink sink) {
      log.add("added " + stream.id() + " " + sink);
    }

    @Override
    public void onSinkRemoved(Stream stream, MediaSink sink) {
      log.add("removed " + stream.id() + " " + sink);
    }

    @Override
    public void onStreamClosed(Stream stream) {
      log.add("closed " + stream.id());
    }

    List<String> log() {
      synchronized (log) {
        return List.copyOf(log);
      }
    }
  }
}
