package io.sluice.signaling.internal.sdp;

import io.sluice.signaling.sdp.SdpParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Character classes and small parsers from the RFC 8866 §9 grammar, shared by the line parser, the
 * typed attribute parsers and the value types' constructors, so that what the parser accepts and
 * what a constructor accepts can never drift apart.
 */
public final class SdpText {
  /** Longest excerpt of input quoted in an error message. */
  static final int MAX_QUOTE = 60;

  private SdpText() {}

  /**
   * Returns true for an RFC 8866 {@code token-char}: {@code %x21 / %x23-27 / %x2A-2B / %x2D-2E /
   * %x30-39 / %x41-5A / %x5E-7E}.
   */
  public static boolean isTokenChar(char c) {
    return c == 0x21
        || (c >= 0x23 && c <= 0x27)
        || c == 0x2A
        || c == 0x2B
        || c == 0x2D
        || c == 0x2E
        || (c >= 0x30 && c <= 0x39)
        || (c >= 0x41 && c <= 0x5A)
        || (c >= 0x5E && c <= 0x7E);
  }

  /** Returns true if {@code s} is a non-empty RFC 8866 {@code token}. */
  public static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isTokenChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns true if {@code s} may appear in an SDP line: RFC 8866 {@code byte-string} excludes NUL,
   * CR and LF.
   */
  /**
   * Throws a {@link SdpParseException} when an attribute value handed to a typed parser on its own
   * (not from a parsed SDP, whose lines are checked already) holds NUL, CR or LF.
   */
  public static void checkLineText(String name, String value) {
    if (!isLineText(value)) {
      throw malformed(name, value, "contains NUL, CR or LF", "SDP line text");
    }
  }

  public static boolean isLineText(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\0' || c == '\r' || c == '\n') {
        return false;
      }
    }
    return true;
  }

  /** Returns true if {@code s} is non-empty line text without spaces (one field of a line). */
  public static boolean isField(String s) {
    return !s.isEmpty() && s.indexOf(' ') < 0 && isLineText(s);
  }

  /** Checks {@link #isLineText} for a value-type constructor. */
  public static String requireLineText(String s, String what) {
    if (!isLineText(s)) {
      throw new IllegalArgumentException(what + " contains NUL, CR or LF: " + quote(s));
    }
    return s;
  }

  /** Checks {@link #isField} for a value-type constructor. */
  public static String requireField(String s, String what) {
    if (!isField(s)) {
      throw new IllegalArgumentException(
          what + " must be non-empty without spaces, NUL, CR or LF: " + quote(s));
    }
    return s;
  }

  /** Checks {@link #isToken} for a value-type constructor. */
  public static String requireToken(String s, String what) {
    if (!isToken(s)) {
      throw new IllegalArgumentException(what + " is not an RFC 8866 token: " + quote(s));
    }
    return s;
  }

  /**
   * Parses a decimal number of at most 18 digits, without sign or spaces. Returns -1 if {@code s}
   * is not such a number or is greater than {@code max}.
   */
  public static long parseDecimal(String s, long max) {
    int n = s.length();
    if (n == 0 || n > 18) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v <= max ? v : -1;
  }

  /** {@link #parseDecimal} for values that fit an {@code int}. */
  public static int parseInt(String s, int max) {
    return (int) parseDecimal(s, max);
  }

  /**
   * Splits {@code s} on runs of spaces, ignoring leading and trailing ones. Used inside attribute
   * values, where the raw text is kept anyway and a stray double space is harmless.
   */
  public static List<String> splitWords(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && s.charAt(i) == ' ') {
        i++;
      }
      int start = i;
      while (i < n && s.charAt(i) != ' ') {
        i++;
      }
      if (i > start) {
        out.add(s.substring(start, i));
      }
    }
    return out;
  }

  /**
   * Splits {@code s} on every single space, keeping empty fields, as the RFC 8866 grammar for
   * {@code o=}, {@code c=}, {@code t=} and {@code m=} lines does.
   */
  public static List<String> splitFields(String s) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ' ') {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }

  /**
   * Quotes input for an error message: at most {@value #MAX_QUOTE} characters, with control
   * characters and quotes escaped, so that a message can go into an HTTP response body.
   */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_QUOTE) + 8);
    sb.append('"');
    int end = Math.min(s.length(), MAX_QUOTE);
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        sb.append(String.format("\\x%02x", (int) c));
      } else if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else {
        sb.append(c);
      }
    }
    if (s.length() > MAX_QUOTE) {
      sb.append("...");
    }
    return sb.append('"').toString();
  }

  /** Returns {@code s} cut to {@value #MAX_QUOTE} characters with "..." if longer. */
  public static String clip(String s) {
    return s.length() <= MAX_QUOTE ? s : s.substring(0, MAX_QUOTE) + "...";
  }

  /**
   * Returns an exception for a malformed attribute value, with the message {@code a=<name> value
   * "<value>" <problem> (expected: <expected>)}.
   */
  public static SdpParseException malformed(
      String name, String value, String problem, String expected) {
    return new SdpParseException(
        "a=" + name + " value " + quote(value) + " " + problem + " (expected: " + expected + ")");
  }
}
