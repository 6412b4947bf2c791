package io.sluice.media.routing;

import static io.sluice.media.routing.RoutingTestSupport.HOUR;
import static io.sluice.media.routing.RoutingTestSupport.TIMEOUT_SECONDS;
import static io.sluice.media.routing.RoutingTestSupport.audio;
import static io.sluice.media.routing.RoutingTestSupport.config;
import static io.sluice.media.routing.RoutingTestSupport.drain;
import static io.sluice.media.routing.RoutingTestSupport.onThread;
import static io.sluice.media.routing.RoutingTestSupport.video;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.DefaultEventExecutor;
import io.sluice.media.routing.RoutingTestSupport.OnLoop;
import io.sluice.media.routing.RoutingTestSupport.Sink;
import io.sluice.media.routing.RoutingTestSupport.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Keyframe requests: rate-limited per track, delivered on the stream thread, only to a source. */
class StreamKeyframeRequestTest {
  private final Source a = new Source("a", video(0, 0xa), audio(1, 0xa1), video(2, 0xa2));
  private OnLoop f;
  private DefaultEventExecutor loop;

  @AfterEach
  void tearDown() throws InterruptedException {
    f.close();
  }

  private Stream stream(Duration interval) {
    f = new OnLoop(config(interval, 100, HOUR, HOUR));
    loop = f.loop;
    return f.stream;
  }

  /** A PLI storm: 8 threads ask 500 times each for two tracks; one request per track passes. */
  @Test
  void concurrentCallersReachTheSourceOncePerIntervalPerTrack() throws Exception {
    Stream stream = stream(HOUR);
    stream.publish(a, a.tracks, loop);
    ExecutorService viewers = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> passed = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      passed.add(viewers.submit(() -> {
        start.await();
        int n = 0;
        for (int i = 0; i < 500; i++) {
          n += stream.requestKeyframe(a.tracks.get(0)) ? 1 : 0;
          n += stream.requestKeyframe(a.tracks.get(2)) ? 1 : 0;
        }
        return n;
      }));
    }
    start.countDown();
    int total = 0;
    for (Future<Integer> f : passed) {
      total += f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    viewers.shutdown();
    drain(loop);

    assertThat(total).isEqualTo(2);
    assertThat(a.keyframeRequests).containsExactlyInAnyOrder(0, 2);
    assertThat(a.requestThreads).containsExactly(f.thread);
    assertThat(stream.keyframeRequests()).isEqualTo(2);
  }

  @Test
  void aRequestPassesAgainOnceTheIntervalHasPassed() throws InterruptedException {
    Duration interval = Duration.ofMillis(300);
    Stream stream = stream(interval);
    stream.publish(a, a.tracks, loop);
    Track v = a.tracks.get(0);

    long first = System.nanoTime();
    assertThat(stream.requestKeyframe(v)).isTrue();
    boolean again = stream.requestKeyframe(v);
    if (System.nanoTime() - first < interval.toNanos()) { // always, bar a very long pause
      assertThat(again).as("within the interval").isFalse();
    }
    assertThat(stream.requestKeyframe(a.tracks.get(1))).as("another track").isTrue();
    while (System.nanoTime() - first <= interval.toNanos()) {
      Thread.sleep(5);
    }
    assertThat(stream.requestKeyframe(v)).isTrue();
    drain(loop);
    assertThat(a.keyframeRequests).hasSize(again ? 4 : 3);
  }

  @Test
  void noRequestReachesAnAbsentSource() {
    Stream stream = stream(Duration.ZERO);
    Sink sink = new Sink("viewer");
    stream.subscribe(sink);
    assertThat(stream.requestKeyframe(a.tracks.get(0))).as("nobody publishes yet").isFalse();

    stream.publish(a, a.tracks, loop);
    stream.unpublish(a);
    assertThat(stream.requestKeyframe(a.tracks.get(0))).as("the source left").isFalse();
    drain(loop);
    assertThat(a.keyframeRequests).isEmpty();
    assertThat(stream.keyframeRequests()).isZero();
  }

  @Test
  void aTrackIndexBeyondTheLimitIsNotRequested() {
    Stream stream = stream(Duration.ZERO);
    stream.publish(a, a.tracks, loop);
    assertThat(stream.requestKeyframe(video(Stream.MAX_TRACKS, 1))).isFalse();
  }

  /** A new viewer without a cached keyframe asks for one; with a cached keyframe it does not. */
  @Test
  void subscribingRequestsAKeyframeOnlyWhenTheGopCacheHasNone() {
    Stream stream = stream(Duration.ZERO);
    stream.publish(a, a.tracks, loop);
    stream.subscribe(new Sink("first"));
    drain(loop);
    drain(loop);
    assertThat(a.keyframeRequests).containsExactly(0);

    onThread(loop, () -> a.send(stream, 0, 1, true));
    stream.subscribe(new Sink("second"));
    drain(loop);
    drain(loop);
    assertThat(a.keyframeRequests).as("the cache has one").containsExactly(0);

    Source audioOnly = new Source("audio", audio(0, 0xa0));
    stream.publish(audioOnly, audioOnly.tracks, loop);
    stream.subscribe(new Sink("third"));
    drain(loop);
    drain(loop);
    assertThat(audioOnly.keyframeRequests).as("audio has no keyframes").isEmpty();
  }
}
