package io.sluice.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.media.routing.Stream;
import io.sluice.node.SluiceNode;
import io.sluice.node.browser.Chromium;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Browser to browser through an origin node (issue 5): headless Chromium publishes its fake
 * camera and microphone (or the page's test pattern) through the node's own demo page ({@code sluice.publish}, WHIP), a
 * second window of the same browser plays it ({@code sluice.play}, WHEP), and the viewer's
 * {@code getStats()} must show real media: decoded video frames and received audio packets that
 * keep growing, in the codec asked for. Then both leave and the node holds no session.
 */
@PrivateNetwork
@Timeout(300)
class BrowserToBrowserTest {
  /** How long media is watched for growth after the first decoded frame. */
  private static final Duration WATCH = Duration.ofSeconds(3);

  @AutoClose
  private static @Nullable SluiceNode node;
  @AutoClose
  private static @Nullable Chromium chromium;
  private static Chromium.@Nullable Page publisher;
  private static Chromium.@Nullable Page viewer;

  @BeforeAll
  static void start() throws Exception {
    node = SluiceNode.builder()
        .httpAddress(new InetSocketAddress("127.0.0.1", 0))
        .udpAddress(new InetSocketAddress("127.0.0.1", 0))
        .eventLoops(1)
        .build()
        .start();
    chromium = Chromium.start();
    String demo = node.baseUri() + "/";
    publisher = chromium.open(demo);
    viewer = chromium.open(demo);
  }

  /**
   * The cases are the camera with VP8 and with H264; the page's generated test pattern
   * (canvas and oscillator) goes through the same way.
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"VP8, camera", "H264, camera", "VP8, pattern"})
  void publishedMediaThroughTheNodeIsDecodedInAnotherWindow(String codec, String source) {
    String stream = "b2b-" + codec.toLowerCase() + "-" + source;

    Map<String, Object> published = publisher.call("sluice.publish", stream,
        Map.of("codec", codec, "source", source));
    assertThat(published).containsEntry("status", 201L).containsEntry("codec", codec);
    // The stream is live, with tracks, once the publisher's media arrives; until then WHEP
    // answers 404, as it should.
    await("stream " + stream + " live").atMost(Duration.ofSeconds(20))
        .until(() -> node.stream(stream) instanceof Stream s && s.isLive()
            && !s.tracks().isEmpty());
    Map<String, Object> played = viewer.call("sluice.play", stream);
    assertThat(played).containsEntry("status", 201L).containsEntry("codec", codec);
    assertThat((String) played.get("location")).startsWith(node.baseUri() + "/whep/" + stream);

    Map<String, Object> first = await("first decoded " + codec + " frame")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> viewer.call("sluice.stats"),
            s -> number(s, "framesDecoded") > 0 && s.get("firstFrameMs") != null);
    sleep(WATCH);
    Map<String, Object> later = viewer.call("sluice.stats");

    System.out.printf("%s %s: POST to first decoded frame %s ms; in %s s after it: %d frames "
            + "decoded, %d audio packets, %d video packets lost, %d NACKs, %s x %s, RTT %s ms%n",
        codec, source, first.get("firstFrameMs"), WATCH.toSeconds(),
        number(later, "framesDecoded") - number(first, "framesDecoded"),
        number(later, "audioPacketsReceived") - number(first, "audioPacketsReceived"),
        number(later, "packetsLost"), number(later, "nackCount"),
        later.get("frameWidth"), later.get("frameHeight"), later.get("rttMs"));

    assertThat(later).containsEntry("state", "connected").containsEntry("videoCodec", codec)
        .containsEntry("audioCodec", "opus");
    // Both sources run at 30 fps and Opus sends 50 packets a second: ask for a third.
    assertThat(number(later, "framesDecoded") - number(first, "framesDecoded"))
        .as("frames decoded in %s", WATCH).isGreaterThan(30);
    assertThat(number(later, "audioPacketsReceived") - number(first, "audioPacketsReceived"))
        .as("audio packets received in %s", WATCH).isGreaterThan(50);
    assertThat(number(later, "frameWidth")).isPositive();
    assertThat(number(first, "firstFrameMs")).isPositive();

    // Both leave; DELETE answers 200 and the node keeps no session.
    assertThat(viewer.call("sluice.stop")).containsEntry("play", 200L);
    assertThat(publisher.call("sluice.stop")).containsEntry("publish", 200L);
    await("sessions gone").atMost(Duration.ofSeconds(10))
        .until(() -> node.sessionCount() == 0);
  }

  private static long number(Map<String, Object> stats, String key) {
    Object v = stats.get(key);
    assertThat(v).as(key + " in " + stats).isInstanceOf(Number.class);
    return ((Number) v).longValue();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
