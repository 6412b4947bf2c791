package io.sluice.transport.internal.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.transport.dtls.DtlsCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records the seeds of {@link DtlsSessionFuzzTest}. Run from {@code rtp-transport} with the test
 * class path:
 * {@code java -cp target/test-classes:target/classes:<deps> io.sluice.transport.internal.dtls.DtlsFuzzSeedRecorder src/test/resources/io/sluice/transport/internal/dtls}.
 */
final class DtlsFuzzSeedRecorder {
  private DtlsFuzzSeedRecorder() {}

  /**
   * Records the seeds: a real handshake between two of our sessions presenting one certificate
   * (valid for 100 years, so the seeds do not age), each datagram written as length + bytes, and
   * that certificate's fingerprint. Run with the test class path; argument: the folder that holds
   * {@code DtlsSessionFuzzTestInputs}.
   */
  public static void main(String[] args) throws Exception {
    Path base = Path.of(args[0]);
    Path dir = base.resolve("DtlsSessionFuzzTestInputs");
    DtlsCertificate serverCert = DtlsCertificate.generate(Duration.ofDays(36_500));
    DtlsCertificate clientCert = serverCert;
    Files.writeString(base.resolve("DtlsSessionFuzzTest-peer-fingerprint"), serverCert.sdpFingerprint() + "\n");
    DtlsContext serverContext = DtlsContext.builder(serverCert).build();
    DtlsContext clientContext = DtlsContext.builder(clientCert).build();
    ConcurrentLinkedQueue<byte[]> fromClient = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<byte[]> fromServer = new ConcurrentLinkedQueue<>();
    DtlsSession[] ends = new DtlsSession[2];
    ends[0] = serverContext.newSession(DtlsRole.SERVER, clientCert.fingerprint(), (d, o, l) -> {
      fromServer.add(Arrays.copyOfRange(d, o, o + l));
      ends[1].offer(d, o, l);
    });
    ends[1] = clientContext.newSession(DtlsRole.CLIENT, serverCert.fingerprint(), (d, o, l) -> {
      fromClient.add(Arrays.copyOfRange(d, o, o + l));
      ends[0].offer(d, o, l);
    });
    ends[0].start();
    ends[1].start();
    assertThat(ends[1].handshake().get(15, TimeUnit.SECONDS))
        .isInstanceOf(DtlsHandshakeResult.Success.class);
    assertThat(ends[0].handshake().get(15, TimeUnit.SECONDS))
        .isInstanceOf(DtlsHandshakeResult.Success.class);
    ends[0].close();
    ends[1].close();
    // Content type 22 (handshake) with message type 1 (ClientHello) or 2 (ServerHello) at byte 13
    // opens the first flight; everything after belongs to the later flights.
    List<byte[]> client = new ArrayList<>(fromClient);
    List<byte[]> server = new ArrayList<>(fromServer);
    int clientHello = countWhile(client, 1);
    write(dir.resolve("serverInput/client-hello"), client.subList(0, clientHello));
    write(dir.resolve("serverInput/client-flights"), client);
    int serverFlight = 0;
    while (serverFlight < server.size() && server.get(serverFlight)[0] == 22) {
      serverFlight++;
    }
    write(dir.resolve("clientInput/server-flight"), server.subList(0, serverFlight));
    write(dir.resolve("clientInput/server-flights"), server);
  }

  private static int countWhile(List<byte[]> datagrams, int handshakeType) {
    int n = 0;
    while (n < datagrams.size() && datagrams.get(n)[0] == 22 && datagrams.get(n)[13] == handshakeType) {
      n++;
    }
    return n;
  }

  private static void write(Path file, List<byte[]> datagrams) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] d : datagrams) {
      out.write(d.length >> 8);
      out.write(d.length);
      out.write(d);
    }
    Files.createDirectories(file.getParent());
    Files.write(file, out.toByteArray());
  }
}
