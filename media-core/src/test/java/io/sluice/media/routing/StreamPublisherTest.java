package io.sluice.media.routing;

import static io.sluice.media.routing.RoutingTestSupport.HOUR;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Publishing, replacing and leaving, with the stream thread on an event executor. */
class StreamPublisherTest {
  private final OnLoop f = new OnLoop(config(HOUR, 100, HOUR, HOUR));
  private final DefaultEventExecutor loop = f.loop;
  private final Events events = f.events;
  private final Stream stream = f.stream;
  private final Source a = new Source("a", video(0, 0xa));
  private final Source b = new Source("b", video(0, 0xb));
  private final Sink sink = new Sink("sink");

  @AfterEach
  void tearDown() throws InterruptedException {
    f.close();
  }

  @Test
  void aNewPublisherReplacesTheOldOneAndKeepsTheSinks() {
    stream.publish(a, a.tracks, loop);
    stream.subscribe(sink);
    onThread(loop, () -> {
      a.send(stream, 0, 1, true);
      a.send(stream, 0, 2, false);
    });
    assertThat(stream.gopCachePackets()).isEqualTo(2);

    stream.publish(b, b.tracks, loop);
    assertThat(a.detached).as("the old source is told at once").hasValue(1);
    assertThat(stream.source()).isSameAs(b);
    assertThat(stream.tracks()).isEqualTo(b.tracks);
    drain(loop);
    assertThat(stream.gopCachePackets()).as("until b's first packet").isEqualTo(2);
    onThread(loop, () -> {
      assertThat(a.send(stream, 0, 3, false)).isFalse();
      assertThat(b.send(stream, 0, 50, true)).isTrue();
    });
    assertThat(stream.gopCachePackets()).as("a's pictures do not continue b's").isEqualTo(1);

    assertThat(sink.log()).containsExactly("a/1K", "a/2", "changed", "b/50K");
    assertThat(sink.sourceChanges).hasValue(1);
    assertThat(sink.threads).hasSize(1).doesNotContain(Thread.currentThread());
    assertThat(stream.sinks()).containsExactly(sink);
    assertThat(b.detached).hasValue(0);
    assertThat(events.log()).containsExactly("up live a", "added live sink", "up live b");
  }

  @Test
  void aPublisherThatPublishesAgainIsNotDetached() {
    stream.publish(a, a.tracks, loop);
    stream.subscribe(sink);
    onThread(loop, () -> a.send(stream, 0, 1, true));
    stream.publish(a, a.tracks, loop); // new tracks, as plain RTP ingest does
    onThread(loop, () -> a.send(stream, 0, 2, false));
    assertThat(a.detached).hasValue(0);
    assertThat(stream.isLive()).isTrue();
    assertThat(sink.log()).containsExactly("a/1K", "a/2");
  }

  @Test
  void unpublishByASourceThatIsNoLongerCurrentDoesNothing() {
    stream.publish(a, a.tracks, loop);
    stream.publish(b, b.tracks, loop);
    stream.subscribe(sink);
    onThread(loop, () -> b.send(stream, 0, 1, true));
    stream.unpublish(a);
    stream.unpublish(new Source("stranger"));

    assertThat(stream.isLive()).isTrue();
    assertThat(stream.source()).isSameAs(b);
    drain(loop);
    assertThat(stream.gopCachePackets()).isEqualTo(1);
    onThread(loop, () -> assertThat(b.send(stream, 0, 2, false)).isTrue());
    assertThat(events.log()).noneMatch(e -> e.startsWith("down"));
    assertThat(b.detached).hasValue(0);
  }

  @Test
  void unpublishKeepsTheSinksAndClearsTheGop() {
    stream.publish(a, a.tracks, loop);
    stream.subscribe(sink);
    onThread(loop, () -> a.send(stream, 0, 1, true));
    stream.unpublish(a);
    stream.unpublish(a); // once is enough

    assertThat(stream.isLive()).isFalse();
    assertThat(stream.source()).isNull();
    drain(loop);
    assertThat(stream.gopCachePackets()).isZero();
    assertThat(stream.sinks()).containsExactly(sink);
    assertThat(sink.removed).hasValue(0);
    assertThat(a.detached).as("it left by itself").hasValue(0);
    assertThat(events.log()).containsExactly("up live a", "added live sink", "down live a");

    stream.publish(b, b.tracks, loop); // the publisher is back within grace
    onThread(loop, () -> b.send(stream, 0, 7, true));
    assertThat(sink.log()).containsExactly("a/1K", "changed", "b/7K");
  }
}
