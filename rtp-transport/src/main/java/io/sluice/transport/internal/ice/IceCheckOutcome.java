package io.sluice.transport.internal.ice;

/**
 * What {@link IceLiteAgent#handle} did with a datagram. The caller sends the response when
 * {@link #hasResponse()}, and counts every outcome in a metric (an enum constant, so the hot path
 * allocates nothing to report it).
 */
public enum IceCheckOutcome {
  /** A valid check: Binding success response written, consent refreshed, maybe nominated. */
  SUCCESS(true, 0),
  /** 400: USERNAME or MESSAGE-INTEGRITY missing (RFC 8489 §9.1.3), or both ICE roles claimed. */
  BAD_REQUEST(true, 400),
  /** 401: USERNAME is not "LFRAG:RFRAG" for a live session (RFC 8489 §9.1.3). */
  UNKNOWN_USERNAME(true, 401),
  /** 401: MESSAGE-INTEGRITY does not match the session's password (RFC 8489 §9.1.3). */
  BAD_MESSAGE_INTEGRITY(true, 401),
  /** 420: an authenticated request carries unknown comprehension-required attributes. */
  UNKNOWN_ATTRIBUTE(true, 420),
  /** 487: the peer claims the controlled role, which an ICE-lite agent always has. */
  ROLE_CONFLICT(true, 487),
  /** Not a valid STUN message (see {@code StunParseResult}); dropped silently. */
  DROPPED_MALFORMED(false, 0),
  /** FINGERPRINT present but wrong (RFC 8489 §6.3); dropped silently. */
  DROPPED_BAD_FINGERPRINT(false, 0),
  /** A valid STUN message but not a Binding request (indications, responses, other methods). */
  DROPPED_NOT_BINDING_REQUEST(false, 0);

  private final boolean hasResponse;
  private final int errorCode;

  IceCheckOutcome(boolean hasResponse, int errorCode) {
    this.hasResponse = hasResponse;
    this.errorCode = errorCode;
  }

  /** Whether a response was written to the caller's buffer and should be sent to the peer. */
  public boolean hasResponse() {
    return hasResponse;
  }

  /** The STUN error code of the error response written, or 0 for none. */
  public int errorCode() {
    return errorCode;
  }
}
