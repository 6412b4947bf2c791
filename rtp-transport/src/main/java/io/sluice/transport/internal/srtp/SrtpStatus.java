package io.sluice.transport.internal.srtp;

/** The outcome of one {@link SrtpSession} protect or unprotect call. */
public enum SrtpStatus {
  /** The packet was transformed in place. */
  OK,
  /** The authentication tag (HMAC-SHA1, RFC 3711 §4.2; or the GCM tag, RFC 7714) did not verify: drop the packet. */
  AUTH_FAIL,
  /** The packet index was already received or is older than the replay window (RFC 3711 §3.3.2). */
  REPLAY,
  /** The packet is too short or not RTP/RTCP version 2. */
  INVALID,
  /** The packet's SSRC would exceed the session's SSRC limit; no context was created. */
  SSRC_LIMIT,
  /**
   * A local problem, not the peer's: the buffer is not heap-backed or has no room for the trailer,
   * the session is closed, or the crypto provider failed.
   */
  ERROR
}
