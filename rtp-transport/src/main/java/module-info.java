/**
 * Sluice rtp-transport: the Netty UDP pipeline that serves ICE-lite, DTLS-SRTP and RTP/RTCP on
 * one port, and plain RTP ingest.
 *
 * <p>Exported: {@code io.sluice.transport.stun}, the STUN codec (RFC 8489), and
 * {@code io.sluice.transport.dtls}, the node's DTLS certificate and SDP fingerprints. Everything
 * under {@code io.sluice.transport.internal} is implementation.
 *
 * <p>BouncyCastle 1.84 ships real module descriptors ({@code org.bouncycastle.*}). jitsi-srtp and
 * jitsi-utils do not: they are automatic modules whose names ({@code jitsi.srtp},
 * {@code jitsi.utils}) are derived from the jar file names, because neither jar declares an
 * {@code Automatic-Module-Name}. A renamed jar would change them; that is why they are only
 * {@code requires}, never {@code requires transitive}, and no jitsi type appears in an exported
 * signature.
 */
module io.sluice.transport {
  requires transitive io.sluice.media;
  requires transitive io.netty.buffer;
  requires io.netty.common;
  requires io.netty.transport;
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport.unix.common;
  requires static transitive org.jspecify;
  requires org.slf4j;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.util;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.tls;
  requires jitsi.srtp;
  requires jitsi.utils;

  exports io.sluice.transport.stun;
  exports io.sluice.transport.dtls;
  exports io.sluice.transport.metrics;
  exports io.sluice.transport.internal.session to io.sluice.node;
  exports io.sluice.transport.internal.dtls to io.sluice.node;
  exports io.sluice.transport.internal.ice to io.sluice.node;
  exports io.sluice.transport.internal.srtp to io.sluice.node;
  exports io.sluice.transport.internal.udp to io.sluice.node;
  exports io.sluice.transport.internal.plain to io.sluice.node;
}
