/**
 * DTLS 1.2 (RFC 6347) handshakes for DTLS-SRTP (RFC 5763, RFC 5764) over BouncyCastle, as plain
 * classes with no Netty channel: a queue-backed datagram transport fed by the network thread, each
 * handshake on its own virtual thread, peer certificates checked against the SDP fingerprint, and
 * SRTP keys exported per RFC 5764 §4.2.
 */
@NullMarked
package io.sluice.transport.internal.dtls;

import org.jspecify.annotations.NullMarked;
