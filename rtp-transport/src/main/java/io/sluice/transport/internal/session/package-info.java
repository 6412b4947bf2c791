/**
 * WebRTC transport sessions on one UDP port: ICE-lite checks (RFC 8445 §2.5), then DTLS-SRTP
 * (RFC 5764) on a virtual thread, then SRTP/SRTCP per packet, tied to the session table that every
 * event loop reads.
 */
@NullMarked
package io.sluice.transport.internal.session;

import org.jspecify.annotations.NullMarked;
