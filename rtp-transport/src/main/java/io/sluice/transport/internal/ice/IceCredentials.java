package io.sluice.transport.internal.ice;

import java.security.SecureRandom;

/**
 * ICE credentials (RFC 8445 §5.3; SDP syntax RFC 8839 §5.4): a username fragment and a password.
 *
 * <pre>
 * ice-ufrag-att = "ice-ufrag:" ufrag      ufrag    = 4*256ice-char
 * ice-pwd-att   = "ice-pwd:" password     password = 22*256ice-char
 * ice-char      = ALPHA / DIGIT / "+" / "/"
 * </pre>
 *
 * <p>RFC 8445 §5.3 asks for at least 24 bits of randomness in the ufrag and 128 in the password.
 * {@link #generate} draws each character uniformly from the 64 ice-chars (6 bits each): an
 * {@value #UFRAG_LENGTH}-character ufrag (48 bits, so that ufrags of one node rarely collide and
 * the table can insist they are unique) and a {@value #PWD_LENGTH}-character password (144 bits).
 *
 * <p>{@link #toString()} does not print the password.
 *
 * @param ufrag the username fragment, 4..256 ice-chars
 * @param pwd the password, 22..256 ice-chars
 */
public record IceCredentials(String ufrag, String pwd) {
  /** Length of a generated ufrag. */
  public static final int UFRAG_LENGTH = 8;
  /** Length of a generated password. */
  public static final int PWD_LENGTH = 24;
  /** Shortest ufrag RFC 8839 allows. */
  public static final int MIN_UFRAG_LENGTH = 4;
  /** Shortest password RFC 8839 allows. */
  public static final int MIN_PWD_LENGTH = 22;
  /** Longest ufrag or password RFC 8839 allows. */
  public static final int MAX_LENGTH = 256;

  private static final char[] ICE_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

  /**
   * Validates both fields.
   *
   * @throws IllegalArgumentException naming the field, what was found and what was expected
   */
  public IceCredentials {
    checkUfrag(ufrag);
    checkField("ice-pwd", pwd, MIN_PWD_LENGTH);
  }

  /** Generates fresh credentials. {@code random} is used as is: pass a {@link SecureRandom}. */
  public static IceCredentials generate(SecureRandom random) {
    return new IceCredentials(randomIceChars(random, UFRAG_LENGTH), randomIceChars(random, PWD_LENGTH));
  }

  /**
   * Checks that {@code ufrag} is a valid ICE ufrag (4..256 ice-chars), e.g. a remote one from SDP.
   *
   * @return {@code ufrag}
   * @throws IllegalArgumentException if it is not
   */
  public static String checkUfrag(String ufrag) {
    return checkField("ice-ufrag", ufrag, MIN_UFRAG_LENGTH);
  }

  /** Whether {@code c} is an ice-char: ALPHA / DIGIT / "+" / "/". */
  public static boolean isIceChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || c == '+' || c == '/';
  }

  @Override
  public String toString() {
    return "IceCredentials[ufrag=" + ufrag + ", pwd=(" + pwd.length() + " chars)]";
  }

  private static String checkField(String name, String value, int minLength) {
    if (value.length() < minLength || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(name + " of " + value.length() + " characters (expected: "
          + minLength + ".." + MAX_LENGTH + ")");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!isIceChar(c)) {
        throw new IllegalArgumentException(String.format(
            "%s: character U+%04X at index %d (expected: ice-char, ALPHA / DIGIT / \"+\" / \"/\")",
            name, (int) c, i));
      }
    }
    return value;
  }

  private static String randomIceChars(SecureRandom random, int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = ICE_CHARS[random.nextInt(ICE_CHARS.length)];
    }
    return new String(chars);
  }
}
