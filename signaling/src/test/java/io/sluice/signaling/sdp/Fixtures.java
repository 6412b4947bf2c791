package io.sluice.signaling.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the SDP fixtures stored next to the tests (see README.md in the resources). */
final class Fixtures {
  static final String CHROME_WHIP = "chrome-whip-offer.sdp";
  static final String CHROME_WHEP = "chrome-whep-offer.sdp";
  static final String CHROME_SIMULCAST = "chrome-whip-simulcast-offer.sdp";
  static final String OBS_WHIP = "obs-whip-offer.sdp";
  static final String GSTREAMER_WHIP = "gstreamer-whip-offer.sdp";
  static final String FFMPEG_WHIP = "ffmpeg-whip-offer.sdp";

  private Fixtures() {}

  static String text(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SessionDescription sdp(String name) {
    return SessionDescription.parse(text(name));
  }

  /** Returns {@code text} with every line ending turned into CRLF. */
  static String crlf(String text) {
    return text.replace("\r\n", "\n").replace("\n", "\r\n");
  }

  /**
   * Asserts what a captured description must do: it is stored with the client's CRLF line
   * endings, writes back byte for byte, parses the same with both entry points, and what it
   * writes parses to an equal value.
   */
  static void assertCapturedRoundTrip(String text) {
    assertThat(text).as("stored with the client's CRLF").contains("\r\n").doesNotContain("\r\r")
        .isEqualTo(crlf(text));
    SessionDescription sdp = SessionDescription.parse(text);

    assertThat(sdp.toSdp()).isEqualTo(text);
    assertThat(SessionDescription.tryParse(text)).isEqualTo(sdp);
    assertThat(SessionDescription.parse(sdp.toSdp())).isEqualTo(sdp);
  }
}
