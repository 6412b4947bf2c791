package io.sluice.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.media.routing.Stream;
import io.sluice.media.rtcp.RtcpCompoundIterator;
import io.sluice.media.rtcp.RtcpHeader;
import io.sluice.media.rtcp.RtcpParseResult;
import io.sluice.node.client.WhepClient;
import io.sluice.node.client.WhipClient;
import io.sluice.signaling.sdp.MediaKind;
import io.sluice.signaling.sdp.Msid;
import io.sluice.signaling.sdp.NegotiatedCodec;
import io.sluice.signaling.sdp.SendStream;
import io.sluice.transport.dtls.DtlsCertificate;
import io.sluice.transport.internal.dtls.DtlsContext;
import io.sluice.transport.internal.session.TransportSession;
import io.sluice.transport.internal.session.TransportSessionListener;
import io.sluice.transport.internal.session.WebRtcClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real node on loopback with our own WHIP and WHEP clients on the other side: HTTP, ICE,
 * DTLS-SRTP, RTP and RTCP all run for real. Checks what a viewer sees: the publisher's payload
 * under the viewer's own SSRC, payload type and a continuous sequence, starting at a keyframe;
 * sender reports; and that everything is freed when the sessions end.
 */
@io.sluice.node.e2e.PrivateNetwork
@Timeout(60)
class NodeMediaTest {
  static final SendStream AUDIO =
      SendStream.of(MediaKind.AUDIO, 0x0A0A0A0AL, "pub", new Msid("s", "a"));
  static final SendStream VIDEO =
      SendStream.of(MediaKind.VIDEO, 0x0B0B0B0BL, "pub", new Msid("s", "v")).withRtx(0x0C0C0C0CL);

  private SluiceNode node;
  private WebRtcClient rtc;

  @BeforeEach
  void start() throws Exception {
    node = SluiceNode.builder()
        .httpAddress(new InetSocketAddress("127.0.0.1", 0))
        .udpAddress(new InetSocketAddress("127.0.0.1", 0))
        .eventLoops(2)
        .demoPage(false)
        .streams(io.sluice.media.routing.StreamRegistry.Config.DEFAULT
            .withGrace(Duration.ofSeconds(2)))
        .build()
        .start();
    rtc = new WebRtcClient(1, DtlsContext.builder(DtlsCertificate.generate()).build(),
        Duration.ofSeconds(30), InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void stop() {
    if (rtc != null) {
      rtc.close();
    }
    if (node != null) {
      node.close();
    }
  }

  URI whip(String id) {
    return node.baseUri().resolve("/whip/" + id);
  }

  URI whep(String id) {
    return node.baseUri().resolve("/whep/" + id);
  }

  /** A VP8 payload: descriptor S=1, then a key frame (P=0, start code) or an interframe. */
  static byte[] vp8(boolean keyframe, int size, byte fill) {
    byte[] p = new byte[size];
    java.util.Arrays.fill(p, fill);
    p[0] = 0x10; // X=0 N=0 S=1 PID=0
    if (keyframe) {
      p[1] = 0x50; // P=0 (key frame), version 0, show_frame 1
      p[2] = 0x00;
      p[3] = 0x00;
      p[4] = (byte) 0x9d;
      p[5] = 0x01;
      p[6] = 0x2a;
      p[7] = (byte) 0x80; // width 640
      p[8] = 0x02;
      p[9] = (byte) 0xe0; // height 480
      p[10] = 0x01;
    } else {
      p[1] = 0x51; // P=1
    }
    return p;
  }

  static ByteBuf rtp(int pt, boolean marker, int seq, long ts, long ssrc, byte[] payload) {
    ByteBuf b = Unpooled.buffer(12 + payload.length + 16);
    b.writeByte(0x80).writeByte((marker ? 0x80 : 0) | pt).writeShort(seq).writeInt((int) ts)
        .writeInt((int) ssrc).writeBytes(payload);
    return b;
  }

  /** Records what a session receives. */
  static final class Recorder implements TransportSessionListener {
    final CountDownLatch connected = new CountDownLatch(1);
    final BlockingQueue<byte[]> rtp = new LinkedBlockingQueue<>();
    final List<Integer> rtcpTypes = new java.util.concurrent.CopyOnWriteArrayList<>();
    final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public void onConnected(TransportSession session) {
      connected.countDown();
    }

    @Override
    public void onRtp(TransportSession session, ByteBuf packet) {
      rtp.add(ByteBufUtil.getBytes(packet));
      packet.release();
    }

    @Override
    public void onRtcp(TransportSession session, ByteBuf packet) {
      RtcpCompoundIterator it = new RtcpCompoundIterator();
      if (it.tryWrap(packet) == RtcpParseResult.OK) {
        while (it.next()) {
          rtcpTypes.add(it.packetType() * 100 + RtcpHeader.count(it.buffer(), it.index()));
        }
      }
      packet.release();
    }

    @Override
    public void onClosed(TransportSession session, io.sluice.transport.internal.session.CloseReason r,
        String d) {
      closed.countDown();
    }
  }

  @Test
  void viewerGetsThePublishersMediaUnderItsOwnSequenceFromAKeyframe() throws Exception {
    Recorder pubEvents = new Recorder();
    Recorder viewEvents = new Recorder();
    try (WhipClient whipClient = new WhipClient(rtc); WhepClient whepClient = new WhepClient(rtc)) {
      WhipClient.Session pub = whipClient.publish(whip("cam"), null, List.of(AUDIO, VIDEO),
          pubEvents);
      assertThat(pubEvents.connected.await(10, TimeUnit.SECONDS)).isTrue();
      NegotiatedCodec vp8 = pub.codec(MediaKind.VIDEO);
      assertThat(vp8.name()).isEqualTo("VP8");

      // The stream goes live with the publisher's first packet: a key frame. (Our side may
      // finish DTLS a moment before the node does, so it is sent until the node has it.)
      // Each try is a new key frame, so the GOP cache holds only the last one.
      AtomicInteger seq = new AtomicInteger(1000);
      java.util.concurrent.atomic.AtomicLong keyTs = new java.util.concurrent.atomic.AtomicLong();
      diagnosed(pub, () -> await().atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> {
        long t = keyTs.addAndGet(3000);
        pub.transport().sendRtp(rtp(vp8.payloadType(), true, seq.getAndIncrement(), t,
            VIDEO.ssrc(), vp8(true, 1000, (byte) 1)), true);
        return node.stream("cam") != null && node.stream("cam").isLive();
      }));
      long ts = keyTs.get();
      Stream stream = node.stream("cam");
      assertThat(stream.tracks()).extracting(t -> t.codec()).contains("VP8");

      WhepClient.Session view = whepClient.play(whep("cam"), null, viewEvents);
      assertThat(viewEvents.connected.await(10, TimeUnit.SECONDS)).isTrue();
      long viewerSsrc = view.media(MediaKind.VIDEO).remoteSsrcs().get(0);
      int viewerPt = view.media(MediaKind.VIDEO).codecs().get(0).payloadType();

      // The GOP cache gives the viewer the key frame at once; then live interframes follow.
      byte[] first = viewEvents.rtp.poll(5, TimeUnit.SECONDS);
      assertThat(first).as("the cached key frame").isNotNull();
      List<byte[]> got = new ArrayList<>(List.of(first));
      for (int i = 0; i < 50; i++) {
        ts += 3000;
        pub.transport().sendRtp(rtp(vp8.payloadType(), true, seq.getAndIncrement(), ts,
            VIDEO.ssrc(), vp8(false, 1100, (byte) (i + 2))), true);
        Thread.sleep(5);
      }
      while (got.size() < 51) {
        byte[] p = viewEvents.rtp.poll(5, TimeUnit.SECONDS);
        assertThat(p).as("packet %d", got.size()).isNotNull();
        got.add(p);
      }
      ByteBuf firstBuf = Unpooled.wrappedBuffer(got.get(0));
      assertThat(firstBuf.getUnsignedInt(8)).isEqualTo(viewerSsrc);
      assertThat(firstBuf.getByte(1) & 0x7F).isEqualTo(viewerPt);
      assertThat(got.get(0)[12 + 4]).as("VP8 start code").isEqualTo((byte) 0x9d);
      int firstSeq = firstBuf.getUnsignedShort(2);
      long firstTs = firstBuf.getUnsignedInt(4);
      for (int i = 0; i < got.size(); i++) {
        ByteBuf b = Unpooled.wrappedBuffer(got.get(i));
        assertThat(b.getUnsignedShort(2)).isEqualTo((firstSeq + i) & 0xFFFF);
        assertThat(b.getUnsignedInt(4)).isEqualTo((firstTs + 3000L * i) & 0xFFFFFFFFL);
        assertThat(b.getUnsignedInt(8)).isEqualTo(viewerSsrc);
        assertThat(got.get(i).length).isEqualTo(i == 0 ? 12 + 1000 : 12 + 1100);
      }
      // Sender reports with SDES reach the viewer; receiver reports reach the publisher.
      await().atMost(Duration.ofSeconds(5)).until(() -> viewEvents.rtcpTypes.stream()
          .anyMatch(t -> t / 100 == RtcpHeader.PT_SR));
      await().atMost(Duration.ofSeconds(5)).until(() -> pubEvents.rtcpTypes.stream()
          .anyMatch(t -> t / 100 == RtcpHeader.PT_RR));
      assertThat(node.sessionCount()).isEqualTo(2);
      assertThat(node.streamInfo("cam").viewers()).singleElement()
          .satisfies(v -> assertThat(v.packets()).isGreaterThanOrEqualTo(51));
      assertThat(node.streamInfo()).extracting(i -> i.id()).containsExactly("cam");

      view.close();
      pub.close();
    }
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      assertThat(node.sessionCount()).isZero();
      assertThat(node.streams()).isEmpty();
    });
  }

  /** Runs an await and, if it times out, says what the node and the client counted. */
  private void diagnosed(WhipClient.Session pub, Runnable await) {
    try {
      await.run();
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "; node media counters " + node.mediaCounters()
          + ", streams " + node.streams() + ", publisher " + pub.transport() + " "
          + pub.transport().counters().snapshot(), e);
    }
  }

  @Test
  void aNackedPacketComesBackAsRtxAndAPliBecomesAKeyframeRequest() throws Exception {
    Recorder pubEvents = new Recorder();
    Recorder viewEvents = new Recorder();
    try (WhipClient whipClient = new WhipClient(rtc); WhepClient whepClient = new WhepClient(rtc)) {
      WhipClient.Session pub = whipClient.publish(whip("n"), null, List.of(AUDIO, VIDEO),
          pubEvents);
      assertThat(pubEvents.connected.await(10, TimeUnit.SECONDS)).isTrue();
      int pt = pub.codec(MediaKind.VIDEO).payloadType();
      int seq = 7;
      long ts = 5000;
      int[] next = {seq};
      long[] keyTs = {ts};
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
        keyTs[0] += 3000; // a new key frame each try: the GOP cache keeps only the last
        pub.transport().sendRtp(rtp(pt, true, next[0]++, keyTs[0], VIDEO.ssrc(),
            vp8(true, 800, (byte) 1)), true);
        return node.stream("n") != null && node.stream("n").isLive();
      });
      seq = next[0];
      ts = keyTs[0];
      WhepClient.Session view = whepClient.play(whep("n"), null, viewEvents);
      assertThat(viewEvents.connected.await(10, TimeUnit.SECONDS)).isTrue();
      List<Long> ssrcs = view.media(MediaKind.VIDEO).remoteSsrcs();
      long mediaSsrc = ssrcs.get(0);
      long rtxSsrc = ssrcs.get(1);
      int rtxPt = view.media(MediaKind.VIDEO).codecs().get(0).rtxPayloadType();
      assertThat(viewEvents.rtp.poll(5, TimeUnit.SECONDS)).isNotNull(); // the key frame
      List<byte[]> got = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        ts += 3000;
        pub.transport().sendRtp(rtp(pt, true, seq++, ts, VIDEO.ssrc(), vp8(false, 700,
            (byte) (10 + i))), true);
        byte[] p = viewEvents.rtp.poll(5, TimeUnit.SECONDS);
        assertThat(p).isNotNull();
        got.add(p);
      }
      // The viewer says it lost the 5th and 6th of them.
      int lost1 = Unpooled.wrappedBuffer(got.get(4)).getUnsignedShort(2);
      int lost2 = Unpooled.wrappedBuffer(got.get(5)).getUnsignedShort(2);
      ByteBuf nack = Unpooled.buffer(64);
      io.sluice.media.rtcp.TransportLayerNack.write(nack, 1, mediaSsrc, new int[] {lost1, lost2},
          0, 2);
      view.transport().sendRtcp(nack, true);
      for (int k = 0; k < 2; k++) {
        byte[] rtx = viewEvents.rtp.poll(5, TimeUnit.SECONDS);
        assertThat(rtx).as("retransmission %d", k).isNotNull();
        ByteBuf b = Unpooled.wrappedBuffer(rtx);
        assertThat(b.getUnsignedInt(8)).isEqualTo(rtxSsrc);
        assertThat(b.getByte(1) & 0x7F).isEqualTo(rtxPt);
        assertThat(b.getUnsignedShort(12)).as("OSN").isEqualTo(k == 0 ? lost1 : lost2);
        byte[] original = got.get(4 + k);
        assertThat(java.util.Arrays.copyOfRange(rtx, 14, rtx.length))
            .isEqualTo(java.util.Arrays.copyOfRange(original, 12, original.length));
      }
      // A PLI from the viewer reaches the publisher as a PLI on its SSRC (rate-limited).
      ByteBuf pli = Unpooled.buffer(16);
      io.sluice.media.rtcp.PictureLossIndication.write(pli, 1, mediaSsrc);
      view.transport().sendRtcp(pli, true);
      await().atMost(Duration.ofSeconds(5)).until(() -> pubEvents.rtcpTypes.contains(
          RtcpHeader.PT_PSFB * 100 + 1));
      view.close();
      pub.close();
    }
  }

  @Test
  void aReplacingPublisherKeepsTheViewersSequenceAndAGapIsNackedUpstream() throws Exception {
    Recorder pubA = new Recorder();
    Recorder pubB = new Recorder();
    Recorder viewEvents = new Recorder();
    try (WhipClient whipClient = new WhipClient(rtc); WhepClient whepClient = new WhepClient(rtc)) {
      WhipClient.Session a = whipClient.publish(whip("r"), null, List.of(AUDIO, VIDEO), pubA);
      assertThat(pubA.connected.await(10, TimeUnit.SECONDS)).isTrue();
      int ptA = a.codec(MediaKind.VIDEO).payloadType();
      int[] seq = {100};
      long[] ts = {0};
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
        ts[0] += 3000;
        a.transport().sendRtp(rtp(ptA, true, seq[0]++, ts[0], VIDEO.ssrc(),
            vp8(true, 600, (byte) 1)), true);
        return node.stream("r") != null && node.stream("r").isLive();
      });
      WhepClient.Session view = whepClient.play(whep("r"), null, viewEvents);
      assertThat(viewEvents.connected.await(10, TimeUnit.SECONDS)).isTrue();
      List<byte[]> got = new ArrayList<>();
      got.add(viewEvents.rtp.poll(5, TimeUnit.SECONDS)); // the cached key frame
      assertThat(got.get(0)).isNotNull();
      for (int i = 0; i < 10; i++) {
        ts[0] += 3000;
        a.transport().sendRtp(rtp(ptA, true, seq[0]++, ts[0], VIDEO.ssrc(),
            vp8(false, 600, (byte) 2)), true);
        got.add(viewEvents.rtp.poll(5, TimeUnit.SECONDS));
      }
      // A gap in A's sequence: the node NACKs the missing packets to A (uplink repair).
      seq[0] += 3;
      ts[0] += 3000;
      a.transport().sendRtp(rtp(ptA, true, seq[0]++, ts[0], VIDEO.ssrc(),
          vp8(false, 600, (byte) 3)), true);
      got.add(viewEvents.rtp.poll(5, TimeUnit.SECONDS));
      int gapAt = got.size() - 1; // the viewer sees the publisher's loss as loss (and NACKs it)
      await().atMost(Duration.ofSeconds(5)).until(() -> pubA.rtcpTypes.contains(
          RtcpHeader.PT_RTPFB * 100 + 1));

      // Publisher B (another SSRC, another sequence space) replaces A for the same stream.
      long ssrcB = 0x0D0D0D0DL;
      WhipClient.Session b = whipClient.publish(whip("r"), null, List.of(AUDIO,
          SendStream.of(MediaKind.VIDEO, ssrcB, "pub", new Msid("s", "v"))), pubB);
      assertThat(pubB.connected.await(10, TimeUnit.SECONDS)).isTrue();
      int ptB = b.codec(MediaKind.VIDEO).payloadType();
      // B's interframes are dropped for the viewer until B's key frame; then it continues.
      int seqB = 40_000;
      long tsB = 7_000_000;
      for (int i = 0; i < 3; i++) {
        b.transport().sendRtp(rtp(ptB, true, seqB++, tsB += 3000, ssrcB,
            vp8(false, 600, (byte) 4)), true);
      }
      byte[] next = null;
      for (int i = 0; i < 100 && next == null; i++) {
        b.transport().sendRtp(rtp(ptB, true, seqB++, tsB += 3000, ssrcB,
            vp8(true, 600, (byte) 5)), true);
        next = viewEvents.rtp.poll(50, TimeUnit.MILLISECONDS);
      }
      assertThat(next).as("B's key frame").isNotNull();
      // B's first packet made it the source: A was detached and its session closed.
      await().atMost(Duration.ofSeconds(5)).until(() -> a.transport().isClosed());
      assertThat(next[12 + 4]).isEqualTo((byte) 0x9d);
      got.add(next);
      long viewerSsrc = Unpooled.wrappedBuffer(got.get(0)).getUnsignedInt(8);
      for (int i = 1; i < got.size(); i++) {
        ByteBuf prev = Unpooled.wrappedBuffer(got.get(i - 1));
        ByteBuf cur = Unpooled.wrappedBuffer(got.get(i));
        assertThat(cur.getUnsignedInt(8)).isEqualTo(viewerSsrc);
        assertThat(cur.getUnsignedShort(2)).as("sequence after packet %d", i - 1)
            .isEqualTo((prev.getUnsignedShort(2) + (i == gapAt ? 4 : 1)) & 0xFFFF);
        long dts = (cur.getUnsignedInt(4) - prev.getUnsignedInt(4)) & 0xFFFFFFFFL;
        assertThat(dts).as("timestamps keep increasing").isPositive().isLessThan(90_000L);
      }
      view.close();
      b.close();
    }
  }

  @Test
  void unknownStreamIs404AndBadOfferIs400() throws Exception {
    try (WhepClient whepClient = new WhepClient(rtc)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> whepClient.play(whep("nobody"), null, new Recorder()))
          .isInstanceOfSatisfying(io.sluice.node.client.WhipWhepException.class,
              e -> assertThat(e.status()).isEqualTo(404));
    }
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(whip("x"))
            .header("Content-Type", "application/sdp")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("v=0\r\nbogus\r\n")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(node.streams()).isEmpty();
    assertThat(node.sessionCount()).isZero();
  }
}
