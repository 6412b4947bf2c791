package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.SdpText;
import org.jspecify.annotations.Nullable;

/**
 * A source-level attribute, {@code a=ssrc:<ssrc-id> <attribute>[:<value>]} (RFC 5576 §4.1), for
 * example {@code a=ssrc:3735928559 cname:4TOk42mSjXCkVIa6}.
 *
 * <p>Common source attributes: {@code cname} (RFC 5576 §6.1) and {@code msid} (RFC 8830, the
 * legacy form Chrome and ffmpeg still write).
 *
 * @param ssrc the synchronization source, 0..2<sup>32</sup>-1
 * @param attribute the source attribute name, for example {@code "cname"}
 * @param value the source attribute value, or null
 */
public record Ssrc(long ssrc, String attribute, @Nullable String value) {
  /** The attribute name, {@code "ssrc"}. */
  public static final String NAME = "ssrc";
  /** The {@code cname} source attribute. */
  public static final String CNAME = "cname";
  /** The {@code msid} source attribute. */
  public static final String MSID = "msid";

  private static final String EXPECTED = "\"<ssrc 0..4294967295> <attribute>[:<value>]\"";

  /** Validates each field. */
  public Ssrc {
    checkSsrc(ssrc);
    SdpText.requireToken(attribute, "source attribute");
    if (attribute.indexOf(':') >= 0) {
      throw new IllegalArgumentException("source attribute contains ':': " + attribute);
    }
    if (value != null) {
      SdpText.requireLineText(value, "source attribute value");
    }
  }

  /** Returns the attribute value, for example {@code "3735928559 cname:abc"}. */
  public String toValue() {
    return ssrc + " " + attribute + (value == null ? "" : ":" + value);
  }

  /** Returns {@code a=ssrc:<value>}. */
  public Attribute toAttribute() {
    return Attribute.of(NAME, toValue());
  }

  /** Parses an {@code a=ssrc} value, or returns null if it is malformed. */
  public static @Nullable Ssrc tryParse(String value) {
    try {
      return parse(value);
    } catch (SdpParseException e) {
      return null;
    }
  }

  /**
   * Parses an {@code a=ssrc} value.
   *
   * @throws SdpParseException naming the malformed part
   */
  public static Ssrc parse(String value) {
    SdpText.checkLineText(NAME, value);
    int sp = value.indexOf(' ');
    String id = sp < 0 ? value : value.substring(0, sp);
    long ssrc = parseSsrc(NAME, value, id);
    String rest = sp < 0 ? "" : value.substring(sp + 1).trim();
    int colon = rest.indexOf(':');
    String attribute = colon < 0 ? rest : rest.substring(0, colon);
    if (!SdpText.isToken(attribute)) {
      throw SdpText.malformed(NAME, value, "has source attribute " + SdpText.quote(attribute),
          EXPECTED);
    }
    return new Ssrc(ssrc, attribute, colon < 0 ? null : rest.substring(colon + 1));
  }

  static long parseSsrc(String name, String value, String text) {
    long ssrc = SdpText.parseDecimal(text, 0xFFFF_FFFFL);
    if (ssrc < 0) {
      throw SdpText.malformed(name, value, "has SSRC " + SdpText.quote(text),
          "a number 0..4294967295");
    }
    return ssrc;
  }

  static void checkSsrc(long ssrc) {
    if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("SSRC not in 0..2^32-1: " + ssrc);
    }
  }
}
