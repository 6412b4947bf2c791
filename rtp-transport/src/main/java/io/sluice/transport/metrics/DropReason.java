package io.sluice.transport.metrics;

/** Why the transport dropped a packet. */
public enum DropReason {
  /** The datagram failed validation (RTP, RTCP, STUN or DTLS framing). */
  MALFORMED,
  /** From an address that belongs to no session (no valid ICE check came from it). */
  UNKNOWN_SESSION,
  /** SRTP/SRTCP authentication failed. */
  AUTH_FAIL,
  /** SRTP/SRTCP replay protection rejected it. */
  REPLAY,
  /** The session exceeded its receive packet-rate limit. */
  RATE_LIMIT,
  /** The session was not connected yet (before DTLS finished), or already closed. */
  NOT_CONNECTED,
  /** Sending failed: SRTP protect error or the channel's outbound buffer was full. */
  SEND_FAILED
}
