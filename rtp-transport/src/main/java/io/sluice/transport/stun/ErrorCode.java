package io.sluice.transport.stun;

import java.nio.charset.StandardCharsets;

/**
 * An ERROR-CODE value (RFC 8489 §14.8): a code in 300..699 and a UTF-8 reason phrase.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Reserved, should be 0         |Class|     Number    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Reason Phrase (variable)                                ..
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Immutable. The reason is encoded once, here, so writing a constant allocates nothing.
 */
public final class ErrorCode {
  /** 400 Bad Request (RFC 8489 §14.8): malformed, e.g. USERNAME or MESSAGE-INTEGRITY missing. */
  public static final ErrorCode BAD_REQUEST = new ErrorCode(400, "Bad Request");
  /**
   * 401 Unauthenticated (RFC 8489 §14.8; RFC 5389 called it Unauthorized): unknown USERNAME or
   * wrong MESSAGE-INTEGRITY.
   */
  public static final ErrorCode UNAUTHENTICATED = new ErrorCode(401, "Unauthenticated");
  /** 420 Unknown Attribute (RFC 8489 §14.8), sent with UNKNOWN-ATTRIBUTES. */
  public static final ErrorCode UNKNOWN_ATTRIBUTE = new ErrorCode(420, "Unknown Attribute");
  /** 487 Role Conflict (RFC 8445 §16.2). */
  public static final ErrorCode ROLE_CONFLICT = new ErrorCode(487, "Role Conflict");
  /** 500 Server Error (RFC 8489 §14.8). */
  public static final ErrorCode SERVER_ERROR = new ErrorCode(500, "Server Error");

  /** Longest reason phrase a sender may write: fewer than 128 characters, up to 509 bytes. */
  static final int MAX_REASON_BYTES = 509;

  private final int code;
  private final String reason;
  private final byte[] reasonBytes;

  private ErrorCode(int code, String reason) {
    this.code = code;
    this.reason = reason;
    this.reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Returns an error code with the given reason phrase.
   *
   * @throws IllegalArgumentException if {@code code} is outside 300..699 or the reason is 128
   *     characters or longer (or longer than 509 bytes in UTF-8)
   */
  public static ErrorCode of(int code, String reason) {
    if (code < 300 || code > 699) {
      throw new IllegalArgumentException("STUN error code " + code + " (expected: 300..699)");
    }
    ErrorCode e = new ErrorCode(code, reason);
    if (reason.codePointCount(0, reason.length()) >= 128
        || e.reasonBytes.length > MAX_REASON_BYTES) {
      throw new IllegalArgumentException("STUN error reason of " + reason.length()
          + " characters (expected: fewer than 128 characters, at most 509 bytes)");
    }
    return e;
  }

  /** The code, 300..699. */
  public int code() {
    return code;
  }

  /** The reason phrase. */
  public String reason() {
    return reason;
  }

  /** Length of the attribute value: 4 bytes of class and number, then the reason. */
  int valueLength() {
    return 4 + reasonBytes.length;
  }

  byte[] reasonBytes() {
    return reasonBytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ErrorCode e && e.code == code && e.reason.equals(reason);
  }

  @Override
  public int hashCode() {
    return code * 31 + reason.hashCode();
  }

  @Override
  public String toString() {
    return code + " " + reason;
  }
}
