package io.sluice.node.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.signaling.http.Authorizer;
import io.sluice.signaling.http.SignalingException;
import io.sluice.signaling.sdp.MediaKind;
import io.sluice.signaling.sdp.Msid;
import io.sluice.signaling.sdp.NegotiatedCodec;
import io.sluice.signaling.sdp.NegotiatedMedia;
import io.sluice.signaling.sdp.SendStream;
import io.sluice.transport.dtls.DtlsCertificate;
import io.sluice.transport.internal.dtls.DtlsContext;
import io.sluice.transport.internal.session.CloseReason;
import io.sluice.transport.internal.session.TransportSession;
import io.sluice.transport.internal.session.TransportSessionListener;
import io.sluice.transport.internal.session.WebRtcClient;
import io.sluice.transport.internal.srtp.SrtpSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WHIP and WHEP clients against a real signaling server, SDP answerer and WebRTC transport server
 * on 127.0.0.1 ({@link LoopbackSfu}): HTTP, ICE, DTLS-SRTP and RTP/RTCP all run for real.
 */
class WhipWhepClientTest {
  private static final SendStream AUDIO =
      SendStream.of(MediaKind.AUDIO, 0x11111111L, "pub", new Msid("live", "a"));
  private static final SendStream VIDEO =
      SendStream.of(MediaKind.VIDEO, 0x22222222L, "pub", new Msid("live", "v")).withRtx(0x33333333L);

  private LoopbackSfu sfu;
  private WebRtcClient rtc;

  @BeforeAll
  static void warmUp() {
    SrtpSession.warmUp();
  }

  @BeforeEach
  void start() throws Exception {
    rtc = new WebRtcClient(1, DtlsContext.builder(DtlsCertificate.generate()).build(),
        Duration.ofSeconds(30), InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void stop() {
    if (rtc != null) {
      rtc.close();
    }
    if (sfu != null) {
      sfu.close();
    }
  }

  /** Records a session's events. */
  static final class Events implements TransportSessionListener {
    final CountDownLatch connected = new CountDownLatch(1);
    final BlockingQueue<byte[]> rtp = new ArrayBlockingQueue<>(1000);
    final AtomicReference<CloseReason> closed = new AtomicReference<>();

    @Override
    public void onConnected(TransportSession session) {
      connected.countDown();
    }

    @Override
    public void onRtp(TransportSession session, ByteBuf packet) {
      rtp.offer(ByteBufUtil.getBytes(packet));
      packet.release();
    }

    @Override
    public void onClosed(TransportSession session, CloseReason reason, String detail) {
      closed.set(reason);
    }
  }

  /** An RTP packet: V=2, the marker bit, payload type, sequence, timestamp, SSRC, payload. */
  static byte[] rtp(int pt, int seq, long ts, long ssrc, byte[] payload) {
    ByteBuf b = Unpooled.buffer(12 + payload.length);
    b.writeByte(0x80).writeByte(pt).writeShort(seq).writeInt((int) ts).writeInt((int) ssrc)
        .writeBytes(payload);
    byte[] out = ByteBufUtil.getBytes(b);
    b.release();
    return out;
  }

  static ByteBuf heap(byte[] packet) {
    ByteBuf b = Unpooled.buffer(packet.length + 16);
    return b.writeBytes(packet);
  }

  @Test
  void publishedRtpReachesAViewerAndRtcpGoesBack() throws Exception {
    sfu = new LoopbackSfu();
    Events pubEvents = new Events();
    Events viewEvents = new Events();
    try (WhipClient whip = new WhipClient(rtc); WhepClient whep = new WhepClient(rtc)) {
      WhipClient.Session pub = whip.publish(sfu.whip("live"), null, List.of(AUDIO, VIDEO), pubEvents);
      assertThat(pub.resource().toString()).startsWith(sfu.whip("live") + "/");
      NegotiatedCodec vp8 = pub.codec(MediaKind.VIDEO);
      assertThat(vp8.name()).isEqualTo("VP8");
      assertThat(pub.media(MediaKind.VIDEO).sendStream()).isEqualTo(VIDEO);
      assertThat(pubEvents.connected.await(10, TimeUnit.SECONDS)).isTrue();

      WhepClient.Session view = whep.play(sfu.whep("live"), null, viewEvents);
      NegotiatedMedia video = view.media(MediaKind.VIDEO);
      assertThat(video.remoteSsrcs()).containsExactly(LoopbackSfu.VIEWER_VIDEO_SSRC,
          LoopbackSfu.VIEWER_VIDEO_RTX_SSRC);
      assertThat(view.media(MediaKind.AUDIO).remoteSsrcs())
          .containsExactly(LoopbackSfu.VIEWER_AUDIO_SSRC);
      assertThat(video.codecs()).extracting(NegotiatedCodec::name)
          .containsOnly("VP8", "H264").startsWith("VP8");
      assertThat(video.rtxPayloadTypes()).isNotEmpty();
      assertThat(viewEvents.connected.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(whep.sessionCount()).isOne();

      // Publisher to SFU to viewer, SRTP on both legs.
      byte[] payload = new byte[1188];
      Arrays.fill(payload, (byte) 0x5A);
      byte[] received = null;
      for (int seq = 0; seq < 200 && received == null; seq++) {
        assertThat(pub.transport().sendRtp(heap(rtp(vp8.payloadType(), seq, seq * 3000L,
            VIDEO.ssrc(), payload)), true)).isTrue();
        received = viewEvents.rtp.poll(20, TimeUnit.MILLISECONDS);
      }
      assertThat(received).isNotNull().hasSize(1200);
      assertThat(received[1] & 0x7F).isEqualTo(video.codecs().get(0).payloadType());
      assertThat(Integer.toUnsignedLong(
          Unpooled.wrappedBuffer(received).getInt(8))).isEqualTo(LoopbackSfu.VIEWER_VIDEO_SSRC);
      assertThat(Arrays.copyOfRange(received, 12, 1200)).isEqualTo(payload);

      // The viewer's PLI reaches the SFU.
      byte[] pli = ByteBufUtil.decodeHexDump("81ce0002" + "00000001" + "0b0b0b0b");
      assertThat(view.transport().sendRtcp(heap(pli), true)).isTrue();
      assertThat(sfu.viewerRtcp.poll(5, TimeUnit.SECONDS)).isEqualTo(pli);

      // Closing DELETEs the resource, which ends the SFU's session; ours is closed too.
      String id = view.resource().getPath().substring(view.resource().getPath().lastIndexOf('/') + 1);
      view.close();
      assertThat(sfu.deleted).contains(id);
      assertThat(view.transport().isClosed()).isTrue();
      assertThat(whep.sessionCount()).isZero();
      view.close(); // idempotent: no second DELETE
      assertThat(sfu.deleted).containsOnlyOnce(id);
      await().atMost(Duration.ofSeconds(5)).until(() -> sfu.transportSessions() == 1);
    }
    // Closing the client closed the publisher's session too.
    assertThat(sfu.deleted).hasSize(2);
    await().atMost(Duration.ofSeconds(5)).until(() -> sfu.transportSessions() == 0);
    assertThat(rtc.sessionCount()).isZero();
  }

  @Test
  void refusalCarriesStatusAndBody() throws Exception {
    sfu = new LoopbackSfu();
    try (WhepClient whep = new WhepClient(rtc)) {
      assertThatThrownBy(() -> whep.play(sfu.whep("nothing"), null, new Events()))
          .isInstanceOfSatisfying(WhipWhepException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.body()).contains("no publisher for stream nothing");
            assertThat(e.uri()).isEqualTo(sfu.whep("nothing"));
            assertThat(e.getMessage()).contains("404").contains("no publisher for stream nothing");
          });
      assertThat(whep.sessionCount()).isZero();
    }
    assertThat(sfu.transportSessions()).isZero();
    assertThat(rtc.sessionCount()).isZero();
  }

  @Test
  void bearerTokenIsSent() throws Exception {
    sfu = new LoopbackSfu(b -> b.authorizer(Authorizer.bearerToken("s3cret")));
    try (WhipClient whip = new WhipClient(rtc)) {
      assertThatThrownBy(() -> whip.publish(sfu.whip("live"), null, List.of(VIDEO), new Events()))
          .isInstanceOfSatisfying(WhipWhepException.class, e -> assertThat(e.status()).isEqualTo(401));
      assertThatThrownBy(() -> whip.publish(sfu.whip("live"), "wrong", List.of(VIDEO), new Events()))
          .isInstanceOfSatisfying(WhipWhepException.class, e -> assertThat(e.status()).isEqualTo(403));
      Events events = new Events();
      WhipClient.Session pub = whip.publish(sfu.whip("live"), "s3cret", List.of(VIDEO), events);
      assertThat(events.connected.await(10, TimeUnit.SECONDS)).isTrue();
      // The DELETE carries the token too: without it the server would answer 401 and keep the session.
      pub.close();
      assertThat(sfu.deleted).hasSize(1);
    }
  }

  @Test
  void followsTemporaryRedirects() throws Exception {
    sfu = new LoopbackSfu();
    URI target = sfu.whip("live");
    try (LoopbackSfu front = new LoopbackSfu() {
      @Override
      public io.sluice.signaling.http.SessionAnswer publish(String streamId,
          io.sluice.signaling.sdp.SessionDescription offer,
          io.sluice.signaling.http.RequestContext context) throws SignalingException {
        throw SignalingException.redirect(target);
      }
    }; WhipClient whip = new WhipClient(rtc)) {
      Events events = new Events();
      WhipClient.Session pub = whip.publish(front.whip("live"), null, List.of(VIDEO), events);
      assertThat(pub.resource().getPort()).isEqualTo(target.getPort());
      assertThat(events.connected.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(sfu.publishedStreams()).containsExactly("live");
    }
  }

  @Test
  void unusableAnswerIsDeletedAndReported() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    List<String> requests = new CopyOnWriteArrayList<>();
    server.createContext("/", exchange -> {
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
      exchange.getRequestBody().readAllBytes();
      if (exchange.getRequestMethod().equals("POST")) {
        byte[] body = "v=0\r\nthis is not SDP\r\n".getBytes(StandardCharsets.US_ASCII);
        exchange.getResponseHeaders().add("Location", "/whep/x/session1");
        exchange.getResponseHeaders().add("Content-Type", "application/sdp");
        exchange.sendResponseHeaders(201, body.length);
        exchange.getResponseBody().write(body);
      } else {
        exchange.sendResponseHeaders(200, -1);
      }
      exchange.close();
    });
    server.start();
    try (WhepClient whep = new WhepClient(rtc)) {
      URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/whep/x");
      assertThatThrownBy(() -> whep.play(endpoint, null, new Events()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("unusable answer from " + endpoint);
      assertThat(requests).containsExactly("POST /whep/x", "DELETE /whep/x/session1");
      assertThat(rtc.sessionCount()).isZero();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void createdWithoutLocationIsRefused() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] body = "v=0\r\n".getBytes(StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(201, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try (WhepClient whep = new WhepClient(rtc)) {
      URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/whep/x");
      assertThatThrownBy(() -> whep.play(endpoint, null, new Events()))
          .isInstanceOfSatisfying(WhipWhepException.class, e -> {
            assertThat(e.status()).isEqualTo(201);
            assertThat(e.getMessage()).contains("without Location");
          });
    } finally {
      server.stop(0);
    }
  }
}
