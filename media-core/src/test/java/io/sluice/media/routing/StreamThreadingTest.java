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
import java.util.concurrent.CountDownLatch;
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
}
