package io.sluice.transport.stun;

/**
 * Result of {@link StunMessage#tryParse}: {@link #OK}, or why the datagram is not a valid STUN
 * message (RFC 8489 §5, §6.3, §14). The hot path counts drops by this code; it is an enum, so
 * returning one allocates nothing.
 */
public enum StunParseResult {
  /** The message is valid and the view is ready. */
  OK,
  /** Fewer than the 20 bytes of a STUN header. */
  TOO_SHORT,
  /** The first two bits are not zero (RFC 8489 §5): not STUN (RFC 7983 demultiplexing). */
  NOT_STUN,
  /** The magic cookie is not {@code 0x2112A442} (RFC 8489 §5). */
  BAD_MAGIC_COOKIE,
  /** The message length is not a multiple of 4 (RFC 8489 §5). */
  BAD_LENGTH,
  /** The message length does not match the bytes after the header. */
  LENGTH_MISMATCH,
  /** An attribute, with its padding, runs past the end of the message (RFC 8489 §14). */
  ATTRIBUTE_OVERRUN,
  /** A known attribute has a length its definition does not allow. */
  BAD_ATTRIBUTE_LENGTH,
  /** A known attribute has a field value its definition does not allow. */
  BAD_ATTRIBUTE_VALUE,
  /** An attribute other than FINGERPRINT (or MESSAGE-INTEGRITY-SHA256) follows MESSAGE-INTEGRITY. */
  ATTRIBUTE_AFTER_MESSAGE_INTEGRITY,
  /** An attribute follows FINGERPRINT, which must be last (RFC 8489 §14.7). */
  ATTRIBUTE_AFTER_FINGERPRINT
}
