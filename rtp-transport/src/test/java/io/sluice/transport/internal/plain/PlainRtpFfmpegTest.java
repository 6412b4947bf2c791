package io.sluice.transport.internal.plain;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.sluice.media.codec.KeyframeDetector;
import io.sluice.media.codec.VideoCodec;
import io.sluice.media.rtcp.RtcpCompoundIterator;
import io.sluice.media.rtcp.RtcpHeader;
import io.sluice.media.rtp.RtpPacket;
import io.sluice.media.rtp.SequenceMath;
import io.sluice.transport.internal.udp.UdpEndpointConfig;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real, independent RTP sender: ffmpeg encodes a test pattern and sends it with {@code -f rtp}
 * to the plain ingest port (RTCP to a separate port, as ffmpeg does without rtcp-mux). Skipped
 * only where ffmpeg is not installed; {@code .ci/run} installs it.
 */
class PlainRtpFfmpegTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @BeforeAll
  static void needsFfmpeg() {
    Assumptions.assumeTrue(new File("/usr/bin/ffmpeg").canExecute(), "ffmpeg is not installed");
  }

  /** Records what arrives: RTP headers and whether each video packet starts a keyframe. */
  static final class Recorder implements PlainRtpEndpoint.Listener {
    final VideoCodec codec;
    final List<int[]> rtp = new CopyOnWriteArrayList<>(); // seq, pt, keyframe, marker
    final List<Long> ssrcs = new CopyOnWriteArrayList<>();
    final List<Integer> rtcpTypes = new CopyOnWriteArrayList<>();
    final AtomicInteger leaks = new AtomicInteger();

    Recorder(VideoCodec codec) {
      this.codec = codec;
    }

    @Override
    public void onRtp(ByteBuf packet, InetSocketAddress sender) {
      try {
        RtpPacket p = RtpPacket.parse(packet);
        boolean key = KeyframeDetector.isKeyframe(codec, packet, p.payloadOffset(), p.payloadLength());
        rtp.add(new int[] {p.sequenceNumber(), p.payloadType(), key ? 1 : 0, p.marker() ? 1 : 0});
        ssrcs.add(p.ssrc());
      } finally {
        packet.release();
      }
    }

    @Override
    public void onRtcp(ByteBuf packet, InetSocketAddress sender) {
      try {
        RtcpCompoundIterator it = new RtcpCompoundIterator();
        it.wrap(packet);
        while (it.next()) {
          rtcpTypes.add(it.packetType());
        }
      } finally {
        packet.release();
      }
    }
  }

  private static Recorder publish(VideoCodec codec, String... encoder) throws Exception {
    Recorder recorder = new Recorder(codec);
    try (PlainRtpEndpoint endpoint = PlainRtpEndpoint.bind(
        UdpEndpointConfig.defaults(new InetSocketAddress(LOOPBACK, 0)).withEventLoops(1), 0,
        LOOPBACK, recorder)) {
      String url = "rtp://127.0.0.1:" + endpoint.localAddress().getPort()
          + "?rtcpport=" + endpoint.rtcpAddress().getPort() + "&pkt_size=1200";
      List<String> cmd = new java.util.ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel",
          "error", "-nostdin", "-re", "-t", "2", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30"));
      cmd.addAll(List.of(encoder));
      cmd.addAll(List.of("-f", "rtp", url));
      Process ffmpeg = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      try {
        assertThat(ffmpeg.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ffmpeg.exitValue()).isZero();
      } finally {
        ffmpeg.destroyForcibly();
      }
      Thread.sleep(200);
      assertThat(endpoint.drops(PlainRtpEndpoint.Drop.MALFORMED)).isZero();
      assertThat(endpoint.rtpPackets()).isEqualTo(recorder.rtp.size());
    }
    return recorder;
  }

  private static void assertStream(Recorder r) {
    // 2 s at 30 fps: at least one packet per frame.
    assertThat(r.rtp.size()).isGreaterThan(50);
    assertThat(r.ssrcs.stream().distinct().count()).isEqualTo(1);
    assertThat(r.rtp.get(0)[1]).isEqualTo(96); // ffmpeg's first dynamic payload type
    // The stream opens with a keyframe (for H264 after its SPS and PPS packets).
    int firstKey = -1;
    for (int i = 0; i < r.rtp.size() && firstKey < 0; i++) {
      firstKey = r.rtp.get(i)[2] == 1 ? i : -1;
    }
    assertThat(firstKey).as("index of the first keyframe packet").isBetween(0, 3);
    for (int i = 1; i < r.rtp.size(); i++) {
      assertThat(SequenceMath.seqDelta(r.rtp.get(i - 1)[0], r.rtp.get(i)[0])).isEqualTo(1);
    }
    assertThat(r.rtp.stream().filter(p -> p[3] == 1).count()).as("frames (marker bits)").isGreaterThan(50);
    assertThat(r.rtcpTypes).contains(RtcpHeader.PT_SR);
  }

  @Test
  void receivesVp8FromFfmpeg() throws Exception {
    assertStream(publish(VideoCodec.VP8, "-c:v", "libvpx", "-deadline", "realtime", "-b:v", "300k",
        "-g", "30"));
  }

  @Test
  void receivesH264FromFfmpeg() throws Exception {
    Recorder r = publish(VideoCodec.H264, "-c:v", "libx264", "-preset", "ultrafast", "-tune",
        "zerolatency", "-g", "30", "-bsf:v", "h264_mp4toannexb");
    assertStream(r);
    // A 30-frame GOP over 2 s: a second keyframe follows.
    assertThat(r.rtp.stream().filter(p -> p[2] == 1).count()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void dropsOtherSources() throws Exception {
    Recorder recorder = new Recorder(VideoCodec.VP8);
    try (PlainRtpEndpoint endpoint = PlainRtpEndpoint.bind(
        UdpEndpointConfig.defaults(new InetSocketAddress(LOOPBACK, 0)).withEventLoops(1), null,
        InetAddress.getByName("127.0.0.2"), recorder);
        java.net.DatagramSocket s = new java.net.DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      byte[] rtp = {(byte) 0x80, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 1, 2, 3};
      s.send(new java.net.DatagramPacket(rtp, rtp.length, endpoint.localAddress()));
      for (int i = 0; i < 200 && endpoint.drops(PlainRtpEndpoint.Drop.WRONG_SOURCE) == 0; i++) {
        Thread.sleep(10);
      }
      assertThat(endpoint.drops(PlainRtpEndpoint.Drop.WRONG_SOURCE)).isEqualTo(1);
      assertThat(recorder.rtp).isEmpty();
    }
  }

  @Test
  void countsMalformedAndNonRtp() throws Exception {
    Recorder recorder = new Recorder(VideoCodec.VP8);
    try (PlainRtpEndpoint endpoint = PlainRtpEndpoint.bind(
        UdpEndpointConfig.defaults(new InetSocketAddress(LOOPBACK, 0)).withEventLoops(1), null,
        null, recorder);
        java.net.DatagramSocket s = new java.net.DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      byte[] badRtp = {(byte) 0x8f, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 1}; // 15 CSRCs claimed
      byte[] badRtcp = {(byte) 0x80, (byte) 200, 0, 50, 0, 0, 0, 1}; // length past the end
      byte[] stun = new byte[20];
      for (byte[] d : new byte[][] {badRtp, badRtcp, stun}) {
        s.send(new java.net.DatagramPacket(d, d.length, endpoint.localAddress()));
      }
      for (int i = 0; i < 200 && endpoint.drops(PlainRtpEndpoint.Drop.NOT_RTP) == 0; i++) {
        Thread.sleep(10);
      }
      Thread.sleep(50);
      assertThat(endpoint.drops(PlainRtpEndpoint.Drop.MALFORMED)).isEqualTo(2);
      assertThat(endpoint.drops(PlainRtpEndpoint.Drop.NOT_RTP)).isEqualTo(1);
      assertThat(recorder.rtp).isEmpty();
      assertThat(recorder.rtcpTypes).isEmpty();
    }
  }
}
