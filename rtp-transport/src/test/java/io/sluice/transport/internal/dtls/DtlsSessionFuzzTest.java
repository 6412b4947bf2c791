package io.sluice.transport.internal.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sluice.transport.dtls.DtlsCertificate;
import io.sluice.transport.dtls.DtlsFingerprint;
import io.sluice.transport.internal.dtls.DtlsHandshakeResult.Failure;
import io.sluice.transport.internal.dtls.DtlsHandshakeResult.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Jazzer fuzz targets for what a DTLS peer can send us (RFC 6347 records, handshake messages,
 * RFC 5764 use_srtp): fuzzed datagrams go through {@link DtlsSession#offer}, the path the network
 * thread uses, into BouncyCastle's record layer and handshake parser and our callbacks (use_srtp
 * negotiation, certificate fingerprint check), in the server (passive, browsers) and client
 * (active, relays) role.
 *
 * <p>Whatever arrives, the handshake ends with a {@link Failure} whose reason names a protocol
 * outcome (never {@link Reason#ERROR}, an unexpected exception), {@link DtlsSession#closed()}
 * completes, the handshake slot is given back and nothing we send exceeds the MTU.
 *
 * <p>Input: datagrams, each a 2-byte big-endian length and that many bytes (a short last one is
 * cut off), at most {@link #MAX_DATAGRAMS}. They are offered before the handshake starts; once the
 * session thread has processed them all and waits for more, the session is closed. Seeds in
 * {@code DtlsSessionFuzzTestInputs/<method>/}, recorded from a real handshake between two of our
 * sessions by {@link DtlsFuzzSeedRecorder} (so their randoms and keys do not match the fuzzed session's, and
 * parsing goes as far as the first check that needs them):
 * <ul>
 *   <li>{@code serverInput/client-hello}: the client's first flight;
 *   <li>{@code serverInput/client-flights}: ClientHello, then Certificate, ClientKeyExchange,
 *       CertificateVerify, ChangeCipherSpec, Finished;
 *   <li>{@code clientInput/server-flight}: ServerHello, Certificate, ServerKeyExchange,
 *       CertificateRequest, ServerHelloDone;
 *   <li>{@code clientInput/server-flights}: that, then ChangeCipherSpec and Finished;
 *   <li>{@code serverInput/regress_certificate_unknown_asn1_tag} and
 *       {@code clientInput/regress_certificate_truncated_der}: found by the fuzzer, a Certificate
 *       message that is not valid DER ("unknown tag 13", "DEF length 90 object truncated by 41"),
 *       which BouncyCastle reports as a plain IOException and the session once classified as
 *       {@link Reason#ERROR} (a warning log line per malicious peer).
 * </ul>
 * Fuzz with {@code JAZZER_FUZZ=1 ./mvnw -pl rtp-transport test -Dtest=DtlsSessionFuzzTest#serverInput}.
 */
class DtlsSessionFuzzTest {
  static final int MAX_DATAGRAMS = 16;
  private static final DtlsCertificate LOCAL = DtlsCertificate.generate();
  /**
   * The fingerprint of the certificate both ends presented when the seeds were recorded, so that
   * seeded handshakes pass the fingerprint check and reach the messages after it.
   */
  private static final DtlsFingerprint PEER = DtlsFingerprint.parse(resource("DtlsSessionFuzzTest-peer-fingerprint").trim());
  private static final int MTU = 1200;
  private static final DtlsContext CONTEXT = DtlsContext.builder(LOCAL)
      .handshakeTimeout(Duration.ofSeconds(20)).mtu(MTU).build();

  @FuzzTest(maxDuration = "5m")
  void serverInput(byte[] data) throws Exception {
    handshakeWith(DtlsRole.SERVER, data);
  }

  @FuzzTest(maxDuration = "5m")
  void clientInput(byte[] data) throws Exception {
    handshakeWith(DtlsRole.CLIENT, data);
  }

  /** The seeds get as far into the handshake as their names say. */
  @ParameterizedTest
  @CsvSource({
    "serverInput/client-hello,   SERVER, CLOSED",
    "serverInput/client-flights, SERVER, PROTOCOL_ERROR",
    "clientInput/server-flight,  CLIENT, PROTOCOL_ERROR",
    "clientInput/server-flights, CLIENT, PROTOCOL_ERROR",
    "serverInput/regress_certificate_unknown_asn1_tag, SERVER, PROTOCOL_ERROR",
    "clientInput/regress_certificate_truncated_der,    CLIENT, PROTOCOL_ERROR",
  })
  void seedsReachTheirOutcome(String seed, DtlsRole role, Reason expected) throws Exception {
    byte[] data = resourceBytes("DtlsSessionFuzzTestInputs/" + seed);
    List<byte[]> datagrams = split(data);
    assertThat(datagrams).as(seed).isNotEmpty();
    AtomicInteger sent = new AtomicInteger();
    assertThat(handshakeWith(role, data, sent)).isEqualTo(expected);
    // The server answered the ClientHello with its flight: the seed passed the parser.
    assertThat(sent.get()).as("datagrams sent").isPositive();
  }

  private static void handshakeWith(DtlsRole role, byte[] data) throws Exception {
    handshakeWith(role, data, new AtomicInteger());
  }

  private static Reason handshakeWith(DtlsRole role, byte[] data, AtomicInteger sent)
      throws Exception {
    List<Integer> oversized = new ArrayList<>();
    DtlsSession session = CONTEXT.newSession(role, PEER, (buf, off, len) -> {
      sent.incrementAndGet();
      if (len > MTU) {
        oversized.add(len);
      }
    });
    for (byte[] d : split(data)) {
      session.offer(d, 0, d.length);
    }
    session.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!session.idle() && !session.handshake().isDone()) {
      assertThat(System.nanoTime()).as("input not consumed after 10 s").isLessThan(deadline);
      LockSupport.parkNanos(20_000);
    }
    session.close();
    DtlsHandshakeResult result = session.handshake().get(10, TimeUnit.SECONDS);
    assertThat(result).isInstanceOf(Failure.class);
    Failure failure = (Failure) result;
    assertThat(failure.reason()).as(failure.message())
        .isIn(Reason.CLOSED, Reason.PROTOCOL_ERROR, Reason.ALERT_RECEIVED,
            Reason.FINGERPRINT_MISMATCH, Reason.NO_COMMON_SRTP_PROFILE);
    assertThat(session.closed().get(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(CONTEXT.activeHandshakes()).isZero();
    assertThat(oversized).as("datagrams over the MTU").isEmpty();
    return failure.reason();
  }

  private static String resource(String name) {
    return new String(resourceBytes(name), java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static byte[] resourceBytes(String name) {
    try (InputStream in = DtlsSessionFuzzTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Splits fuzz input into datagrams: 2-byte length, bytes; at most MAX_DATAGRAMS. */
  static List<byte[]> split(byte[] data) {
    List<byte[]> out = new ArrayList<>();
    int i = 0;
    while (i + 2 <= data.length && out.size() < MAX_DATAGRAMS) {
      int length = ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
      i += 2;
      int n = Math.min(length, data.length - i);
      byte[] d = new byte[n];
      System.arraycopy(data, i, d, 0, n);
      out.add(d);
      i += n;
    }
    return out;
  }

}
