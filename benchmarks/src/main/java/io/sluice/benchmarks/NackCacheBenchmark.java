package io.sluice.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.sluice.nack.RetransmitCache;
import io.sluice.nack.Retransmitter;
import io.sluice.nack.SharedTrackRing;
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
 * The per-subscriber retransmit cache (issue 6): the send path ({@link Retransmitter#onSent},
 * once per packet per subscriber) with the cache off and on, the shared ring's insert (once per
 * packet per track), and the NACK path ({@link Retransmitter#onLost}) for a cached packet, a packet
 * served through the offset mapping, and a miss. Run with {@code -prof gc}: every path should show
 * ≈0 B/op. {@link #main} prints the memory per subscriber at 2.5 Mb/s video.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class NackCacheBenchmark {
  /** 2.5 Mb/s of ~1200-byte video packets. */
  static final int PACKETS_PER_SECOND = 260;
  private static final long INTERVAL = 1_000_000_000L / PACKETS_PER_SECOND;

  @Param({"false", "true"})
  public boolean cacheOn;

  private SharedTrackRing ring;
  private Retransmitter retransmitter;
  private ByteBuf packet;
  private long now;
  private int seq;
  private final Retransmitter.Sink sink = new Retransmitter.Sink() {
    @Override
    public void resend(ByteBuf source, int s, long timestamp, long ssrc) {
      served++;
    }

    @Override
    public void resendRtx(ByteBuf source, int originalSeq, long timestamp, long rtxSsrc,
        int rtxSeq, int rtxPayloadType) {
      served++;
    }
  };
  long served;

  @Setup(Level.Trial)
  public void setUp() {
    ring = new SharedTrackRing();
    retransmitter = new Retransmitter(ring, 1, Retransmitter.NO_RTX, 0, 0,
        Retransmitter.Config.DEFAULT, n -> { });
    packet = PooledByteBufAllocator.DEFAULT.heapBuffer(1200);
    packet.writeByte(0x80).writeByte(96).writeZero(1198);
    if (cacheOn) {
      retransmitter.onReceiverReport(26, 0, 0, 0, 0); // 10% lost: switches the cache on
    }
    for (int i = 0; i < 2 * PACKETS_PER_SECOND; i++) {
      sendOne();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    ring.close();
    packet.release();
  }

  private long sendOne() {
    now += INTERVAL;
    int s = seq++ & 0xFFFF;
    packet.setShort(2, s);
    long key = ring.put(s, packet, now);
    retransmitter.onSent((s + 1000) & 0xFFFF, s * 3000L, key, s * 3000L, now);
    return key;
  }

  /** Per packet per subscriber: the send path alone. */
  @Benchmark
  public void subscriberSend() {
    now += INTERVAL;
    int s = seq++ & 0xFFFF;
    retransmitter.onSent((s + 1000) & 0xFFFF, s * 3000L, s, s * 3000L, now);
  }

  /** Per packet per track: ring insert (retain, release of the overwritten one) plus one send. */
  @Benchmark
  public long ringInsertAndSend() {
    return sendOne();
  }

  /**
   * NACK path: a packet 100 back (cached when on, mapped when off). Includes one
   * {@link #ringInsertAndSend} so that every op finds a fresh, unsuppressed packet: subtract it.
   */
  @Benchmark
  public boolean nackServed() {
    now += 200_000_000L; // past the RTT, so the resend is not suppressed
    sendOne();
    return retransmitter.onLost((seq - 100 + 1000) & 0xFFFF, now, sink);
  }

  /** NACK path: a packet far outside the window. */
  @Benchmark
  public boolean nackMiss() {
    return retransmitter.onLost((seq - 20000) & 0xFFFF, now, sink);
  }

  /** Prints memory per subscriber and per track at 2.5 Mb/s video (no JMH run). */
  public static void main(String[] args) {
    SharedTrackRing ring = new SharedTrackRing();
    ByteBuf packet = PooledByteBufAllocator.DEFAULT.heapBuffer(1200);
    packet.writeByte(0x80).writeByte(96).writeZero(1198);
    long t = 0;
    for (int i = 0; i < 3 * PACKETS_PER_SECOND; i++) {
      packet.setShort(2, i);
      ring.put(i, packet, t += INTERVAL);
    }
    RetransmitCache off = new RetransmitCache();
    RetransmitCache on = new RetransmitCache();
    on.activate(ring.capacity());
    System.out.printf("2.5 Mb/s video, %d packets/s, 1 s window:%n", PACKETS_PER_SECOND);
    System.out.printf("  per track (shared ring): %d slots, %d B of arrays + %d B of packets"
        + " held (%d packets)%n", ring.capacity(), ring.memoryBytes(), ring.heldBytes(),
        ring.size());
    System.out.printf("  per subscriber, cache off: %d B%n", off.memoryBytes());
    System.out.printf("  per subscriber, cache on:  %d B (%d entries x %d B)%n",
        on.memoryBytes(), on.capacity(), RetransmitCache.BYTES_PER_ENTRY);
    System.out.printf("  1000 viewers, 20 of them lossy (cache on): %d KiB of caches (Jitsi-style 500 clones each:"
        + " %d MiB)%n", 20 * on.memoryBytes() / 1024, 1000L * 500 * 1200 / (1024 * 1024));
    ring.close();
    packet.release();
  }
}
