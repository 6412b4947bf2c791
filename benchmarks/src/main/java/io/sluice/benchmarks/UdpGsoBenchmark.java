package io.sluice.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.sluice.transport.internal.udp.DatagramSink;
import io.sluice.transport.internal.udp.PacketClass;
import io.sluice.transport.internal.udp.UdpChannel;
import io.sluice.transport.internal.udp.UdpEndpoint;
import io.sluice.transport.internal.udp.UdpEndpointConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A burst of {@code burst} 1,200-byte datagrams to one peer, sent the way a session sends: heap
 * buffers written through {@link UdpChannel#write} on the channel's event loop, then one
 * {@link UdpChannel#flush}. {@code gso=true} lets the flush send them as one UDP GSO send
 * ({@code UDP_SEGMENT}); {@code gso=false} sends them with sendmmsg, one datagram each.
 *
 * <p>One operation is one datagram: each benchmark call hands {@link #DATAGRAMS_PER_CALL}
 * datagrams, as bursts of {@code burst} (each written, then flushed), to the event loop and waits,
 * so the cross-thread hand-off is shared by 256 datagrams. The peer is a socket on
 * loopback drained by a thread of this JVM, so {@code ·cpu.process.norm} (ProcessCpuProfiler)
 * includes receiving too, the same work in both modes. On loopback the kernel segments a GSO send
 * on the sending thread, so the difference is what one trip through the UDP/IP stack per burst
 * instead of per datagram saves; a NIC with UDP segmentation offload saves more.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class UdpGsoBenchmark {

  @Param({"true", "false"})
  public boolean gso;

  @Param({"1", "4", "8", "16"})
  public int burst;

  private UdpEndpoint endpoint;
  private UdpChannel channel;
  private DatagramChannel peer;
  private InetSocketAddress peerAddress;
  private Thread drain;
  private final LongAdder received = new LongAdder();
  private Callable<Void> sendBurst;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    UdpEndpointConfig config = UdpEndpointConfig.defaults(loopback).withEventLoops(1);
    if (!gso) {
      config = config.withoutSegmentationOffload();
    }
    endpoint = UdpEndpoint.bind(config, new DatagramSink() {
      @Override
      public void onDatagram(UdpChannel ch, PacketClass kind, ByteBuf content,
          InetSocketAddress sender) {
        content.release();
      }
    });
    if (gso && !endpoint.isSegmentationOffload()) {
      throw new IllegalStateException("UDP GSO is not supported here (epoll with UDP_SEGMENT)");
    }
    channel = endpoint.channels().get(0);
    peer = DatagramChannel.open();
    peer.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
    peer.bind(loopback);
    peerAddress = (InetSocketAddress) peer.getLocalAddress();
    drain = new Thread(() -> {
      ByteBuffer in = ByteBuffer.allocateDirect(65536);
      try {
        while (true) {
          in.clear();
          peer.receive(in);
          received.increment();
        }
      } catch (IOException closed) {
        // torn down
      }
    }, "udp-gso-peer");
    drain.setDaemon(true);
    drain.start();
    sendBurst = () -> {
      for (int b = 0; b < DATAGRAMS_PER_CALL / burst; b++) {
        for (int i = 0; i < burst; i++) {
          // A heap buffer, as SRTP protect leaves a packet.
          ByteBuf packet = PooledByteBufAllocator.DEFAULT.heapBuffer(1216);
          packet.writerIndex(1200);
          packet.setByte(0, 0x80);
          channel.write(packet, peerAddress);
        }
        channel.flush();
      }
      return null;
    };
  }

  /** Datagrams per benchmark call (a multiple of every {@code burst}). */
  static final int DATAGRAMS_PER_CALL = 256;

  @Benchmark
  @OperationsPerInvocation(DATAGRAMS_PER_CALL)
  public Void sendBurst() throws Exception {
    return channel.eventLoop().submit(sendBurst).get();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    endpoint.close();
    peer.close();
    drain.join(5000);
    if (endpoint.segmentedFailures() != 0) {
      throw new IllegalStateException(endpoint.segmentedFailures() + " GSO sends failed");
    }
    if (gso && burst > 1 && endpoint.segmentedSends() == 0) {
      throw new IllegalStateException("no GSO sends were made");
    }
  }
}
