package io.sluice.signaling.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.sluice.signaling.sdp.SdpNegotiationException.Reason;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real SDP: the offers and answers of the Chromium 156 calls whose RTP and RTCP media-core keeps
 * as golden packets ({@code media-core/.../captured/chromium/README.md}; byte-exact copies in
 * {@code chromium/} here). pc1's offer is Chromium's unmodified default offer; pc2 narrows it in
 * its answer with {@code setCodecPreferences}.
 *
 * <p>The calls ran with {@code --disable-webrtc-encryption} so that the media could be read: every
 * m-line is {@code RTP/AVPF} and there is no {@code a=fingerprint} or {@code a=setup}. Sluice
 * refuses such an offer. To exercise the answerer on Chromium's real structure, {@link #withDtls}
 * puts back what an encrypted call has, and nothing else.
 */
class ChromiumSdpCaptureTest {
  private static final String DIR = "chromium/";

  private static final SendStream AUDIO = TestConfigs.AUDIO;
  private static final SendStream VIDEO = TestConfigs.VIDEO;

  private static final List<String> VIDEO_FEEDBACK =
      List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");
  private static final List<String> SLUICE_FEEDBACK =
      List.of("transport-cc", "ccm fir", "nack", "nack pli");

  // ---- Parse and write ----------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"vp8.offer.sdp", "vp8.answer.sdp", "vp8.offer-gathered.sdp",
      "vp8.answer-gathered.sdp", "vp8-nack.offer.sdp", "vp8-nack.answer.sdp",
      "vp8-pli.offer.sdp", "vp8-pli.answer.sdp", "vp8-remb.offer.sdp", "vp8-remb.answer.sdp",
      "h264.offer.sdp", "h264.answer.sdp", "h264-pm0.offer.sdp", "h264-pm0.answer.sdp"})
  void roundTripIsByteExact(String file) {
    Fixtures.assertCapturedRoundTrip(chromium(file));
  }

  // ---- Typed accessors ----------------------------------------------------------------------

  @Test
  void offerSessionLevel() {
    SessionDescription offer = sdp("vp8.offer.sdp");

    assertThat(offer.origin())
        .isEqualTo(new Origin("-", "4103429877135596188", "2", "IN", "IP4", "127.0.0.1"));
    assertThat(offer.bundleGroups()).containsExactly(Group.bundle(List.of("0", "1")));
    assertThat(offer.isExtmapAllowMixed()).isTrue();
    assertThat(offer.isIceLite()).isFalse();
    assertThat(offer.attributeValue("msid-semantic"))
        .isEqualTo(" WMS a630dfda-9fcc-4850-87bc-11ca5b8f1729");
    // Unencrypted: no DTLS at session level or in any m-line.
    assertThat(offer.fingerprints()).isEmpty();
    assertThat(offer.setup()).isNull();
    for (MediaDescription m : offer.media()) {
      assertThat(m.protocol()).isEqualTo("RTP/AVPF");
      assertThat(offer.fingerprints(m)).isEmpty();
      assertThat(offer.setup(m)).isNull();
      assertThat(offer.iceUfrag(m)).isEqualTo("XY4Y");
      assertThat(offer.icePwd(m)).isEqualTo("m2V9paYmS0bDEE5BMq0GvkJ2");
      assertThat(offer.iceOptions(m)).containsExactly("trickle");
      assertThat(offer.isRtcpMux(m)).isTrue();
      assertThat(offer.direction(m)).isEqualTo(Direction.SENDONLY);
      assertThat(m.port()).isEqualTo(9);
      assertThat(m.connection()).isEqualTo(Connection.of("0.0.0.0"));
      assertThat(m.candidates()).isEmpty();
    }
  }

  @Test
  void offerAudio() {
    SessionDescription offer = sdp("vp8.offer.sdp");
    MediaDescription audio = offer.media("0");

    assertThat(audio).isSameAs(offer.media().get(0));
    assertThat(audio.kind()).isEqualTo(MediaKind.AUDIO);
    assertThat(audio.payloadTypes()).containsExactly(111, 63, 9, 0, 8, 13, 110, 126);
    assertThat(audio.rtpMap(111)).isEqualTo(new RtpMap(111, "opus", 48000, 2));
    assertThat(audio.fmtp(111).parameters()).isEqualTo("minptime=10;useinbandfec=1");
    assertThat(audio.rtcpFeedback(111)).extracting(RtcpFeedback::id)
        .containsExactly("transport-cc");
    assertThat(audio.rtpMap(63)).isEqualTo(new RtpMap(63, "red", 48000, 2));
    assertThat(audio.fmtp(63).parameters()).isEqualTo("111/111");
    assertThat(audio.rtpMap(9)).isEqualTo(new RtpMap(9, "G722", 8000, 0));
    assertThat(audio.rtpMap(110)).isEqualTo(new RtpMap(110, "telephone-event", 48000, 0));
    assertThat(audio.rtpMap(126)).isEqualTo(new RtpMap(126, "telephone-event", 8000, 0));
    // The ids the audio RTP captures carry: 1 audio level, 2, 3, 4.
    assertThat(offer.extMaps(audio)).containsExactly(
        ExtMap.of(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"),
        ExtMap.of(2, ExtMap.ABS_SEND_TIME), ExtMap.of(3, ExtMap.TRANSPORT_WIDE_CC),
        ExtMap.of(4, ExtMap.SDES_MID));
    assertThat(audio.ssrcIds()).containsExactly(744710595L); // 0x2c6361c3 in opus*.bin
    assertThat(audio.ssrcs()).contains(new Ssrc(744710595L, Ssrc.CNAME, "Gv/jHIsRHd1LtxS1"));
    assertThat(audio.msid()).isEqualTo(new Msid("a630dfda-9fcc-4850-87bc-11ca5b8f1729",
        "f5ff0e0b-d993-4031-b576-b6e1cd1cb63c"));
    assertThat(audio.ssrcGroups()).isEmpty();
  }

  @Test
  void offerVideo() {
    SessionDescription offer = sdp("vp8.offer.sdp");
    MediaDescription video = offer.media("1");

    assertThat(video.kind()).isEqualTo(MediaKind.VIDEO);
    assertThat(video.payloadTypes()).containsExactly(96, 97, 102, 103, 104, 107, 108, 109, 114,
        115, 116, 117, 39, 40, 45, 46, 98, 99, 100, 101, 118, 119, 120);
    // Chromium's codecs and what tells them apart.
    Map<Integer, String> codecs = Map.ofEntries(
        Map.entry(96, "VP8/90000 "),
        Map.entry(102, "H264/90000 level-asymmetry-allowed=1;packetization-mode=1;"
            + "profile-level-id=42001f"),
        Map.entry(104, "H264/90000 level-asymmetry-allowed=1;packetization-mode=0;"
            + "profile-level-id=42001f"),
        Map.entry(108, "H264/90000 level-asymmetry-allowed=1;packetization-mode=1;"
            + "profile-level-id=42e01f"),
        Map.entry(114, "H264/90000 level-asymmetry-allowed=1;packetization-mode=0;"
            + "profile-level-id=42e01f"),
        Map.entry(116, "H264/90000 level-asymmetry-allowed=1;packetization-mode=1;"
            + "profile-level-id=4d001f"),
        Map.entry(39, "H264/90000 level-asymmetry-allowed=1;packetization-mode=0;"
            + "profile-level-id=4d001f"),
        Map.entry(45, "AV1/90000 level-idx=5;profile=0;tier=0"),
        Map.entry(98, "VP9/90000 profile-id=0"),
        Map.entry(100, "VP9/90000 profile-id=2"),
        Map.entry(118, "red/90000 "),
        Map.entry(120, "ulpfec/90000 "));
    codecs.forEach((pt, want) -> {
      RtpMap r = video.rtpMap(pt);
      Fmtp f = video.fmtp(pt);
      assertThat(r.encodingName() + "/" + r.clockRate() + " " + (f == null ? "" : f.parameters()))
          .as("PT %d", pt).isEqualTo(want);
      // Every codec but red and ulpfec has Chromium's five feedback types.
      assertThat(video.rtcpFeedback(pt)).extracting(RtcpFeedback::id).as("PT %d", pt)
          .containsExactlyElementsOf(pt >= 118 ? List.of() : VIDEO_FEEDBACK);
    });
    // Each RTX payload type and its apt (RFC 4588 §8.6).
    Map<Integer, Integer> rtx = video.payloadTypes().stream()
        .filter(pt -> video.rtpMap(pt).encodingName().equals("rtx"))
        .collect(Collectors.toMap(pt -> pt,
            pt -> Integer.parseInt(video.fmtp(pt).parameter("apt"))));
    assertThat(rtx).isEqualTo(Map.ofEntries(Map.entry(97, 96), Map.entry(103, 102),
        Map.entry(107, 104), Map.entry(109, 108), Map.entry(115, 114), Map.entry(117, 116),
        Map.entry(40, 39), Map.entry(46, 45), Map.entry(99, 98), Map.entry(101, 100),
        Map.entry(119, 118)));
    // Ids as the video RTP captures use them: 2, 3, 4, and 7, 8, 13 on a frame's last packet.
    assertThat(offer.extMaps(video)).extracting(ExtMap::id)
        .containsExactly(14, 2, 13, 3, 5, 6, 7, 8, 4, 10, 11);
    assertThat(offer.extMaps(video)).contains(ExtMap.of(13, "urn:3gpp:video-orientation"),
        ExtMap.of(7, "http://www.webrtc.org/experiments/rtp-hdrext/video-timing"),
        ExtMap.of(8, "http://www.webrtc.org/experiments/rtp-hdrext/color-space"),
        ExtMap.of(10, ExtMap.SDES_RTP_STREAM_ID));
    // 0x72202998 and 0x8de6f109 in the vp8-*.bin captures: the media SSRC and its RTX.
    assertThat(video.ssrcGroups())
        .containsExactly(new SsrcGroup(SsrcGroup.FID, List.of(1914710424L, 2380722441L)));
    assertThat(video.ssrcIds()).containsExactly(1914710424L, 2380722441L);
    assertThat(video.ssrcs()).contains(new Ssrc(2380722441L, Ssrc.CNAME, "Gv/jHIsRHd1LtxS1"));
    assertThat(video.rids()).isEmpty();
    assertThat(video.simulcast()).isNull();
  }

  @Test
  void gatheredDescriptionsHaveTheLoopbackCandidatesOfThePcap() {
    SessionDescription offer = sdp("vp8.offer-gathered.sdp");
    SessionDescription answer = sdp("vp8.answer-gathered.sdp");

    // Under the balanced bundle policy the offer gathers for each m-line; the answer's BUNDLE
    // leaves only the first in use: the captured datagrams go 127.0.0.1:36637 -> 51598.
    assertThat(offer.media()).extracting(MediaDescription::port).containsExactly(36637, 55202);
    Candidate audio = offer.media().get(0).candidates().get(0);
    assertThat(audio).isEqualTo(new Candidate("4216640986", 1, "udp", 2122260223L, "127.0.0.1",
        36637, "host", null, -1,
        Map.of("generation", "0", "network-id", "1", "network-cost", "50")));
    assertThat(audio.extensions().keySet())
        .containsExactly("generation", "network-id", "network-cost");
    assertThat(offer.media().get(1).candidates()).extracting(Candidate::port)
        .containsExactly(55202);
    assertThat(offer.media().get(0).connection()).isEqualTo(Connection.of("127.0.0.1"));
    assertThat(offer.media().get(0).isEndOfCandidates()).isFalse();

    assertThat(answer.media()).extracting(MediaDescription::port).containsExactly(51598, 9);
    assertThat(answer.media().get(0).candidates()).extracting(Candidate::address, Candidate::port)
        .containsExactly(tuple("127.0.0.1", 51598));
    assertThat(answer.media().get(1).candidates()).isEmpty();
  }

  /**
   * run, offer ice-ufrag, audio SSRC, video SSRC and its RTX (FID), CNAME, answer ice-ufrag, the
   * video payload types pc2 answered. The SSRCs are the ones in the run's RTP and RTCP captures.
   */
  static Stream<Arguments> everyRun() {
    return Stream.of(
        Arguments.of("vp8", "XY4Y", 744710595L, 1914710424L, 2380722441L, "Gv/jHIsRHd1LtxS1",
            "Lgcu", List.of(96, 97)),
        Arguments.of("vp8-nack", "n1Hd", 1695699590L, 4241555708L, 3958261941L,
            "MPDyHnsBNAi7q6Vn", "ZlxJ", List.of(96, 97)),
        Arguments.of("vp8-pli", "q0C9", 448989613L, 3444282286L, 3175826978L, "u80fVR422jaQBddp",
            "lENL", List.of(96, 97)),
        Arguments.of("vp8-remb", "AHcm", 4119848279L, 1596765498L, 2771692896L,
            "coK7pehDj53PHDhA", "tE8G", List.of(96, 97)),
        Arguments.of("h264", "oVR9", 2841857238L, 293908634L, 3541933749L, "ZRcd/kiiKRlyJ5BF",
            "kimW", List.of(108, 109)),
        Arguments.of("h264-pm0", "+Bav", 922931358L, 2644545014L, 3401518145L,
            "+soquLtbrUaP1ukB", "Hy4t", List.of(114, 115)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void everyRun(String run, String offerUfrag, long audioSsrc, long videoSsrc, long rtxSsrc,
      String cname, String answerUfrag, List<Integer> answeredVideo) {
    SessionDescription offer = sdp(run + ".offer.sdp");
    SessionDescription answer = sdp(run + ".answer.sdp");
    MediaDescription offerVideo = offer.media("1");
    MediaDescription answerVideo = answer.media("1");

    assertThat(offer.iceUfrag(offer.media("0"))).isEqualTo(offerUfrag);
    assertThat(offer.media("0").ssrcIds()).containsExactly(audioSsrc);
    assertThat(offerVideo.ssrcGroups())
        .containsExactly(new SsrcGroup(SsrcGroup.FID, List.of(videoSsrc, rtxSsrc)));
    assertThat(offerVideo.ssrcs()).filteredOn(s -> s.attribute().equals(Ssrc.CNAME))
        .extracting(Ssrc::value).containsOnly(cname);
    // Every run offers the same codec list; only the random parts differ.
    assertThat(offerVideo.payloadTypes()).isEqualTo(sdp("vp8.offer.sdp").media("1").payloadTypes());

    assertThat(answer.bundleGroups()).containsExactly(Group.bundle(List.of("0", "1")));
    assertThat(answer.iceUfrag(answerVideo)).isEqualTo(answerUfrag);
    assertThat(answer.media("0").payloadTypes()).containsExactly(111);
    assertThat(answerVideo.payloadTypes()).containsExactlyElementsOf(answeredVideo);
    assertThat(answerVideo.fmtp(answeredVideo.get(1)).parameter("apt"))
        .isEqualTo(Integer.toString(answeredVideo.get(0)));
    // The answer keeps the offer's mapping of every payload type it answers (RFC 3264 §6.1).
    for (int pt : answerVideo.payloadTypes()) {
      assertThat(answerVideo.rtpMap(pt)).as("PT %d", pt).isEqualTo(offerVideo.rtpMap(pt));
    }
    for (MediaDescription m : answer.media()) {
      assertThat(answer.direction(m)).isEqualTo(Direction.RECVONLY);
      // pc2 sends no media, hence no SSRC: its RTCP uses placeholders (1, 0xfa17fa17).
      assertThat(m.ssrcIds()).isEmpty();
      assertThat(m.msid()).isNull();
      assertThat(answer.fingerprints(m)).isEmpty();
    }
    // The remb run's pc2 saw an offer without transport-cc, so it answers without it.
    boolean transportCc = !run.equals("vp8-remb");
    assertThat(answer.extMaps(answerVideo)).extracting(ExtMap::uri).as("transport-cc extmap")
        .matches(uris -> uris.contains(ExtMap.TRANSPORT_WIDE_CC) == transportCc);
    assertThat(answerVideo.rtcpFeedback(answeredVideo.get(0))).extracting(RtcpFeedback::id)
        .containsExactlyElementsOf(transportCc ? VIDEO_FEEDBACK
            : List.of("goog-remb", "ccm fir", "nack", "nack pli"));
  }

  // ---- What Sluice's answerer makes of them -------------------------------------------------

  /**
   * The capture as it is. Its m-lines are {@code RTP/AVPF}, not secure RTP, so each is rejected
   * on its own (RFC 3264 §6: port 0) before the transport is looked at, and with no m-line left
   * the reason is NO_MEDIA; the missing fingerprint is never reached.
   */
  @Test
  void unencryptedOfferIsRefusedForItsProfile() {
    String message = "offer has no audio or video m-line Sluice can serve: "
        + "m-line 0 (audio, mid 0): protocol RTP/AVPF is not supported"
        + " (expected: UDP/TLS/RTP/SAVPF); "
        + "m-line 1 (video, mid 1): protocol RTP/AVPF is not supported"
        + " (expected: UDP/TLS/RTP/SAVPF)";
    SessionDescription offer = sdp("vp8.offer-gathered.sdp");
    SdpAnswerer answerer = TestConfigs.answerer();

    assertThatThrownBy(() -> answerer.answerPublisher(offer))
        .isInstanceOfSatisfying(SdpNegotiationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NO_MEDIA))
        .hasMessage(message);
    assertThatThrownBy(() -> answerer.answerViewer(asViewerOffer(offer), List.of(AUDIO, VIDEO)))
        .isInstanceOfSatisfying(SdpNegotiationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NO_MEDIA))
        .hasMessage(message);
  }

  /** With the secure profile but still no fingerprint, the refusal names the fingerprint. */
  @Test
  void secureProfileWithoutFingerprintIsRefusedForTheFingerprint() {
    SessionDescription offer = SessionDescription.parse(
        chromium("vp8.offer-gathered.sdp").replace(" RTP/AVPF ", " UDP/TLS/RTP/SAVPF "));
    SdpAnswerer answerer = TestConfigs.answerer();
    String message = "offer has no a=fingerprint for mid 0 (the BUNDLE-tag) or at session level:"
        + " DTLS-SRTP needs the certificate fingerprint (RFC 8122, RFC 5763 §5)";

    assertThatThrownBy(() -> answerer.answerPublisher(offer))
        .isInstanceOfSatisfying(SdpNegotiationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_FINGERPRINT))
        .hasMessage(message);
    assertThatThrownBy(() -> answerer.answerViewer(asViewerOffer(offer), List.of(AUDIO, VIDEO)))
        .isInstanceOfSatisfying(SdpNegotiationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_FINGERPRINT))
        .hasMessage(message);
  }

  @Test
  void dtlsVariantChangesOnlyTheDtlsLines() {
    String capture = chromium("vp8.offer-gathered.sdp");
    String variant = withDtls(capture);
    List<String> before = Arrays.asList(capture.split("\r\n"));
    List<String> after = Arrays.asList(variant.split("\r\n"));

    assertThat(after).hasSize(before.size() + 4);
    assertThat(after.stream().filter(l -> !before.contains(l)).toList()).containsExactly(
        "m=audio 36637 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126",
        "a=fingerprint:" + Offers.FINGERPRINT, "a=setup:actpass",
        "m=video 55202 UDP/TLS/RTP/SAVPF 96 97 102 103 104 107 108 109 114 115 116 117 39 40 45"
            + " 46 98 99 100 101 118 119 120",
        "a=fingerprint:" + Offers.FINGERPRINT, "a=setup:actpass");
  }

  @Test
  void publisherAnswerKeepsChromiumsPayloadTypesRtxAndExtensionIds() {
    SessionDescription offer =
        SessionDescription.parse(withDtls(chromium("vp8.offer-gathered.sdp")));
    Negotiation n = TestConfigs.answerer().answerPublisher(offer);
    SessionDescription answer = n.localDescription();
    NegotiatedMedia audio = n.media("0");
    NegotiatedMedia video = n.media("1");

    assertThat(SessionDescription.parse(n.localSdp())).isEqualTo(answer);
    assertThat(answer.bundleGroups()).containsExactly(Group.bundle(List.of("0", "1")));
    assertThat(answer.isIceLite()).isTrue();
    assertThat(answer.isExtmapAllowMixed()).isTrue();
    assertThat(n.rejected()).isEmpty();
    assertThat(answer.media()).extracting(MediaDescription::mid).containsExactly("0", "1");
    for (MediaDescription m : answer.media()) {
      assertThat(m.protocol()).isEqualTo("UDP/TLS/RTP/SAVPF");
      assertThat(m.direction()).isEqualTo(Direction.RECVONLY);
      assertThat(m.setup()).isEqualTo(Setup.PASSIVE);
      assertThat(m.fingerprints()).containsExactly(Fingerprint.sha256(TestConfigs.FINGERPRINT));
      assertThat(m.isRtcpMux()).isTrue();
      assertThat(m.ssrcIds()).isEmpty();
    }
    assertThat(n.media()).extracting(NegotiatedMedia::direction)
        .containsExactly(Direction.RECVONLY, Direction.RECVONLY);

    // Opus only, on Chromium's PT 111.
    assertThat(audio.codecs()).containsExactly(new NegotiatedCodec(111, "opus", 48000, 2,
        "minptime=10;useinbandfec=1", List.of("transport-cc"), NegotiatedCodec.NO_RTX));
    assertThat(answer.media().get(0).formats()).containsExactly("111");

    // VP8, H.264 packetization-mode=1 in the three profiles Chromium offers (Sluice's order:
    // 42e01f, 42001f, 4d001f), VP9 profile 0, AV1, each with its RTX, on Chromium's PTs. Gone:
    // packetization-mode=0 (104, 114, 39), VP9 profile 2 (100), red (118), ulpfec (120).
    assertThat(video.codecs()).extracting(NegotiatedCodec::payloadType)
        .containsExactly(96, 108, 102, 116, 98, 45);
    assertThat(video.rtxPayloadTypes()).containsExactly(Map.entry(97, 96), Map.entry(109, 108),
        Map.entry(103, 102), Map.entry(117, 116), Map.entry(99, 98), Map.entry(46, 45));
    assertThat(answer.media().get(1).formats()).containsExactly("96", "97", "108", "109", "102",
        "103", "116", "117", "98", "99", "45", "46");
    assertThat(video.codec(96)).isEqualTo(
        new NegotiatedCodec(96, "VP8", 90000, 0, "", SLUICE_FEEDBACK, 97));
    assertThat(video.codec(108)).isEqualTo(new NegotiatedCodec(108, "H264", 90000, 0,
        "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
        SLUICE_FEEDBACK, 109));
    assertThat(answer.media().get(1).fmtp(109).parameters()).isEqualTo("apt=108");
    assertThat(answer.media().get(1).rtcpFeedback(96)).extracting(RtcpFeedback::id)
        .containsExactlyElementsOf(SLUICE_FEEDBACK); // goog-remb is not in the default config

    // The supported extensions keep Chromium's ids; audio level, toffset, orientation,
    // playout-delay, content-type, timing and color space are not answered.
    assertThat(audio.extensionIds()).containsExactly(Map.entry(ExtMap.ABS_SEND_TIME, 2),
        Map.entry(ExtMap.TRANSPORT_WIDE_CC, 3), Map.entry(ExtMap.SDES_MID, 4));
    assertThat(video.extensionIds()).containsExactly(Map.entry(ExtMap.ABS_SEND_TIME, 2),
        Map.entry(ExtMap.TRANSPORT_WIDE_CC, 3), Map.entry(ExtMap.SDES_MID, 4),
        Map.entry(ExtMap.SDES_RTP_STREAM_ID, 10),
        Map.entry(ExtMap.SDES_REPAIRED_RTP_STREAM_ID, 11));
    assertThat(answer.media().get(1).extMaps()).extracting(ExtMap::id)
        .containsExactly(2, 3, 4, 10, 11);

    // What the media path learns about the publisher.
    assertThat(video.remoteSsrcs()).containsExactly(1914710424L, 2380722441L);
    assertThat(video.remoteSsrcGroups())
        .containsExactly(new SsrcGroup(SsrcGroup.FID, List.of(1914710424L, 2380722441L)));
    assertThat(video.remoteCname()).isEqualTo("Gv/jHIsRHd1LtxS1");
    assertThat(audio.remoteSsrcs()).containsExactly(744710595L);
    assertThat(video.remoteIceUfrag()).isEqualTo("XY4Y");
    assertThat(video.remoteIcePwd()).isEqualTo("m2V9paYmS0bDEE5BMq0GvkJ2");
    assertThat(video.remoteCandidates()).extracting(Candidate::port).containsExactly(36637, 55202);
    assertThat(video.remoteFingerprints()).containsExactly(Fingerprint.parse(Offers.FINGERPRINT));
    assertThat(video.remoteSetup()).isEqualTo(Setup.ACTIVE);
    assertThat(video.localSetup()).isEqualTo(Setup.PASSIVE);
    assertThat(video.simulcast()).isNull();
  }

  @Test
  void viewerAnswerSendsOurStreamsOnChromiumsPayloadTypes() {
    SessionDescription offer =
        asViewerOffer(SessionDescription.parse(withDtls(chromium("vp8.offer-gathered.sdp"))));
    Negotiation n = TestConfigs.answerer().answerViewer(offer, List.of(AUDIO, VIDEO));
    SessionDescription answer = n.localDescription();
    MediaDescription audio = answer.media().get(0);
    MediaDescription video = answer.media().get(1);

    assertThat(SessionDescription.parse(n.localSdp())).isEqualTo(answer);
    assertThat(answer.bundleGroups()).containsExactly(Group.bundle(List.of("0", "1")));
    assertThat(n.media()).extracting(NegotiatedMedia::direction)
        .containsExactly(Direction.SENDONLY, Direction.SENDONLY);
    assertThat(audio.direction()).isEqualTo(Direction.SENDONLY);
    assertThat(video.direction()).isEqualTo(Direction.SENDONLY);

    assertThat(audio.formats()).containsExactly("111");
    assertThat(video.formats()).containsExactly("96", "97", "108", "109", "102", "103", "116",
        "117", "98", "99", "45", "46");
    assertThat(n.media("1").rtxPayloadTypes()).containsExactly(Map.entry(97, 96),
        Map.entry(109, 108), Map.entry(103, 102), Map.entry(117, 116), Map.entry(99, 98),
        Map.entry(46, 45));
    assertThat(video.extMaps()).extracting(ExtMap::id).containsExactly(2, 3, 4, 10, 11);
    assertThat(audio.extMaps()).extracting(ExtMap::id).containsExactly(2, 3, 4);

    assertThat(audio.msid()).isEqualTo(AUDIO.msid());
    assertThat(audio.ssrcIds()).containsExactly(1111L);
    assertThat(video.msid()).isEqualTo(VIDEO.msid());
    assertThat(video.ssrcGroups())
        .containsExactly(new SsrcGroup(SsrcGroup.FID, List.of(2222L, 3333L)));
    assertThat(n.media("0").sendStream()).isEqualTo(AUDIO);
    assertThat(n.media("1").sendStream()).isEqualTo(VIDEO);
    assertThat(n.media("1").remoteSsrcs()).isEmpty();
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static String chromium(String file) {
    return Fixtures.text(DIR + file);
  }

  private static SessionDescription sdp(String file) {
    return SessionDescription.parse(chromium(file));
  }

  /**
   * Returns a captured offer as an encrypted Chromium call would have written it: the secure
   * profile instead of {@code RTP/AVPF}, and {@code a=fingerprint} (a made-up SHA-256: the capture
   * has no certificate) and {@code a=setup:actpass} after {@code a=ice-options}, where Chromium
   * puts them. Everything else is the capture's.
   */
  static String withDtls(String capture) {
    return capture.replace(" RTP/AVPF ", " UDP/TLS/RTP/SAVPF ")
        .replace("a=ice-options:trickle\r\n", "a=ice-options:trickle\r\na=fingerprint:"
            + Offers.FINGERPRINT + "\r\na=setup:actpass\r\n");
  }

  /**
   * Returns pc1's offer as a WHEP viewer would send it: the same m-lines receiving instead of
   * sending, without the {@code a=msid} and {@code a=ssrc} lines of tracks a recvonly transceiver
   * does not have.
   */
  static SessionDescription asViewerOffer(SessionDescription offer) {
    SessionDescription.Builder b = offer.newBuilder();
    for (int i = 0; i < offer.media().size(); i++) {
      b.setMedia(i, offer.media().get(i).newBuilder()
          .removeAttributes("sendonly").addAttribute("recvonly")
          .removeAttributes("msid").removeAttributes("ssrc").removeAttributes("ssrc-group")
          .build());
    }
    return b.build();
  }
}
