package io.sluice.transport.internal.plain;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.sluice.media.rtcp.RtcpCompoundIterator;
import io.sluice.media.rtcp.RtcpParseResult;
import io.sluice.media.rtp.RtpPacket;
import io.sluice.transport.internal.srtp.SrtpSession;
import io.sluice.transport.internal.udp.DatagramSink;
import io.sluice.transport.internal.udp.PacketClass;
import io.sluice.transport.internal.udp.UdpChannel;
import io.sluice.transport.internal.udp.UdpEndpoint;
import io.sluice.transport.internal.udp.UdpEndpointConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Receives plain RTP and RTCP on a port the application chooses, for publishers that do not
 * speak WebRTC: {@code ffmpeg ... -f rtp rtp://host:port} or GStreamer's {@code udpsink}.
 *
 * <p>Like RTP senders without rtcp-mux, ffmpeg sends RTCP to the next port up; with
 * {@code rtcpPort} set, a second socket listens there. Every datagram is validated
 * ({@link RtpPacket#tryWrap}, {@link RtcpCompoundIterator#tryWrap}) before the listener sees it;
 * datagrams from a source other than the allowed one, STUN and DTLS, and malformed packets are
 * counted and dropped. Accepted packets are copied once into a pooled heap buffer with SRTP tail
 * room, the form the forwarding path uses (it protects per subscriber in place).
 */
public final class PlainRtpEndpoint implements AutoCloseable {

  /** Receives validated packets, on the event loop that read them. */
  public interface Listener {
    /** A valid RTP packet; takes ownership of {@code packet}. */
    void onRtp(ByteBuf packet, InetSocketAddress sender);

    /** A valid RTCP compound packet; takes ownership of {@code packet}. */
    default void onRtcp(ByteBuf packet, InetSocketAddress sender) {
      packet.release();
    }
  }

  /** Why a datagram was dropped. */
  public enum Drop {
    /** Not from the allowed source address. */
    WRONG_SOURCE,
    /** STUN, DTLS or an unknown first byte on a plain port. */
    NOT_RTP,
    /** RTP or RTCP that failed validation. */
    MALFORMED
  }

  private final UdpEndpoint rtp;
  private final @Nullable UdpEndpoint rtcp;
  private final Map<Drop, LongAdder> drops = new EnumMap<>(Drop.class);
  private final LongAdder rtpPackets = new LongAdder();
  private final LongAdder rtcpPackets = new LongAdder();

  private PlainRtpEndpoint(UdpEndpointConfig config, @Nullable Integer rtcpPort,
      @Nullable InetAddress allowedSource, Listener listener) throws InterruptedException {
    for (Drop d : Drop.values()) {
      drops.put(d, new LongAdder());
    }
    this.rtp = UdpEndpoint.bind(config, new Sink(allowedSource, listener, config.eventLoops()));
    UdpEndpoint second = null;
    if (rtcpPort != null) {
      try {
        second = UdpEndpoint.bind(new UdpEndpointConfig(
            new InetSocketAddress(rtp.localAddress().getAddress(), rtcpPort), 1,
            config.preferEpoll(), config.maxDatagramSize(), config.datagramsPerRead(),
            config.socketBufferBytes(), config.writeHighWaterMark()),
            new Sink(allowedSource, listener, 1));
      } catch (RuntimeException | InterruptedException e) {
        rtp.close();
        throw e;
      }
    }
    this.rtcp = second;
  }

  /**
   * Binds the ingest port(s).
   *
   * @param config the RTP port and loops
   * @param rtcpPort a separate RTCP port (usually RTP port + 1), or null when the sender muxes
   *     RTCP onto the RTP port
   * @param allowedSource accept only datagrams from this address, or null to accept any source
   */
  public static PlainRtpEndpoint bind(UdpEndpointConfig config, @Nullable Integer rtcpPort,
      @Nullable InetAddress allowedSource, Listener listener) throws InterruptedException {
    return new PlainRtpEndpoint(config, rtcpPort, allowedSource, listener);
  }

  /** The RTP address. */
  public InetSocketAddress localAddress() {
    return rtp.localAddress();
  }

  /** The separate RTCP address, or null with rtcp-mux. */
  public @Nullable InetSocketAddress rtcpAddress() {
    return rtcp == null ? null : rtcp.localAddress();
  }

  /** Valid RTP packets delivered. */
  public long rtpPackets() {
    return rtpPackets.sum();
  }

  /** Valid RTCP packets delivered. */
  public long rtcpPackets() {
    return rtcpPackets.sum();
  }

  /** Datagrams dropped for {@code reason}. */
  public long drops(Drop reason) {
    return drops.get(reason).sum();
  }

  @Override
  public void close() {
    rtp.close();
    if (rtcp != null) {
      rtcp.close();
    }
  }

  private final class Sink implements DatagramSink {
    private final @Nullable InetAddress allowedSource;
    private final Listener listener;
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    /**
     * One view per channel, so per event loop (each socket has its own sink): the validators are
     * reused, never shared between threads, and never allocated per packet.
     */
    private final RtpPacket[] rtpViews;
    private final RtcpCompoundIterator[] rtcpViews;

    Sink(@Nullable InetAddress allowedSource, Listener listener, int channels) {
      this.allowedSource = allowedSource;
      this.listener = listener;
      this.rtpViews = new RtpPacket[Math.max(1, channels)];
      this.rtcpViews = new RtcpCompoundIterator[Math.max(1, channels)];
      for (int i = 0; i < rtpViews.length; i++) {
        rtpViews[i] = new RtpPacket();
        rtcpViews[i] = new RtcpCompoundIterator();
      }
    }

    @Override
    public void onDatagram(UdpChannel channel, PacketClass kind, ByteBuf content,
        InetSocketAddress sender) {
      try {
        if (allowedSource != null && !allowedSource.equals(sender.getAddress())) {
          drops.get(Drop.WRONG_SOURCE).increment();
          return;
        }
        int i = channel.index() % rtpViews.length;
        if (kind == PacketClass.RTP) {
          RtpPacket view = rtpViews[i];
          boolean ok = view.tryWrap(content) == RtpPacket.Result.OK;
          view.clear();
          if (!ok) {
            drops.get(Drop.MALFORMED).increment();
            return;
          }
          rtpPackets.increment();
          listener.onRtp(SrtpSession.heapCopy(content, alloc), sender);
        } else if (kind == PacketClass.RTCP) {
          RtcpCompoundIterator view = rtcpViews[i];
          boolean ok = view.tryWrap(content) == RtcpParseResult.OK;
          view.clear();
          if (!ok) {
            drops.get(Drop.MALFORMED).increment();
            return;
          }
          rtcpPackets.increment();
          listener.onRtcp(SrtpSession.heapCopy(content, alloc), sender);
        } else {
          drops.get(Drop.NOT_RTP).increment();
        }
      } finally {
        content.release();
      }
    }
  }
}
