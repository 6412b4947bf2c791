package io.sluice.transport.internal.plain;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.sluice.transport.internal.udp.DatagramSink;
import io.sluice.transport.internal.udp.PacketClass;
import io.sluice.transport.internal.udp.UdpChannel;
import io.sluice.transport.internal.udp.UdpEndpoint;
import io.sluice.transport.internal.udp.UdpEndpointConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * Receives plain RTP and RTCP on a port the application chooses, for publishers that do not
 * speak WebRTC: {@code ffmpeg ... -f rtp rtp://host:port} or GStreamer's {@code udpsink}.
 *
 * <p>Like RTP senders without rtcp-mux, ffmpeg sends RTCP to the next port up; with
 * {@code rtcpPort} set, a second socket listens there. Every datagram is validated
 * ({@link PlainRtpIngest}: {@code RtpPacket.tryWrap}, {@code RtcpCompoundIterator.tryWrap}) before the listener sees it;
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
  private final PlainRtpIngest ingest;

  private PlainRtpEndpoint(UdpEndpointConfig config, @Nullable Integer rtcpPort,
      @Nullable InetAddress allowedSource, Listener listener) throws InterruptedException {
    // Validators per channel: the RTP port's channels take slots 0..n-1; the RTCP port's one
    // channel (index 0 of its own endpoint, on another event loop) takes slot n.
    int rtpChannels = config.eventLoops();
    this.ingest = new PlainRtpIngest(allowedSource, listener, PooledByteBufAllocator.DEFAULT,
        rtpChannels + 1);
    this.rtp = UdpEndpoint.bind(config, new Sink(0));
    UdpEndpoint second = null;
    if (rtcpPort != null) {
      try {
        second = UdpEndpoint.bind(new UdpEndpointConfig(
            new InetSocketAddress(rtp.localAddress().getAddress(), rtcpPort), 1,
            config.preferEpoll(), config.maxDatagramSize(), config.datagramsPerRead(),
            config.socketBufferBytes(), config.writeHighWaterMark(), config.segmentationOffload()),
            new Sink(rtpChannels));
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
    return ingest.rtpPackets();
  }

  /** Valid RTCP packets delivered. */
  public long rtcpPackets() {
    return ingest.rtcpPackets();
  }

  /** Datagrams dropped for {@code reason}. */
  public long drops(Drop reason) {
    return ingest.drops(reason);
  }

  @Override
  public void close() {
    rtp.close();
    if (rtcp != null) {
      rtcp.close();
    }
  }

  /** Thin adapter: the channel's index picks the validators, {@link PlainRtpIngest} does the rest. */
  private final class Sink implements DatagramSink {
    private final int firstIndex;

    Sink(int firstIndex) {
      this.firstIndex = firstIndex;
    }

    @Override
    public void onDatagram(UdpChannel channel, PacketClass kind, ByteBuf content,
        InetSocketAddress sender) {
      ingest.onDatagram(firstIndex + channel.index(), kind, content, sender);
    }
  }
}
