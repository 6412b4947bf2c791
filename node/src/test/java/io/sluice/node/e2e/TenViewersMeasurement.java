package io.sluice.node.e2e;

import static io.sluice.node.e2e.Media.awaitFirstFrame;
import static io.sluice.node.e2e.Media.awaitLive;
import static io.sluice.node.e2e.Media.number;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import io.netty.util.ResourceLeakDetector;
import io.sluice.node.SluiceNode;
import io.sluice.node.browser.Chromium;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A measurement, not a pass/fail test (run it with {@code -Dsluice.measure=true}): one Chromium
 * window publishes its fake camera (VP8 + Opus), ten more windows play it through the node, and
 * the node's CPU is measured over 20 s: the CPU time of the node's media threads (the UDP event
 * loops, where every packet is received, fanned out, encrypted and sent) and of this whole JVM
 * (which also runs the test's Selenium client, a few calls a second). Prints each viewer's time
 * from WHEP POST to first decoded frame.
 */
@PrivateNetwork
@Timeout(600)
@EnabledIfSystemProperty(named = "sluice.measure", matches = "true")
class TenViewersMeasurement {
  private static final int VIEWERS = 10;
  private static final Duration WINDOW = Duration.ofSeconds(20);

  @Test
  void onePublisherTenBrowserViewers() throws Exception {
    // Paranoid leak detection (on for every test) records a stack trace at each buffer access:
    // it would dominate the figure. A measurement runs the node as it runs in production.
    ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    try {
      measure();
    } finally {
      ResourceLeakDetector.setLevel(level);
    }
  }

  private void measure() throws Exception {
    try (SluiceNode node = SluiceNode.builder()
            .httpAddress(new InetSocketAddress("127.0.0.1", 0))
            .udpAddress(new InetSocketAddress("127.0.0.1", 0))
            .eventLoops(1)
            .build()
            .start();
        Chromium chromium = Chromium.start()) {
      Chromium.Page publisher = chromium.open(node.baseUri() + "/");
      assertThat(publisher.call("sluice.publish", "ten",
          Map.of("codec", "VP8", "source", "camera"))).containsEntry("status", 201L);
      awaitLive(node, "ten");
      List<Chromium.Page> viewers = new ArrayList<>();
      List<Object> firstFrames = new ArrayList<>();
      for (int i = 0; i < VIEWERS; i++) {
        Chromium.Page v = chromium.open(node.baseUri() + "/");
        assertThat(v.call("sluice.play", "ten")).containsEntry("status", 201L);
        firstFrames.add(awaitFirstFrame(v).get("firstFrameMs"));
        viewers.add(v);
      }
      Media.sleep(Duration.ofSeconds(3));
      OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long[] framesBefore = frames(viewers);
      long mediaBefore = mediaThreadCpu(threads);
      long processBefore = os.getProcessCpuTime();
      long sentBefore = node.mediaCounters().packetsOut();
      long start = System.nanoTime();
      Media.sleep(WINDOW);
      long elapsed = System.nanoTime() - start;
      long mediaCpu = mediaThreadCpu(threads) - mediaBefore;
      long processCpu = os.getProcessCpuTime() - processBefore;
      long sent = node.mediaCounters().packetsOut() - sentBefore;
      long[] framesAfter = frames(viewers);
      long minFrames = Long.MAX_VALUE;
      for (int i = 0; i < VIEWERS; i++) {
        minFrames = Math.min(minFrames, framesAfter[i] - framesBefore[i]);
      }
      System.out.printf("1 publisher + %d Chromium viewers, %d s: node media threads %.1f%% "
              + "of a core, whole test JVM %.1f%% of a core; %d packets sent (%.1f us of media-"
              + "thread CPU each); fewest frames decoded by a viewer: %d; first frame after "
              + "POST (ms): %s%n", VIEWERS, WINDOW.toSeconds(), 100.0 * mediaCpu / elapsed,
          100.0 * processCpu / elapsed, sent, sent == 0 ? 0 : mediaCpu / 1000.0 / sent,
          minFrames, firstFrames);
      assertThat(minFrames).isPositive();
      for (Chromium.Page v : viewers) {
        v.call("sluice.stop");
      }
      publisher.call("sluice.stop");
    }
  }

  private static long[] frames(List<Chromium.Page> viewers) {
    long[] f = new long[viewers.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = number(viewers.get(i).call("sluice.stats"), "framesDecoded");
    }
    return f;
  }

  /** CPU time of the media port's event loops (threads named sluice-udp-*). */
  private static long mediaThreadCpu(ThreadMXBean threads) {
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("sluice-udp")) {
        long t = threads.getThreadCpuTime(info.getThreadId());
        if (t > 0) {
          total += t;
        }
      }
    }
    return total;
  }
}
