/**
 * Sluice rtp-transport: the Netty UDP pipeline that serves ICE-lite, DTLS-SRTP and RTP/RTCP on
 * one port, and plain RTP ingest.
 *
 * <p>{@code io.sluice.transport.stun} is the public STUN codec (RFC 8489). ICE-lite request
 * handling ({@code internal.ice}) and the socket layer ({@code internal.udp}) are not exported.
 */
module io.sluice.transport {
  requires transitive io.sluice.media;
  requires transitive io.netty.buffer;
  requires io.netty.common;
  requires io.netty.transport;
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport.unix.common;
  requires static transitive org.jspecify;

  exports io.sluice.transport.stun;
}
