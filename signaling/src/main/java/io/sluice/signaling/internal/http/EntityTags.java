package io.sluice.signaling.internal.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Strong entity-tags for WHIP and WHEP session resources (RFC 9725 §4.3.1) and the
 * {@code If-Match} precondition (RFC 9110 §13.1.1).
 *
 * <pre>
 * If-Match    = "*" / #entity-tag
 * entity-tag  = [ weak ] opaque-tag
 * weak        = %s"W/"
 * opaque-tag  = DQUOTE *etagc DQUOTE
 * etagc       = %x21 / %x23-7E / obs-text
 * </pre>
 *
 * <p>{@code If-Match} uses the strong comparison: a weak tag never matches.
 */
public final class EntityTags {
  private EntityTags() {}

  /** Returns a new strong entity-tag, quoted: 128 random bits, base64url. */
  public static String newStrong() {
    return '"' + Ids.random128() + '"';
  }

  /**
   * A parsed {@code If-Match}: absent, {@code *}, or a list of entity-tags.
   *
   * @param present true if the header was sent
   * @param any true for {@code *}
   * @param tags the entity-tags, quoted, weak ones with their {@code W/} prefix
   */
  public record IfMatch(boolean present, boolean any, List<String> tags) {
    /** No {@code If-Match} header. */
    public static final IfMatch ABSENT = new IfMatch(false, false, List.of());

    /** Copies the tags. */
    public IfMatch {
      tags = List.copyOf(tags);
    }

    /** Returns true if {@code current} (a strong, quoted tag) satisfies the precondition. */
    public boolean matches(String current) {
      if (!present || any) {
        return true;
      }
      return tags.contains(current); // W/"x" never equals a strong "x": strong comparison
    }
  }

  /**
   * Parses the values of every {@code If-Match} header line.
   *
   * @throws IllegalArgumentException naming what was found and what was expected
   */
  public static IfMatch parseIfMatch(List<String> values) {
    if (values.isEmpty()) {
      return IfMatch.ABSENT;
    }
    List<String> tags = new ArrayList<>();
    boolean any = false;
    for (String value : values) {
      String v = value.strip();
      if (v.equals("*")) {
        any = true;
        continue;
      }
      int i = 0;
      int n = v.length();
      while (i < n) {
        int start = i;
        if (v.startsWith("W/", i)) {
          i += 2;
        }
        if (i >= n || v.charAt(i) != '"') {
          throw new IllegalArgumentException("If-Match " + quote(value)
              + " (expected: * or quoted entity-tags)");
        }
        int close = v.indexOf('"', i + 1);
        if (close < 0) {
          throw new IllegalArgumentException("If-Match " + quote(value)
              + " has an unterminated entity-tag");
        }
        for (int k = i + 1; k < close; k++) {
          char c = v.charAt(k);
          if (c < 0x21 || c == 0x7f) {
            throw new IllegalArgumentException("If-Match " + quote(value)
                + " has a space or control character in an entity-tag");
          }
        }
        tags.add(v.substring(start, close + 1));
        i = close + 1;
        while (i < n && (v.charAt(i) == ' ' || v.charAt(i) == '\t')) {
          i++;
        }
        if (i < n) {
          if (v.charAt(i) != ',') {
            throw new IllegalArgumentException("If-Match " + quote(value)
                + " (expected: entity-tags separated by commas)");
          }
          i++;
          while (i < n && (v.charAt(i) == ' ' || v.charAt(i) == '\t')) {
            i++;
          }
        }
      }
    }
    if (any && !tags.isEmpty()) {
      throw new IllegalArgumentException("If-Match mixes * with entity-tags");
    }
    return new IfMatch(true, any, tags);
  }

  private static String quote(String s) {
    return '\'' + SignalingText.oneLine(s, 80) + '\'';
  }
}
