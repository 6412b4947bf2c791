package io.sluice.signaling.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets for the SDP parser. Without {@code JAZZER_FUZZ} they run as regression tests over
 * the seeds in {@code SdpFuzzTestInputs/<method>/} (the client fixtures and a few edge cases);
 * with {@code JAZZER_FUZZ=1 -Dtest=SdpFuzzTest#parse} Jazzer mutates them.
 */
class SdpFuzzTest {

  /**
   * The null-returning entry point never throws; the throwing one throws only
   * {@link SdpParseException}; whatever parses writes back to text that parses to an equal value,
   * and every typed accessor works on it.
   */
  @FuzzTest(maxDuration = "30s")
  void parse(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    SessionDescription lenient = SessionDescription.tryParse(text);
    SessionDescription strict;
    try {
      strict = SessionDescription.parse(text);
    } catch (SdpParseException e) {
      assertThat(lenient).isNull();
      assertThat(e.getMessage()).isNotEmpty().doesNotContain("\r", "\n");
      return;
    }
    assertThat(lenient).isEqualTo(strict);
    String written = strict.toSdp();
    SessionDescription again = SessionDescription.parse(written);
    assertThat(again).isEqualTo(strict);
    assertThat(again.toSdp()).isEqualTo(written);
    touchAccessors(strict);
  }

  static void touchAccessors(SessionDescription sdp) {
    sdp.groups();
    sdp.bundleGroups();
    sdp.fingerprints();
    sdp.candidates();
    sdp.iceOptions();
    sdp.extMaps();
    sdp.setup();
    for (MediaDescription m : sdp.media()) {
      sdp.iceUfrag(m);
      sdp.icePwd(m);
      sdp.iceOptions(m);
      sdp.fingerprints(m);
      sdp.setup(m);
      sdp.direction(m);
      sdp.extMaps(m);
      m.kind();
      m.payloadTypes();
      m.candidates();
      m.msids();
      m.ssrcs();
      m.ssrcIds();
      m.ssrcGroups();
      m.rids();
      m.simulcast();
      m.rtpMaps();
      for (Fmtp f : m.fmtps()) {
        f.parameterMap();
      }
      m.rtcpFeedback();
      m.isRejected();
    }
  }
}
