package io.sluice.signaling.http;

/**
 * An ICE username fragment and password (RFC 8839 §5.4), as carried by {@code a=ice-ufrag} and
 * {@code a=ice-pwd} in an ICE restart PATCH (RFC 9725 §4.3.2) and its answer.
 *
 * <pre>
 * ice-ufrag-att = "ice-ufrag:" ufrag      ufrag    = 4*256ice-char
 * ice-pwd-att   = "ice-pwd:" password     password = 22*256ice-char
 * ice-char      = ALPHA / DIGIT / "+" / "/"
 * </pre>
 *
 * @param ufrag the username fragment, 4..256 ice-chars
 * @param pwd the password, 22..256 ice-chars
 */
public record IceCredentials(String ufrag, String pwd) {
  /**
   * Validates both against the RFC 8839 grammar.
   *
   * @throws IllegalArgumentException naming the field, what it has and what is expected
   */
  public IceCredentials {
    check(ufrag, 4, "ice-ufrag");
    check(pwd, 22, "ice-pwd");
  }

  private static void check(String s, int min, String what) {
    if (s.length() < min || s.length() > 256) {
      throw new IllegalArgumentException(what + " has " + s.length() + " characters (expected: "
          + min + "..256)");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '+' || c == '/';
      if (!ok) {
        throw new IllegalArgumentException(what + " has character 0x"
            + Integer.toHexString(c) + " (expected: A-Z a-z 0-9 + /)");
      }
    }
  }

  /** Returns the pair with the password hidden, for logs. */
  @Override
  public String toString() {
    return "IceCredentials[ufrag=" + ufrag + ", pwd=***]";
  }
}
