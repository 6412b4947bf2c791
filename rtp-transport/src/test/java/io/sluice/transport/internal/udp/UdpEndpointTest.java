package io.sluice.transport.internal.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.epoll.Epoll;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UdpEndpointTest {

  private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  /** Echoes each datagram back with its class name prepended, through the receiving channel. */
  private static final class EchoSink implements DatagramSink {
    final BlockingQueue<PacketClass> kinds = new ArrayBlockingQueue<>(1000);
    final Set<Integer> channelsSeen = ConcurrentHashMap.newKeySet();

    @Override
    public void onDatagram(UdpChannel channel, PacketClass kind, ByteBuf content, InetSocketAddress sender) {
      kinds.add(kind);
      channelsSeen.add(channel.index());
      assertThat(channel.eventLoop().inEventLoop()).isTrue();
      ByteBuf reply = content.alloc().buffer().writeByte(kind.ordinal()).writeBytes(content);
      content.release();
      channel.write(reply, sender);
    }

    @Override
    public void onReadComplete(UdpChannel channel) {
      channel.flush();
    }
  }

  @ParameterizedTest(name = "epoll={0}")
  @ValueSource(booleans = {true, false})
  void classifiesAndRepliesOnOnePort(boolean epoll) throws Exception {
    EchoSink sink = new EchoSink();
    UdpEndpointConfig config = UdpEndpointConfig.defaults(LOOPBACK).withEventLoops(2);
    if (!epoll) {
      config = config.withNio();
    }
    try (UdpEndpoint endpoint = UdpEndpoint.bind(config, sink);
        DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      client.setSoTimeout(5000);
      assertThat(endpoint.isEpoll()).isEqualTo(epoll && Epoll.isAvailable());
      assertThat(endpoint.channels()).hasSize(endpoint.isEpoll() ? 2 : 1);
      assertThat(endpoint.localAddress().getPort()).isPositive();
      for (var c : endpoint.channels()) {
        assertThat(((InetSocketAddress) c.channel().localAddress()).getPort())
            .isEqualTo(endpoint.localAddress().getPort());
      }

      byte[][] packets = {
          datagram(0x00, 0x01, 20), // STUN
          datagram(0x16, 0xfe, 60), // DTLS
          datagram(0x80, 0x60, 100), // RTP
          datagram(0x81, 0xc9, 32), // RTCP
          datagram(0x40, 0x00, 20), // TURN channel: dropped
      };
      for (byte[] p : packets) {
        client.send(new DatagramPacket(p, p.length, endpoint.localAddress()));
      }
      PacketClass[] expected = {PacketClass.STUN, PacketClass.DTLS, PacketClass.RTP, PacketClass.RTCP};
      for (PacketClass k : expected) {
        byte[] in = new byte[2000];
        DatagramPacket reply = new DatagramPacket(in, in.length);
        client.receive(reply);
        assertThat(reply.getPort()).isEqualTo(endpoint.localAddress().getPort());
        PacketClass echoed = PacketClass.values()[in[0]];
        assertThat(expected).contains(echoed);
        assertThat(reply.getLength()).isEqualTo(1 + packets[echoed.ordinal()].length);
      }
      for (int i = 0; i < 50 && endpoint.received(PacketClass.UNKNOWN) == 0; i++) {
        Thread.sleep(10);
      }
      assertThat(endpoint.received(PacketClass.STUN)).isEqualTo(1);
      assertThat(endpoint.received(PacketClass.DTLS)).isEqualTo(1);
      assertThat(endpoint.received(PacketClass.RTP)).isEqualTo(1);
      assertThat(endpoint.received(PacketClass.RTCP)).isEqualTo(1);
      assertThat(endpoint.received(PacketClass.UNKNOWN)).isEqualTo(1);
      assertThat(sink.kinds.poll(1, TimeUnit.SECONDS)).isNotNull();
    }
  }

  @Test
  void spreadsPeersOverReusePortChannels() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Epoll.isAvailable(), "epoll is Linux-only");
    EchoSink sink = new EchoSink();
    UdpEndpointConfig config = UdpEndpointConfig.defaults(LOOPBACK).withEventLoops(2);
    try (UdpEndpoint endpoint = UdpEndpoint.bind(config, sink)) {
      byte[] rtp = datagram(0x80, 0x60, 200);
      // 32 peers (distinct source ports): the kernel's 4-tuple hash puts them on both sockets.
      for (int i = 0; i < 32; i++) {
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
          client.setSoTimeout(5000);
          client.send(new DatagramPacket(rtp, rtp.length, endpoint.localAddress()));
          byte[] in = new byte[2000];
          client.receive(new DatagramPacket(in, in.length));
        }
      }
      assertThat(sink.channelsSeen).containsExactlyInAnyOrder(0, 1);
      assertThat(endpoint.received(PacketClass.RTP)).isEqualTo(32);
    }
  }

  /**
   * A fan-out: one received datagram written 2,000 times (2.4 MB, past the 1 MiB high-water mark)
   * on the loop before the batch's flush. The channel flushes when it passes the mark instead of
   * dropping, so every copy is queued and arrives.
   */
  @Test
  void fanOutPastTheHighWaterMarkIsFlushedNotDropped() throws Exception {
    int copies = 2000;
    java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
    DatagramSink fanOut = new DatagramSink() {
      @Override
      public void onDatagram(UdpChannel channel, PacketClass kind, ByteBuf content, InetSocketAddress sender) {
        for (int i = 0; i < copies; i++) {
          if (!channel.write(content.retainedDuplicate(), sender)) {
            refused.incrementAndGet();
          }
        }
        content.release();
      }

      @Override
      public void onReadComplete(UdpChannel channel) {
        channel.flush();
      }
    };
    try (UdpEndpoint endpoint = UdpEndpoint.bind(UdpEndpointConfig.defaults(LOOPBACK).withEventLoops(1), fanOut);
        java.nio.channels.DatagramChannel client = java.nio.channels.DatagramChannel.open()) {
      client.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 8 << 20);
      client.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      // The kernel caps SO_RCVBUF (net.core.rmem_max): expect only what the buffer can hold.
      int holds = Math.min(copies, client.getOption(java.net.StandardSocketOptions.SO_RCVBUF) / 2 / 1200 / 2);
      byte[] rtp = datagram(0x80, 0x60, 1200);
      client.send(java.nio.ByteBuffer.wrap(rtp), endpoint.localAddress());
      client.configureBlocking(false);
      java.nio.ByteBuffer in = java.nio.ByteBuffer.allocate(2000);
      int received = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (received < holds && System.nanoTime() < deadline) {
        in.clear();
        if (client.receive(in) != null) {
          received++;
        } else {
          Thread.sleep(1);
        }
      }
      assertThat(refused.get()).isZero();
      assertThat(endpoint.sendDrops()).isZero();
      assertThat(received).isGreaterThanOrEqualTo(holds);
    }
  }

  /**
   * Writes on the event loop, flushed together: a frame of 1200-byte datagrams with a shorter last
   * one to peer A, interleaved with three 300-byte datagrams to peer B. With GSO they leave as two
   * GSO sends; either way each datagram arrives on its own, whole, in order per peer.
   */
  @ParameterizedTest(name = "gso={0}")
  @ValueSource(booleans = {true, false})
  void burstsToOnePeerArriveAsSeparateDatagrams(boolean gso) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Epoll.isAvailable(), "epoll is Linux-only");
    UdpEndpointConfig config = UdpEndpointConfig.defaults(LOOPBACK).withEventLoops(1);
    if (!gso) {
      config = config.withoutSegmentationOffload();
    }
    try (UdpEndpoint endpoint = UdpEndpoint.bind(config, new EchoSink());
        DatagramSocket a = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        DatagramSocket b = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      a.setSoTimeout(5000);
      b.setSoTimeout(5000);
      boolean offload = gso && io.netty.channel.epoll.EpollDatagramChannel.isSegmentedDatagramPacketSupported();
      assertThat(endpoint.isSegmentationOffload()).isEqualTo(offload);
      UdpChannel channel = endpoint.channels().get(0);
      java.util.List<byte[]> toA = new java.util.ArrayList<>();
      java.util.List<byte[]> toB = new java.util.ArrayList<>();
      for (int i = 0; i < 9; i++) {
        toA.add(datagram(0x80, i, 1200));
        if (i % 3 == 0) {
          toB.add(datagram(0x81, 100 + i, 300));
        }
      }
      toA.add(datagram(0x80, 9, 500));
      channel.eventLoop().submit(() -> {
        for (int i = 0, j = 0; i < toA.size(); i++) {
          channel.write(io.netty.buffer.Unpooled.wrappedBuffer(toA.get(i)), (InetSocketAddress) a.getLocalSocketAddress());
          if (j < toB.size() && i % 3 == 0) {
            channel.write(io.netty.buffer.Unpooled.wrappedBuffer(toB.get(j++)), (InetSocketAddress) b.getLocalSocketAddress());
          }
        }
        channel.flush();
      }).get(5, TimeUnit.SECONDS);

      assertReceivesExactly(a, toA);
      assertReceivesExactly(b, toB);
      assertThat(endpoint.segmentedSends()).isEqualTo(offload ? 2 : 0);
      assertThat(endpoint.segmentedDatagrams()).isEqualTo(offload ? toA.size() + toB.size() : 0);
      assertThat(endpoint.segmentedFailures()).isZero();
      assertThat(endpoint.sendDrops()).isZero();

      // A write from another thread bypasses the queue and still goes out.
      byte[] late = datagram(0x80, 42, 1200);
      channel.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(late), (InetSocketAddress) a.getLocalSocketAddress());
      assertReceivesExactly(a, java.util.List.of(late));
      // writeAndFlush on the event loop sends at once, without waiting for a read batch to end.
      byte[] now = datagram(0x80, 43, 100);
      channel.eventLoop().submit(() -> channel.writeAndFlush(
          io.netty.buffer.Unpooled.wrappedBuffer(now), (InetSocketAddress) a.getLocalSocketAddress()))
          .get(5, TimeUnit.SECONDS);
      assertReceivesExactly(a, java.util.List.of(now));
    }
  }

  private static void assertReceivesExactly(DatagramSocket socket, java.util.List<byte[]> expected)
      throws java.io.IOException {
    for (int i = 0; i < expected.size(); i++) {
      byte[] in = new byte[65536];
      DatagramPacket p = new DatagramPacket(in, in.length);
      socket.receive(p);
      assertThat(java.util.Arrays.copyOf(in, p.getLength())).as("datagram %d", i).isEqualTo(expected.get(i));
    }
  }

  @Test
  void closeFreesThePort() throws Exception {
    UdpEndpoint endpoint = UdpEndpoint.bind(UdpEndpointConfig.defaults(LOOPBACK).withEventLoops(1), new EchoSink());
    InetSocketAddress address = endpoint.localAddress();
    endpoint.close();
    try (DatagramSocket again = new DatagramSocket(address)) {
      assertThat(again.getLocalPort()).isEqualTo(address.getPort());
    }
  }

  private static byte[] datagram(int b0, int b1, int length) {
    byte[] p = new byte[length];
    p[0] = (byte) b0;
    p[1] = (byte) b1;
    return p;
  }
}
