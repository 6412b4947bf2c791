package io.sluice.transport.internal.dtls;

/**
 * How a DTLS session ended: reported once per session, after the handshake result, so that the
 * owner can tear the media session down.
 *
 * @param message details for logs (alert name, exception message)
 */
public record DtlsClosure(Reason reason, String message) {

  /** Why the session ended. */
  public enum Reason {
    /** The peer sent close_notify (RFC 5246 §7.2.1); we answered with ours. */
    CLOSE_NOTIFY_RECEIVED,
    /** The peer sent a fatal alert after the handshake. */
    FATAL_ALERT_RECEIVED,
    /** We sent a fatal alert after the handshake (a record we could not accept). */
    FATAL_ALERT_SENT,
    /** {@link DtlsSession#close()} was called; a close_notify was sent if the handshake had completed. */
    LOCAL_CLOSE,
    /** The handshake failed or was refused; see its {@link DtlsHandshakeResult.Failure}. */
    HANDSHAKE_FAILED,
    /** An unexpected error on the session thread. */
    ERROR
  }
}
