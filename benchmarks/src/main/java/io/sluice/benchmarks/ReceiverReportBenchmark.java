package io.sluice.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.sluice.media.rtcp.ReportBlock;
import io.sluice.media.rtcp.RtcpHeader;
import io.sluice.media.stats.ReceiverStatistics;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Receiver statistics and RR generation: the per-packet statistics update (RFC 3550 A.1, A.8) and
 * writing an RR with report blocks for a publisher's audio and video SSRCs (A.3), as the node does
 * for every publisher leg about once a second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class ReceiverReportBenchmark {

  private ReceiverStatistics video;
  private ReceiverStatistics audio;
  private ByteBuf out;
  private int seq;
  private long ts;
  private long now;

  @Setup(Level.Trial)
  public void setUp() {
    video = new ReceiverStatistics(0x1111, 90000);
    audio = new ReceiverStatistics(0x2222, 48000);
    for (int i = 0; i < 1000; i++) {
      if (i % 10 != 7) { // 10% loss
        video.onPacket(i, i / 3 * 3000L, i * 3_800_000L);
      }
      audio.onPacket(i, i * 960L, i * 20_000_000L);
    }
    video.onSenderReport(0xE000_0000_0000_0000L, 1_000_000_000L);
    seq = 1000;
    ts = 1000 / 3 * 3000L;
    now = 4_000_000_000L;
    out = PooledByteBufAllocator.DEFAULT.directBuffer(1500);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    out.release();
  }

  /** One received packet through the statistics. */
  @Benchmark
  public boolean onPacket() {
    seq = (seq + 1) & 0xFFFF;
    ts += 1000;
    now += 3_800_000L;
    return video.onPacket(seq, ts, now);
  }

  /** An RR (RFC 3550 §6.4.2) with two report blocks, written without allocating. */
  @Benchmark
  public int receiverReport() {
    out.clear();
    int size = RtcpHeader.SIZE + 4 + 2 * ReportBlock.SIZE;
    RtcpHeader.write(out, false, 2, RtcpHeader.PT_RR, size);
    out.writeInt(0x3333);
    video.writeReportBlock(out, now);
    audio.writeReportBlock(out, now);
    return out.writerIndex();
  }
}
