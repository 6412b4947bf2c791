package io.sluice.transport.internal.session;

/** Why a {@link TransportSession} ended. */
public enum CloseReason {
  /** The application closed it. */
  LOCAL,
  /** No valid ICE check for the consent timeout (RFC 7675). */
  CONSENT_EXPIRED,
  /** The DTLS handshake failed: timeout, refused, fingerprint mismatch, alert, no SRTP profile. */
  DTLS_HANDSHAKE_FAILED,
  /** The peer sent close_notify or a fatal alert after the handshake. */
  DTLS_CLOSED,
  /** The transport server is shutting down. */
  SERVER_CLOSED
}
