package io.sluice.signaling.sdp;

/**
 * SDP text (RFC 8866 §5, §9) or an attribute value failed validation.
 *
 * <p>The message names the 1-based line, what was found and what was expected, for example
 * {@code line 7: m= line "m=video 9" has 2 fields (expected: at least 4)}. It quotes at most a
 * short, escaped excerpt of the input, so it is fit for the body of an HTTP 400 response. When an
 * attribute value is parsed on its own (for example {@link RtpMap#parse}) there is no line, and
 * {@link #lineNumber()} is 0.
 */
public final class SdpParseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int lineNumber;
  private final String problem;

  /** Creates an exception for a problem that is not tied to a line. */
  public SdpParseException(String problem) {
    this(0, problem);
  }

  /** Creates an exception for a problem on the 1-based line {@code lineNumber} (0 if none). */
  public SdpParseException(int lineNumber, String problem) {
    super(lineNumber > 0 ? "line " + lineNumber + ": " + problem : problem);
    this.lineNumber = lineNumber;
    this.problem = problem;
  }

  /** Returns the 1-based line the problem is on, or 0 if it is not tied to a line. */
  public int lineNumber() {
    return lineNumber;
  }

  /** Returns the message without its {@code "line N: "} prefix. */
  public String problem() {
    return problem;
  }
}
