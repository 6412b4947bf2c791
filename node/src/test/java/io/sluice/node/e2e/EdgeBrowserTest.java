package io.sluice.node.e2e;

import static io.sluice.node.e2e.Media.awaitFirstFrame;
import static io.sluice.node.e2e.Media.awaitLive;
import static io.sluice.node.e2e.Media.assertMediaFlows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.media.routing.StreamRegistry;
import io.sluice.node.Role;
import io.sluice.node.SluiceNode;
import io.sluice.node.browser.Chromium;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Through an edge (issue 5): headless Chromium publishes its fake camera and microphone to an
 * origin over WHIP; a second window opens the <em>edge's</em> demo page and plays over WHEP from
 * the edge, which pulls the stream from the origin over our own WHEP client. Decoded frames and
 * audio must keep coming; when both leave, neither node keeps a session, a stream or a pull.
 */
@PrivateNetwork
@Timeout(300)
class EdgeBrowserTest {
  @AutoClose
  private @Nullable SluiceNode origin;
  @AutoClose
  private @Nullable SluiceNode edge;
  @AutoClose
  private @Nullable Chromium chromium;

  private static SluiceNode.Builder node() {
    return SluiceNode.builder()
        .httpAddress(new InetSocketAddress("127.0.0.1", 0))
        .udpAddress(new InetSocketAddress("127.0.0.1", 0))
        .eventLoops(1)
        .streams(StreamRegistry.Config.DEFAULT.withGrace(Duration.ofSeconds(1)));
  }

  @Test
  void chromiumPlaysFromAnEdgeThatPullsFromTheOrigin() throws Exception {
    origin = node().build().start();
    edge = node().role(Role.EDGE).addOrigin(origin.baseUri()).build().start();
    chromium = Chromium.start();
    Chromium.Page publisher = chromium.open(origin.baseUri() + "/");
    Chromium.Page viewer = chromium.open(edge.baseUri() + "/");

    assertThat(publisher.call("sluice.publish", "via-edge",
        Map.of("codec", "VP8", "source", "camera"))).containsEntry("status", 201L);
    awaitLive(origin, "via-edge");
    Map<String, Object> played = viewer.call("sluice.play", "via-edge");
    assertThat(played).containsEntry("status", 201L);
    assertThat((String) played.get("location")).startsWith(edge.baseUri() + "/whep/via-edge");
    assertThat(edge.stream("via-edge")).isNotNull();
    assertThat(origin.sessionCount()).as("the publisher and the edge's pull").isEqualTo(2);

    Map<String, Object> first = awaitFirstFrame(viewer);
    Map<String, Object> later = assertMediaFlows(viewer, Duration.ofSeconds(3), true);
    System.out.printf("edge: POST to first decoded frame %s ms; %s x %s, %s video packets lost%n",
        first.get("firstFrameMs"), later.get("frameWidth"), later.get("frameHeight"),
        later.get("packetsLost"));

    assertThat(viewer.call("sluice.stop")).containsEntry("play", 200L);
    // The last viewer left the edge: it stops pulling, so the origin keeps only the publisher.
    await("edge stops pulling").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(edge.sessionCount()).isZero();
      assertThat(edge.streams()).isEmpty();
      assertThat(origin.sessionCount()).isEqualTo(1);
    });
    assertThat(publisher.call("sluice.stop")).containsEntry("publish", 200L);
    await("origin empty").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(origin.sessionCount()).isZero();
      assertThat(origin.streams()).isEmpty();
    });
  }
}
