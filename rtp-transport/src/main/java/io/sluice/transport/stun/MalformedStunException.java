package io.sluice.transport.stun;

import io.sluice.media.MalformedPacketException;

/**
 * A STUN message (RFC 8489 §5, §14) failed validation. Thrown only by
 * {@link StunMessage#parse}; the hot path uses {@link StunMessage#tryParse}, which returns a
 * {@link StunParseResult} instead.
 */
public final class MalformedStunException extends MalformedPacketException {
  private static final long serialVersionUID = 1L;

  private final StunParseResult result;

  /** Creates an exception for {@code result} with a message naming what was found and expected. */
  public MalformedStunException(StunParseResult result, String message) {
    super(message);
    this.result = result;
  }

  /** The result code {@link StunMessage#tryParse} returns for the same input. */
  public StunParseResult result() {
    return result;
  }
}
