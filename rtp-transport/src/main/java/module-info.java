/**
 * Sluice rtp-transport: the Netty UDP pipeline that serves ICE-lite, DTLS-SRTP and RTP/RTCP on
 * one port, and plain RTP ingest.
 */
module io.sluice.transport {
  requires transitive io.sluice.media;
  requires io.netty.transport;
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport.unix.common;
  requires static transitive org.jspecify;
}
