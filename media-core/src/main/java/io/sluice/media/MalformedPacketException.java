package io.sluice.media;

/**
 * Thrown by the throwing {@code parse} entry points of Sluice's packet codecs when wire input is
 * malformed. The message names what was found and what was expected, for example
 * {@code "RTCP NACK: 6 bytes (expected: 12+ bytes)"}.
 *
 * <p>The hot UDP path never sees this exception: it uses the {@code tryParse}/{@code tryWrap}
 * entry points, which return {@code null} or a result code, and counts the drop instead. Each
 * protocol has its own subtype, so a caller can tell which layer rejected the input.
 */
public class MalformedPacketException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message says what was found and what was expected. */
  public MalformedPacketException(String message) {
    super(message);
  }
}
