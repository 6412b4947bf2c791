package io.sluice.transport.internal.dtls;

import io.sluice.transport.dtls.DtlsFingerprint;
import io.sluice.transport.internal.srtp.SrtpKeys;
import java.time.Duration;

/** How a DTLS-SRTP handshake ended: with SRTP keys, or with the reason it did not. */
public sealed interface DtlsHandshakeResult {

  /** Time from the start of the handshake to its end (zero when refused). */
  Duration elapsed();

  /**
   * The handshake completed, the peer's certificate matched the expected fingerprint, and SRTP keys
   * were exported (RFC 5764 §4.2).
   *
   * @param keys the SRTP master keys and salts, local and remote picked by our role
   * @param peerFingerprint the SHA-256 fingerprint of the certificate the peer presented
   */
  record Success(SrtpKeys keys, DtlsFingerprint peerFingerprint, Duration elapsed) implements DtlsHandshakeResult {}

  /**
   * The handshake failed; no keys were produced.
   *
   * @param message what happened, for logs (alert names, limits, the exception's message)
   */
  record Failure(Reason reason, String message, Duration elapsed) implements DtlsHandshakeResult {}

  /** Why a handshake failed. */
  enum Reason {
    /** The node-wide limit on concurrent handshakes was reached; nothing was sent. */
    REFUSED,
    /** The handshake did not complete within the handshake timeout. */
    TIMEOUT,
    /**
     * The peer's certificate does not match the SDP fingerprint (we sent bad_certificate), or the
     * peer sent no certificate (handshake_failure).
     */
    FINGERPRINT_MISMATCH,
    /** The peer offered or selected no SRTP profile we support (RFC 5764 §4.1). */
    NO_COMMON_SRTP_PROFILE,
    /** The peer sent a fatal alert (for example bad_certificate when it rejected ours). */
    ALERT_RECEIVED,
    /**
     * We aborted on a protocol violation: with a fatal alert (bad message, no EMS, ...), or on a
     * message we could not parse at all (such as a certificate that is not valid DER).
     */
    PROTOCOL_ERROR,
    /** The session was closed locally before the handshake completed. */
    CLOSED,
    /** Anything else: an I/O error from the sink, a bug. Logged as a warning. */
    ERROR
  }
}
