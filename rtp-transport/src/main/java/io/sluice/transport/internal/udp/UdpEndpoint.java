package io.sluice.transport.internal.udp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.sluice.transport.internal.udp.UdpChannel.SendCounters;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One UDP port served by one channel per event loop.
 *
 * <p>With the native epoll transport, {@code eventLoops} channels bind the same port with
 * {@code SO_REUSEPORT}; the kernel hashes each remote 4-tuple onto one of them, so each peer's
 * packets stay on one loop, but which one is not ours to choose (session state is therefore kept in
 * maps every loop can read). Receive is batched with recvmmsg ({@code MAX_DATAGRAM_PAYLOAD_SIZE}
 * and a fixed receive buffer that holds {@code datagramsPerRead} datagrams); writes queued during
 * a read batch go out together with sendmmsg when the sink flushes, and runs of equal-size
 * datagrams to one peer go as one UDP GSO send where the kernel supports {@code UDP_SEGMENT}
 * ({@link SendQueue}). UDP_GRO stays off: with
 * recvmmsg Netty passes no control buffer, so coalesced datagrams would lose their boundaries.
 *
 * <p>With NIO (non-Linux, or when epoll is unavailable) one channel serves the port.
 *
 * <p>Each datagram is classified by {@link PacketClass} on its event loop and handed with its
 * ownership to the {@link DatagramSink}; unknown datagrams are counted and released there.
 */
public final class UdpEndpoint implements AutoCloseable {
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final List<UdpChannel> channels;
  private final boolean epoll;
  private final InetSocketAddress localAddress;
  private final Map<PacketClass, LongAdder> received;
  private final LongAdder sendDrops;
  private final LongAdder errors;
  private final SendCounters sendCounters;
  private final boolean segmentation;

  private UdpEndpoint(EventLoopGroup group, boolean ownsGroup, List<UdpChannel> channels,
      boolean epoll, InetSocketAddress localAddress, Map<PacketClass, LongAdder> received,
      LongAdder sendDrops, LongAdder errors, SendCounters sendCounters, boolean segmentation) {
    this.group = group;
    this.ownsGroup = ownsGroup;
    this.channels = List.copyOf(channels);
    this.epoll = epoll;
    this.localAddress = localAddress;
    this.received = received;
    this.sendDrops = sendDrops;
    this.errors = errors;
    this.sendCounters = sendCounters;
    this.segmentation = segmentation;
  }

  /**
   * Binds the endpoint and starts receiving into {@code sink}.
   *
   * @throws InterruptedException if interrupted while binding
   * @throws java.io.UncheckedIOException-like {@link RuntimeException} if the port cannot be bound
   */
  public static UdpEndpoint bind(UdpEndpointConfig config, DatagramSink sink)
      throws InterruptedException {
    boolean epoll = config.preferEpoll() && Epoll.isAvailable();
    EventLoopGroup group = newGroup(config.eventLoops(), epoll);
    return bind(config, sink, group, epoll, true, epoll ? config.eventLoops() : 1);
  }

  /**
   * Binds one channel on a group the caller owns (and closes): the way many small endpoints, such
   * as one per outgoing WebRTC session, share a few event loops. The group's transport must match
   * {@code epoll}; see {@link #newGroup}.
   */
  public static UdpEndpoint bindShared(UdpEndpointConfig config, DatagramSink sink,
      EventLoopGroup group, boolean epoll) throws InterruptedException {
    return bind(config, sink, group, epoll, false, 1);
  }

  /**
   * Creates an event loop group for endpoints: epoll when {@code epoll} and available, NIO
   * otherwise. Check {@link Epoll#isAvailable()} to pass the same flag to {@link #bindShared}.
   */
  public static EventLoopGroup newGroup(int loops, boolean epoll) {
    IoHandlerFactory factory = epoll && Epoll.isAvailable()
        ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(loops, new DefaultThreadFactory("sluice-udp", true), factory);
  }

  private static UdpEndpoint bind(UdpEndpointConfig config, DatagramSink sink,
      EventLoopGroup group, boolean epoll, boolean ownsGroup, int count)
      throws InterruptedException {
    Map<PacketClass, LongAdder> received = new EnumMap<>(PacketClass.class);
    for (PacketClass k : PacketClass.values()) {
      received.put(k, new LongAdder());
    }
    LongAdder sendDrops = new LongAdder();
    LongAdder errors = new LongAdder();
    SendCounters sendCounters = new SendCounters();
    // UDP_SEGMENT: Linux 4.18+, probed by Netty at load time.
    boolean segmentation = epoll && config.segmentationOffload()
        && EpollDatagramChannel.isSegmentedDatagramPacketSupported();
    List<UdpChannel> channels = new ArrayList<>();
    try {
      InetSocketAddress address = config.bindAddress();
      for (int i = 0; i < count; i++) {
        int index = i;
        Bootstrap b = new Bootstrap()
            .group(group)
            .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
            .option(ChannelOption.SO_RCVBUF, config.socketBufferBytes())
            .option(ChannelOption.SO_SNDBUF, config.socketBufferBytes())
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(config.writeHighWaterMark() / 2, config.writeHighWaterMark()))
            .handler(new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                UdpChannel udp = new UdpChannel(ch, index, sendDrops, segmentation, sendCounters);
                ch.pipeline().addLast(new DemuxHandler(udp, sink, received, errors));
              }
            });
        if (epoll) {
          b.option(EpollChannelOption.SO_REUSEPORT, true)
              .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, config.maxDatagramSize())
              .option(ChannelOption.RCVBUF_ALLOCATOR,
                  new FixedRecvByteBufAllocator(config.maxDatagramSize() * config.datagramsPerRead()));
        } else {
          b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(config.maxDatagramSize()));
        }
        Channel ch = b.bind(address).sync().channel();
        UdpChannel udp = ch.pipeline().get(DemuxHandler.class).channel;
        channels.add(udp);
        // Port 0: the first bind picks the port, the others join it.
        address = (InetSocketAddress) ch.localAddress();
      }
      return new UdpEndpoint(group, ownsGroup, channels, epoll, address, received, sendDrops,
          errors, sendCounters, segmentation);
    } catch (InterruptedException | RuntimeException e) {
      for (UdpChannel c : channels) {
        c.channel().close();
      }
      if (ownsGroup) {
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      }
      throw e;
    }
  }

  /** Returns the bound address (with the actual port when port 0 was requested). */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  /** The event loops serving the port (owned by the endpoint unless bound with bindShared). */
  public EventLoopGroup group() {
    return group;
  }

  /** Whether the endpoint uses the native epoll transport. */
  public boolean isEpoll() {
    return epoll;
  }

  /**
   * Returns true if flushes send runs of equal-size datagrams to one peer as UDP GSO sends: epoll,
   * a kernel with {@code UDP_SEGMENT}, and {@link UdpEndpointConfig#segmentationOffload()}. A
   * channel whose GSO send fails falls back to plain sendmmsg on its own.
   */
  public boolean isSegmentationOffload() {
    return segmentation;
  }

  /** Returns the number of UDP GSO sends (each several datagrams to one peer). */
  public long segmentedSends() {
    return sendCounters.gsoSends.sum();
  }

  /** Returns the number of datagrams that went out inside UDP GSO sends. */
  public long segmentedDatagrams() {
    return sendCounters.gsoSegments.sum();
  }

  /** Returns the number of GSO sends refused by the kernel (their datagrams are send drops). */
  public long segmentedFailures() {
    return sendCounters.gsoFailures.sum();
  }

  /** Returns the channels serving the port, one per event loop with epoll. */
  public List<UdpChannel> channels() {
    return channels;
  }

  /** Returns the number of datagrams received of class {@code kind} (UNKNOWN ones were dropped). */
  public long received(PacketClass kind) {
    return received.get(kind).sum();
  }

  /** Returns the number of datagrams dropped on send because a channel was not writable. */
  public long sendDrops() {
    return sendDrops.sum();
  }

  /** Returns the number of I/O errors reported by the channels (e.g. ICMP port unreachable). */
  public long errors() {
    return errors.sum();
  }

  /** Closes every channel and, if this endpoint created them, stops the event loops (up to 5 s). */
  @Override
  public void close() {
    for (UdpChannel c : channels) {
      if (c.eventLoop().inEventLoop()) {
        c.channel().close();
      } else {
        c.channel().close().awaitUninterruptibly(5, TimeUnit.SECONDS);
      }
    }
    if (ownsGroup) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }

  /** Thin handler: classify, count, hand on. */
  private static final class DemuxHandler extends ChannelInboundHandlerAdapter {
    final UdpChannel channel;
    private final DatagramSink sink;
    private final Map<PacketClass, LongAdder> received;
    private final LongAdder stun;
    private final LongAdder dtls;
    private final LongAdder rtp;
    private final LongAdder rtcp;
    private final LongAdder unknown;
    private final LongAdder errors;

    DemuxHandler(UdpChannel channel, DatagramSink sink, Map<PacketClass, LongAdder> received,
        LongAdder errors) {
      this.channel = channel;
      this.sink = sink;
      this.received = received;
      this.stun = received.get(PacketClass.STUN);
      this.dtls = received.get(PacketClass.DTLS);
      this.rtp = received.get(PacketClass.RTP);
      this.rtcp = received.get(PacketClass.RTCP);
      this.unknown = received.get(PacketClass.UNKNOWN);
      this.errors = errors;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof DatagramPacket packet)) {
        ReferenceCountUtil.release(msg);
        unknown.increment();
        return;
      }
      PacketClass kind = PacketClass.of(packet.content());
      switch (kind) {
        case STUN -> stun.increment();
        case DTLS -> dtls.increment();
        case RTP -> rtp.increment();
        case RTCP -> rtcp.increment();
        default -> {
          unknown.increment();
          packet.release();
          return;
        }
      }
      // Ownership of the content passes to the sink.
      sink.onDatagram(channel, kind, packet.content(), packet.sender());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      sink.onReadComplete(channel);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // UDP errors (ICMP port unreachable, a sink bug) must not close the shared port.
      errors.increment();
    }

    @Override
    public String toString() {
      return "DemuxHandler(" + channel + ", " + received.keySet() + ")";
    }
  }
}
