package io.sluice.signaling.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sluice.signaling.sdp.SdpParseException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzz targets for the two parsers of untrusted HTTP input besides SDP: PATCH bodies (RFC 8840
 * fragments) and {@code If-Match}. Without {@code JAZZER_FUZZ} they replay the seeds in
 * {@code HttpInputFuzzTestInputs/<method>/}.
 */
class HttpInputFuzzTest {

  /** Parsing throws only {@link SdpParseException}, with a one-line message. */
  @FuzzTest(maxDuration = "5m")
  void fragment(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    TrickleIceSdpFragment f;
    try {
      f = TrickleIceSdpFragment.parse(text);
    } catch (SdpParseException e) {
      assertThat(e.getMessage()).isNotEmpty().doesNotContain("\r", "\n");
      return;
    }
    assertThat(f.candidates().size()).isLessThanOrEqualTo(256);
    if (f.hasCredentials()) {
      try {
        TrickleIceSdpFragment.restartAnswer(f.credentials());
      } catch (SdpParseException e) {
        assertThat(e.getMessage()).doesNotContain("\r", "\n");
      }
    }
  }

  /** Parsing throws only IllegalArgumentException; matching is the strong comparison. */
  @FuzzTest(maxDuration = "5m")
  void ifMatch(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    EntityTags.IfMatch m;
    try {
      m = EntityTags.parseIfMatch(List.of(text.split("\n", -1)));
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).doesNotContain("\r", "\n");
      return;
    }
    for (String tag : m.tags()) {
      // The current tag is always strong: a listed strong tag matches it; a weak W/"x" does not
      // make "x" match (strong comparison) unless "x" is listed too.
      String strong = tag.startsWith("W/") ? tag.substring(2) : tag;
      assertThat(m.matches(strong)).isEqualTo(m.tags().contains(strong));
    }
  }
}
