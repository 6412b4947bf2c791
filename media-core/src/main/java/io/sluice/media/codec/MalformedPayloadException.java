package io.sluice.media.codec;

import io.sluice.media.MalformedPacketException;

/**
 * An RTP payload failed the validation of its codec's payload format (VP8 RFC 7741, VP9 RFC 9628,
 * H264 RFC 6184, AV1 RTP payload format). Thrown only by the {@code parse} entry points; the hot
 * path uses {@code tryParse}, which returns {@code MALFORMED} instead.
 */
public final class MalformedPayloadException extends MalformedPacketException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message naming what was found and what was expected. */
  public MalformedPayloadException(String message) {
    super(message);
  }
}
