package io.sluice.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.media.routing.Stream;
import io.sluice.node.SluiceNode;
import io.sluice.node.browser.Chromium;
import java.time.Duration;
import java.util.Map;

/** What the end-to-end tests check on a viewer page of the demo page. */
final class Media {
  private Media() {}

  static long number(Map<String, Object> stats, String key) {
    Object v = stats.get(key);
    assertThat(v).as(key + " in " + stats).isInstanceOf(Number.class);
    return ((Number) v).longValue();
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void awaitLive(SluiceNode node, String stream) {
    await("stream " + stream + " live").atMost(Duration.ofSeconds(20))
        .until(() -> node.stream(stream) instanceof Stream s && s.isLive()
            && !s.tracks().isEmpty());
  }

  /** Waits for the viewer's first decoded frame and returns its stats at that point. */
  static Map<String, Object> awaitFirstFrame(Chromium.Page viewer) {
    return await("first decoded frame").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> viewer.call("sluice.stats"),
            s -> number(s, "framesDecoded") > 0 && s.get("firstFrameMs") != null);
  }

  /**
   * Asserts that video frames and audio packets keep coming for {@code watch}: at least a third
   * of 30 fps and a fifth of Opus' 50 packets/s (the senders share two busy cores) (or only video when {@code audio} is false).
   *
   * @return the stats at the end
   */
  static Map<String, Object> assertMediaFlows(Chromium.Page viewer, Duration watch,
      boolean audio) {
    Map<String, Object> first = viewer.call("sluice.stats");
    sleep(watch);
    Map<String, Object> later = viewer.call("sluice.stats");
    long seconds = watch.toSeconds();
    assertThat(number(later, "framesDecoded") - number(first, "framesDecoded"))
        .as("frames decoded in %s (%s)", watch, later).isGreaterThan(10 * seconds);
    if (audio) {
      assertThat(number(later, "audioPacketsReceived") - number(first, "audioPacketsReceived"))
          .as("audio packets in %s", watch).isGreaterThan(10 * seconds);
    }
    return later;
  }
}
