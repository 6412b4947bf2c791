package io.sluice.media.rtcp;

import io.sluice.media.MalformedPacketException;

/** An RTCP packet (RFC 3550 §6, RFC 4585, RFC 5104) failed validation. */
public final class MalformedRtcpException extends MalformedPacketException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message naming what was found and what was expected. */
  public MalformedRtcpException(String message) {
    super(message);
  }
}
