package io.sluice.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.sluice.media.rtcp.RtcpParseResult;
import io.sluice.media.rtcp.TransportLayerNack;
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
 * RFC 4585 generic NACK: encoding a list of lost sequence numbers into PID+BLP entries, and
 * decoding a received NACK back into lost sequence numbers, as the NACK generator and the
 * retransmit path do. {@code lost} sequence numbers are spread over a window of {@code 4 * lost}
 * packets across the 16-bit wrap (10% loss bursts look like this).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class NackBenchmark {

  @Param({"1", "8", "64"})
  public int lost;

  private int[] lostSeqs;
  private int[] scratch;
  private ByteBuf out;
  private ByteBuf packet;
  private final TransportLayerNack.View view = new TransportLayerNack.View();
  private final Counter counter = new Counter();

  /** Counts visited sequence numbers; a field, so no lambda is allocated per call. */
  static final class Counter implements TransportLayerNack.LostPacketVisitor {
    int sum;

    @Override
    public void onLost(int sequenceNumber) {
      sum += sequenceNumber;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    lostSeqs = new int[lost];
    scratch = new int[lost];
    for (int i = 0; i < lost; i++) {
      lostSeqs[i] = (65500 + i * 4 + (i % 3)) & 0xFFFF;
    }
    out = PooledByteBufAllocator.DEFAULT.directBuffer(1500);
    packet = PooledByteBufAllocator.DEFAULT.directBuffer(1500);
    TransportLayerNack.write(packet, 0x1234, 0x5678, lostSeqs.clone(), 0, lost);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    out.release();
    packet.release();
  }

  /** Lost sequence numbers to FCI (the writer sorts its input in place, so copy first). */
  @Benchmark
  public int encode() {
    System.arraycopy(lostSeqs, 0, scratch, 0, lost);
    out.clear();
    return TransportLayerNack.write(out, 0x1234, 0x5678, scratch, 0, lost);
  }

  /** FCI to lost sequence numbers, through the allocation-free view and visitor. */
  @Benchmark
  public int decode() {
    if (view.tryWrap(packet) != RtcpParseResult.OK) {
      throw new IllegalStateException();
    }
    counter.sum = 0;
    view.forEachLost(counter);
    return counter.sum;
  }
}
