package io.sluice.media.routing;

import static io.sluice.media.routing.RoutingTestSupport.HOUR;
import static io.sluice.media.routing.RoutingTestSupport.await;
import static io.sluice.media.routing.RoutingTestSupport.config;
import static io.sluice.media.routing.RoutingTestSupport.drain;
import static io.sluice.media.routing.RoutingTestSupport.onThread;
import static io.sluice.media.routing.RoutingTestSupport.video;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.DefaultEventExecutor;
import io.sluice.media.routing.RoutingTestSupport.Events;
import io.sluice.media.routing.RoutingTestSupport.OnLoop;
import io.sluice.media.routing.RoutingTestSupport.Sink;
import io.sluice.media.routing.RoutingTestSupport.Source;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stream thread is a Netty event executor, as in the node: sources publish and forward on it,
 * sinks subscribe and unsubscribe from other threads.
 */
class StreamThreadingTest {
  private final OnLoop f = new OnLoop(config(HOUR, 10_000, HOUR, HOUR));
  private final DefaultEventExecutor loop = f.loop;
  private final Events events = f.events;
  private final StreamRegistry registry = f.registry;
  private final Stream stream = f.stream;
  private final Source a = new Source("a", video(0, 0xa));

  @AfterEach
  void tearDown() throws InterruptedException {
    f.close();
  }

  @Test
  void subscribeReplaysTheGopOnTheStreamThreadThenLivePackets() {
    stream.publish(a, a.tracks, loop);
    onThread(loop, () -> {
      a.send(stream, 0, 1, true);
      a.send(stream, 0, 2, false);
      a.send(stream, 0, 3, false);
    });
    Sink s1 = new Sink("s1");
    Sink s2 = new Sink("s2");
    CountDownLatch hold = new CountDownLatch(1);
    loop.execute(() -> await(hold)); // queue the next steps behind a held loop, in this order
    stream.subscribe(s1);
    loop.execute(() -> a.send(stream, 0, 4, false));
    stream.subscribe(s2);
    loop.execute(() -> a.send(stream, 0, 5, false));
    assertThat(stream.sinks()).as("not before the stream thread ran the subscription").isEmpty();
    hold.countDown();
    drain(loop);

    assertThat(s1.log()).containsExactly("a/1K", "a/2", "a/3", "a/4", "a/5");
    assertThat(s2.log()).containsExactly("a/1K", "a/2", "a/3", "a/4", "a/5");
    assertThat(s1.threads).containsExactly(f.thread);
    assertThat(stream.sinks()).containsExactly(s1, s2);
  }

  /**
   * The node publishes on the stream thread when the first packet arrives and forwards that
   * packet at once. The sinks must hear of a new source before its first packet (their
   * sequencers rebase on it), and that packet, a keyframe, must stay in the GOP cache.
   */
  @Test
  void aSourcePublishingOnItsStreamThreadIsAnnouncedBeforeItsFirstPacket() {
    Sink waiting = new Sink("waiting");
    stream.subscribe(waiting);
    onThread(loop, () -> {
      stream.publish(a, a.tracks, loop);
      a.send(stream, 0, 1, true);
      a.send(stream, 0, 2, false);
    });
    drain(loop);
    assertThat(waiting.log()).as("the first source is no change").containsExactly("a/1K", "a/2");
    assertThat(stream.gopCachePackets()).isEqualTo(2);

    Source b = new Source("b", video(0, 0xb));
    onThread(loop, () -> {
      stream.publish(b, b.tracks, loop);
      b.send(stream, 0, 100, true);
      b.send(stream, 0, 101, false);
    });
    drain(loop);
    assertThat(waiting.log())
        .containsExactly("a/1K", "a/2", "changed", "b/100K", "b/101");
    assertThat(stream.gopCachePackets()).as("b's keyframe is kept").isEqualTo(2);

    Sink late = new Sink("late");
    stream.subscribe(late);
    drain(loop);
    assertThat(late.log()).containsExactly("b/100K", "b/101");
  }

  /** A viewer that leaves before its subscription reached the stream thread must not stay. */
  @Test
  void anUnsubscribeBeforeTheSubscriptionRanIsNotLost() {
    stream.publish(a, a.tracks, loop);
    onThread(loop, () -> a.send(stream, 0, 1, true));
    Sink quick = new Sink("quick");
    CountDownLatch hold = new CountDownLatch(1);
    loop.execute(() -> await(hold));
    stream.subscribe(quick);
    stream.unsubscribe(quick);
    hold.countDown();
    drain(loop);
    onThread(loop, () -> a.send(stream, 0, 2, false));

    assertThat(stream.sinks()).isEmpty();
    assertThat(quick.removed).as("told once that it is gone").hasValue(1);
    assertThat(quick.log()).as("no packet after its removal").endsWith("removed");
    assertThat(quick.log()).doesNotContain("a/2");
    assertThat(events.log()).as("added and removed pair up (here: neither)")
        .filteredOn(e -> e.contains("quick")).isEmpty();
  }

  @Test
  void closingWhileASubscriptionIsPendingRemovesTheSinkOnce() {
    stream.publish(a, a.tracks, loop);
    Sink pending = new Sink("pending");
    CountDownLatch hold = new CountDownLatch(1);
    loop.execute(() -> await(hold));
    stream.subscribe(pending);
    registry.close(stream);
    hold.countDown();
    drain(loop);
    drain(loop);
    assertThat(pending.removed).hasValue(1);
    assertThat(stream.sinks()).isEmpty();
    assertThat(a.detached).hasValue(1);
  }

  /**
   * Four threads subscribe and unsubscribe sinks, some at once, while the stream thread forwards
   * 20 000 packets (a keyframe every 25). Every sink sees an unbroken run of packets that starts
   * at a keyframe (from the GOP cache) and ends at its removal, or at the last packet if it stayed.
   */
  @Test
  void concurrentSubscribeAndUnsubscribeLoseAndDuplicateNothing() throws Exception {
    int total = 20_000;
    a.tracked = false;
    stream.publish(a, a.tracks, loop);
    CountDownLatch sent = new CountDownLatch(1);
    loop.execute(new Runnable() {
      int seq = 1;

      @Override
      public void run() {
        for (int i = 0; i < 5 && seq <= total; i++, seq++) {
          a.send(stream, 0, seq, seq % 25 == 1);
        }
        stream.flush();
        if (seq <= total) {
          loop.execute(this); // let subscriptions in between batches, as a receive loop does
        } else {
          sent.countDown();
        }
      }
    });
    List<Sink> left = Collections.synchronizedList(new ArrayList<>());
    List<Sink> stayed = Collections.synchronizedList(new ArrayList<>());
    ExecutorService viewers = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      done.add(viewers.submit(() -> {
        for (int i = 0; i < 60; i++) {
          Sink s = new Sink("v" + thread + "." + i);
          stream.subscribe(s);
          if (i % 3 == 1) {
            Thread.sleep(1);
          } else if (i % 3 == 2) {
            Thread.yield();
          }
          stream.unsubscribe(s);
          left.add(s);
        }
        Sink last = new Sink("v" + thread + ".last");
        stream.subscribe(last);
        stayed.add(last);
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get(RoutingTestSupport.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    viewers.shutdown();
    await(sent);
    drain(loop);

    assertThat(stream.forwardedPackets()).isEqualTo(total);
    assertThat(stream.sinks()).containsExactlyInAnyOrderElementsOf(stayed);
    for (Sink s : left) {
      List<String> log = s.log();
      assertThat(s.removed).as(s + " removed once").hasValue(1);
      assertThat(log).as(s.name).endsWith("removed");
      checkUnbrokenRun(s.name, log.subList(0, log.size() - 1), -1);
    }
    for (Sink s : stayed) {
      assertThat(s.removed).as(s + " still there").hasValue(0);
      checkUnbrokenRun(s.name, s.log(), total);
      assertThat(s.threads).containsExactly(f.thread);
    }
    long added = events.log().stream().filter(e -> e.startsWith("added")).count();
    long removed = events.log().stream().filter(e -> e.startsWith("removed")).count();
    assertThat(added - removed).as("listener events pair up").isEqualTo(stayed.size());
    assertThat(a.keyframeRequests).as("rate-limited to one an hour").hasSizeLessThan(2);
  }

  /** {@code a/k K, a/k+1, ..., a/n}: no gap, no duplicate, from a keyframe, to {@code last}. */
  private static void checkUnbrokenRun(String sink, List<String> log, int last) {
    if (log.isEmpty()) {
      assertThat(last).as(sink + " got nothing").isEqualTo(-1);
      return;
    }
    assertThat(log.get(0)).as(sink + " starts at a keyframe").endsWith("K");
    int expected = seq(log.get(0));
    for (String e : log) {
      if (seq(e) != expected) {
        throw new AssertionError(sink + ": expected a/" + expected + ", got " + e + " in " + log);
      }
      expected++;
    }
    if (last >= 0) {
      assertThat(expected - 1).as(sink + " got the last packet").isEqualTo(last);
    }
  }

  private static int seq(String entry) {
    return Integer.parseInt(entry.substring(entry.indexOf('/') + 1).replace("K", ""));
  }
}
