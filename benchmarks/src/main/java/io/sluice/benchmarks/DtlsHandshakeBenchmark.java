package io.sluice.benchmarks;

import io.sluice.transport.dtls.DtlsCertificate;
import io.sluice.transport.internal.dtls.DtlsContext;
import io.sluice.transport.internal.dtls.DtlsHandshakeResult;
import io.sluice.transport.internal.dtls.DtlsRole;
import io.sluice.transport.internal.dtls.DtlsSession;
import io.sluice.transport.internal.srtp.SrtpKeys;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * RFC 5764 DTLS-SRTP: full DTLS 1.2 handshakes with ECDSA P-256 certificates (BouncyCastle's
 * {@code BcTlsCrypto}, as the node uses), from the first ClientHello to exported SRTP keys, then
 * close_notify. Each side has its own certificate and checks the other's fingerprint.
 *
 * <p><b>What one operation is.</b> One handshake <em>pair</em>: a server and a client
 * {@link DtlsSession}, both in this JVM, each on its own virtual thread, their flights passed
 * through in-memory queues (no network, no loss, no HelloVerifyRequest round trip since the node
 * disables it). The benchmark thread starts both, waits for both results, checks that the keys
 * match, closes both and waits until both have ended. So:
 *
 * <ul>
 *   <li><b>The score (handshakes/s per benchmark thread)</b> is 1 / the wall time of a handshake
 *       pair done back to back: a latency without network round trips. The two ends mostly take
 *       turns (each flight waits for the previous one), so one benchmark thread keeps about one
 *       core busy, whatever the machine has; {@code -t 2} runs two pairs at once.
 *   <li><b>The cost</b> comes from {@code -prof io.sluice.benchmarks.ProcessCpuProfiler}:
 *       {@code ·cpu.process.norm} is the CPU time of the whole JVM per pair (both ends, plus the
 *       JIT and GC). A node runs only one end per peer, and the ends do about the same work (each
 *       makes one ECDSA P-256 signature, verifies one, generates an ECDHE key pair and derives the
 *       shared secret), so a node's CPU per handshake is about half of {@code ·cpu.process.norm},
 *       and its capacity is about {@code 2e9 / ·cpu.process.norm} handshakes per second per
 *       fully used core. That is about twice the score only when the score ran at one busy core
 *       ({@code ·cpu.process.cores} near 1); on a loaded machine use the CPU figure.
 * </ul>
 *
 * <p>The contexts are shared ({@link Scope#Benchmark}), as one node's {@link DtlsContext} is, so
 * {@code -t N} measures N concurrent handshakes against one context.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class DtlsHandshakeBenchmark {
  /** Far beyond a handshake's milliseconds; only a broken handshake waits this long. */
  private static final long TIMEOUT_SECONDS = 10;

  private DtlsContext serverContext;
  private DtlsContext clientContext;

  @Setup(Level.Trial)
  public void setUp() {
    serverContext = DtlsContext.builder(DtlsCertificate.generate()).build();
    clientContext = DtlsContext.builder(DtlsCertificate.generate()).build();
  }

  /** One full DTLS-SRTP handshake between a server and a client in this JVM, then close. */
  @Benchmark
  public SrtpKeys handshake() throws InterruptedException, ExecutionException, TimeoutException {
    AtomicReference<DtlsSession> serverRef = new AtomicReference<>();
    AtomicReference<DtlsSession> clientRef = new AtomicReference<>();
    DtlsSession server = serverContext.newSession(DtlsRole.SERVER,
        clientContext.certificate().fingerprint(), (d, o, l) -> clientRef.get().offer(d, o, l));
    DtlsSession client = clientContext.newSession(DtlsRole.CLIENT,
        serverContext.certificate().fingerprint(), (d, o, l) -> serverRef.get().offer(d, o, l));
    // Both are findable before either starts, as in the node's session map.
    serverRef.set(server);
    clientRef.set(client);
    try {
      server.start();
      client.start();
      SrtpKeys serverKeys = keys(server.handshake().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      SrtpKeys clientKeys = keys(client.handshake().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      if (!serverKeys.equals(clientKeys.reversed())) {
        throw new IllegalStateException("DTLS-SRTP: the two ends exported different keys");
      }
      return serverKeys;
    } finally {
      client.close();
      server.close();
      // Wait until both session threads are done, so that no handshake overlaps the next one.
      client.closed().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      server.closed().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }

  private static SrtpKeys keys(DtlsHandshakeResult result) {
    if (result instanceof DtlsHandshakeResult.Success success) {
      return success.keys();
    }
    throw new IllegalStateException("DTLS handshake: " + result + " (expected: Success)");
  }
}
