package io.sluice.signaling.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * H.264 matching (RFC 6184 §8.1) and the level in the answer (RFC 6184 §8.2.2).
 *
 * <p>profile-level-id is three bytes in hex: profile_idc, profile-iop (constraint flags),
 * level_idc. 42e01f = Baseline (0x42) with constraint_set0..2 (0xe0: Constrained Baseline),
 * level 3.1 (0x1f = 31). 42001f = Baseline without constraints. 4d = Main, 64 = High, 640c =
 * Constrained High. Level 1b is level_idc 11 with constraint_set3 (0x10) in Baseline and Main.
 */
class H264NegotiationTest {

  @ParameterizedTest(name = "offer [{0}] vs local {1} pm={2}: {3}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # offered fmtp                                                      | local  | pm | answered profile-level-id, or NO MATCH
      level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f | 42e01f | 1  | 42e01f
      level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f | 42e01f | 1  | NO MATCH
      level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f | 42e01f | 1  | NO MATCH
      level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640c1f | 64001f | 1  | NO MATCH
      level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f | 4d001f | 1  | 4d001f
      level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f | 64001f | 1  | 64001f
      level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=f4001f | 64001f | 1  | NO MATCH
      # Level asymmetry on both sides: the answer states the local level.
      level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e034 | 42e01f | 1  | 42e01f
      level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e00a | 42e01f | 1  | 42e01f
      # Without it, the answer may not exceed the offer's level.
      packetization-mode=1;profile-level-id=42e034                           | 42e01f | 1  | 42e01f
      packetization-mode=1;profile-level-id=42e00a                           | 42e01f | 1  | 42e00a
      packetization-mode=1;profile-level-id=42e00b                           | 42e00a | 1  | 42e00a
      # Level 1b (0x0b with constraint_set3) sorts between 1 (0x0a) and 1.1 (0x0b).
      packetization-mode=1;profile-level-id=42f00b                           | 42f01f | 1  | 42f00b
      packetization-mode=1;profile-level-id=42f00b                           | 42f00a | 1  | 42f00a
      packetization-mode=1;profile-level-id=4d100b                           | 4d100c | 1  | 4d100b
      # Hex case does not matter; the answer is written in lower case.
      packetization-mode=1;profile-level-id=42E01F                           | 42e01f | 1  | 42e01f
      # Absent profile-level-id is Constrained Baseline 3.1 (as libwebrtc assumes) and stays absent.
      packetization-mode=1                                                   | 42e01f | 1  | -
      packetization-mode=1                                                   | 42001f | 1  | NO MATCH
      # Absent packetization-mode is 0.
      profile-level-id=42e01f                                                | 42e01f | 0  | 42e01f
      profile-level-id=42e01f                                                | 42e01f | 1  | NO MATCH
      packetization-mode=1;profile-level-id=zzzzzz                           | 42e01f | 1  | NO MATCH
      """)
  void matchesProfileAndPacketizationModeAndAnswersTheLevel(String fmtp, String local,
      int packetizationMode, String answered) {
    SdpAnswerer answerer = new SdpAnswerer(TestConfigs.node()
        .codecs(List.of(CodecCapability.h264(local, packetizationMode)))
        .build());
    SessionDescription offer =
        Offers.videoOffer("a=rtpmap:102 H264/90000", "a=fmtp:102 " + fmtp);

    if ("NO MATCH".equals(answered)) {
      assertThatThrownBy(() -> answerer.answerPublisher(offer))
          .isInstanceOfSatisfying(SdpNegotiationException.class, e -> assertThat(e.reason())
              .isEqualTo(SdpNegotiationException.Reason.NO_COMMON_CODEC));
      return;
    }
    Negotiation n = answerer.answerPublisher(offer);
    NegotiatedCodec codec = n.media("0").codec(102);
    assertThat(codec.parameter("profile-level-id")).isEqualTo(answered);
    assertThat(n.localDescription().media().get(0).fmtp(102).parameter("profile-level-id"))
        .isEqualTo(answered);
    // Everything but the level is the offer's, in the offer's order.
    List<String> keys = new ArrayList<>(codec.parameterMap().keySet());
    assertThat(keys).containsExactlyElementsOf(
        new Fmtp("102", fmtp).parameterMap().keySet());
  }

  @Test
  void withoutFmtpOnlyPacketizationModeZeroMatches() {
    SessionDescription offer = Offers.videoOffer("a=rtpmap:102 H264/90000");
    SdpAnswerer mode0 = new SdpAnswerer(TestConfigs.node()
        .codecs(List.of(CodecCapability.h264("42e01f", 0))).build());

    assertThat(mode0.answerPublisher(offer).media("0").codec(102).parameters()).isEmpty();
    assertThatThrownBy(() -> TestConfigs.answerer().answerPublisher(offer))
        .isInstanceOf(SdpNegotiationException.class);
  }

  @Test
  void chromesSeveralProfilesEachMatchTheirOwnCapability() {
    SdpAnswerer answerer = new SdpAnswerer(TestConfigs.node()
        .codecs(List.of(CodecCapability.opus(), CodecCapability.h264("64001f", 1),
            CodecCapability.h264("42e01f", 1), CodecCapability.h264("42001f", 0)))
        .build());
    NegotiatedMedia video =
        answerer.answerPublisher(Fixtures.sdp(Fixtures.CHROME_WHIP)).media("1");

    // Our order: High (112), Constrained Baseline mode 1 (106), Baseline mode 0 (104).
    assertThat(video.codecs()).extracting(NegotiatedCodec::payloadType)
        .containsExactly(112, 106, 104);
    assertThat(video.rtxPayloadTypes()).containsEntry(113, 112).containsEntry(107, 106)
        .containsEntry(105, 104);
  }

  @Test
  void badProfileLevelIdInTheConfigIsRefused() {
    assertThatThrownBy(() -> CodecCapability.h264("42e0", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
