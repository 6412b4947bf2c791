package io.sluice.signaling.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.signaling.sdp.SdpNegotiationException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The node's own offers and the answers to them. */
class SdpOffererTest {
  private static final SendStream AUDIO =
      SendStream.of(MediaKind.AUDIO, 1111, "origin", new Msid("live", "audio"));
  private static final SendStream VIDEO =
      SendStream.of(MediaKind.VIDEO, 2222, "origin", new Msid("live", "video")).withRtx(3333);

  /** An edge node that pulls from an origin: a full ICE agent, so the lite origin can answer. */
  private static SdpConfig edge() {
    return SdpConfig.builder()
        .iceUfrag("edgeUfrag")
        .icePwd("edgePasswordEdgePassword")
        .fingerprint("0F".repeat(32))
        .addHostCandidate("192.0.2.1", 41000)
        .iceLite(false)
        .sessionId("7")
        .build();
  }

  @Test
  void recvOfferIsTheGoldenOffer() {
    SessionDescription offer = new SdpOfferer(edge())
        .createRecvOffer(List.of(MediaKind.AUDIO, MediaKind.VIDEO));
    assertThat(offer.toSdp()).isEqualTo(Fixtures.text("sluice-recv-offer.sdp"));
    assertThat(SessionDescription.parse(offer.toSdp())).isEqualTo(offer);
  }

  @Test
  void recvOfferIsBundledActpassWithEveryCodecAndRtx() {
    SessionDescription offer = new SdpOfferer(edge())
        .createRecvOffer(List.of(MediaKind.AUDIO, MediaKind.VIDEO));
    MediaDescription audio = offer.media().get(0);
    MediaDescription video = offer.media().get(1);

    assertThat(offer.isIceLite()).isFalse();
    assertThat(offer.bundleGroups()).containsExactly(Group.bundle(List.of("0", "1")));
    assertThat(offer.isExtmapAllowMixed()).isTrue();
    for (MediaDescription m : offer.media()) {
      assertThat(m.protocol()).isEqualTo("UDP/TLS/RTP/SAVPF");
      assertThat(m.port()).isEqualTo(41000);
      assertThat(m.direction()).isEqualTo(Direction.RECVONLY);
      assertThat(m.setup()).isEqualTo(Setup.ACTPASS);
      assertThat(m.isRtcpMux()).isTrue();
      assertThat(m.iceUfrag()).isEqualTo("edgeUfrag");
      assertThat(m.fingerprints()).containsExactly(Fingerprint.sha256("0f".repeat(32)));
      assertThat(m.candidates()).extracting(Candidate::address).containsExactly("192.0.2.1");
      assertThat(m.isEndOfCandidates()).isTrue();
      assertThat(m.extMaps()).extracting(ExtMap::id).containsExactly(1, 2, 3, 4, 5);
      assertThat(m.extMaps()).extracting(ExtMap::uri)
          .containsExactlyElementsOf(SdpConfig.DEFAULT_HEADER_EXTENSIONS);
      assertThat(m.ssrcs()).isEmpty();
    }
    assertThat(audio.mid()).isEqualTo("0");
    assertThat(audio.rtpMaps()).containsExactly(new RtpMap(111, "opus", 48000, 2));
    assertThat(audio.fmtp(111).parameters()).isEqualTo("minptime=10;useinbandfec=1");
    assertThat(audio.rtcpFeedback()).extracting(RtcpFeedback::id).containsExactly("transport-cc");
    assertThat(video.mid()).isEqualTo("1");
    // VP8, four H.264 profiles, VP9, AV1, each followed by its RTX.
    assertThat(video.payloadTypes()).containsExactly(96, 97, 98, 99, 100, 101, 102, 103, 104, 105,
        106, 107, 108, 109);
    assertThat(video.rtpMap(98).encodingName()).isEqualTo("H264");
    assertThat(video.fmtp(98).parameters())
        .isEqualTo("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f");
    assertThat(video.fmtp(99).parameters()).isEqualTo("apt=98");
    assertThat(video.rtcpFeedback(96)).extracting(RtcpFeedback::id)
        .containsExactly("transport-cc", "ccm fir", "nack", "nack pli");
  }

  @Test
  void payloadTypesStayUniqueWhenTheyRunOut() {
    List<CodecCapability> codecs = new ArrayList<>(List.of(CodecCapability.opus()));
    for (int i = 0; i < 20; i++) {
      codecs.add(new CodecCapability(MediaKind.VIDEO, "X" + i, 90000, 0, Map.of(), true));
    }
    SessionDescription offer = new SdpOfferer(edge().newBuilder().codecs(codecs).build())
        .createRecvOffer(List.of(MediaKind.AUDIO, MediaKind.VIDEO));
    List<Integer> all = new ArrayList<>(offer.media().get(0).payloadTypes());
    all.addAll(offer.media().get(1).payloadTypes());

    assertThat(all).hasSize(41).doesNotHaveDuplicates();
    assertThat(offer.media().get(1).payloadTypes()).startsWith(96, 97).endsWith(42, 43);

    for (int i = 20; i < 40; i++) {
      codecs.add(new CodecCapability(MediaKind.VIDEO, "X" + i, 90000, 0, Map.of(), true));
    }
    SdpOfferer tooMany = new SdpOfferer(edge().newBuilder().codecs(codecs).build());
    assertThatThrownBy(() -> tooMany.createRecvOffer(List.of(MediaKind.VIDEO)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void sendOfferAnnouncesOurStreams() {
    SessionDescription offer = new SdpOfferer(edge()).createSendOffer(List.of(AUDIO, VIDEO));
    MediaDescription video = offer.media().get(1);

    assertThat(offer.media()).extracting(MediaDescription::direction)
        .containsExactly(Direction.SENDONLY, Direction.SENDONLY);
    assertThat(video.msid()).isEqualTo(new Msid("live", "video"));
    assertThat(video.ssrcGroups()).containsExactly(new SsrcGroup("FID", List.of(2222L, 3333L)));
    assertThat(video.ssrcs()).contains(new Ssrc(3333, "cname", "origin"));
    assertThat(offer.media().get(0).ssrcIds()).containsExactly(1111L);
  }

  @Test
  void edgePullsFromOrigin() {
    SdpOfferer edge = new SdpOfferer(edge());
    SessionDescription offer = edge.createRecvOffer(List.of(MediaKind.AUDIO, MediaKind.VIDEO));

    // The origin answers the edge as it answers any WHEP viewer, over the wire.
    Negotiation origin = TestConfigs.answerer()
        .answerViewer(SessionDescription.parse(offer.toSdp()), List.of(AUDIO, VIDEO));
    Negotiation pulled =
        edge.processAnswer(offer, SessionDescription.parse(origin.localSdp()));

    assertThat(origin.media()).extracting(NegotiatedMedia::direction)
        .containsExactly(Direction.SENDONLY, Direction.SENDONLY);
    assertThat(pulled.localDescription()).isSameAs(offer);
    assertThat(pulled.rejected()).isEmpty();
    NegotiatedMedia video = pulled.media("1");
    assertThat(video.direction()).isEqualTo(Direction.RECVONLY);
    assertThat(video.codecs()).extracting(NegotiatedCodec::payloadType)
        .containsExactly(96, 98, 100, 102, 104, 106, 108);
    assertThat(video.rtxPayloadTypes()).containsEntry(97, 96);
    assertThat(video.codecs()).isEqualTo(origin.media("1").codecs());
    assertThat(video.extensionIds()).isEqualTo(origin.media("1").extensionIds());
    assertThat(video.remoteSsrcs()).containsExactly(2222L, 3333L);
    assertThat(video.remoteSsrcGroups())
        .containsExactly(new SsrcGroup("FID", List.of(2222L, 3333L)));
    assertThat(video.remoteCname()).isEqualTo("origin");
    assertThat(video.remoteMsid()).isEqualTo(new Msid("live", "video"));
    assertThat(video.remoteIceUfrag()).isEqualTo(TestConfigs.UFRAG);
    assertThat(video.remoteIceLite()).isTrue();
    assertThat(video.remoteCandidates())
        .containsExactly(Candidate.host("1", "127.0.0.1", TestConfigs.PORT));
    assertThat(video.remoteSetup()).isEqualTo(Setup.PASSIVE);
    assertThat(video.localSetup()).isEqualTo(Setup.ACTIVE);
    assertThat(video.sendStream()).isNull();
    // And the origin sees the edge's transport.
    assertThat(origin.media("1").remoteIceUfrag()).isEqualTo("edgeUfrag");
    assertThat(origin.media("1").remoteSetup()).isEqualTo(Setup.ACTIVE);
  }

  @Test
  void nodeSendsToAPublisherSideAnswerer() {
    SdpOfferer sender = new SdpOfferer(edge());
    SessionDescription offer = sender.createSendOffer(List.of(AUDIO, VIDEO));
    Negotiation receiver = TestConfigs.answerer().answerPublisher(offer);
    Negotiation sent = sender.processAnswer(offer, receiver.localDescription());

    assertThat(sent.media()).extracting(NegotiatedMedia::direction)
        .containsExactly(Direction.SENDONLY, Direction.SENDONLY);
    assertThat(sent.media("1").sendStream()).isEqualTo(VIDEO);
    assertThat(receiver.media("1").remoteSsrcs()).containsExactly(2222L, 3333L);
    assertThat(receiver.media("1").remoteSsrcGroups())
        .containsExactly(new SsrcGroup("FID", List.of(2222L, 3333L)));
  }

  // ---- Answers that do not fit.

  private static SessionDescription offer() {
    return new SdpOfferer(edge()).createRecvOffer(List.of(MediaKind.AUDIO, MediaKind.VIDEO));
  }

  private static String answer(SessionDescription offer) {
    return TestConfigs.answerer().answerViewer(offer, List.of(AUDIO, VIDEO)).localSdp();
  }

  private static SdpNegotiationException refused(SessionDescription offer, String answer) {
    return assertThrows(SdpNegotiationException.class,
        () -> new SdpOfferer(edge()).processAnswer(offer, SessionDescription.parse(answer)));
  }

  private static void refuses(String from, String to, Reason reason, String message) {
    SessionDescription offer = offer();
    String good = answer(offer);
    String bad = good.replace(from, to);
    assertThat(bad).isNotEqualTo(good);
    SdpNegotiationException e = refused(offer, bad);
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.getMessage()).isEqualTo(message);
  }

  @Test
  void answerWithAnotherNumberOfMLines() {
    SessionDescription offer = offer();
    String good = answer(offer);
    SdpNegotiationException e = refused(offer, good.substring(0, good.indexOf("m=video")));
    assertThat(e.reason()).isEqualTo(Reason.INVALID_ANSWER);
    assertThat(e.getMessage()).isEqualTo("answer has 1 m-lines for the offer's 2 (RFC 3264 §6)");
  }

  @Test
  void answerWithAnotherMediaTypeOrMid() {
    refuses("m=video", "m=audio", Reason.INVALID_ANSWER,
        "answer m-line 1 is audio for the offer's video (RFC 3264 §6)");
    refuses("a=mid:1", "a=mid:x", Reason.INVALID_ANSWER,
        "answer m-line 1 has mid x for the offer's 1 (RFC 8843 §7.3)");
  }

  @Test
  void answerWithAPayloadTypeTheOfferLacks() {
    refuses("m=audio 40000 UDP/TLS/RTP/SAVPF 111", "m=audio 40000 UDP/TLS/RTP/SAVPF 111 0",
        Reason.INVALID_ANSWER,
        "the answer has payload type 0, which the offer did not offer (RFC 3264 §6.1)");
    refuses("a=rtpmap:96 VP8/90000", "a=rtpmap:96 VP9/90000", Reason.INVALID_ANSWER,
        "the answer maps payload type 96 to VP9/90000, the offer to VP8/90000 (RFC 3264 §6.1)");
  }

  @Test
  void answerThatRejectsAnMLine() {
    SessionDescription offer = offer();
    String answer = answer(offer).replace("m=video 40000", "m=video 0");
    Negotiation n = new SdpOfferer(edge()).processAnswer(offer, SessionDescription.parse(answer));

    assertThat(n.media()).extracting(NegotiatedMedia::mid).containsExactly("0");
    assertThat(n.rejected()).containsExactly(
        new RejectedMedia(1, "video", "1", "rejected in the answer (port 0)"));

    String none = answer.replace("m=audio 40000", "m=audio 0");
    SdpNegotiationException e = refused(offer, none);
    assertThat(e.reason()).isEqualTo(Reason.NO_COMMON_CODEC);
    assertThat(e.getMessage()).isEqualTo("answer accepts no m-line with a codec Sluice supports:"
        + " m-line 0 (audio, mid 0): rejected in the answer (port 0);"
        + " m-line 1 (video, mid 1): rejected in the answer (port 0)");
  }

  @Test
  void answerWithActpassOrWithoutBundle() {
    refuses("a=setup:passive", "a=setup:actpass", Reason.SETUP_CONFLICT,
        "answer has a=setup:actpass (expected: active or passive, RFC 5763 §5)");
    refuses("a=group:BUNDLE 0 1\r\n", "", Reason.NOT_BUNDLED,
        "answer has no a=group:BUNDLE with mid 0: Sluice needs all media on one transport"
            + " (RFC 8843)");
  }

  @Test
  void iceLiteOffererCannotTakeAnIceLiteAnswer() {
    SdpConfig lite = edge().newBuilder().iceLite(true).build();
    SessionDescription offer = new SdpOfferer(lite).createRecvOffer(List.of(MediaKind.VIDEO));
    assertThat(offer.isIceLite()).isTrue();
    SessionDescription answer = SessionDescription.parse(
        answer(offer.newBuilder().removeAttributes("ice-lite").build()));

    SdpNegotiationException e =
        assertThrows(SdpNegotiationException.class,
            () -> new SdpOfferer(lite).processAnswer(offer, answer));
    assertThat(e.reason()).isEqualTo(Reason.ICE_LITE_CONFLICT);
  }
}
