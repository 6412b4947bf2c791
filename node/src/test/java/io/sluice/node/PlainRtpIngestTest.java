package io.sluice.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import io.sluice.media.codec.KeyframeDetector;
import io.sluice.media.codec.VideoCodec;
import io.sluice.media.routing.Track;
import io.sluice.media.rtp.RtpPacket;
import io.sluice.node.NodeMediaTest.Recorder;
import io.sluice.node.client.WhepClient;
import io.sluice.signaling.sdp.MediaKind;
import io.sluice.transport.dtls.DtlsCertificate;
import io.sluice.transport.internal.dtls.DtlsContext;
import io.sluice.transport.internal.session.WebRtcClient;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real ffmpeg publishes VP8 and Opus over plain RTP to the node's ingest port; our WHEP client
 * plays the stream and gets decodable video: it starts at a key frame, under its own SSRC, with
 * ffmpeg's payload bytes.
 */
@io.sluice.node.e2e.PrivateNetwork
@Timeout(90)
class PlainRtpIngestTest {

  @Test
  void ffmpegPublishesOverPlainRtpAndAWhepViewerPlays() throws Exception {
    Assumptions.assumeTrue(new File("/usr/bin/ffmpeg").canExecute(), "ffmpeg is not installed");
    try (SluiceNode node = SluiceNode.builder()
            .httpAddress(new InetSocketAddress("127.0.0.1", 0))
            .udpAddress(new InetSocketAddress("127.0.0.1", 0))
            .rtpIngest(new InetSocketAddress("127.0.0.1", 0), "tv", null)
            .demoPage(false)
            .build()
            .start();
        WebRtcClient rtc = new WebRtcClient(1,
            DtlsContext.builder(DtlsCertificate.generate()).build(), Duration.ofSeconds(30),
            InetAddress.getLoopbackAddress());
        WhepClient whep = new WhepClient(rtc)) {
      int port = node.rtpIngestAddress().getPort();
      String url = "rtp://127.0.0.1:" + port + "?rtcpport=" + port + "&pkt_size=1200";
      Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error",
          "-nostdin", "-re",
          "-t", "8", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30",
          "-t", "8", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
          "-map", "0:v", "-c:v", "libvpx", "-deadline", "realtime", "-g", "30", "-b:v", "400k",
          "-payload_type", "96", "-ssrc", "1111", "-f", "rtp", url,
          "-map", "1:a", "-c:a", "libopus", "-payload_type", "111", "-ssrc", "2222",
          "-f", "rtp", url)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      try {
        await().atMost(Duration.ofSeconds(10)).until(() -> node.stream("tv") != null
            && node.stream("tv").isLive() && node.stream("tv").tracks().size() == 2);
        assertThat(node.stream("tv").tracks()).extracting(Track::codec)
            .containsExactlyInAnyOrder("VP8", "opus");
        // ffmpeg's key frames are detected, so the GOP cache holds one for a new viewer.
        await().atMost(Duration.ofSeconds(5)).until(() -> node.stream("tv").keyframesReceived() > 0
            && node.stream("tv").gopCachePackets() > 0);

        Recorder view = new Recorder();
        WhepClient.Session session = whep.play(node.baseUri().resolve("/whep/tv"), null, view);
        assertThat(view.connected.await(10, TimeUnit.SECONDS)).isTrue();
        long videoSsrc = session.media(MediaKind.VIDEO).remoteSsrcs().get(0);
        long audioSsrc = session.media(MediaKind.AUDIO).remoteSsrcs().get(0);
        List<byte[]> video = new ArrayList<>();
        int audio = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((video.size() < 60 || audio < 20) && System.nanoTime() < deadline) {
          byte[] p = view.rtp.poll(1, TimeUnit.SECONDS);
          if (p == null) {
            continue;
          }
          long ssrc = Unpooled.wrappedBuffer(p).getUnsignedInt(8);
          if (ssrc == videoSsrc) {
            video.add(p);
          } else if (ssrc == audioSsrc) {
            audio++;
          }
        }
        assertThat(video).hasSizeGreaterThanOrEqualTo(60);
        assertThat(audio).isGreaterThanOrEqualTo(20);
        RtpPacket first = RtpPacket.parse(Unpooled.wrappedBuffer(video.get(0)));
        assertThat(KeyframeDetector.isKeyframe(VideoCodec.VP8, first.buffer(),
            first.payloadOffset(), first.payloadLength()))
            .as("a viewer starts at a key frame").isTrue();
        for (int i = 1; i < video.size(); i++) {
          int prev = Unpooled.wrappedBuffer(video.get(i - 1)).getUnsignedShort(2);
          assertThat(Unpooled.wrappedBuffer(video.get(i)).getUnsignedShort(2))
              .isEqualTo((prev + 1) & 0xFFFF);
        }
        session.close();
      } finally {
        ffmpeg.destroyForcibly();
        ffmpeg.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
