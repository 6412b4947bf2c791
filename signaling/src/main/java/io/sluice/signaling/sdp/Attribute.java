package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.SdpText;
import org.jspecify.annotations.Nullable;

/**
 * An SDP attribute line, {@code a=<name>} or {@code a=<name>:<value>} (RFC 8866 §5.13).
 *
 * <p>This is the raw form the parser keeps for every attribute, known or not, so that a parsed
 * description writes back the same lines. Typed views such as {@link RtpMap} or {@link Candidate}
 * are parsed from {@link #value()} on demand. A property attribute ({@code a=rtcp-mux}) has a
 * {@code null} value; {@code a=foo:} has the empty value {@code ""}; everything after the first
 * colon, spaces included, is the value.
 *
 * @param name the attribute name, an RFC 8866 token
 * @param value the text after the first colon, or {@code null} for a property attribute
 */
public record Attribute(String name, @Nullable String value) {

  /** Validates the name (a token) and the value (no NUL, CR or LF). */
  public Attribute {
    SdpText.requireToken(name, "attribute name");
    if (value != null) {
      SdpText.requireLineText(value, "attribute value");
    }
  }

  /** Returns the property attribute {@code a=<name>}. */
  public static Attribute of(String name) {
    return new Attribute(name, null);
  }

  /** Returns the value attribute {@code a=<name>:<value>}. */
  public static Attribute of(String name, String value) {
    return new Attribute(name, value);
  }

  /** Returns the line without its {@code a=} prefix, for example {@code mid:0}. */
  public String toSdp() {
    return value == null ? name : name + ":" + value;
  }

  /** Returns the SDP line, for example {@code a=mid:0}, without line ending. */
  @Override
  public String toString() {
    return "a=" + toSdp();
  }
}
