package io.sluice.signaling.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzz targets for the SDP parser and offer/answer. Without {@code JAZZER_FUZZ} they run as
 * regression tests over the seeds in {@code SdpFuzzTestInputs/<method>/} (the client fixtures and
 * a few edge cases); with {@code JAZZER_FUZZ=1 -Dtest=SdpFuzzTest#<method>} Jazzer mutates them.
 */
class SdpFuzzTest {
  private static final SdpAnswerer ANSWERER =
      new SdpAnswerer(TestConfigs.node().allowDtlsClientRole(true).build());
  private static final List<SendStream> STREAMS = List.of(
      SendStream.of(MediaKind.AUDIO, 1111, "sluice", new Msid("s", "a")),
      SendStream.of(MediaKind.VIDEO, 2222, "sluice", new Msid("s", "v")).withRtx(3333));
  private static final SdpConfig EDGE = SdpConfig.builder()
      .iceUfrag("edgeUfrag")
      .icePwd("edgePasswordEdgePassword")
      .fingerprint("0F".repeat(32))
      .addHostCandidate("192.0.2.1", 41000)
      .iceLite(false)
      .sessionId("7")
      .build();
  private static final SdpOfferer OFFERER = new SdpOfferer(EDGE);
  /** The fixed offer whose answers {@link #processAnswer} fuzzes ({@code sluice-recv-offer}). */
  private static final SessionDescription OFFER =
      OFFERER.createRecvOffer(List.of(MediaKind.AUDIO, MediaKind.VIDEO));

  /**
   * The null-returning entry point never throws; the throwing one throws only
   * {@link SdpParseException}; whatever parses writes back to text that parses to an equal value,
   * and every typed accessor works on it.
   */
  @FuzzTest(maxDuration = "5m")
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

  /**
   * Answering any parsable offer, as publisher or viewer, either fails with
   * {@link SdpNegotiationException} or gives an answer that parses back to itself and whose
   * negotiated payload types are all in its m-lines.
   */
  @FuzzTest(maxDuration = "5m")
  void answer(byte[] data) {
    SessionDescription offer = SessionDescription.tryParse(new String(data, StandardCharsets.UTF_8));
    if (offer == null) {
      return;
    }
    for (boolean viewer : new boolean[] {false, true}) {
      Negotiation n;
      try {
        n = viewer ? ANSWERER.answerViewer(offer, STREAMS) : ANSWERER.answerPublisher(offer);
      } catch (SdpNegotiationException e) {
        assertThat(e.getMessage()).isNotEmpty().doesNotContain("\r", "\n");
        continue;
      }
      checkNegotiation(n);
    }
  }

  /**
   * Processing any parsable answer to the node's own offer either fails with
   * {@link SdpNegotiationException} or agrees only on payload types the offer made.
   */
  @FuzzTest(maxDuration = "5m")
  void processAnswer(byte[] data) {
    SessionDescription answer =
        SessionDescription.tryParse(new String(data, StandardCharsets.UTF_8));
    if (answer == null) {
      return;
    }
    Negotiation n;
    try {
      n = OFFERER.processAnswer(OFFER, answer);
    } catch (SdpNegotiationException e) {
      assertThat(e.getMessage()).isNotEmpty().doesNotContain("\r", "\n");
      return;
    }
    for (NegotiatedMedia m : n.media()) {
      List<Integer> offered = OFFER.media().get(m.mLineIndex()).payloadTypes();
      for (NegotiatedCodec c : m.codecs()) {
        assertThat(offered).contains(c.payloadType());
      }
    }
  }

  private static void checkNegotiation(Negotiation n) {
    SessionDescription answer = n.localDescription();
    assertThat(SessionDescription.parse(answer.toSdp())).isEqualTo(answer);
    assertThat(answer.media()).hasSameSizeAs(n.remoteDescription().media());
    for (NegotiatedMedia m : n.media()) {
      List<Integer> pts = answer.media().get(m.mLineIndex()).payloadTypes();
      assertThat(m.codecs()).isNotEmpty();
      for (NegotiatedCodec c : m.codecs()) {
        assertThat(pts).contains(c.payloadType());
        if (c.hasRtx()) {
          assertThat(pts).contains(c.rtxPayloadType());
        }
      }
    }
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
