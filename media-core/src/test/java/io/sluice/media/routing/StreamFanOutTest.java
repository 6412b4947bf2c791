package io.sluice.media.routing;

import static io.sluice.media.routing.RoutingTestSupport.HOUR;
import static io.sluice.media.routing.RoutingTestSupport.TIMEOUT_SECONDS;
import static io.sluice.media.routing.RoutingTestSupport.audio;
import static io.sluice.media.routing.RoutingTestSupport.config;
import static io.sluice.media.routing.RoutingTestSupport.rtpBytes;
import static io.sluice.media.routing.RoutingTestSupport.video;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.media.routing.RoutingTestSupport.Sink;
import io.sluice.media.routing.RoutingTestSupport.Source;
import io.sluice.media.rtp.RtpPacket;
import io.sluice.testing.Allocations;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fan-out on one thread: the test thread is the stream thread ({@code Runnable::run}), so every
 * callback has happened when a call returns.
 */
class StreamFanOutTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final StreamRegistry registry =
      new StreamRegistry(config(HOUR, 1000, HOUR, HOUR), StreamListener.NONE, scheduler);
  private final Stream stream = registry.getOrCreate("live");
  private final Source a = new Source("a", video(0, 0xa), audio(1, 0xa1));

  @AfterEach
  void tearDown() {
    registry.close();
    scheduler.shutdownNow();
  }

  @Test
  void everySinkGetsEachPacketOnceInOrder() {
    Sink early = new Sink("early"); // waits for the source
    stream.subscribe(early);
    stream.publish(a, a.tracks, Runnable::run);
    Sink s1 = new Sink("s1");
    Sink s2 = new Sink("s2");
    stream.subscribe(s1);
    stream.subscribe(s2);
    assertThat(stream.sinks()).containsExactly(early, s1, s2);

    List<String> expected = new ArrayList<>();
    long bytes = 0;
    for (int seq = 1; seq <= 50; seq++) {
      boolean isVideo = seq % 3 != 0;
      boolean keyframe = seq == 1;
      assertThat(a.send(stream, isVideo ? 0 : 1, seq, keyframe)).isTrue();
      expected.add((isVideo ? "a" : "a1") + "/" + seq + (keyframe ? "K" : ""));
      bytes += 12 + 20;
    }

    assertThat(early.log()).as("the first source is no change").containsExactlyElementsOf(expected);
    assertThat(s1.log()).containsExactlyElementsOf(expected);
    assertThat(s2.log()).containsExactlyElementsOf(expected);
    assertThat(stream.forwardedPackets()).isEqualTo(50);
    assertThat(stream.forwardedBytes()).isEqualTo(bytes);
    assertThat(stream.keyframesReceived()).isEqualTo(1);
    assertThat(stream.sinkErrors()).isZero();
    assertThat(stream.lastPacketNanos()).isPositive();
  }

  @Test
  void packetsOfAReplacedOrUnknownSourceAreRefused() {
    Source b = new Source("b", video(0, 0xb));
    Source stranger = new Source("stranger", video(0, 0xc));
    Sink sink = new Sink("sink");
    stream.subscribe(sink);
    assertThat(a.send(stream, 0, 1, true)).as("before anyone publishes").isFalse();

    stream.publish(a, a.tracks, Runnable::run);
    assertThat(a.send(stream, 0, 2, true)).isTrue();
    assertThat(stranger.send(stream, 0, 3, true)).isFalse();
    stream.publish(b, b.tracks, Runnable::run);
    assertThat(a.send(stream, 0, 4, false)).as("replaced").isFalse();
    assertThat(b.send(stream, 0, 100, true)).isTrue();
    stream.unpublish(b);
    assertThat(b.send(stream, 0, 101, false)).as("unpublished").isFalse();

    assertThat(sink.log()).containsExactly("a/2K", "changed", "b/100K");
    assertThat(stream.forwardedPackets()).isEqualTo(2);
  }

  @Test
  void aThrowingSinkIsCountedAndTheOthersStillGetThePacket() {
    stream.publish(a, a.tracks, Runnable::run);
    Sink before = new Sink("before");
    Sink bad = new Sink("bad");
    Sink after = new Sink("after");
    stream.subscribe(before);
    stream.subscribe(bad);
    stream.subscribe(after);
    bad.throwing = true;

    for (int seq = 1; seq <= 5; seq++) {
      assertThat(a.send(stream, 0, seq, seq == 1)).isTrue();
    }
    stream.flush();

    List<String> all = List.of("a/1K", "a/2", "a/3", "a/4", "a/5");
    assertThat(before.log()).containsExactlyElementsOf(all);
    assertThat(after.log()).containsExactlyElementsOf(all);
    assertThat(bad.log()).isEmpty();
    assertThat(after.flushes).as("after its replay, and here").hasValue(2);
    assertThat(stream.sinkErrors()).as("5 packets and a flush").isEqualTo(6);
    assertThat(stream.sinks()).as("a failing sink is not removed").contains(bad);
  }

  @Test
  void flushReachesEverySinkOnTheStreamThread() {
    stream.publish(a, a.tracks, Runnable::run);
    Sink s1 = new Sink("s1");
    Sink s2 = new Sink("s2");
    stream.subscribe(s1);
    stream.subscribe(s2);
    assertThat(s1.flushes).as("after its GOP replay").hasValue(1);
    stream.flush();
    stream.flush();
    assertThat(s1.flushes).hasValue(3);
    assertThat(s2.flushes).hasValue(3);
    assertThat(s1.threads).containsExactly(Thread.currentThread());
  }

  @Test
  void publishValidatesTheTracks() {
    Track[] many = new Track[Stream.MAX_TRACKS + 1];
    for (int i = 0; i < many.length; i++) {
      many[i] = audio(i, i);
    }
    assertThatThrownBy(() -> stream.publish(a, List.of(many), Runnable::run))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 16");
    assertThatThrownBy(() -> stream.publish(a, List.of(audio(1, 1)), Runnable::run))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("track 0 has index 1");
    assertThat(stream.isLive()).isFalse();

    registry.close(stream);
    assertThatThrownBy(() -> stream.publish(a, a.tracks, Runnable::run))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> stream.subscribe(new Sink("late")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void trackLookupAndToString() {
    assertThat(stream.track(Track.Kind.VIDEO)).isNull();
    assertThat(stream.toString()).contains("live", "no source", "0 sinks");
    stream.publish(a, a.tracks, Runnable::run);
    assertThat(stream.tracks()).isEqualTo(a.tracks);
    assertThat(stream.track(Track.Kind.VIDEO)).isEqualTo(a.tracks.get(0));
    assertThat(stream.track(Track.Kind.AUDIO)).isEqualTo(a.tracks.get(1));
    assertThat(stream.source()).isSameAs(a);
    assertThat(stream.toString()).contains("live", "a", "0 sinks");
  }

  /**
   * The forwarding path with 8 sinks, video (through the GOP cache) and audio, and a flush every
   * 16 packets: per-packet allocation would show as hundreds of kilobytes over 10 000 packets.
   * Unpooled wrapped buffers on purpose: under paranoid leak detection, a leak-aware buffer
   * records a stack trace on every access, which would be the detector allocating.
   */
  @Test
  void forwardingAllocatesNothingPerPacket() {
    stream.publish(a, a.tracks, Runnable::run);
    CountingSink[] sinks = new CountingSink[8];
    for (int i = 0; i < sinks.length; i++) {
      sinks[i] = new CountingSink();
      stream.subscribe(sinks[i]);
    }
    ByteBuf[] packets = new ByteBuf[200];
    for (int i = 0; i < packets.length; i++) {
      Track t = a.tracks.get(i % 4 == 3 ? 1 : 0);
      packets[i] = Unpooled.wrappedBuffer(
          rtpBytes(t.payloadType(), i, 3000L * (i / 2), t.ssrc(), 1000));
    }
    RtpPacket view = new RtpPacket();
    long[] refused = new long[1];
    try {
      long allocated = Allocations.allocatedBy(() -> {
        for (int i = 0; i < 10_000; i++) {
          int p = i % packets.length;
          Track t = a.tracks.get(p % 4 == 3 ? 1 : 0);
          view.tryWrap(packets[p]);
          if (!stream.forward(a, t, view, p % 50 == 0, i)) {
            refused[0]++;
          }
          if (i % 16 == 15) {
            stream.flush();
          }
        }
      });
      assertThat(allocated).as("bytes allocated by 10 000 packets to 8 sinks").isLessThan(1024);
    } finally {
      view.clear();
      registry.close(stream);
      for (ByteBuf b : packets) {
        assertThat(b.release()).as("the GOP cache gave its references back").isTrue();
      }
    }
    assertThat(refused[0]).isZero();
    assertThat(stream.gopCachePackets()).isZero();
    for (CountingSink s : sinks) {
      assertThat(s.packets).isEqualTo(4 * 10_000);
      assertThat(s.flushes).isEqualTo(1 + 4 * 10_000 / 16);
    }
  }

  /**
   * While another thread holds every monitor the stream or its registry might take, packets still
   * flow: the forwarding path takes no lock (a lock would block it until the bounded wait fails).
   */
  @Test
  void forwardingTakesNoLock() throws Exception {
    ExecutorService streamThread = Executors.newSingleThreadExecutor();
    try {
      stream.publish(a, a.tracks, streamThread);
      Sink sink = new Sink("sink");
      stream.subscribe(sink);
      RoutingTestSupport.drain(streamThread);
      Field f = Stream.class.getDeclaredField("lock");
      f.setAccessible(true);
      Object lock = f.get(stream);
      Future<?> flow;
      synchronized (lock) {
        synchronized (stream) {
          synchronized (registry) {
            flow = streamThread.submit(() -> {
              for (int seq = 1; seq <= 100; seq++) {
                a.send(stream, 0, seq, seq == 1);
              }
              stream.flush();
              stream.requestKeyframe(a.tracks.get(0));
            });
            flow.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          }
        }
      }
      assertThat(sink.log()).hasSize(100);
      assertThat(sink.flushes).hasValue(2);
    } finally {
      registry.close(stream);
      RoutingTestSupport.drain(streamThread);
      streamThread.shutdown();
    }
  }

  /** Reads the packet as a real sink would, and counts; allocates nothing. */
  private static final class CountingSink implements MediaSink {
    long packets;
    long flushes;
    long checksum;

    @Override
    public void onRtp(Track track, RtpPacket packet, boolean keyframe, long nowNanos) {
      packets++;
      checksum += packet.sequenceNumber() + packet.timestamp() + packet.payloadLength()
          + track.index();
    }

    @Override
    public void flush() {
      flushes++;
    }
  }
}
