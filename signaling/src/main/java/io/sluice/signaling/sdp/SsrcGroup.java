package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.SdpText;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code a=ssrc-group:<semantics> *(SP <ssrc-id>)} attribute (RFC 5576 §4.2), for example
 * {@code a=ssrc-group:FID 1111 2222}: source 2222 carries RTX (RFC 4588) for source 1111.
 *
 * @param semantics the semantics, for example {@link #FID} or {@link #SIM}
 * @param ssrcs the sources, in order; for FID the primary source first
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) {
  /** The attribute name, {@code "ssrc-group"}. */
  public static final String NAME = "ssrc-group";
  /** Flow identification (RFC 5576 §4.2, RFC 4588): primary and its retransmission source. */
  public static final String FID = "FID";
  /** Simulcast layers, lowest first (as Chrome writes it). */
  public static final String SIM = "SIM";
  /** FEC source and repair flows (RFC 5956). */
  public static final String FEC_FR = "FEC-FR";

  /** Validates the semantics (a token) and sources, and copies the list. */
  public SsrcGroup {
    SdpText.requireToken(semantics, "ssrc-group semantics");
    ssrcs = List.copyOf(ssrcs);
    if (ssrcs.isEmpty()) {
      throw new IllegalArgumentException("ssrc-group without sources");
    }
    for (long ssrc : ssrcs) {
      Ssrc.checkSsrc(ssrc);
    }
  }

  /** Returns the attribute value, for example {@code "FID 1111 2222"}. */
  public String toValue() {
    StringBuilder sb = new StringBuilder(semantics);
    for (long s : ssrcs) {
      sb.append(' ').append(s);
    }
    return sb.toString();
  }

  /** Returns {@code a=ssrc-group:<value>}. */
  public Attribute toAttribute() {
    return Attribute.of(NAME, toValue());
  }

  /** Parses an {@code a=ssrc-group} value, or returns null if it is malformed. */
  public static @Nullable SsrcGroup tryParse(String value) {
    try {
      return parse(value);
    } catch (SdpParseException e) {
      return null;
    }
  }

  /**
   * Parses an {@code a=ssrc-group} value.
   *
   * @throws SdpParseException naming the malformed part
   */
  public static SsrcGroup parse(String value) {
    List<String> w = SdpText.splitWords(value);
    if (w.size() < 2 || !SdpText.isToken(w.get(0))) {
      throw SdpText.malformed(NAME, value, "is malformed", "\"<semantics> <ssrc> ...\"");
    }
    List<Long> ssrcs = new ArrayList<>(w.size() - 1);
    for (int i = 1; i < w.size(); i++) {
      ssrcs.add(Ssrc.parseSsrc(NAME, value, w.get(i)));
    }
    return new SsrcGroup(w.get(0), ssrcs);
  }
}
