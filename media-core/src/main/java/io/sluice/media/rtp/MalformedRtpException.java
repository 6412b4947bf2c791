package io.sluice.media.rtp;

import io.sluice.media.MalformedPacketException;

/** An RTP packet (RFC 3550 §5.1) failed validation; the message says what was found and expected. */
public final class MalformedRtpException extends MalformedPacketException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message naming what was found and what was expected. */
  public MalformedRtpException(String message) {
    super(message);
  }
}
