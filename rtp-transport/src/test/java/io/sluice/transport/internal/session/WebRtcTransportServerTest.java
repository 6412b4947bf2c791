package io.sluice.transport.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sluice.transport.dtls.DtlsCertificate;
import io.sluice.transport.internal.dtls.DtlsContext;
import io.sluice.transport.internal.dtls.DtlsHandshakeResult;
import io.sluice.transport.internal.dtls.DtlsRole;
import io.sluice.transport.internal.srtp.SrtpSession;
import io.sluice.transport.internal.srtp.SrtpStatus;
import io.sluice.transport.internal.udp.UdpEndpointConfig;
import io.sluice.transport.stun.StunMessage;
import io.sluice.transport.stun.StunMessageType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole transport over real UDP on 127.0.0.1: ICE-lite check, DTLS-SRTP handshake on a
 * virtual thread, SRTP both ways, and every way a session ends. The peer is built from Sluice's own
 * codecs (each of which is tested against RFC vectors and OpenSSL on its own); the browser test
 * with the media node covers a foreign peer.
 */
class WebRtcTransportServerTest {
  private static final InetSocketAddress LOOPBACK =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  private static final String PEER_UFRAG = "peerUfrg";

  private static DtlsCertificate serverCert;
  private static DtlsCertificate peerCert;

  private WebRtcTransportServer server;
  private LoopbackPeer peer;

  /** Records session events. */
  static final class Events implements TransportSessionListener {
    final CountDownLatch connected = new CountDownLatch(1);
    final BlockingQueue<byte[]> rtp = new ArrayBlockingQueue<>(100);
    final BlockingQueue<byte[]> rtcp = new ArrayBlockingQueue<>(100);
    final AtomicReference<CloseReason> closed = new AtomicReference<>();
    final CountDownLatch closedLatch = new CountDownLatch(1);
    volatile String closeDetail = "";

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
      rtcp.add(ByteBufUtil.getBytes(packet));
      packet.release();
    }

    @Override
    public void onClosed(TransportSession session, CloseReason reason, String detail) {
      closeDetail = detail;
      closed.set(reason);
      closedLatch.countDown();
    }
  }

  @BeforeAll
  static void certificates() {
    serverCert = DtlsCertificate.generate();
    peerCert = DtlsCertificate.generate();
    SrtpSession.warmUp();
  }

  @AfterAll
  static void noop() {}

  private void start(int maxSessions, Duration consent) throws Exception {
    server = WebRtcTransportServer.start(UdpEndpointConfig.defaults(LOOPBACK).withEventLoops(2),
        DtlsContext.builder(serverCert).handshakeTimeout(Duration.ofSeconds(5)).build(),
        maxSessions, consent);
    peer = new LoopbackPeer(server.localAddress());
  }

  @AfterEach
  void stop() throws Exception {
    if (peer != null) {
      peer.close();
    }
    if (server != null) {
      server.close();
      assertThat(server.sessionCount()).isZero();
    }
  }

  /** Records metric events. */
  static final class Metrics implements io.sluice.transport.metrics.TransportMetricsListener {
    final java.util.List<String> handshakes = new java.util.concurrent.CopyOnWriteArrayList<>();
    final java.util.List<String> closed = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void onHandshake(boolean success, Duration elapsed, String outcome) {
      assertThat(elapsed).isPositive();
      handshakes.add(outcome);
    }

    @Override
    public void onSessionClosed(String reason) {
      closed.add(reason);
    }
  }

  @Test
  void connectsAndCarriesSrtpBothWays() throws Exception {
    start(10, Duration.ofSeconds(30));
    Metrics metrics = new Metrics();
    server.metrics(metrics);
    Events events = new Events();
    TransportSession session = server.createSession(PEER_UFRAG, peerCert.fingerprint(),
        DtlsRole.SERVER, events);
    assertThat(session).isNotNull();
    assertThat(session.localFingerprintSdp()).startsWith("sha-256 ");

    // ICE: the controlling peer nominates its only pair.
    StunMessage response = LoopbackPeer.parseStun(peer.check(session.localCredentials().ufrag(),
        PEER_UFRAG, session.localCredentials().pwd(), true));
    assertThat(response.messageType()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
    assertThat(response.xorMappedAddress()).isEqualTo(peer.address());
    assertThat(session.remoteAddress()).isEqualTo(peer.address());

    // DTLS: the peer is the client, as a browser is when we answer setup:passive.
    DtlsHandshakeResult result = peer.handshake(DtlsContext.builder(peerCert).build(),
        serverCert.fingerprint());
    assertThat(result).isInstanceOf(DtlsHandshakeResult.Success.class);
    assertThat(events.connected.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(session.isConnected()).isTrue();

    // Peer -> node: RTP and RTCP arrive decrypted and authenticated.
    byte[] rtp = rtp(1000, 0x11223344L, 200);
    ByteBuf out = heap(rtp);
    assertThat(peer.srtp.protectRtp(out)).isEqualTo(SrtpStatus.OK);
    peer.send(out);
    out.release();
    assertThat(events.rtp.poll(5, TimeUnit.SECONDS)).isEqualTo(rtp);

    byte[] rtcp = ByteBufUtil.decodeHexDump("81c90007" + "11223344" + "55667788" + "00000000"
        + "000003e8" + "00000000" + "00000000" + "00000000");
    ByteBuf rr = heap(rtcp);
    assertThat(peer.srtp.protectRtcp(rr)).isEqualTo(SrtpStatus.OK);
    peer.send(rr);
    rr.release();
    assertThat(events.rtcp.poll(5, TimeUnit.SECONDS)).isEqualTo(rtcp);

    // Node -> peer.
    byte[] down = rtp(7, 0xCAFEBABEL, 1100);
    assertThat(session.sendRtp(heap(down), true)).isTrue();
    byte[] received = peer.media.poll(5, TimeUnit.SECONDS);
    assertThat(received).isNotNull();
    ByteBuf in = heap(received);
    assertThat(peer.srtp.unprotectRtp(in)).isEqualTo(SrtpStatus.OK);
    assertThat(ByteBufUtil.getBytes(in)).isEqualTo(down);
    in.release();

    // A forged packet (bad tag) from the right address is counted and dropped.
    ByteBuf forged = heap(rtp(1001, 0x11223344L, 200));
    assertThat(peer.srtp.protectRtp(forged)).isEqualTo(SrtpStatus.OK);
    forged.setByte(forged.writerIndex() - 1, forged.getByte(forged.writerIndex() - 1) ^ 0x55);
    peer.send(forged);
    forged.release();
    awaitTrue(() -> session.receiveDrops() == 1);
    assertThat(events.rtp).isEmpty();

    var counters = session.counters().snapshot();
    assertThat(counters.packetsIn()).isEqualTo(2); // the RTP and the RTCP packet
    assertThat(counters.packetsOut()).isEqualTo(1);
    // Both ends prefer AEAD_AES_128_GCM, whose tag is 16 bytes.
    assertThat(counters.bytesOut()).isEqualTo(down.length + 16);
    assertThat(counters.drops().get(io.sluice.transport.metrics.DropReason.AUTH_FAIL)).isEqualTo(1);
    assertThat(server.counters().snapshot().packetsIn()).isEqualTo(2);
    assertThat(metrics.handshakes).containsExactly("SUCCESS");

    session.close();
    assertThat(events.closed.get()).isEqualTo(CloseReason.LOCAL);
    assertThat(metrics.closed).containsExactly("LOCAL");
    assertThat(server.sessionCount()).isZero();
    assertThat(session.sendRtp(heap(down), true)).isFalse();
  }

  @Test
  void unauthenticatedTrafficNeverReachesASession() throws Exception {
    start(10, Duration.ofSeconds(30));
    Events events = new Events();
    TransportSession session = server.createSession(PEER_UFRAG, peerCert.fingerprint(),
        DtlsRole.SERVER, events);

    StunMessage response = LoopbackPeer.parseStun(peer.check(session.localCredentials().ufrag(),
        PEER_UFRAG, "wrong-password-wrong-password", true));
    assertThat(response.messageType()).isEqualTo(StunMessageType.BINDING_ERROR_RESPONSE);
    assertThat(response.errorCode()).isEqualTo(401);
    assertThat(session.remoteAddress()).isNull();

    // DTLS and SRTP from an address that passed no check are dropped before any session code.
    peer.sendRaw(ByteBufUtil.decodeHexDump("16fefd000000000000000000010001"));
    peer.sendRaw(rtp(1, 1, 100));
    awaitTrue(() -> server.drops(WebRtcTransportServer.Drop.UNKNOWN_SOURCE) == 2);
    assertThat(server.drops(WebRtcTransportServer.Drop.STUN_REJECTED)).isEqualTo(1);
    assertThat(session.isConnected()).isFalse();
    assertThat(events.closed.get()).isNull();
    assertThat(server.dtlsContext().activeHandshakes()).isZero();
  }

  @Test
  void wrongFingerprintEndsTheSession() throws Exception {
    start(10, Duration.ofSeconds(30));
    Events events = new Events();
    // The SDP promised another certificate than the one the peer presents.
    TransportSession session = server.createSession(PEER_UFRAG,
        DtlsCertificate.generate().fingerprint(), DtlsRole.SERVER, events);
    peer.check(session.localCredentials().ufrag(), PEER_UFRAG, session.localCredentials().pwd(), true);
    DtlsHandshakeResult result = peer.handshake(DtlsContext.builder(peerCert).build(),
        serverCert.fingerprint());
    assertThat(result).isInstanceOf(DtlsHandshakeResult.Failure.class);
    assertThat(events.closedLatch.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(events.closed.get()).isEqualTo(CloseReason.DTLS_HANDSHAKE_FAILED);
    assertThat(events.closeDetail).contains("FINGERPRINT_MISMATCH");
    assertThat(events.connected.getCount()).isEqualTo(1);
    assertThat(server.sessionCount()).isZero();
  }

  @Test
  void peerCloseNotifyEndsTheSession() throws Exception {
    start(10, Duration.ofSeconds(30));
    Events events = new Events();
    TransportSession session = connect(events);
    peer.dtls().close(); // sends close_notify
    assertThat(events.closedLatch.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(events.closed.get()).isEqualTo(CloseReason.DTLS_CLOSED);
    assertThat(server.sessionCount()).isZero();
  }

  @Test
  void consentExpiryFreesTheSession() throws Exception {
    start(10, Duration.ofMillis(1500));
    Events events = new Events();
    TransportSession session = server.createSession(PEER_UFRAG, peerCert.fingerprint(),
        DtlsRole.SERVER, events);
    peer.check(session.localCredentials().ufrag(), PEER_UFRAG, session.localCredentials().pwd(), true);
    assertThat(events.closedLatch.await(6, TimeUnit.SECONDS)).isTrue();
    assertThat(events.closed.get()).isEqualTo(CloseReason.CONSENT_EXPIRED);
    assertThat(server.sessionCount()).isZero();
    // The expired credentials no longer match.
    StunMessage response = LoopbackPeer.parseStun(peer.check(session.localCredentials().ufrag(),
        PEER_UFRAG, session.localCredentials().pwd(), true));
    assertThat(response.errorCode()).isEqualTo(401);
  }

  @Test
  void sessionLimitRefusesMore() throws Exception {
    start(1, Duration.ofSeconds(30));
    assertThat(server.createSession("ufrga", peerCert.fingerprint(), DtlsRole.SERVER, new Events())).isNotNull();
    assertThat(server.createSession("ufrgb", peerCert.fingerprint(), DtlsRole.SERVER, new Events())).isNull();
  }

  @Test
  void activeEndConnectsToPassiveEndBothWays() throws Exception {
    start(10, Duration.ofSeconds(30));
    Events originEvents = new Events();
    Events edgeEvents = new Events();
    try (WebRtcClient client = new WebRtcClient(1, DtlsContext.builder(peerCert).build(),
        Duration.ofSeconds(30), InetAddress.getLoopbackAddress())) {
      // Offer/answer as WHEP between two nodes: the edge offers its credentials, the origin
      // answers ice-lite and setup:passive.
      WebRtcClient.Pending pending = client.prepare();
      TransportSession origin = server.createSession(pending.localCredentials().ufrag(),
          peerCert.fingerprint(), DtlsRole.SERVER, originEvents);
      TransportSession edge = pending.connect(server.localAddress(),
          origin.localCredentials().ufrag(), origin.localCredentials().pwd(),
          serverCert.fingerprint(), DtlsRole.CLIENT, edgeEvents);
      assertThat(edgeEvents.connected.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(originEvents.connected.await(5, TimeUnit.SECONDS)).isTrue();

      byte[] down = rtp(42, 0xAABBCCDDL, 1000);
      assertThat(origin.sendRtp(heap(down), true)).isTrue();
      assertThat(edgeEvents.rtp.poll(5, TimeUnit.SECONDS)).isEqualTo(down);
      byte[] up = ByteBufUtil.decodeHexDump("81ce0002" + "00000001" + "aabbccdd"); // PLI
      assertThat(edge.sendRtcp(heap(up), true)).isTrue();
      assertThat(originEvents.rtcp.poll(5, TimeUnit.SECONDS)).isEqualTo(up);

      edge.close();
      assertThat(client.sessionCount()).isZero();
      // The edge's close_notify ends the origin's session too.
      assertThat(originEvents.closedLatch.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(originEvents.closed.get()).isEqualTo(CloseReason.DTLS_CLOSED);
    }
  }

  @Test
  void countOnlyClientGetsSrtpAsItCame() throws Exception {
    start(10, Duration.ofSeconds(30));
    Events originEvents = new Events();
    Events edgeEvents = new Events();
    try (WebRtcClient client = new WebRtcClient(1, DtlsContext.builder(peerCert).build(),
        Duration.ofSeconds(30), InetAddress.getLoopbackAddress())) {
      client.decryptRtp(false);
      WebRtcClient.Pending pending = client.prepare();
      TransportSession origin = server.createSession(pending.localCredentials().ufrag(),
          peerCert.fingerprint(), DtlsRole.SERVER, originEvents);
      TransportSession edge = pending.connect(server.localAddress(),
          origin.localCredentials().ufrag(), origin.localCredentials().pwd(),
          serverCert.fingerprint(), DtlsRole.CLIENT, edgeEvents);
      assertThat(edgeEvents.connected.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(originEvents.connected.await(5, TimeUnit.SECONDS)).isTrue();

      byte[] down = rtp(42, 0xAABBCCDDL, 1000);
      assertThat(origin.sendRtp(heap(down), true)).isTrue();
      byte[] got = edgeEvents.rtp.poll(5, TimeUnit.SECONDS);
      // The RTP header is in the clear; the payload is ciphertext followed by the tag.
      assertThat(got).hasSizeGreaterThan(down.length);
      assertThat(java.util.Arrays.copyOf(got, 12)).isEqualTo(java.util.Arrays.copyOf(down, 12));
      assertThat(java.util.Arrays.copyOfRange(got, 12, down.length))
          .isNotEqualTo(java.util.Arrays.copyOfRange(down, 12, down.length));
      assertThat(edge.authFailures()).isZero();
      // RTCP is still unprotected.
      byte[] sr = ByteBufUtil.decodeHexDump("80c80006" + "aabbccdd" + "0000000100000002"
          + "00000003" + "00000004" + "00000005");
      assertThat(origin.sendRtcp(heap(sr), true)).isTrue();
      assertThat(edgeEvents.rtcp.poll(5, TimeUnit.SECONDS)).isEqualTo(sr);
      edge.close();
    }
  }

  @Test
  void replayedSrtpIsDropped() throws Exception {
    start(10, Duration.ofSeconds(30));
    Events events = new Events();
    TransportSession session = connect(events);
    ByteBuf packet = heap(rtp(5, 0x0101_0101L, 100));
    assertThat(peer.srtp.protectRtp(packet)).isEqualTo(SrtpStatus.OK);
    peer.send(packet);
    peer.send(packet); // an attacker replays the captured packet
    packet.release();
    assertThat(events.rtp.poll(5, TimeUnit.SECONDS)).isNotNull();
    awaitTrue(() -> session.receiveDrops() == 1);
    assertThat(events.rtp).isEmpty();
  }

  @Test
  void peerThatNeverStartsDtlsTimesOut() throws Exception {
    server = WebRtcTransportServer.start(UdpEndpointConfig.defaults(LOOPBACK).withEventLoops(1),
        DtlsContext.builder(serverCert).handshakeTimeout(Duration.ofSeconds(1)).build(),
        10, Duration.ofSeconds(30));
    peer = new LoopbackPeer(server.localAddress());
    Events events = new Events();
    TransportSession session = server.createSession(PEER_UFRAG, peerCert.fingerprint(),
        DtlsRole.SERVER, events);
    peer.check(session.localCredentials().ufrag(), PEER_UFRAG, session.localCredentials().pwd(), true);
    assertThat(events.closedLatch.await(8, TimeUnit.SECONDS)).isTrue();
    assertThat(events.closed.get()).isEqualTo(CloseReason.DTLS_HANDSHAKE_FAILED);
    assertThat(events.closeDetail).contains("TIMEOUT");
    assertThat(server.sessionCount()).isZero();
    assertThat(server.dtlsContext().activeHandshakes()).isZero();
  }

  @Test
  void iceRestartSwapsCredentialsAndKeepsMediaFlowing() throws Exception {
    start(10, Duration.ofSeconds(30));
    Events events = new Events();
    TransportSession session = server.createSession(PEER_UFRAG, peerCert.fingerprint(),
        DtlsRole.SERVER, events);
    String oldUfrag = session.localCredentials().ufrag();
    String oldPwd = session.localCredentials().pwd();
    peer.check(oldUfrag, PEER_UFRAG, oldPwd, true);
    peer.handshake(DtlsContext.builder(peerCert).build(), serverCert.fingerprint());
    assertThat(events.connected.await(5, TimeUnit.SECONDS)).isTrue();

    var fresh = server.restartIce(session, "newPeerUfrag");
    assertThat(fresh.ufrag()).isNotEqualTo(oldUfrag);
    assertThat(session.localCredentials()).isEqualTo(fresh);
    assertThat(LoopbackPeer.parseStun(peer.check(oldUfrag, PEER_UFRAG, oldPwd, true)).errorCode())
        .isEqualTo(401);
    assertThat(LoopbackPeer.parseStun(peer.check(fresh.ufrag(), "newPeerUfrag", fresh.pwd(), true))
        .messageType()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);

    byte[] rtp = rtp(77, 0x55L, 300);
    ByteBuf out = heap(rtp);
    assertThat(peer.srtp.protectRtp(out)).isEqualTo(SrtpStatus.OK);
    peer.send(out);
    out.release();
    assertThat(events.rtp.poll(5, TimeUnit.SECONDS)).isEqualTo(rtp);
    assertThat(session.isConnected()).isTrue();
  }

  /** ICE check with nomination, then the peer's DTLS handshake; returns the connected session. */
  private TransportSession connect(Events events) throws Exception {
    TransportSession session = server.createSession(PEER_UFRAG, peerCert.fingerprint(),
        DtlsRole.SERVER, events);
    peer.check(session.localCredentials().ufrag(), PEER_UFRAG, session.localCredentials().pwd(), true);
    peer.handshake(DtlsContext.builder(peerCert).build(), serverCert.fingerprint());
    assertThat(events.connected.await(5, TimeUnit.SECONDS)).isTrue();
    return session;
  }

  private static byte[] rtp(int seq, long ssrc, int payload) {
    ByteBuf b = Unpooled.buffer(12 + payload);
    b.writeByte(0x80).writeByte(96).writeShort(seq).writeInt(90_000).writeInt((int) ssrc);
    for (int i = 0; i < payload; i++) {
      b.writeByte(i);
    }
    return ByteBufUtil.getBytes(b);
  }

  /** A pooled heap buffer with SRTP tail room holding {@code bytes}. */
  private static ByteBuf heap(byte[] bytes) {
    return PooledByteBufAllocator.DEFAULT.heapBuffer(bytes.length + 64).writeBytes(bytes);
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }
}
