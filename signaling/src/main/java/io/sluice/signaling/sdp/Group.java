package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.SdpText;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The session-level {@code a=group:<semantics> *(SP <mid>)} attribute (RFC 5888 §5), for example
 * {@code a=group:BUNDLE 0 1} (RFC 8843 §7.1), which puts the m-lines with those {@code a=mid}
 * values on one transport.
 *
 * @param semantics the grouping semantics, for example {@code "BUNDLE"} or {@code "LS"}
 * @param mids the identification tags, in order; for BUNDLE the first is the offerer's
 *     BUNDLE-tag (RFC 8843 §7.2.1)
 */
public record Group(String semantics, List<String> mids) {
  /** The attribute name, {@code "group"}. */
  public static final String NAME = "group";
  /** BUNDLE semantics (RFC 8843). */
  public static final String BUNDLE = "BUNDLE";

  /** Validates the semantics and mids (tokens) and copies the list. */
  public Group {
    SdpText.requireToken(semantics, "group semantics");
    mids = List.copyOf(mids);
    for (String mid : mids) {
      SdpText.requireToken(mid, "mid");
    }
  }

  /** Returns {@code a=group:BUNDLE <mids>}. */
  public static Group bundle(List<String> mids) {
    return new Group(BUNDLE, mids);
  }

  /** Returns true for BUNDLE semantics. */
  public boolean isBundle() {
    return semantics.equals(BUNDLE);
  }

  /** Returns the attribute value, for example {@code "BUNDLE 0 1"}. */
  public String toValue() {
    return mids.isEmpty() ? semantics : semantics + " " + String.join(" ", mids);
  }

  /** Returns {@code a=group:<value>}. */
  public Attribute toAttribute() {
    return Attribute.of(NAME, toValue());
  }

  /** Parses an {@code a=group} value, or returns null if it is malformed. */
  public static @Nullable Group tryParse(String value) {
    try {
      return parse(value);
    } catch (SdpParseException e) {
      return null;
    }
  }

  /**
   * Parses an {@code a=group} value.
   *
   * @throws SdpParseException if the semantics or a mid is not a token
   */
  public static Group parse(String value) {
    List<String> w = SdpText.splitWords(value);
    if (w.isEmpty()) {
      throw SdpText.malformed(NAME, value, "is empty", "\"<semantics> <mid> ...\"");
    }
    for (String t : w) {
      if (!SdpText.isToken(t)) {
        throw SdpText.malformed(NAME, value, "has " + SdpText.quote(t), "tokens");
      }
    }
    return new Group(w.get(0), w.subList(1, w.size()));
  }
}
