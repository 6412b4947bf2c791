package io.sluice.node.e2e;

import static io.sluice.node.e2e.Media.awaitFirstFrame;
import static io.sluice.node.e2e.Media.awaitLive;
import static io.sluice.node.e2e.Media.assertMediaFlows;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.node.SluiceNode;
import io.sluice.node.browser.Chromium;
import java.io.File;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Plain RTP in, WebRTC out (issue 5): real ffmpeg sends VP8 and Opus over plain RTP to the node's
 * ingest port, and headless Chromium plays the stream over WHEP from the demo page and decodes
 * it.
 */
@PrivateNetwork
@Timeout(300)
class PlainRtpBrowserTest {

  @Test
  void chromiumDecodesWhatFfmpegSendsOverPlainRtp() throws Exception {
    Assumptions.assumeTrue(new File("/usr/bin/ffmpeg").canExecute(), "ffmpeg is not installed");
    try (SluiceNode node = SluiceNode.builder()
            .httpAddress(new InetSocketAddress("127.0.0.1", 0))
            .udpAddress(new InetSocketAddress("127.0.0.1", 0))
            .rtpIngest(new InetSocketAddress("127.0.0.1", 0), "ffmpeg", null)
            .eventLoops(1)
            .build()
            .start();
        Chromium chromium = Chromium.start()) {
      int port = node.rtpIngestAddress().getPort();
      String url = "rtp://127.0.0.1:" + port + "?rtcpport=" + port + "&pkt_size=1200";
      Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error",
          "-nostdin", "-re",
          "-t", "60", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30",
          "-t", "60", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
          "-map", "0:v", "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8",
          "-g", "30", "-b:v", "300k", "-payload_type", "96", "-f", "rtp", url,
          "-map", "1:a", "-c:a", "libopus", "-payload_type", "111", "-f", "rtp", url)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      try {
        awaitLive(node, "ffmpeg");
        Chromium.Page viewer = chromium.open(node.baseUri() + "/");
        assertThat(viewer.call("sluice.play", "ffmpeg")).containsEntry("status", 201L);
        Map<String, Object> first = awaitFirstFrame(viewer);
        Map<String, Object> later = assertMediaFlows(viewer, Duration.ofSeconds(3), true);
        System.out.printf("plain RTP: POST to first decoded frame %s ms; %s x %s %s%n",
            first.get("firstFrameMs"), later.get("frameWidth"), later.get("frameHeight"),
            later.get("videoCodec"));
        assertThat(later).containsEntry("videoCodec", "VP8").containsEntry("audioCodec", "opus");
        assertThat(Media.number(later, "frameWidth")).isEqualTo(320);
        assertThat(viewer.call("sluice.stop")).containsEntry("play", 200L);
      } finally {
        ffmpeg.destroyForcibly();
        ffmpeg.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
