package io.sluice.signaling.sdp;

/**
 * Offer/answer (RFC 3264, RFC 8829) failed: the node cannot serve the remote description. The
 * message says what the remote description lacks or has, and what the node needs, in words fit
 * for the body of an HTTP 4xx response to a WHIP or WHEP client, for example
 * {@code offer has no a=rtcp-mux on m-line 1 (mid 1): Sluice needs RTP and RTCP on one port (RFC
 * 5761, RFC 8858)}.
 */
public final class SdpNegotiationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why negotiation failed. */
  public enum Reason {
    /** No audio or video RTP m-line with a secure (SAVPF) profile. */
    NO_MEDIA,
    /** No m-line has a codec in common with the node. */
    NO_COMMON_CODEC,
    /** The m-lines are not in one BUNDLE group (RFC 8843), or one has no {@code a=mid}. */
    NOT_BUNDLED,
    /** An m-line lacks {@code a=rtcp-mux} (RFC 5761, RFC 8858). */
    NO_RTCP_MUX,
    /** No {@code a=ice-ufrag} or {@code a=ice-pwd} (RFC 8839 §5.4). */
    MISSING_ICE_CREDENTIALS,
    /** No {@code a=fingerprint} with a hash function the node verifies (RFC 8122). */
    MISSING_FINGERPRINT,
    /** The {@code a=setup} roles cannot be reconciled (RFC 4145, RFC 5763 §5). */
    SETUP_CONFLICT,
    /** Both sides are ICE-lite, so neither would send checks (RFC 8445 §2.5). */
    ICE_LITE_CONFLICT,
    /** No m-line has a direction the role allows (a WHIP offer must send, a WHEP one receive). */
    WRONG_DIRECTION,
    /** An answer does not fit its offer (RFC 3264 §6). */
    INVALID_ANSWER
  }

  /**
   * Longest message kept, in characters; a longer one is cut and ends with {@code "..."}. Messages
   * quote parts of the remote description, which may be up to 64 KiB.
   */
  public static final int MAX_MESSAGE_LENGTH = 4096;

  private final Reason reason;

  /** Creates an exception with a reason and a message for the remote party. */
  public SdpNegotiationException(Reason reason, String message) {
    super(message.length() > MAX_MESSAGE_LENGTH
        ? message.substring(0, MAX_MESSAGE_LENGTH - 3) + "..." : message);
    this.reason = reason;
  }

  /** Returns why negotiation failed. */
  public Reason reason() {
    return reason;
  }
}
