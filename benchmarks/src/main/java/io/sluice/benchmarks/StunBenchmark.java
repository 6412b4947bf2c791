package io.sluice.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.sluice.transport.internal.ice.IceCheckOutcome;
import io.sluice.transport.internal.ice.IceLiteAgent;
import io.sluice.transport.internal.ice.IceSession;
import io.sluice.transport.internal.ice.IceSessionListener;
import io.sluice.transport.internal.ice.IceSessionTable;
import io.sluice.transport.stun.Fingerprint;
import io.sluice.transport.stun.MessageIntegrity;
import io.sluice.transport.stun.StunMessage;
import io.sluice.transport.stun.StunMessageType;
import io.sluice.transport.stun.StunMessageWriter;
import io.sluice.transport.stun.StunParseResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * RFC 8445 §7.3 ICE-lite connectivity checks: what the node does for every Binding request a
 * browser sends (several per candidate pair while connecting, then one every few seconds per peer
 * for consent freshness, RFC 7675). The request is a valid check as Chrome sends it: USERNAME
 * "LFRAG:RFRAG", PRIORITY, ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY, FINGERPRINT
 * (96 bytes). The response goes into a reused pooled direct buffer (cleared per check), as the
 * transport writes it to the channel.
 *
 * <ul>
 *   <li>{@link #handle}: {@link IceLiteAgent#handle} from an address already mapped to its session
 *       (the steady state: every check after the first from that address): parse, FINGERPRINT,
 *       session lookup, MESSAGE-INTEGRITY (HMAC-SHA1), consent update, and the success response
 *       with XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY and FINGERPRINT written into a reused buffer.
 *   <li>{@link #parse}: {@link StunMessage#tryParse} of the same request alone.
 * </ul>
 *
 * <p>{@code buffer} is where the request sits: {@code direct}, a pooled direct buffer, as the
 * epoll transport delivers datagrams (the production case), or {@code heap}, as the transport's
 * {@code HotPathAllocationTest} measures {@code handle}. They differ in allocation: copying the
 * transaction ID from a direct request into the response ({@code StunMessageWriter.begin} with a
 * {@code ByteBuf} source) goes through Netty's {@code setBytes(int, ByteBuf, int, int)}, which
 * makes NIO views of a direct source ({@code nioBuffers}: a duplicate and a slice, 64 to 128 B per
 * check once the JIT has removed what it can), while a heap source is copied directly.
 *
 * <p>{@code sessions} is how many sessions the checks rotate through, one remote address each.
 * With 1, every check uses the key of the previous one, so the agent's HMAC keeps its derived pads.
 * With more, as on a busy node whose peers' checks interleave on one event loop, each check
 * derives them again, which reads the key ({@code SecretKey.getEncoded()} copies it): expect a
 * small allocation per check there (the key copy), and ~0 B/op ({@code -prof gc}) with one
 * session and a heap request.
 *
 * <p>The clock is a field advanced per check rather than {@code System.nanoTime()}, so only the
 * agent is measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class StunBenchmark {

  @Param({"1", "64"})
  public int sessions;

  @Param({"direct", "heap"})
  public String buffer;

  private final StunMessage view = new StunMessage();
  private IceLiteAgent agent;
  private ByteBuf[] requests;
  private InetSocketAddress[] remotes;
  private ByteBuf response;
  private int next;
  private long now;

  @Setup(Level.Trial)
  public void setUp() throws UnknownHostException {
    Random random = new Random(7);
    IceSessionTable table = new IceSessionTable(IceSessionListener.NONE);
    agent = new IceLiteAgent(table);
    requests = new ByteBuf[sessions];
    remotes = new InetSocketAddress[sessions];
    response = PooledByteBufAllocator.DEFAULT.directBuffer(IceLiteAgent.MAX_RESPONSE_SIZE);
    now = 1_000_000_000L;
    for (int i = 0; i < sessions; i++) {
      String remoteUfrag = "rf" + (char) ('A' + i / 26 % 26) + (char) ('a' + i % 26);
      IceSession session = table.create(remoteUfrag, now);
      requests[i] = bindingRequest(session, remoteUfrag, random, buffer.equals("direct"));
      remotes[i] = new InetSocketAddress(
          InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) (10 + i)}), 50_000 + i);
      // The first check from an address maps it to the session (allocating the mapping, once);
      // the benchmark measures the checks after that.
      if (handleNext() != IceCheckOutcome.SUCCESS) {
        throw new IllegalStateException("the benchmark's check was not accepted");
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    for (ByteBuf request : requests) {
      request.release();
    }
    response.release();
  }

  /** A valid check from a known address through the ICE-lite agent, response included. */
  @Benchmark
  public IceCheckOutcome handle() {
    return handleNext();
  }

  /** The STUN parse alone: header, attribute walk and per-attribute validation. */
  @Benchmark
  public StunParseResult parse() {
    return view.tryParse(requests[0]);
  }

  private IceCheckOutcome handleNext() {
    int i = next;
    next = i + 1 == sessions ? 0 : i + 1;
    now += 1_000_000L;
    response.clear();
    IceCheckOutcome outcome = agent.handle(requests[i], remotes[i], now, response);
    if (outcome != IceCheckOutcome.SUCCESS) {
      throw new IllegalStateException("STUN check: " + outcome + " (expected: SUCCESS)");
    }
    return outcome;
  }

  /**
   * A connectivity check as a controlling full agent sends it (RFC 8445 §7.2.2), signed with the
   * session's local password, in a pooled direct or heap buffer the caller releases.
   */
  private static ByteBuf bindingRequest(IceSession session, String remoteUfrag, Random random,
      boolean direct) {
    byte[] transactionId = new byte[StunMessage.TRANSACTION_ID_SIZE];
    random.nextBytes(transactionId);
    ByteBuf out = direct
        ? PooledByteBufAllocator.DEFAULT.directBuffer(256)
        : PooledByteBufAllocator.DEFAULT.heapBuffer(256);
    new StunMessageWriter()
        .begin(out, StunMessageType.BINDING_REQUEST, transactionId)
        .username(session.localCredentials().ufrag() + ":" + remoteUfrag)
        .priority(0x6e00_1effL)
        .iceControlling(random.nextLong())
        .useCandidate()
        .messageIntegrity(new MessageIntegrity(), MessageIntegrity.shortTermKey(session.localCredentials().pwd()))
        .fingerprint(new Fingerprint())
        .end();
    return out;
  }
}
