package io.sluice.transport.internal.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.transport.dtls.DtlsCertificate;
import io.sluice.transport.dtls.DtlsFingerprint;
import io.sluice.transport.internal.dtls.DtlsHandshakeResult.Failure;
import io.sluice.transport.internal.dtls.DtlsHandshakeResult.Reason;
import io.sluice.transport.internal.dtls.DtlsHandshakeResult.Success;
import io.sluice.transport.internal.srtp.SrtpProfile;
import io.sluice.transport.internal.srtp.SrtpSession;
import io.sluice.transport.internal.srtp.SrtpStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DtlsSessionTest {
  private static DtlsCertificate serverCertificate;
  private static DtlsCertificate clientCertificate;

  @BeforeAll
  static void certificates() {
    serverCertificate = DtlsCertificate.generate();
    clientCertificate = DtlsCertificate.generate();
  }

  @Test
  void serverAndClientAgreeOnGcmKeys() throws Exception {
    DtlsContext serverContext = DtlsPair.context(serverCertificate);
    DtlsContext clientContext = DtlsPair.context(clientCertificate);
    try (DtlsPair pair = DtlsPair.start(serverContext, clientContext)) {
      DtlsHandshakeResult s = pair.server.handshake().get(15, TimeUnit.SECONDS);
      DtlsHandshakeResult c = pair.client.handshake().get(15, TimeUnit.SECONDS);

      assertThat(s).isInstanceOf(Success.class);
      assertThat(c).isInstanceOf(Success.class);
      Success server = (Success) s;
      Success client = (Success) c;
      assertThat(server.keys().profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM); // our first preference
      assertThat(client.keys()).isEqualTo(server.keys().reversed());
      assertThat(server.peerFingerprint()).isEqualTo(clientCertificate.fingerprint());
      assertThat(client.peerFingerprint()).isEqualTo(serverCertificate.fingerprint());
      System.out.println("in-process DTLS handshake (first in JVM): server " + server.elapsed().toMillis()
          + " ms, client " + client.elapsed().toMillis() + " ms");

      // The keys work end to end: what the client protects, the server unprotects.
      try (SrtpSession clientSrtp = new SrtpSession(client.keys()); SrtpSession serverSrtp = new SrtpSession(server.keys())) {
        ByteBuf packet = Unpooled.buffer(64).writeInt(0x80600001).writeInt(160).writeInt(0xcafe).writeLong(42);
        try {
          assertThat(clientSrtp.protectRtp(packet)).isEqualTo(SrtpStatus.OK);
          assertThat(serverSrtp.unprotectRtp(packet)).isEqualTo(SrtpStatus.OK);
          assertThat(packet.getLong(12)).isEqualTo(42);
        } finally {
          packet.release();
        }
      }
      assertThat(serverContext.activeHandshakes()).isZero();
      assertThat(pair.server.closed()).isNotDone(); // the reader stays on after the handshake
    }
  }

  /**
   * A sink that cannot send is our failure (ERROR), not the peer's: it stays apart from the plain
   * IOExceptions BouncyCastle raises on a malformed peer message (PROTOCOL_ERROR, see
   * DtlsSessionFuzzTest).
   */
  @Test
  void sinkFailureIsAnErrorNotAProtocolError() throws Exception {
    DtlsContext context = DtlsPair.context(clientCertificate);
    DtlsSession client = context.newSession(DtlsRole.CLIENT, serverCertificate.fingerprint(),
        (data, offset, length) -> {
          throw new java.io.IOException("network is unreachable");
        });
    DtlsHandshakeResult result = client.start().get(15, TimeUnit.SECONDS);
    assertThat(result).isInstanceOfSatisfying(Failure.class, f -> {
      assertThat(f.reason()).isEqualTo(Reason.ERROR);
      assertThat(f.message()).contains("network is unreachable");
    });
    assertThat(context.activeHandshakes()).isZero();
  }

  @Test
  void handshakeTime() throws Exception {
    DtlsContext serverContext = DtlsPair.context(serverCertificate);
    DtlsContext clientContext = DtlsPair.context(clientCertificate);
    int rounds = 20;
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < rounds + 5; i++) {
      try (DtlsPair pair = DtlsPair.start(serverContext, clientContext)) {
        DtlsHandshakeResult c = pair.client.handshake().get(15, TimeUnit.SECONDS);
        assertThat(c).isInstanceOf(Success.class);
        pair.server.handshake().get(15, TimeUnit.SECONDS);
        if (i >= 5) {
          micros.add(c.elapsed().toNanos() / 1000);
        }
      }
    }
    micros.sort(null);
    System.out.println("in-process DTLS handshake, client side, " + rounds + " runs after warm-up: median "
        + micros.get(rounds / 2) / 1000.0 + " ms, min " + micros.get(0) / 1000.0 + " ms, max "
        + micros.get(rounds - 1) / 1000.0 + " ms");
  }

  @Test
  void clientRejectsAServerWhoseCertificateDoesNotMatch() throws Exception {
    DtlsFingerprint wrong = DtlsCertificate.generate().fingerprint();
    try (DtlsPair pair = DtlsPair.start(DtlsPair.context(serverCertificate), DtlsPair.context(clientCertificate),
        clientCertificate.fingerprint(), wrong)) {
      Failure client = (Failure) pair.client.handshake().get(15, TimeUnit.SECONDS);
      Failure server = (Failure) pair.server.handshake().get(15, TimeUnit.SECONDS);

      assertThat(client.reason()).isEqualTo(Reason.FINGERPRINT_MISMATCH);
      assertThat(client.message()).contains(serverCertificate.sdpFingerprint()).contains(wrong.toSdp());
      assertThat(server.reason()).isEqualTo(Reason.ALERT_RECEIVED);
      assertThat(server.message()).isEqualTo("peer sent fatal alert bad_certificate(42)");
      assertThat(pair.client.closed().get(5, TimeUnit.SECONDS).reason()).isEqualTo(DtlsClosure.Reason.HANDSHAKE_FAILED);
    }
  }

  @Test
  void serverRejectsAClientWhoseCertificateDoesNotMatch() throws Exception {
    DtlsFingerprint wrong = DtlsCertificate.generate().fingerprint();
    try (DtlsPair pair = DtlsPair.start(DtlsPair.context(serverCertificate), DtlsPair.context(clientCertificate),
        wrong, serverCertificate.fingerprint())) {
      Failure server = (Failure) pair.server.handshake().get(15, TimeUnit.SECONDS);
      Failure client = (Failure) pair.client.handshake().get(15, TimeUnit.SECONDS);

      assertThat(server.reason()).isEqualTo(Reason.FINGERPRINT_MISMATCH);
      assertThat(client.reason()).isEqualTo(Reason.ALERT_RECEIVED);
      assertThat(client.message()).isEqualTo("peer sent fatal alert bad_certificate(42)");
    }
  }

  @ParameterizedTest
  @EnumSource(DtlsRole.class)
  void silentPeerTimesOut(DtlsRole role) throws Exception {
    DtlsContext context = DtlsContext.builder(serverCertificate).handshakeTimeout(Duration.ofMillis(700)).build();
    ConcurrentLinkedQueue<Boolean> sentOnVirtualThread = new ConcurrentLinkedQueue<>();
    DtlsSession session = context.newSession(role, clientCertificate.fingerprint(),
        (d, o, l) -> sentOnVirtualThread.add(Thread.currentThread().isVirtual()));
    session.start();
    try {
      Failure failure = (Failure) session.handshake().get(10, TimeUnit.SECONDS);
      assertThat(failure.reason()).isEqualTo(Reason.TIMEOUT);
      assertThat(failure.message()).isEqualTo("no handshake within 700 ms");
      assertThat(failure.elapsed()).isBetween(Duration.ofMillis(600), Duration.ofSeconds(5));
      assertThat(session.closed().get(5, TimeUnit.SECONDS).reason()).isEqualTo(DtlsClosure.Reason.HANDSHAKE_FAILED);
      assertThat(context.activeHandshakes()).isZero();
      if (role == DtlsRole.CLIENT) {
        assertThat(sentOnVirtualThread).isNotEmpty().containsOnly(true); // ClientHello and retransmissions
      } else {
        assertThat(sentOnVirtualThread).isEmpty(); // a server waits for the ClientHello
      }
    } finally {
      session.close();
    }
  }

  @Test
  void handshakesBeyondTheLimitAreRefusedAtOnce() throws Exception {
    DtlsContext context = DtlsContext.builder(serverCertificate).maxConcurrentHandshakes(2).build();
    DtlsSession first = context.newSession(DtlsRole.SERVER, clientCertificate.fingerprint(), (d, o, l) -> { });
    DtlsSession second = context.newSession(DtlsRole.SERVER, clientCertificate.fingerprint(), (d, o, l) -> { });
    DtlsSession third = context.newSession(DtlsRole.CLIENT, clientCertificate.fingerprint(), (d, o, l) -> {
      throw new AssertionError("a refused session sends nothing");
    });
    first.start();
    second.start();
    try {
      assertThat(context.activeHandshakes()).isEqualTo(2);
      assertThat(third.start()).isDone();
      Failure refused = (Failure) third.handshake().join();
      assertThat(refused.reason()).isEqualTo(Reason.REFUSED);
      assertThat(refused.message()).isEqualTo("2 DTLS handshakes already in progress (limit: 2)");
      assertThat(third.closed().join().reason()).isEqualTo(DtlsClosure.Reason.HANDSHAKE_FAILED);
      assertThat(third.offer(new byte[10], 0, 10)).isFalse();
      assertThat(context.activeHandshakes()).isEqualTo(2);
      assertThat(context.refusedHandshakes()).isEqualTo(1);

      // Closing a session in progress ends its handshake and frees its slot.
      first.close();
      Failure closed = (Failure) first.handshake().get(5, TimeUnit.SECONDS);
      assertThat(closed.reason()).isEqualTo(Reason.CLOSED);
      assertThat(first.closed().get(5, TimeUnit.SECONDS).reason()).isEqualTo(DtlsClosure.Reason.LOCAL_CLOSE);
      await().atMost(Duration.ofSeconds(5)).until(() -> context.activeHandshakes() == 1);
      DtlsSession fourth = context.newSession(DtlsRole.SERVER, clientCertificate.fingerprint(), (d, o, l) -> { });
      assertThat(fourth.start()).isNotDone();
      fourth.close();
    } finally {
      first.close();
      second.close();
    }
  }

  @Test
  void closeBeforeStartFailsTheHandshakeWithoutAThread() throws Exception {
    DtlsContext context = DtlsPair.context(serverCertificate);
    DtlsSession session = context.newSession(DtlsRole.CLIENT, clientCertificate.fingerprint(), (d, o, l) -> {
      throw new AssertionError("a closed session sends nothing");
    });
    assertThat(session.handshake()).isNotDone();
    session.close();
    Failure failure = (Failure) session.handshake().getNow(null);
    assertThat(failure.reason()).isEqualTo(Reason.CLOSED);
    assertThat(session.closed().getNow(null).reason()).isEqualTo(DtlsClosure.Reason.LOCAL_CLOSE);
    assertThat(session.start()).isSameAs(session.handshake());
    assertThat(context.activeHandshakes()).isZero();
  }

  @Test
  void closeAfterTheHandshakeSendsCloseNotifyToThePeer() throws Exception {
    try (DtlsPair pair = DtlsPair.start(DtlsPair.context(serverCertificate), DtlsPair.context(clientCertificate))) {
      assertThat(pair.client.handshake().get(15, TimeUnit.SECONDS)).isInstanceOf(Success.class);
      assertThat(pair.server.handshake().get(15, TimeUnit.SECONDS)).isInstanceOf(Success.class);

      pair.client.close();
      DtlsClosure client = pair.client.closed().get(5, TimeUnit.SECONDS);
      DtlsClosure server = pair.server.closed().get(5, TimeUnit.SECONDS);
      assertThat(client.reason()).isEqualTo(DtlsClosure.Reason.LOCAL_CLOSE);
      assertThat(server.reason()).isEqualTo(DtlsClosure.Reason.CLOSE_NOTIFY_RECEIVED);
    }
  }

  @Test
  void serverCloseIsSeenByTheClient() throws Exception {
    try (DtlsPair pair = DtlsPair.start(DtlsPair.context(serverCertificate), DtlsPair.context(clientCertificate))) {
      assertThat(pair.server.handshake().get(15, TimeUnit.SECONDS)).isInstanceOf(Success.class);
      assertThat(pair.client.handshake().get(15, TimeUnit.SECONDS)).isInstanceOf(Success.class);
      pair.server.close();
      assertThat(pair.client.closed().get(5, TimeUnit.SECONDS).reason())
          .isEqualTo(DtlsClosure.Reason.CLOSE_NOTIFY_RECEIVED);
    }
  }
}
