package io.sluice.transport.internal.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.transport.dtls.DtlsCertificate;
import io.sluice.transport.dtls.DtlsFingerprint;
import io.sluice.transport.internal.dtls.DtlsHandshakeResult.Failure;
import io.sluice.transport.internal.dtls.DtlsHandshakeResult.Reason;
import io.sluice.transport.internal.dtls.DtlsHandshakeResult.Success;
import io.sluice.transport.internal.srtp.SrtpKeys;
import io.sluice.transport.internal.srtp.SrtpProfile;
import io.sluice.transport.internal.srtp.SrtpSession;
import io.sluice.transport.internal.srtp.SrtpStatus;
import java.io.ByteArrayInputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DTLS-SRTP against an independent implementation: OpenSSL's {@code s_server} and
 * {@code s_client}, over real UDP on 127.0.0.1, bridged to our sessions by {@link UdpPump}.
 *
 * <p>The decisive check is the keying material: OpenSSL prints what it exports with the RFC 5764
 * label ({@code -keymatexport EXTRACTOR-dtls_srtp}), and it must equal ours byte for byte, which
 * proves that both sides ran the same handshake, agreed on the profile, and that we split the
 * material by role correctly. We also check that OpenSSL received our certificate, that the
 * negotiated profile follows our preference, and that close_notify and fingerprint mismatches
 * behave. Skipped only when {@code openssl} is not on the PATH.
 */
class OpenSslDtlsInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Pattern KEYING_MATERIAL = Pattern.compile("Keying material: ([0-9A-Fa-f]+)");
  private static final Pattern SRTP_PROFILE = Pattern.compile("SRTP Extension negotiated, profile=(\\S+)");
  private static final Pattern CERTIFICATE =
      Pattern.compile("-----BEGIN CERTIFICATE-----", Pattern.LITERAL);

  @TempDir
  static Path dir;
  private static Path opensslCert;
  private static Path opensslKey;
  private static DtlsFingerprint opensslFingerprint;
  private static DtlsCertificate ours;

  @BeforeAll
  static void opensslPeer() throws Exception {
    assumeTrue(OpenSslProcess.available(), "openssl is not on the PATH");
    opensslCert = dir.resolve("openssl-cert.pem");
    opensslKey = dir.resolve("openssl-key.pem");
    OpenSslProcess.run(WAIT, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", opensslKey.toString(), "-out", opensslCert.toString(), "-days", "1", "-subj", "/CN=openssl-peer");
    X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(opensslCert)));
    opensslFingerprint = DtlsFingerprint.ofCertificate(cert);
    ours = DtlsCertificate.generate();
    SrtpSession.warmUp();
  }

  @Test
  void ourServerWithOpenSslClientAesCm() throws Exception {
    Success result = ourServer("SRTP_AES128_CM_SHA1_80", 60, SrtpProfile.AES_CM_128_HMAC_SHA1_80, "SRTP_AES128_CM_SHA1_80");
    assertThat(result.keys().profile()).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
  }

  /** OpenSSL lists AES-CM first; our server still picks GCM, its own first preference. */
  @Test
  void ourServerPrefersGcmWhateverTheClientsOrder() throws Exception {
    Success result = ourServer("SRTP_AES128_CM_SHA1_80:SRTP_AEAD_AES_128_GCM", 56, SrtpProfile.AEAD_AES_128_GCM,
        "SRTP_AEAD_AES_128_GCM");
    assertThat(result.keys().profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
  }

  @Test
  void ourClientWithOpenSslServerAesCm() throws Exception {
    ourClient("SRTP_AES128_CM_SHA1_80", 60, SrtpProfile.AES_CM_128_HMAC_SHA1_80);
  }

  @Test
  void ourClientWithOpenSslServerGcm() throws Exception {
    ourClient("SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80", 56, SrtpProfile.AEAD_AES_128_GCM);
  }

  @Test
  void ourClientRejectsAnOpenSslServerWithTheWrongFingerprint() throws Exception {
    int port = freeUdpPort();
    DtlsContext context = DtlsContext.builder(ours).build();
    try (OpenSslProcess server = OpenSslProcess.start(serverArgs(port, "SRTP_AES128_CM_SHA1_80", 60));
        UdpPump pump = new UdpPump(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
      assertThat(server.await(Pattern.compile("ACCEPT"), WAIT)).as(server::output).isNotNull();
      DtlsFingerprint wrong = DtlsCertificate.generate().fingerprint();
      DtlsSession session = context.newSession(DtlsRole.CLIENT, wrong, pump);
      pump.attach(session);
      session.start();
      try {
        Failure failure = (Failure) session.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(failure.reason()).isEqualTo(Reason.FINGERPRINT_MISMATCH);
        assertThat(failure.message()).contains(opensslFingerprint.toSdp());
        // OpenSSL saw our bad_certificate alert and exported nothing.
        assertThat(server.await(Pattern.compile("alert bad certificate|SSL alert number 42"), WAIT))
            .as(server::output).isNotNull();
        assertThat(server.output()).doesNotContain("Keying material");
      } finally {
        session.close();
      }
    }
  }

  @Test
  void ourServerRefusesAClientWithoutACommonSrtpProfile() throws Exception {
    DtlsContext context = DtlsContext.builder(ours).build();
    try (UdpPump pump = new UdpPump(null)) {
      DtlsSession session = context.newSession(DtlsRole.SERVER, opensslFingerprint, pump);
      pump.attach(session);
      session.start();
      try (OpenSslProcess client = OpenSslProcess.start(clientArgs(pump.port(), "SRTP_AES128_CM_SHA1_32", 60))) {
        Failure failure = (Failure) session.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(failure.reason()).isEqualTo(Reason.NO_COMMON_SRTP_PROFILE);
        assertThat(failure.message()).endsWith("client offered no supported SRTP profile");
      } finally {
        session.close();
      }
    }
  }

  /** We are the DTLS server, OpenSSL's s_client connects; returns our result after the checks. */
  private static Success ourServer(String opensslProfiles, int exportLength, SrtpProfile expected, String expectedName)
      throws Exception {
    DtlsContext context = DtlsContext.builder(ours).build();
    try (UdpPump pump = new UdpPump(null)) {
      DtlsSession session = context.newSession(DtlsRole.SERVER, opensslFingerprint, pump);
      pump.attach(session);
      session.start();
      try (OpenSslProcess client = OpenSslProcess.start(clientArgs(pump.port(), opensslProfiles, exportLength))) {
        DtlsHandshakeResult result = session.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(result).as(client::output).isInstanceOf(Success.class);
        Success success = (Success) result;
        System.out.println("DTLS server vs openssl s_client (" + expected + "): " + success.elapsed().toMillis() + " ms");

        checkOpenSsl(client, success, false, expected, expectedName);

        // s_client's "Q" command shuts the connection down with close_notify.
        client.write("Q");
        DtlsClosure closure = session.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(closure.reason()).isEqualTo(DtlsClosure.Reason.CLOSE_NOTIFY_RECEIVED);
        return success;
      } finally {
        session.close();
      }
    }
  }

  /** We are the DTLS client, OpenSSL's s_server listens and requires our certificate. */
  private static void ourClient(String opensslProfiles, int exportLength, SrtpProfile expected) throws Exception {
    int port = freeUdpPort();
    DtlsContext context = DtlsContext.builder(ours).build();
    try (OpenSslProcess server = OpenSslProcess.start(serverArgs(port, opensslProfiles, exportLength));
        UdpPump pump = new UdpPump(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
      assertThat(server.await(Pattern.compile("ACCEPT"), WAIT)).as(server::output).isNotNull();
      DtlsSession session = context.newSession(DtlsRole.CLIENT, opensslFingerprint, pump);
      pump.attach(session);
      session.start();
      try {
        DtlsHandshakeResult result = session.handshake().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(result).as(server::output).isInstanceOf(Success.class);
        Success success = (Success) result;
        System.out.println("DTLS client vs openssl s_server (" + expected + "): " + success.elapsed().toMillis() + " ms");
        checkOpenSsl(server, success, true, expected, opensslProfiles.split(":")[0]);
      } finally {
        session.close();
      }
      // Our close_notify reaches s_server, which then closes its side.
      assertThat(server.await(Pattern.compile("CONNECTION CLOSED|shutting down SSL"), WAIT)).as(server::output).isNotNull();
    }
  }

  /**
   * The checks against what OpenSSL printed: our certificate arrived, the profile is the expected
   * one, and the exported keying material equals ours. Then SRTP with OpenSSL's material (as the
   * peer would use it) and ours interoperates.
   */
  private static void checkOpenSsl(OpenSslProcess openssl, Success ours, boolean weAreClient, SrtpProfile profile,
      String opensslProfileName) throws Exception {
    Matcher material = openssl.await(KEYING_MATERIAL, WAIT);
    assertThat(material).as(openssl::output).isNotNull();
    byte[] theirs = HexFormat.of().parseHex(material.group(1));
    assertThat(theirs).hasSize(profile.keyingMaterialLength());
    assertThat(SrtpKeys.fromKeyingMaterial(profile, theirs, weAreClient)).isEqualTo(ours.keys());

    Matcher negotiated = openssl.await(SRTP_PROFILE, WAIT);
    assertThat(negotiated).as(openssl::output).isNotNull();
    assertThat(negotiated.group(1)).isEqualTo(opensslProfileName);

    assertThat(ours.peerFingerprint()).isEqualTo(opensslFingerprint);
    assertThat(peerCertificateFingerprint(openssl.output())).isEqualTo(OpenSslDtlsInteropTest.ours.fingerprint());

    // SRTP with the peer's view of OpenSSL's material, unprotected with ours.
    SrtpKeys peerView = SrtpKeys.fromKeyingMaterial(profile, theirs, !weAreClient);
    try (SrtpSession peer = new SrtpSession(peerView); SrtpSession us = new SrtpSession(ours.keys())) {
      ByteBuf packet = Unpooled.buffer(64).writeInt(0x80600007).writeInt(1234).writeInt(0x0badcafe).writeLong(7);
      try {
        assertThat(peer.protectRtp(packet)).isEqualTo(SrtpStatus.OK);
        assertThat(us.unprotectRtp(packet)).isEqualTo(SrtpStatus.OK);
        assertThat(packet.getLong(12)).isEqualTo(7);
      } finally {
        packet.release();
      }
    }
  }

  /** The certificate OpenSSL printed for its peer (s_server: "Client certificate", s_client: "Server certificate"). */
  private static DtlsFingerprint peerCertificateFingerprint(String output) throws Exception {
    int begin = output.indexOf("-----BEGIN CERTIFICATE-----");
    int end = output.indexOf("-----END CERTIFICATE-----", begin);
    assertThat(begin).as(output).isNotNegative();
    String pem = output.substring(begin, end + "-----END CERTIFICATE-----".length());
    X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    return DtlsFingerprint.ofCertificate(cert);
  }

  private static String[] clientArgs(int port, String profiles, int exportLength) {
    return new String[] {"s_client", "-dtls1_2", "-connect", "127.0.0.1:" + port,
        "-cert", opensslCert.toString(), "-key", opensslKey.toString(),
        "-use_srtp", profiles, "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", String.valueOf(exportLength),
        "-mtu", "1200", "-showcerts"};
  }

  private static String[] serverArgs(int port, String profiles, int exportLength) {
    return new String[] {"s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port,
        "-cert", opensslCert.toString(), "-key", opensslKey.toString(),
        "-use_srtp", profiles, "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", String.valueOf(exportLength),
        "-Verify", "1", "-mtu", "1200", "-naccept", "1"};
  }

  private static int freeUdpPort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      return s.getLocalPort();
    }
  }
}
