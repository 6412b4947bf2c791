package io.sluice.node;

import static io.sluice.node.NodeMediaTest.AUDIO;
import static io.sluice.node.NodeMediaTest.VIDEO;
import static io.sluice.node.NodeMediaTest.rtp;
import static io.sluice.node.NodeMediaTest.vp8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.media.routing.StreamRegistry;
import io.sluice.node.NodeMediaTest.Recorder;
import io.sluice.node.client.WhepClient;
import io.sluice.node.client.WhipClient;
import io.sluice.signaling.sdp.MediaKind;
import io.sluice.transport.dtls.DtlsCertificate;
import io.sluice.transport.internal.dtls.DtlsContext;
import io.sluice.transport.internal.session.WebRtcClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Origins and an edge in one JVM, with our own WHIP publisher and WHEP viewer: the edge pulls a
 * stream on the first viewer's request, stops when the last viewer leaves, and fails over to a
 * second origin (which the publisher also feeds, for redundancy) when the first one dies, with
 * the viewer's sequence numbers continuing across the switch.
 */
@io.sluice.node.e2e.PrivateNetwork
@Timeout(90)
class EdgeRelayTest {
  private final List<SluiceNode> nodes = new ArrayList<>();
  private WebRtcClient rtc;

  @BeforeEach
  void start() {
    rtc = new WebRtcClient(1, DtlsContext.builder(DtlsCertificate.generate()).build(),
        Duration.ofSeconds(30), InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void stop() {
    rtc.close();
    nodes.forEach(SluiceNode::close);
  }

  private SluiceNode node(Role role, SluiceNode... origins) throws Exception {
    SluiceNode.Builder b = SluiceNode.builder()
        .role(role)
        .httpAddress(new InetSocketAddress("127.0.0.1", 0))
        .udpAddress(new InetSocketAddress("127.0.0.1", 0))
        .eventLoops(1)
        .demoPage(false)
        .streams(StreamRegistry.Config.DEFAULT.withGrace(Duration.ofSeconds(2)));
    for (SluiceNode o : origins) {
      b.addOrigin(o.baseUri());
    }
    SluiceNode n = b.build().start();
    nodes.add(n);
    return n;
  }

  /** Sends one key frame and then interframes to each publisher, every 10 ms, from a thread. */
  private static final class Feeder extends Thread {
    private final List<WhipClient.Session> pubs;
    private volatile boolean stop;

    Feeder(List<WhipClient.Session> pubs) {
      this.pubs = pubs;
      setDaemon(true);
    }

    @Override
    public void run() {
      int seq = 500;
      long ts = 1000;
      for (int i = 0; i < 3000 && !stop; i++) { // bounded: at most 30 s
        boolean key = i % 50 == 0; // a key frame every 0.5 s
        for (WhipClient.Session p : pubs) {
          if (!p.transport().isClosed()) {
            int pt = p.codec(MediaKind.VIDEO).payloadType();
            p.transport().sendRtp(rtp(pt, true, seq, ts, VIDEO.ssrc(), vp8(key, 900, (byte) i)),
                true);
          }
        }
        seq = (seq + 1) & 0xFFFF;
        ts += 900;
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  @Test
  void edgePullsOnFirstViewerStopsOnLastAndFailsOverToTheSecondOrigin() throws Exception {
    SluiceNode originA = node(Role.ORIGIN);
    SluiceNode originB = node(Role.ORIGIN);
    SluiceNode edge = node(Role.EDGE, originA, originB);
    Recorder view = new Recorder();
    try (WhipClient whip = new WhipClient(rtc); WhepClient whep = new WhepClient(rtc)) {
      WhipClient.Session pubA = whip.publish(originA.baseUri().resolve("/whip/live"), null,
          List.of(AUDIO, VIDEO), new Recorder());
      WhipClient.Session pubB = whip.publish(originB.baseUri().resolve("/whip/live"), null,
          List.of(AUDIO, VIDEO), new Recorder());
      Feeder feeder = new Feeder(List.of(pubA, pubB));
      feeder.start();
      try {
        await().atMost(Duration.ofSeconds(10)).until(() -> originA.stream("live") != null
            && originA.stream("live").isLive() && originB.stream("live") != null
            && originB.stream("live").isLive());
        assertThat(edge.streams()).isEmpty(); // nothing pulled before a viewer asks

        WhepClient.Session viewer = whep.play(edge.baseUri().resolve("/whep/live"), null, view);
        assertThat(view.connected.await(10, TimeUnit.SECONDS)).isTrue();
        List<byte[]> before = drain(view, 60);
        assertThat(originA.sessionCount()).as("publisher + the edge's pull").isEqualTo(2);

        // Origin A dies: the edge fails over to B, and the viewer's sequence goes on.
        originA.close();
        view.rtp.clear();
        List<byte[]> after = drain(view, 60);
        assertThat(originB.sessionCount()).as("publisher + the edge's pull").isEqualTo(2);
        // The admin API of origin B sees the stream, its ingest bitrate and the edge's pull.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
          String json = get(originB, "/api/streams/live");
          assertThat(json).contains("\"viewerCount\":1").contains("\"codec\":\"VP8\"");
          assertThat(json).doesNotContain("\"ingestBitrateBps\":0,");
        });
        assertThat(get(edge, "/api/streams")).contains("\"id\":\"live\"");
        int lastBefore = seq(before.get(before.size() - 1));
        int firstAfter = seq(after.get(0));
        assertThat((firstAfter - lastBefore) & 0xFFFF).as("no jump in the viewer's sequence")
            .isBetween(1, 200);
        assertThat(ssrc(after.get(0))).isEqualTo(ssrc(before.get(0)));
        for (int i = 1; i < after.size(); i++) {
          assertThat(seq(after.get(i))).isEqualTo((seq(after.get(i - 1)) + 1) & 0xFFFF);
        }

        // The last viewer leaves: the edge stops pulling, and origin B keeps only the publisher.
        viewer.close();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
          assertThat(edge.sessionCount()).isZero();
          assertThat(edge.streams()).isEmpty();
          assertThat(originB.sessionCount()).isEqualTo(1);
        });
      } finally {
        feeder.stop = true;
        feeder.join(5000);
      }
    }
  }

  @Test
  void anOriginPushesAStreamToAnotherNodeOverWhip() throws Exception {
    SluiceNode originA = node(Role.ORIGIN);
    SluiceNode originB = node(Role.ORIGIN);
    Recorder view = new Recorder();
    try (WhipClient whip = new WhipClient(rtc); WhepClient whep = new WhepClient(rtc)) {
      WhipClient.Session pub = whip.publish(originA.baseUri().resolve("/whip/pushed"), null,
          List.of(AUDIO, VIDEO), new Recorder());
      Feeder feeder = new Feeder(List.of(pub));
      feeder.start();
      try {
        await().atMost(Duration.ofSeconds(10)).until(() -> originA.stream("pushed") != null
            && originA.stream("pushed").isLive());
        AutoCloseable relay = originA.relayTo("pushed",
            originB.baseUri().resolve("/whip/pushed"), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> originB.stream("pushed") != null
            && originB.stream("pushed").isLive());
        WhepClient.Session viewer = whep.play(originB.baseUri().resolve("/whep/pushed"), null,
            view);
        assertThat(view.connected.await(10, TimeUnit.SECONDS)).isTrue();
        List<byte[]> got = drain(view, 40);
        for (int i = 1; i < got.size(); i++) {
          assertThat(seq(got.get(i))).isEqualTo((seq(got.get(i - 1)) + 1) & 0xFFFF);
        }
        viewer.close();
        relay.close();
        // Closing the relay DELETEs its WHIP session at B: B keeps nothing.
        await().atMost(Duration.ofSeconds(10)).until(() -> originB.sessionCount() == 0);
      } finally {
        feeder.stop = true;
        feeder.join(5000);
      }
    }
  }

  private static List<byte[]> drain(Recorder r, int n) throws InterruptedException {
    List<byte[]> got = new ArrayList<>();
    while (got.size() < n) {
      byte[] p = r.rtp.poll(10, TimeUnit.SECONDS);
      assertThat(p).as("packet %d of %d", got.size(), n).isNotNull();
      got.add(p);
    }
    return got;
  }

  private static String get(SluiceNode node, String path) throws Exception {
    return java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(node.baseUri().resolve(path)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }

  private static int seq(byte[] p) {
    ByteBuf b = Unpooled.wrappedBuffer(p);
    return b.getUnsignedShort(2);
  }

  private static long ssrc(byte[] p) {
    return Unpooled.wrappedBuffer(p).getUnsignedInt(8);
  }
}
