package io.sluice.signaling.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real offers, captured from Chromium 156, Firefox ESR 153 and GStreamer 1.22 webrtcbin
 * ({@code real/}, README.md there says how; {@code RealClientLiveTest} runs the clients
 * themselves). Each round-trips byte for byte with its unknown attributes, and Sluice's answer
 * keeps what matters: the offer's payload types, RTX pairs, the supported feedback and header
 * extensions with the offer's ids, DTLS passive, BUNDLE and the direction of its role.
 */
class RealClientSdpTest {
  private static final String CHROMIUM_WHIP = "real/chromium-whip-offer.sdp";
  private static final String CHROMIUM_SIMULCAST = "real/chromium-whip-simulcast-offer.sdp";
  private static final String CHROMIUM_WHEP = "real/chromium-whep-offer.sdp";
  private static final String FIREFOX_WHIP = "real/firefox-whip-offer.sdp";
  private static final String FIREFOX_SIMULCAST = "real/firefox-whip-simulcast-offer.sdp";
  private static final String FIREFOX_WHEP = "real/firefox-whep-offer.sdp";
  private static final String WEBRTCBIN_WHIP = "real/webrtcbin-whip-offer.sdp";

  private static final SendStream AUDIO = TestConfigs.AUDIO;
  private static final SendStream VIDEO = TestConfigs.VIDEO;
  private static final SdpConfig CONFIG = TestConfigs.node().build();
  private static final List<String> SLUICE_FEEDBACK =
      List.of("transport-cc", "ccm fir", "nack", "nack pli");
  /** Firefox's order of the same four. */
  private static final List<String> FIREFOX_FEEDBACK =
      List.of("nack", "nack pli", "ccm fir", "transport-cc");

  // ---- Parse and write ----------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {CHROMIUM_WHIP, CHROMIUM_SIMULCAST, CHROMIUM_WHEP, FIREFOX_WHIP,
      FIREFOX_SIMULCAST, FIREFOX_WHEP, WEBRTCBIN_WHIP})
  void roundTripIsByteExact(String file) {
    Fixtures.assertCapturedRoundTrip(Fixtures.text(file));
  }

  /** file, mid, attribute, its value: attributes Sluice has no typed accessor for. */
  static Stream<Arguments> unknownAttributesAreKept() {
    return Stream.of(
        Arguments.of(CHROMIUM_WHIP, "0", "rtcp-xr", "rcvr-rtt=all"),
        Arguments.of(CHROMIUM_WHIP, "1", "rtcp", "9 IN IP4 0.0.0.0"),
        Arguments.of(CHROMIUM_WHIP, "1", "rtcp-rsize", null),
        Arguments.of(CHROMIUM_WHEP, "1", "rtcp-xr", "rcvr-rtt=all"),
        Arguments.of(FIREFOX_WHIP, "0", "rtcp", "38636 IN IP4 192.0.2.2"),
        Arguments.of(FIREFOX_WHIP, "1", "rtcp-rsize", null),
        Arguments.of(WEBRTCBIN_WHIP, "video0", "framerate", "15"),
        Arguments.of(WEBRTCBIN_WHIP, "audio1", "rtcp-rsize", null));
  }

  @ParameterizedTest
  @MethodSource
  void unknownAttributesAreKept(String file, String mid, String name, @Nullable String value) {
    String line = "a=" + name + (value == null ? "" : ":" + value) + "\r\n";
    SessionDescription sdp = Fixtures.sdp(file);
    MediaDescription m = sdp.media(mid);

    assertThat(m.attributes(name)).singleElement()
        .isEqualTo(value == null ? new Attribute(name, null) : new Attribute(name, value));
    assertThat(m.attributeValue(name)).isEqualTo(value);
    // In the written m-section, not just somewhere.
    String written = sdp.toSdp();
    int start = written.indexOf("a=mid:" + mid + "\r\n");
    int section = written.lastIndexOf("\r\nm=", start);
    int next = written.indexOf("\r\nm=", start);
    assertThat(written.substring(section, next < 0 ? written.length() : next)).contains(line);
  }

  @Test
  void firefoxSessionLevelAndStyle() {
    SessionDescription offer = Fixtures.sdp(FIREFOX_WHIP);

    assertThat(offer.origin().username()).isEqualTo("mozilla...THIS_IS_SDPARTA-99.0");
    // Fingerprint and a=sendrecv at session level; each m-line's own direction overrides it.
    assertThat(offer.fingerprints()).singleElement()
        .extracting(Fingerprint::hashFunction).isEqualTo("sha-256");
    assertThat(offer.direction()).isEqualTo(Direction.SENDRECV);
    assertThat(offer.isExtmapAllowMixed()).isFalse();
    assertThat(offer.attributeValue("msid-semantic")).isEqualTo("WMS *");
    for (MediaDescription m : offer.media()) {
      assertThat(offer.direction(m)).isEqualTo(Direction.SENDONLY);
      assertThat(offer.fingerprints(m)).isEqualTo(offer.fingerprints());
      assertThat(m.hasAttribute("extmap-allow-mixed")).isTrue();
      assertThat(m.isEndOfCandidates()).isTrue();
      // RTCP candidates (component 2) although rtcp-mux is offered.
      assertThat(m.candidates()).extracting(Candidate::component).containsOnly(1, 2);
      assertThat(m.isRtcpMux()).isTrue();
    }
    assertThat(offer.extMaps(offer.media("0"))).contains(
        new ExtMap(2, Direction.RECVONLY, "urn:ietf:params:rtp-hdrext:csrc-audio-level", null));
  }

  @Test
  void webrtcbinBundleOnlyAudio() {
    SessionDescription offer = Fixtures.sdp(WEBRTCBIN_WHIP);
    MediaDescription audio = offer.media("audio1");

    assertThat(offer.bundleGroups()).containsExactly(Group.bundle(List.of("video0", "audio1")));
    assertThat(audio.port()).isZero();
    assertThat(audio.isBundleOnly()).isTrue();
    assertThat(audio.isRejected()).as("bundle-only, not rejected (RFC 8843 §6)").isFalse();
    assertThat(audio.isRtcpMuxOnly()).isTrue();
    assertThat(audio.rtpMap(111)).isEqualTo(new RtpMap(111, "OPUS", 48000, 2));
    assertThat(offer.extMaps(audio)).isEmpty();
  }

  // ---- Sluice's answers: what holds for every capture ---------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {CHROMIUM_WHIP, CHROMIUM_SIMULCAST, CHROMIUM_WHEP, FIREFOX_WHIP,
      FIREFOX_SIMULCAST, FIREFOX_WHEP, WEBRTCBIN_WHIP})
  void answerKeepsTheOffersMappingsAndOnlyWhatSluiceSupports(String file) {
    SessionDescription offer = Fixtures.sdp(file);
    boolean viewer = file.contains("whep");
    Negotiation n = answer(file);
    SessionDescription answer = n.localDescription();

    assertThat(SessionDescription.parse(n.localSdp())).isEqualTo(answer);
    assertThat(n.rejected()).isEmpty();
    assertThat(answer.isIceLite()).isTrue();
    assertThat(answer.bundleGroups()).isEqualTo(offer.bundleGroups());
    assertThat(answer.media()).extracting(MediaDescription::mid)
        .isEqualTo(offer.media().stream().map(MediaDescription::mid).toList());
    for (MediaDescription a : answer.media()) {
      MediaDescription o = offer.media(a.mid());
      assertThat(a.kind()).isEqualTo(o.kind());
      assertThat(a.port()).isEqualTo(TestConfigs.PORT);
      assertThat(a.protocol()).isEqualTo("UDP/TLS/RTP/SAVPF");
      assertThat(a.direction()).isEqualTo(viewer ? Direction.SENDONLY : Direction.RECVONLY);
      assertThat(a.setup()).isEqualTo(Setup.PASSIVE);
      assertThat(a.fingerprints()).containsExactly(Fingerprint.sha256(TestConfigs.FINGERPRINT));
      assertThat(a.iceUfrag()).isEqualTo(TestConfigs.UFRAG);
      assertThat(a.isRtcpMux()).isTrue();
      assertThat(a.payloadTypes()).as("mid %s: a subset of the offer's", a.mid())
          .isSubsetOf(o.payloadTypes());
      for (int pt : a.payloadTypes()) {
        // RFC 3264 §6.1: the answer uses the offerer's payload type mapping.
        assertThat(a.rtpMap(pt)).as("mid %s PT %d", a.mid(), pt).isEqualTo(o.rtpMap(pt));
        if (a.rtpMap(pt).is("rtx")) {
          String apt = a.fmtp(pt).parameter("apt");
          assertThat(apt).isEqualTo(o.fmtp(pt).parameter("apt"));
          assertThat(a.payloadTypes()).contains(Integer.parseInt(apt));
        } else if (o.fmtp(pt) != null) {
          assertThat(a.fmtp(pt)).isEqualTo(o.fmtp(pt));
        }
        List<String> offered = o.rtcpFeedback(pt).stream().map(RtcpFeedback::id).toList();
        assertThat(a.rtcpFeedback(pt)).extracting(RtcpFeedback::id).as("mid %s PT %d", a.mid(), pt)
            .isSubsetOf(offered).isSubsetOf(CONFIG.rtcpFeedback())
            .containsAll(offered.stream().filter(CONFIG.rtcpFeedback()::contains).toList());
      }
      Map<Integer, String> offeredExt = offer.extMaps(o).stream()
          .collect(Collectors.toMap(ExtMap::id, ExtMap::uri));
      for (ExtMap e : a.extMaps()) {
        assertThat(offeredExt).as("mid %s: the offer's id", a.mid()).containsEntry(e.id(), e.uri());
        assertThat(CONFIG.headerExtensions()).contains(e.uri());
      }
      assertThat(a.extMaps()).extracting(ExtMap::uri).containsExactlyInAnyOrderElementsOf(
          offeredExt.values().stream().filter(CONFIG.headerExtensions()::contains).toList());
    }
    assertThat(n.media()).extracting(NegotiatedMedia::direction)
        .containsOnly(viewer ? Direction.SENDONLY : Direction.RECVONLY);
    for (NegotiatedMedia m : n.media()) {
      assertThat(m.remoteSetup()).isEqualTo(Setup.ACTIVE);
      assertThat(m.localSetup()).isEqualTo(Setup.PASSIVE);
      assertThat(m.remoteFingerprints()).isEqualTo(offer.fingerprints(offer.media().get(0)));
      assertThat(m.remoteIceUfrag()).isEqualTo(offer.iceUfrag(offer.media().get(0)));
    }
  }

  // ---- Sluice's answers, client by client ---------------------------------------------------

  @Test
  void chromiumPublisher() {
    Negotiation n = answer(CHROMIUM_WHIP);
    NegotiatedMedia audio = n.media("0");
    NegotiatedMedia video = n.media("1");

    assertThat(n.localDescription().isExtmapAllowMixed()).isTrue();
    assertThat(audio.codecs()).containsExactly(new NegotiatedCodec(111, "opus", 48000, 2,
        "minptime=10;useinbandfec=1", List.of("transport-cc"), NegotiatedCodec.NO_RTX));
    // VP8, H.264 packetization-mode=1 in Sluice's order of profiles (42e01f, 42001f, 4d001f),
    // VP9 profile 0, AV1; each with its RTX. Not: mode 0 (104, 114, 39), VP9 profile 2 (100),
    // red (118) and ulpfec (120).
    assertThat(video.codecs()).extracting(NegotiatedCodec::payloadType)
        .containsExactly(96, 108, 102, 116, 98, 45);
    assertThat(video.rtxPayloadTypes()).containsExactly(Map.entry(97, 96), Map.entry(109, 108),
        Map.entry(103, 102), Map.entry(117, 116), Map.entry(99, 98), Map.entry(46, 45));
    assertThat(video.codec(108)).isEqualTo(new NegotiatedCodec(108, "H264", 90000, 0,
        "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
        SLUICE_FEEDBACK, 109));
    assertThat(video.codec(96).rtcpFeedback()).isEqualTo(SLUICE_FEEDBACK); // no goog-remb
    assertThat(audio.extensionIds()).containsExactly(Map.entry(ExtMap.ABS_SEND_TIME, 2),
        Map.entry(ExtMap.TRANSPORT_WIDE_CC, 3), Map.entry(ExtMap.SDES_MID, 4));
    assertThat(video.extensionIds()).containsExactly(Map.entry(ExtMap.ABS_SEND_TIME, 2),
        Map.entry(ExtMap.TRANSPORT_WIDE_CC, 3), Map.entry(ExtMap.SDES_MID, 4),
        Map.entry(ExtMap.SDES_RTP_STREAM_ID, 10),
        Map.entry(ExtMap.SDES_REPAIRED_RTP_STREAM_ID, 11));

    assertThat(audio.remoteSsrcs()).containsExactly(3159135310L);
    assertThat(video.remoteSsrcGroups())
        .containsExactly(new SsrcGroup(SsrcGroup.FID, List.of(763638385L, 2935997028L)));
    assertThat(video.remoteCname()).isEqualTo("qUescN3r6xtqL2gF");
    assertThat(video.remoteIceUfrag()).isEqualTo("i8ii");
    // Chromium gathers for each m-line (bundle policy "balanced"): 127.0.0.1, 192.0.2.2, ::1
    // and fd00::2, each UDP and TCP. The four TCP active ones (port 9) are the same in both
    // m-lines and kept once: 8 + 4.
    assertThat(video.remoteCandidates()).hasSize(12)
        .filteredOn(c -> c.address().equals("127.0.0.1") && c.transport().equals("udp"))
        .extracting(Candidate::port).containsExactly(56292, 60213);
    assertThat(video.simulcast()).isNull();
  }

  @Test
  void chromiumSimulcastPublisher() {
    Negotiation n = answer(CHROMIUM_SIMULCAST);
    NegotiatedMedia video = n.media("1");
    MediaDescription answered = n.localDescription().media().get(1);

    assertThat(answered.rids()).containsExactly(Rid.of("q", Rid.Direction.RECV),
        Rid.of("h", Rid.Direction.RECV), Rid.of("f", Rid.Direction.RECV));
    assertThat(answered.attributeValue("simulcast")).isEqualTo("recv q;h;f");
    assertThat(video.remoteRids()).extracting(Rid::id).containsExactly("q", "h", "f");
    assertThat(video.simulcast()).isEqualTo(Fixtures.sdp(CHROMIUM_SIMULCAST).media("1").simulcast());
    // Chromium announces no video SSRCs with rids: the layers are told apart by rid.
    assertThat(video.remoteSsrcs()).isEmpty();
    assertThat(video.extensionId(ExtMap.SDES_RTP_STREAM_ID)).isEqualTo(10);
    assertThat(video.extensionId(ExtMap.SDES_REPAIRED_RTP_STREAM_ID)).isEqualTo(11);
    assertThat(video.codecs()).extracting(NegotiatedCodec::payloadType)
        .containsExactly(96, 108, 102, 116, 98, 45);
    assertThat(n.media("0").remoteSsrcs()).containsExactly(3825975910L);
  }

  @Test
  void chromiumViewer() {
    Negotiation n = answer(CHROMIUM_WHEP);
    MediaDescription audio = n.localDescription().media().get(0);
    MediaDescription video = n.localDescription().media().get(1);

    // Chromium receives more than it sends: VP9 profiles 1 and 3 (35, 37), H.264 f4001f (41,
    // 43), AV1 profile 1 (47) and flexfec (49) are offered and not answered.
    assertThat(Fixtures.sdp(CHROMIUM_WHEP).media("1").payloadTypes())
        .contains(35, 37, 41, 43, 47, 49);
    assertThat(n.media("1").codecs()).extracting(NegotiatedCodec::payloadType)
        .containsExactly(96, 108, 102, 116, 98, 45);
    assertThat(video.formats()).containsExactly("96", "97", "108", "109", "102", "103", "116",
        "117", "98", "99", "45", "46");
    assertThat(audio.formats()).containsExactly("111");
    assertThat(audio.msid()).isEqualTo(AUDIO.msid());
    assertThat(audio.ssrcIds()).containsExactly(1111L);
    assertThat(video.msid()).isEqualTo(VIDEO.msid());
    assertThat(video.ssrcGroups())
        .containsExactly(new SsrcGroup(SsrcGroup.FID, List.of(2222L, 3333L)));
    assertThat(n.media("1").sendStream()).isEqualTo(VIDEO);
    // A recvonly Chromium transceiver announces no SSRC.
    assertThat(n.media("0").remoteSsrcs()).isEmpty();
    assertThat(n.media("1").remoteSsrcs()).isEmpty();
  }

  @Test
  void firefoxPublisher() {
    Negotiation n = answer(FIREFOX_WHIP);
    NegotiatedMedia audio = n.media("0");
    NegotiatedMedia video = n.media("1");
    SessionDescription answer = n.localDescription();

    assertThat(audio.codecs()).containsExactly(new NegotiatedCodec(109, "opus", 48000, 2,
        "maxplaybackrate=48000;stereo=1;useinbandfec=1", List.of("transport-cc"),
        NegotiatedCodec.NO_RTX));
    // VP8, VP9 (no profile-id: profile 0), AV1, with RTX; no H.264 offered; not ulpfec (123),
    // red (122) or red's RTX (119). Firefox's max-fs/max-fr are kept.
    assertThat(video.codecs()).extracting(NegotiatedCodec::payloadType)
        .containsExactly(120, 121, 99);
    assertThat(video.rtxPayloadTypes()).containsExactly(Map.entry(124, 120),
        Map.entry(125, 121), Map.entry(100, 99));
    assertThat(video.codec(120)).isEqualTo(new NegotiatedCodec(120, "VP8", 90000, 0,
        "max-fs=12288;max-fr=60", FIREFOX_FEEDBACK, 124));
    // Firefox's ids: mid 3, abs-send-time 4, transport-cc 7; not audio levels, toffset or
    // playout-delay.
    assertThat(audio.extensionIds()).containsExactly(Map.entry(ExtMap.SDES_MID, 3),
        Map.entry(ExtMap.TRANSPORT_WIDE_CC, 7));
    assertThat(video.extensionIds()).containsExactly(Map.entry(ExtMap.SDES_MID, 3),
        Map.entry(ExtMap.ABS_SEND_TIME, 4), Map.entry(ExtMap.TRANSPORT_WIDE_CC, 7));
    // Firefox offers extmap-allow-mixed per m-line only: answered there (RFC 8829 §5.3.1).
    assertThat(answer.isExtmapAllowMixed()).isFalse();
    assertThat(answer.media()).allSatisfy(m ->
        assertThat(m.hasAttribute("extmap-allow-mixed")).isTrue());

    assertThat(audio.remoteSsrcs()).containsExactly(1088074432L);
    assertThat(video.remoteSsrcGroups())
        .containsExactly(new SsrcGroup(SsrcGroup.FID, List.of(2121178649L, 3232013266L)));
    assertThat(video.remoteCname()).isEqualTo("{ea3eee8b-07d3-4412-9011-3602a0b02116}");
    assertThat(video.remoteIceUfrag()).isEqualTo("34a65ad5");
    // The session-level fingerprint.
    assertThat(video.remoteFingerprints())
        .isEqualTo(Fixtures.sdp(FIREFOX_WHIP).fingerprints());
  }

  @Test
  void firefoxSimulcastPublisher() {
    SessionDescription offer = Fixtures.sdp(FIREFOX_SIMULCAST);
    Negotiation n = answer(FIREFOX_SIMULCAST);
    NegotiatedMedia video = n.media("1");
    MediaDescription answered = n.localDescription().media().get(1);

    assertThat(offer.media("1").simulcast().toAttribute().value()).isEqualTo("send q;h;f");
    assertThat(answered.rids()).extracting(Rid::id, Rid::direction)
        .containsExactly(org.assertj.core.api.Assertions.tuple("q", Rid.Direction.RECV),
            org.assertj.core.api.Assertions.tuple("h", Rid.Direction.RECV),
            org.assertj.core.api.Assertions.tuple("f", Rid.Direction.RECV));
    assertThat(answered.attributeValue("simulcast")).isEqualTo("recv q;h;f");
    // Firefox offers the rid extensions /sendonly; the answer has them /recvonly
    // (RFC 8285 §6: the direction as seen by the answerer).
    assertThat(answered.extMaps()).contains(
        new ExtMap(9, Direction.RECVONLY, ExtMap.SDES_RTP_STREAM_ID, null),
        new ExtMap(10, Direction.RECVONLY, ExtMap.SDES_REPAIRED_RTP_STREAM_ID, null));
    // Unlike Chromium, Firefox announces each layer's SSRC and its RTX.
    assertThat(video.remoteSsrcGroups()).extracting(SsrcGroup::semantics)
        .containsExactly(SsrcGroup.FID, SsrcGroup.FID, SsrcGroup.FID);
    assertThat(video.remoteSsrcs()).hasSize(6);
    assertThat(video.remoteRids()).extracting(Rid::id).containsExactly("q", "h", "f");
  }

  @Test
  void firefoxViewer() {
    Negotiation n = answer(FIREFOX_WHEP);

    assertThat(n.media("0").codecs()).extracting(NegotiatedCodec::payloadType)
        .containsExactly(109);
    assertThat(n.localDescription().media().get(1).formats())
        .containsExactly("120", "124", "121", "125", "99", "100");
    assertThat(n.media("0").sendStream()).isEqualTo(AUDIO);
    assertThat(n.media("1").sendStream()).isEqualTo(VIDEO);
    assertThat(n.localDescription().media().get(1).ssrcIds()).containsExactly(2222L, 3333L);
    // A recvonly Firefox transceiver still announces the SSRC of its RTCP.
    assertThat(n.media("0").remoteSsrcs()).containsExactly(2618311232L);
    assertThat(n.media("1").remoteSsrcs()).containsExactly(920530507L);
  }

  @Test
  void webrtcbinPublisher() {
    Negotiation n = answer(WEBRTCBIN_WHIP);
    NegotiatedMedia video = n.media("video0");
    NegotiatedMedia audio = n.media("audio1");
    MediaDescription answeredAudio = n.localDescription().media().get(1);

    assertThat(n.localDescription().bundleGroups())
        .containsExactly(Group.bundle(List.of("video0", "audio1")));
    assertThat(video.codecs()).containsExactly(new NegotiatedCodec(96, "VP8", 90000, 0, "",
        List.of("nack", "nack pli", "ccm fir", "transport-cc"), 97));
    // Sluice keeps no RTX for audio: webrtcbin's 98 (rtx/48000, apt=111) is dropped, its nack
    // for Opus kept.
    assertThat(audio.codecs()).containsExactly(new NegotiatedCodec(111, "OPUS", 48000, 2,
        "sprop-stereo=0;sprop-maxcapturerate=48000", List.of("nack", "transport-cc"),
        NegotiatedCodec.NO_RTX));
    assertThat(answeredAudio.formats()).containsExactly("111");
    // The bundle-only m-line is accepted, on the bundle's port (RFC 8843 §7.3.1).
    assertThat(answeredAudio.port()).isEqualTo(TestConfigs.PORT);
    assertThat(video.extensionIds()).isEmpty();
    assertThat(audio.extensionIds()).isEmpty();
    assertThat(video.remoteSsrcGroups())
        .containsExactly(new SsrcGroup(SsrcGroup.FID, List.of(2773214729L, 874023874L)));
    assertThat(audio.remoteSsrcGroups())
        .containsExactly(new SsrcGroup(SsrcGroup.FID, List.of(3962741620L, 1220769532L)));
    assertThat(video.remoteCname()).isEqualTo("user3377800918@host-9f93e5ec");
    // ICE from the BUNDLE-tag (video0): webrtcbin's 32-character ufrag.
    assertThat(audio.remoteIceUfrag()).isEqualTo("cJBXBJYL0WJIGvLqwQfWX05JQEGJy31R");
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static Negotiation answer(String file) {
    SessionDescription offer = Fixtures.sdp(file);
    SdpAnswerer answerer = new SdpAnswerer(CONFIG);
    return file.contains("whep")
        ? answerer.answerViewer(offer, List.of(AUDIO, VIDEO))
        : answerer.answerPublisher(offer);
  }
}
