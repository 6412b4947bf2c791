/**
 * The node's DTLS identity (RFC 5763 §5, RFC 8122): the self-signed certificate it presents in
 * DTLS-SRTP handshakes, and the SDP {@code a=fingerprint} values that bind a certificate to an
 * offer or answer.
 *
 * <p>The handshake itself (RFC 6347 DTLS 1.2 with the RFC 5764 {@code use_srtp} extension) lives in
 * {@code io.sluice.transport.internal.dtls}; applications only choose or replace the certificate
 * and exchange fingerprints through signaling.
 */
@NullMarked
package io.sluice.transport.dtls;

import org.jspecify.annotations.NullMarked;
