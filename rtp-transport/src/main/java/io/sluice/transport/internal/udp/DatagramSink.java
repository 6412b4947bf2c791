package io.sluice.transport.internal.udp;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * Receives classified datagrams from a {@link UdpEndpoint}, on the event loop of the channel that
 * received them. Implementations must not block.
 *
 * <p><b>Ownership.</b> {@link #onDatagram} takes ownership of {@code content}: the sink releases
 * it exactly once, or hands it on with its ownership.
 */
public interface DatagramSink {

  /**
   * Called for each datagram that is not {@link PacketClass#UNKNOWN}.
   *
   * @param channel the channel (and so the event loop) that received it; replies go out through it
   * @param kind the RFC 7983 class
   * @param content the datagram payload; the sink owns it
   * @param sender the remote address
   */
  void onDatagram(UdpChannel channel, PacketClass kind, ByteBuf content, InetSocketAddress sender);

  /**
   * Called when the channel has delivered the datagrams of one read batch (one recvmmsg), so a
   * sink that buffered writes can flush them together. Default: nothing.
   */
  default void onReadComplete(UdpChannel channel) {}
}
