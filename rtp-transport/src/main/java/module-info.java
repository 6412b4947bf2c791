/**
 * Sluice rtp-transport: the UDP side of a node (ICE-lite, DTLS-SRTP, SRTP, demultiplexing).
 *
 * <p>{@code io.sluice.transport.dtls} is the public API for the node's DTLS certificate and SDP
 * fingerprints. Everything under {@code io.sluice.transport.internal} is implementation and not
 * exported.
 *
 * <p>BouncyCastle 1.84 ships real module descriptors ({@code org.bouncycastle.*}). jitsi-srtp and
 * jitsi-utils do not: they are automatic modules whose names ({@code jitsi.srtp},
 * {@code jitsi.utils}) are derived from the jar file names, because neither jar declares an
 * {@code Automatic-Module-Name}. The names are valid, but a renamed jar (a shaded or repackaged
 * build) would change them; that is why they are only {@code requires}, never
 * {@code requires transitive}, and no jitsi type appears in an exported signature.
 */
module io.sluice.transport {
  requires transitive io.sluice.media;
  requires org.slf4j;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.util;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.tls;
  requires jitsi.srtp;
  requires jitsi.utils;

  exports io.sluice.transport.dtls;
}
