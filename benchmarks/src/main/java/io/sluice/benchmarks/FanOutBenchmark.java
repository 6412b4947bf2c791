package io.sluice.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import io.sluice.media.routing.MediaSink;
import io.sluice.media.routing.MediaSource;
import io.sluice.media.routing.RtpSequencer;
import io.sluice.media.routing.Stream;
import io.sluice.media.routing.StreamListener;
import io.sluice.media.routing.StreamRegistry;
import io.sluice.media.routing.Track;
import io.sluice.media.rtp.RtpPacket;
import io.sluice.media.stats.SenderStatistics;
import io.sluice.transport.internal.srtp.SrtpKeys;
import io.sluice.transport.internal.srtp.SrtpProfile;
import io.sluice.transport.internal.srtp.SrtpSession;
import io.sluice.transport.internal.srtp.SrtpStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * Fan-out: one ingest packet (1,200-byte VP8-like RTP) to K subscribers, K = 1, 10, 100, through
 * the node's media path as far as it goes without a socket. One operation is one ingest packet,
 * so the cost per subscriber-packet is the score / K (and B/op / K).
 *
 * <p>What one operation includes, in the order the node's stream thread runs it:
 * <ol>
 *   <li>{@link Stream#forward} of the real {@code media-core} stream (source check, counters, the
 *       GOP cache, which copies each video packet; a keyframe every {@value #KEYFRAME_EVERY}
 *       packets, about 2 s at 2.5 Mb/s, restarts it), to K sinks;
 *   <li>per sink, what {@code WebRtcViewer.onRtp} does with no loss: its {@link RtpSequencer}
 *       maps the packet, a fresh 12-byte header with the subscriber's payload type, sequence
 *       number, timestamp and SSRC is written into a pooled buffer with room for the payload and
 *       16 bytes of tag (direct for AES-CM, heap for GCM; the node's {@code PacketWriter.header},
 *       package-private in the node, repeated here line for line),
 *       {@link SenderStatistics#onPacketSent}, then
 *       {@link SrtpSession#protectRtp(ByteBuf, ByteBuf, int, int)} with the subscriber's own SRTP
 *       session encrypts the shared payload into that buffer;
 *   <li>the enqueue: a Netty {@link DatagramPacket} per copy into a queue, and at the end of the
 *       batch ({@link Stream#flush}) each is released, as the channel does once it has sent them.
 * </ol>
 *
 * <p>Left out: {@code WebRtcViewer} itself (it needs a {@code TransportSession}, which exists only
 * on a bound port), Netty's outbound buffer and its heap-to-direct copy of each GCM datagram, the
 * {@code sendmmsg} system call and the kernel's UDP send (see the capacity benchmark,
 * {@code benchmarks/capacity.sh}, for the whole node), the retransmit ring (active only under
 * loss) and the sender report once a second per viewer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class FanOutBenchmark {
  static final int PACKET_LENGTH = 1200;
  static final int KEYFRAME_EVERY = 520;
  /** RTP fixed header, and the SRTP tag room the node's packet writer leaves. */
  static final int HEADER = 12;
  static final int SRTP_TAIL = 16;

  @Param({"1", "10", "100"})
  public int subscribers;

  @Param({"AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80"})
  public SrtpProfile profile;

  private ScheduledExecutorService scheduler;
  private StreamRegistry registry;
  private Stream stream;
  private Track track;
  private MediaSource source;
  private ByteBuf ingest;
  private final RtpPacket view = new RtpPacket();
  private int seq;
  private long timestamp;
  private long packets;

  /** The per-viewer work of the node's WebRTC sink, over a queue instead of a socket. */
  static final class ViewerSink implements MediaSink {
    final RtpSequencer sequencer;
    final SenderStatistics sender;
    final SrtpSession srtp;
    final int payloadType = 96;
    final long ssrc;
    final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    final InetSocketAddress recipient;
    final ArrayDeque<DatagramPacket> queued = new ArrayDeque<>();
    long sent;

    ViewerSink(Random random, SrtpSession srtp, int port) {
      this.ssrc = random.nextLong(1, 0xFFFF_FFFFL);
      this.sequencer = new RtpSequencer(90000, true, random.nextInt(0x10000),
          random.nextLong(0x1_0000_0000L));
      this.sender = new SenderStatistics(ssrc, 90000);
      this.srtp = srtp;
      this.recipient = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    @Override
    public void onRtp(Track track, RtpPacket packet, boolean keyframe, long nowNanos) {
      RtpSequencer.Decision d = sequencer.map(packet.ssrc(), packet.sequenceNumber(),
          packet.timestamp(), keyframe, nowNanos);
      if (d != RtpSequencer.Decision.FORWARD) {
        return;
      }
      int outSeq = sequencer.outSequence();
      long outTs = sequencer.outTimestamp();
      int payload = packet.payloadLength();
      int capacity = HEADER + payload + SRTP_TAIL;
      ByteBuf out = srtp.protectsIntoDirectBuffers() ? alloc.directBuffer(capacity) : alloc.heapBuffer(capacity);
      out.writeByte(0x80);
      out.writeByte((packet.marker() ? 0x80 : 0) | (payloadType & 0x7F));
      out.writeShort(outSeq);
      out.writeInt((int) outTs);
      out.writeInt((int) ssrc);
      sender.onPacketSent(outTs, payload, nowNanos);
      if (srtp.protectRtp(out, packet.buffer(), packet.payloadOffset(), payload) != SrtpStatus.OK) {
        out.release();
        throw new IllegalStateException("protect failed");
      }
      queued.add(new DatagramPacket(out, recipient));
      sent++;
    }

    @Override
    public void flush() {
      DatagramPacket p;
      while ((p = queued.poll()) != null) {
        p.release();
      }
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    SrtpSession.warmUp();
    scheduler = Executors.newSingleThreadScheduledExecutor();
    registry = new StreamRegistry(StreamRegistry.Config.DEFAULT, new StreamListener() {},
        scheduler);
    stream = registry.getOrCreate("bench");
    track = new Track(0, Track.Kind.VIDEO, "VP8", 90000, 1, 96, 0x1111_2222L, Track.NO_RTX,
        Track.UNKNOWN_SSRC, Map.of());
    source = new MediaSource() {
      @Override
      public void requestKeyframe(Track t) {}

      @Override
      public void detached(Stream s) {}

      @Override
      public String describe() {
        return "benchmark source";
      }
    };
    stream.publish(source, List.of(track), Runnable::run); // this thread is the stream thread
    Random random = new Random(42);
    for (int i = 0; i < subscribers; i++) {
      byte[] material = new byte[profile.keyingMaterialLength()];
      random.nextBytes(material);
      stream.subscribe(new ViewerSink(random,
          new SrtpSession(SrtpKeys.fromKeyingMaterial(profile, material, false)), 40000 + i));
    }
    ingest = PooledByteBufAllocator.DEFAULT.heapBuffer(PACKET_LENGTH);
    ingest.writeInt(0x8060_0000).writeInt(0).writeInt((int) track.ssrc());
    byte[] payload = new byte[PACKET_LENGTH - HEADER];
    random.nextBytes(payload);
    payload[0] = 0x10; // VP8 payload descriptor: start of partition
    ingest.writeBytes(payload);
    seq = random.nextInt(0x10000);
    timestamp = random.nextLong(0x1_0000_0000L);
  }

  @Benchmark
  public boolean forward() {
    boolean keyframe = packets++ % KEYFRAME_EVERY == 0;
    seq = (seq + 1) & 0xFFFF;
    if ((packets & 7) == 0) {
      timestamp = (timestamp + 3000) & 0xFFFF_FFFFL; // a new frame every 8 packets
    }
    ingest.setShort(2, seq);
    ingest.setInt(4, (int) timestamp);
    if (view.tryWrap(ingest) != RtpPacket.Result.OK) {
      throw new IllegalStateException("ingest packet");
    }
    boolean ok = stream.forward(source, track, view, keyframe, System.nanoTime());
    stream.flush();
    view.clear();
    return ok;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    long sent = 0;
    for (MediaSink s : stream.sinks()) {
      sent += ((ViewerSink) s).sent;
    }
    if (sent == 0) {
      throw new IllegalStateException("no packet reached a subscriber");
    }
    registry.close();
    scheduler.shutdownNow();
    ingest.release();
  }
}
