/**
 * The UDP socket layer: one port served by N Netty channels (epoll with {@code SO_REUSEPORT} and
 * batched receive, NIO as fallback), and the RFC 7983 demultiplexer that classifies each datagram
 * as STUN, DTLS, RTP or RTCP (RFC 5761 rtcp-mux).
 */
@NullMarked
package io.sluice.transport.internal.udp;

import org.jspecify.annotations.NullMarked;
