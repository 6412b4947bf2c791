package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.SdpText;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The media-level {@code a=msid:<stream id> [<track id>]} attribute (RFC 8830 §2), which ties an
 * m-line to a MediaStream, for example {@code a=msid:- 7c1c6b2e-...} or
 * {@code a=msid:obs-stream video}. The same pair appears as the {@code msid} source attribute in
 * {@code a=ssrc:<id> msid:<stream> <track>}.
 *
 * @param streamId the MediaStream id ({@code "-"} for none)
 * @param trackId the application data, by convention the track id, or null
 */
public record Msid(String streamId, @Nullable String trackId) {
  /** The attribute name, {@code "msid"}. */
  public static final String NAME = "msid";

  /** Validates that both ids are single words. */
  public Msid {
    SdpText.requireField(streamId, "msid stream id");
    if (trackId != null) {
      SdpText.requireField(trackId, "msid track id");
    }
  }

  /** Returns the attribute value, for example {@code "stream track"}. */
  public String toValue() {
    return trackId == null ? streamId : streamId + " " + trackId;
  }

  /** Returns {@code a=msid:<value>}. */
  public Attribute toAttribute() {
    return Attribute.of(NAME, toValue());
  }

  /** Parses an {@code a=msid} value, or returns null if it is malformed. */
  public static @Nullable Msid tryParse(String value) {
    try {
      return parse(value);
    } catch (SdpParseException e) {
      return null;
    }
  }

  /**
   * Parses an {@code a=msid} value.
   *
   * @throws SdpParseException if it is not one or two words
   */
  public static Msid parse(String value) {
    SdpText.checkLineText(NAME, value);
    List<String> w = SdpText.splitWords(value);
    if (w.isEmpty() || w.size() > 2) {
      throw SdpText.malformed(NAME, value, "has " + w.size() + " words",
          "\"<stream id> [<track id>]\"");
    }
    return new Msid(w.get(0), w.size() == 2 ? w.get(1) : null);
  }
}
