package io.sluice.transport.internal.plain;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.media.rtcp.RtcpCompoundIterator;
import io.sluice.media.rtcp.RtcpParseResult;
import io.sluice.media.rtp.RtpPacket;
import io.sluice.transport.internal.plain.PlainRtpEndpoint.Drop;
import io.sluice.transport.internal.plain.PlainRtpEndpoint.Listener;
import io.sluice.transport.internal.srtp.SrtpSession;
import io.sluice.transport.internal.udp.PacketClass;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * What {@link PlainRtpEndpoint} does with each datagram, without a socket: check the source,
 * validate RTP ({@link RtpPacket#tryWrap}, RFC 3550 §5.1) or an RTCP compound packet
 * ({@link RtcpCompoundIterator#tryWrap}, RFC 3550 §6.1), count, and hand a heap copy with SRTP tail
 * room to the listener. Everything else is counted as a {@link Drop} and released.
 *
 * <p>One instance holds the counters of an endpoint (both its ports); the validators are per
 * channel index, so each event loop uses its own and none is allocated per packet.
 */
final class PlainRtpIngest {
  private final @Nullable InetAddress allowedSource;
  private final Listener listener;
  private final ByteBufAllocator alloc;
  private final RtpPacket[] rtpViews;
  private final RtcpCompoundIterator[] rtcpViews;
  private final Map<Drop, LongAdder> drops = new EnumMap<>(Drop.class);
  private final LongAdder rtpPackets = new LongAdder();
  private final LongAdder rtcpPackets = new LongAdder();

  /**
   * @param channels how many channels (event loops) call {@link #onDatagram} at once; each passes
   *     its own index below that
   */
  PlainRtpIngest(@Nullable InetAddress allowedSource, Listener listener, ByteBufAllocator alloc,
      int channels) {
    this.allowedSource = allowedSource;
    this.listener = listener;
    this.alloc = alloc;
    this.rtpViews = new RtpPacket[Math.max(1, channels)];
    this.rtcpViews = new RtcpCompoundIterator[Math.max(1, channels)];
    for (int i = 0; i < rtpViews.length; i++) {
      rtpViews[i] = new RtpPacket();
      rtcpViews[i] = new RtcpCompoundIterator();
    }
    for (Drop d : Drop.values()) {
      drops.put(d, new LongAdder());
    }
  }

  /**
   * Validates one datagram and hands a copy of a valid one to the listener. Takes ownership of
   * {@code content} and releases it; never throws on any content.
   *
   * @param channel the index of the calling channel, 0 to {@code channels - 1}
   * @return the reason it was dropped, or null if the listener got it
   */
  @Nullable Drop onDatagram(int channel, PacketClass kind, ByteBuf content,
      InetSocketAddress sender) {
    try {
      Drop drop = check(channel, kind, content, sender);
      if (drop != null) {
        drops.get(drop).increment();
        return drop;
      }
      if (kind == PacketClass.RTP) {
        rtpPackets.increment();
        listener.onRtp(SrtpSession.heapCopy(content, alloc), sender);
      } else {
        rtcpPackets.increment();
        listener.onRtcp(SrtpSession.heapCopy(content, alloc), sender);
      }
      return null;
    } finally {
      content.release();
    }
  }

  private @Nullable Drop check(int channel, PacketClass kind, ByteBuf content,
      InetSocketAddress sender) {
    if (allowedSource != null && !allowedSource.equals(sender.getAddress())) {
      return Drop.WRONG_SOURCE;
    }
    int i = channel % rtpViews.length;
    boolean ok;
    if (kind == PacketClass.RTP) {
      RtpPacket view = rtpViews[i];
      ok = view.tryWrap(content) == RtpPacket.Result.OK;
      view.clear();
    } else if (kind == PacketClass.RTCP) {
      RtcpCompoundIterator view = rtcpViews[i];
      ok = view.tryWrap(content) == RtcpParseResult.OK;
      view.clear();
    } else {
      return Drop.NOT_RTP;
    }
    return ok ? null : Drop.MALFORMED;
  }

  /** Valid RTP packets delivered. */
  long rtpPackets() {
    return rtpPackets.sum();
  }

  /** Valid RTCP packets delivered. */
  long rtcpPackets() {
    return rtcpPackets.sum();
  }

  /** Datagrams dropped for {@code reason}. */
  long drops(Drop reason) {
    return drops.get(reason).sum();
  }
}
