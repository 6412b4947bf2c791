package io.sluice.media.rtcp;

/**
 * RFC 3550 §6.4.1 / Appendix A.2: the outcome of a hot-path {@code tryWrap} over RTCP wire input.
 *
 * <p>The hot path never throws on bad input: it gets one of these codes, drops the packet and
 * counts the drop, for example in an array indexed by {@link #ordinal()}. The throwing
 * {@code parse} entry points run the same checks and throw a {@link MalformedRtcpException} whose
 * message names what was found and what was expected.
 */
public enum RtcpParseResult {
  /** The input is valid and the view now reads it. */
  OK,
  /**
   * Fewer bytes than the fixed part of the packet, a report or chunk count, an SDES item or the
   * transport-cc status chunks and deltas need.
   */
  TRUNCATED,
  /** The version field is not 2 (RFC 3550 §6.4.1). */
  BAD_VERSION,
  /** The length field points past the end of the buffer. */
  BAD_LENGTH,
  /** The padding bit is set but the padding count is 0 or larger than the packet body. */
  BAD_PADDING,
  /** Packet type or feedback message type (FMT) is not the one this view reads. */
  WRONG_TYPE,
  /**
   * A feedback message carries no FCI entry where its RFC requires at least one (NACK, FIR), or a
   * transport-cc message reports a packet status count of zero.
   */
  EMPTY_FCI,
  /**
   * A field holds a value its specification forbids: a reserved transport-cc status symbol with a
   * receive delta, or a REMB bitrate that does not fit in 63 bits.
   */
  BAD_FIELD;

  /** Returns true for {@link #OK}. */
  public boolean isOk() {
    return this == OK;
  }
}
