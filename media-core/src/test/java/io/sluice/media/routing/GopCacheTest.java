package io.sluice.media.routing;

import static io.sluice.media.routing.RoutingTestSupport.ALLOC;
import static io.sluice.media.routing.RoutingTestSupport.HOUR;
import static io.sluice.media.routing.RoutingTestSupport.audio;
import static io.sluice.media.routing.RoutingTestSupport.config;
import static io.sluice.media.routing.RoutingTestSupport.rtp;
import static io.sluice.media.routing.RoutingTestSupport.rtpBytes;
import static io.sluice.media.routing.RoutingTestSupport.video;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.sluice.media.routing.RoutingTestSupport.Sink;
import io.sluice.media.routing.RoutingTestSupport.Source;
import io.sluice.media.rtp.RtpPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The GOP cache, alone and behind a stream. Every packet is a pooled, leak-tracked buffer that the
 * test releases right after handing it over, so a buffer's reference count says whether the cache
 * holds it (1) or gave it back (0), and paranoid leak detection catches any reference it keeps.
 */
class GopCacheTest {
  private static final Track V0 = video(0, 0xa);
  private static final Track V1 = video(1, 0xb);

  private final List<ByteBuf> sent = new ArrayList<>();
  private final RtpPacket view = new RtpPacket();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final List<StreamRegistry> registries = new ArrayList<>();

  @AfterEach
  void tearDown() {
    registries.forEach(StreamRegistry::close);
    scheduler.shutdownNow();
  }

  // ---- the cache alone ----------------------------------------------------------------------

  @Test
  void startsAtAKeyframeAndHoldsOneReferencePerPacket() {
    GopCache gop = new GopCache(100, Long.MAX_VALUE);
    add(gop, V0, 1, 0, false, 0);
    add(gop, V0, 2, 0, false, 0);
    assertThat(gop.size()).as("nothing before the first keyframe").isZero();
    add(gop, V0, 3, 3000, true, 0);
    add(gop, V0, 4, 3000, false, 0);
    add(gop, V1, 5, 6000, false, 0);
    assertThat(gop.size()).isEqualTo(3);
    assertThat(refCnts()).containsExactly(0, 0, 1, 1, 1);
    for (int i = 0; i < 3; i++) {
      assertThat(gop.packet(i)).isSameAs(sent.get(i + 2));
      assertThat(gop.offset(i)).isZero();
      assertThat(gop.length(i)).isEqualTo(32);
    }
    assertThat(gop.trackIndex(2)).isEqualTo(1);

    gop.clear();
    assertThat(gop.size()).isZero();
    assertThat(refCnts()).containsOnly(0);
  }

  /** A packet inside a larger buffer (a receive batch) is cached by offset, not copied. */
  @Test
  void keepsThePacketsPositionInItsBuffer() {
    GopCache gop = new GopCache(100, Long.MAX_VALUE);
    byte[] packet = rtpBytes(96, 7, 9000, 0xa, 20);
    ByteBuf batch = ALLOC.heapBuffer(64).writeZero(9).writeBytes(packet).writeZero(5);
    view.tryWrap(batch, 9, packet.length);
    gop.onVideoPacket(V0, view, true, 0);
    view.clear();
    assertThat(batch.release()).isFalse();

    assertThat(gop.offset(0)).isEqualTo(9);
    assertThat(gop.length(0)).isEqualTo(packet.length);
    RtpPacket replay = new RtpPacket();
    assertThat(replay.tryWrap(gop.packet(0), gop.offset(0), gop.length(0)))
        .isEqualTo(RtpPacket.Result.OK);
    assertThat(replay.sequenceNumber()).isEqualTo(7);
    replay.clear();
    gop.clear();
    assertThat(batch.refCnt()).isZero();
  }

  @Test
  void theNextKeyframeStartsANewGop() {
    GopCache gop = new GopCache(100, Long.MAX_VALUE);
    add(gop, V0, 1, 3000, true, 0);
    add(gop, V0, 2, 3000, true, 0); // a keyframe in several packets: same timestamp, same GOP
    add(gop, V0, 3, 3000, false, 0);
    assertThat(gop.size()).isEqualTo(3);
    add(gop, V0, 4, 6000, true, 0);
    assertThat(gop.size()).isEqualTo(1);
    assertThat(refCnts()).containsExactly(0, 0, 0, 1);
    add(gop, V1, 5, 6000, true, 0); // the same timestamp on another track is another keyframe
    assertThat(gop.size()).isEqualTo(1);
    assertThat(gop.trackIndex(0)).isEqualTo(1);
    gop.clear();
    assertThat(refCnts()).containsOnly(0);
  }

  /** Count bound: the packet after the limit drops the whole GOP until the next keyframe. */
  @Test
  void aGopLongerThanTheCountLimitIsDropped() {
    GopCache gop = new GopCache(4, Long.MAX_VALUE);
    add(gop, V0, 1, 0, true, 0);
    for (int seq = 2; seq <= 4; seq++) {
      add(gop, V0, seq, 0, false, 0);
    }
    assertThat(gop.size()).as("exactly the limit").isEqualTo(4);
    add(gop, V0, 5, 0, false, 0);
    assertThat(gop.size()).isZero();
    add(gop, V0, 6, 0, false, 0);
    assertThat(gop.size()).as("waits for the next keyframe").isZero();
    assertThat(refCnts()).containsOnly(0);
    add(gop, V0, 7, 3000, true, 0);
    assertThat(gop.size()).isEqualTo(1);
    gop.clear();
  }

  /** Age bound: a packet more than the maximum age after the keyframe drops the GOP. */
  @Test
  void aGopOlderThanTheAgeLimitIsDropped() {
    GopCache gop = new GopCache(100, 1_000);
    add(gop, V0, 1, 0, true, 5_000);
    add(gop, V0, 2, 0, false, 6_000);
    assertThat(gop.size()).as("exactly the age limit").isEqualTo(2);
    add(gop, V0, 3, 0, false, 6_001);
    assertThat(gop.size()).isZero();
    assertThat(refCnts()).containsOnly(0);
    add(gop, V0, 4, 3000, true, 7_000);
    add(gop, V0, 5, 3000, false, 8_000);
    assertThat(gop.size()).as("the age counts from the new keyframe").isEqualTo(2);
    gop.clear();
  }

  @Test
  void aZeroCountDisablesTheCache() {
    GopCache gop = new GopCache(0, Long.MAX_VALUE);
    add(gop, V0, 1, 0, true, 0);
    add(gop, V0, 2, 0, false, 0);
    assertThat(gop.size()).isZero();
    assertThat(refCnts()).containsOnly(0);
  }

  // ---- behind a stream ----------------------------------------------------------------------

  @Test
  void aNewSinkGetsTheGopFromItsKeyframeThenLivePackets() {
    Stream stream = stream(100, HOUR);
    Source a = new Source("a", video(0, 0xa), audio(1, 0xa1));
    stream.publish(a, a.tracks, Runnable::run);
    a.send(stream, 0, 1, false);
    a.send(stream, 0, 2, true);
    a.send(stream, 1, 3, false); // audio is not cached: a viewer starts audio live
    a.send(stream, 0, 4, false);
    Sink first = new Sink("first");
    stream.subscribe(first);
    a.send(stream, 0, 5, false);
    assertThat(first.log()).containsExactly("a/2K", "a/4", "a/5");

    a.send(stream, 0, 6, true);
    a.send(stream, 0, 7, false);
    Sink second = new Sink("second");
    stream.subscribe(second);
    assertThat(second.log()).as("from the newest keyframe").containsExactly("a/6K", "a/7");
    assertThat(stream.gopCachePackets()).isEqualTo(2);
    assertThat(a.keyframeRequests).as("the cache had a keyframe each time").isEmpty();
  }

  @Test
  void aStreamDropsAGopOverItsCountOrAge() {
    Stream stream = stream(3, Duration.ofNanos(1_000));
    Source a = new Source("a", video(0, 0xa));
    stream.publish(a, a.tracks, Runnable::run);
    a.send(stream, 0, 1, 0, true, 0);
    a.send(stream, 0, 2, 0, false, 0);
    a.send(stream, 0, 3, 0, false, 0);
    a.send(stream, 0, 4, 0, false, 0);
    assertThat(stream.gopCachePackets()).isZero();
    a.send(stream, 0, 5, 3000, true, 10_000);
    a.send(stream, 0, 6, 3000, false, 11_001);
    assertThat(stream.gopCachePackets()).isZero();
    Sink late = new Sink("late");
    stream.subscribe(late);
    assertThat(late.log()).isEmpty();
    assertThat(a.keyframeRequests).as("no cached keyframe: ask for one").containsExactly(0);
  }

  @Test
  void aDisabledCacheReplaysNothingAndKeepsNoBuffer() {
    Stream stream = stream(0, HOUR);
    Source a = new Source("a", video(0, 0xa));
    stream.publish(a, a.tracks, Runnable::run);
    send(stream, a, 1, true);
    send(stream, a, 2, false);
    assertThat(refCnts()).containsOnly(0);
    Sink late = new Sink("late");
    stream.subscribe(late);
    assertThat(late.log()).isEmpty();
    assertThat(stream.gopCachePackets()).isZero();
  }

  /** The new source's first packet, on the stream thread, replaces the old source's GOP. */
  @Test
  void everyBufferIsReleasedWhenTheSourceChanges() {
    Stream stream = stream(100, HOUR);
    Source a = new Source("a", video(0, 0xa));
    stream.publish(a, a.tracks, Runnable::run);
    send(stream, a, 1, true);
    send(stream, a, 2, false);
    assertThat(refCnts()).containsOnly(1);
    Source b = new Source("b", video(0, 0xb));
    stream.publish(b, b.tracks, Runnable::run);
    send(stream, b, 1, false);
    assertThat(stream.gopCachePackets()).isZero();
    assertThat(refCnts()).containsOnly(0);
  }

  @Test
  void everyBufferIsReleasedWhenTheSourceLeaves() {
    Stream stream = stream(100, HOUR);
    Source a = new Source("a", video(0, 0xa));
    stream.publish(a, a.tracks, Runnable::run);
    send(stream, a, 1, true);
    stream.unpublish(a);
    assertThat(stream.gopCachePackets()).isZero();
    assertThat(refCnts()).containsOnly(0);
  }

  @Test
  void everyBufferIsReleasedWhenTheStreamCloses() {
    StreamRegistry registry = registry(100, HOUR);
    Stream one = registry.getOrCreate("one");
    Stream two = registry.getOrCreate("two");
    Source a = new Source("a", video(0, 0xa));
    Source b = new Source("b", video(0, 0xb));
    one.publish(a, a.tracks, Runnable::run);
    two.publish(b, b.tracks, Runnable::run);
    send(one, a, 1, true);
    send(two, b, 1, true);
    registry.close(one);
    assertThat(refCnts()).containsExactly(0, 1);
    registry.close();
    assertThat(refCnts()).containsOnly(0);
  }

  private StreamRegistry registry(int gopPackets, Duration gopMaxAge) {
    StreamRegistry r = new StreamRegistry(config(HOUR, gopPackets, gopMaxAge, HOUR),
        StreamListener.NONE, scheduler);
    registries.add(r);
    return r;
  }

  private Stream stream(int gopPackets, Duration gopMaxAge) {
    return registry(gopPackets, gopMaxAge).getOrCreate("live");
  }

  /** Hands the cache one packet as a source would, then drops the source's reference. */
  private void add(GopCache gop, Track track, int seq, long timestamp, boolean keyframe,
      long nowNanos) {
    ByteBuf b = rtp(ALLOC, track.payloadType(), seq, timestamp, track.ssrc(), 20);
    sent.add(b);
    view.wrap(b);
    gop.onVideoPacket(track, view, keyframe, nowNanos);
    view.clear();
    b.release();
  }

  private void send(Stream stream, Source source, int seq, boolean keyframe) {
    Track t = source.tracks.get(0);
    ByteBuf b = rtp(ALLOC, t.payloadType(), seq, 3000L * seq, t.ssrc(), 20);
    sent.add(b);
    view.wrap(b);
    assertThat(stream.forward(source, t, view, keyframe, System.nanoTime())).isTrue();
    view.clear();
    b.release();
  }

  private List<Integer> refCnts() {
    return sent.stream().map(ByteBuf::refCnt).toList();
  }
}
