package io.sluice.signaling.sdp;

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
}
