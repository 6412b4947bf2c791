package io.sluice.signaling.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing, writing and the typed accessors over the client fixtures. */
class SessionDescriptionTest {

  @ParameterizedTest
  @ValueSource(strings = {Fixtures.CHROME_WHIP, Fixtures.CHROME_WHEP, Fixtures.CHROME_SIMULCAST,
      Fixtures.OBS_WHIP, Fixtures.GSTREAMER_WHIP, Fixtures.FFMPEG_WHIP})
  void roundTripReproducesEveryLineWithCrlf(String fixture) {
    String text = Fixtures.text(fixture);
    SessionDescription sdp = SessionDescription.parse(text);

    assertThat(sdp.toSdp()).isEqualTo(Fixtures.crlf(text));
    assertThat(SessionDescription.parse(sdp.toSdp())).isEqualTo(sdp);
    assertThat(SessionDescription.tryParse(text)).isEqualTo(sdp);
  }

  @Test
  void acceptsLfOnlyAndMissingFinalNewlineAndTrailingBlankLines() {
    String lf = "v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\nt=0 0\na=ice-lite";
    String crlf = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=ice-lite\r\n";
    assertThat(SessionDescription.parse(lf).toSdp()).isEqualTo(crlf);
    assertThat(SessionDescription.parse(crlf + "\r\n\n").toSdp()).isEqualTo(crlf);
  }

  @Test
  void keepsUnknownAttributesAndOrder() {
    String text = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
        + "a=x-custom:hello world\r\na=msid-semantic: WMS\r\na=flag\r\na=empty:\r\n"
        + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=zzz\r\na=rtpmap:111 opus/48000/2\r\na=aaa:1\r\n";
    SessionDescription sdp = SessionDescription.parse(text);

    assertThat(sdp.attributes()).containsExactly(
        Attribute.of("x-custom", "hello world"), Attribute.of("msid-semantic", " WMS"),
        Attribute.of("flag"), Attribute.of("empty", ""));
    assertThat(sdp.media().get(0).attributes()).extracting(Attribute::name)
        .containsExactly("zzz", "rtpmap", "aaa");
    assertThat(sdp.toSdp()).isEqualTo(text);
  }

  @Test
  void keepsEveryRfc8866LineType() {
    String text = "v=0\r\n"
        + "o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1\r\n"
        + "s=Call to John Smith\r\n"
        + "i=SDP Offer #1\r\n"
        + "u=http://www.jdoe.example.com/home.html\r\n"
        + "e=Jane Doe <jane@jdoe.example.com>\r\n"
        + "p=+1 617 555-6011\r\n"
        + "c=IN IP4 198.51.100.1\r\n"
        + "b=AS:2000\r\n"
        + "t=0 0\r\n"
        + "t=3034423619 3042462419\r\n"
        + "r=7d 1h 0 25h\r\n"
        + "z=2882844526 -1h 2898848070 0\r\n"
        + "k=prompt\r\n"
        + "a=recvonly\r\n"
        + "m=audio 49170 RTP/AVP 0\r\n"
        + "i=voice\r\n"
        + "c=IN IP6 2001:db8::2\r\n"
        + "c=IN IP6 2001:db8::3\r\n"
        + "b=TIAS:64000\r\n"
        + "k=prompt\r\n"
        + "m=video 51372/2 RTP/AVP 99\r\n"
        + "a=rtpmap:99 h263-1998/90000\r\n";
    SessionDescription sdp = SessionDescription.parse(text);

    assertThat(sdp.toSdp()).isEqualTo(text);
    assertThat(sdp.origin()).isEqualTo(
        new Origin("jdoe", "3724394400", "3724394405", "IN", "IP4", "198.51.100.1"));
    assertThat(sdp.sessionName()).isEqualTo("Call to John Smith");
    assertThat(sdp.emails()).containsExactly("Jane Doe <jane@jdoe.example.com>");
    assertThat(sdp.bandwidths()).containsExactly(new Bandwidth("AS", 2000));
    assertThat(sdp.timings()).containsExactly(Timing.PERMANENT,
        new Timing(3034423619L, 3042462419L, List.of("7d 1h 0 25h")));
    assertThat(sdp.direction()).isEqualTo(Direction.RECVONLY);
    MediaDescription audio = sdp.media().get(0);
    assertThat(audio.connections()).extracting(Connection::address)
        .containsExactly("2001:db8::2", "2001:db8::3");
    assertThat(audio.title()).isEqualTo("voice");
    assertThat(sdp.direction(audio)).isEqualTo(Direction.RECVONLY);
    assertThat(sdp.media().get(1).port()).isEqualTo(51372);
    assertThat(sdp.media().get(1).portCount()).isEqualTo(2);
  }

  @Test
  void chromeSessionLevel() {
    SessionDescription sdp = Fixtures.sdp(Fixtures.CHROME_WHIP);

    assertThat(sdp.origin().sessionId()).isEqualTo("4215775240449105457");
    assertThat(sdp.bundleGroups()).containsExactly(Group.bundle(List.of("0", "1")));
    assertThat(sdp.bundleGroup("1")).isEqualTo(Group.bundle(List.of("0", "1")));
    assertThat(sdp.isExtmapAllowMixed()).isTrue();
    assertThat(sdp.isIceLite()).isFalse();
    assertThat(sdp.iceUfrag()).isNull();
    assertThat(sdp.media()).extracting(MediaDescription::mid).containsExactly("0", "1");
    assertThat(sdp.media("1")).isSameAs(sdp.media().get(1));
  }

  @Test
  void chromeAudioMediaLevel() {
    SessionDescription sdp = Fixtures.sdp(Fixtures.CHROME_WHIP);
    MediaDescription audio = sdp.media().get(0);

    assertThat(audio.kind()).isEqualTo(MediaKind.AUDIO);
    assertThat(audio.port()).isEqualTo(54321);
    assertThat(audio.protocol()).isEqualTo("UDP/TLS/RTP/SAVPF");
    assertThat(audio.payloadTypes()).containsExactly(111, 63, 9, 0, 8, 13, 110, 126);
    assertThat(audio.connection()).isEqualTo(Connection.of("203.0.113.7"));
    assertThat(audio.direction()).isEqualTo(Direction.SENDONLY);
    assertThat(audio.isRtcpMux()).isTrue();
    assertThat(audio.isRtcpMuxOnly()).isFalse();
    assertThat(audio.iceUfrag()).isEqualTo("EsAw");
    assertThat(audio.icePwd()).isEqualTo("bP+XJMM09aR8AiX1jdukzR6Y");
    assertThat(audio.iceOptions()).containsExactly("trickle");
    assertThat(audio.setup()).isEqualTo(Setup.ACTPASS);
    assertThat(audio.rtpMap(111)).isEqualTo(new RtpMap(111, "opus", 48000, 2));
    assertThat(audio.rtpMap(0)).isEqualTo(new RtpMap(0, "PCMU", 8000, 0));
    assertThat(audio.rtpMap(0).channelCount()).isEqualTo(1);
    assertThat(audio.fmtp(111).parameterMap())
        .containsExactly(Map.entry("minptime", "10"), Map.entry("useinbandfec", "1"));
    assertThat(audio.fmtp(63).parameterMap()).containsExactly(Map.entry("111/111", ""));
    assertThat(audio.rtcpFeedback(111)).containsExactly(new RtcpFeedback(111, "transport-cc", null));
    assertThat(audio.extMaps()).extracting(ExtMap::id).containsExactly(1, 2, 3, 4);
    assertThat(audio.extMaps().get(3)).isEqualTo(ExtMap.of(4, ExtMap.SDES_MID));
    assertThat(audio.msid()).isEqualTo(new Msid("0f3c7b1e-5d7a-4a54-9c43-5e1d8a2b6f70",
        "9b2f4c6e-1a3d-4e8f-b7c5-2d9e0f1a3b4c"));
    assertThat(audio.ssrcs()).containsExactly(
        new Ssrc(2184531474L, "cname", "Xv3cGAB4mvE0R6pj"),
        new Ssrc(2184531474L, "msid", "0f3c7b1e-5d7a-4a54-9c43-5e1d8a2b6f70"
            + " 9b2f4c6e-1a3d-4e8f-b7c5-2d9e0f1a3b4c"));
    assertThat(audio.ssrcIds()).containsExactly(2184531474L);
  }

  @Test
  void chromeCandidates() {
    List<Candidate> candidates = Fixtures.sdp(Fixtures.CHROME_WHIP).media().get(0).candidates();

    assertThat(candidates).hasSize(3);
    Candidate mdns = candidates.get(0);
    assertThat(mdns.foundation()).isEqualTo("2803640580");
    assertThat(mdns.component()).isEqualTo(1);
    assertThat(mdns.isUdp()).isTrue();
    assertThat(mdns.priority()).isEqualTo(2113937151L);
    assertThat(mdns.address()).isEqualTo("3c9e2a1d-8a42-4c1b-9d7e-1f2e3d4c5b6a.local");
    assertThat(mdns.port()).isEqualTo(54321);
    assertThat(mdns.type()).isEqualTo("host");
    assertThat(mdns.relatedAddress()).isNull();
    assertThat(mdns.relatedPort()).isEqualTo(-1);
    assertThat(mdns.extensions())
        .containsExactly(Map.entry("generation", "0"), Map.entry("network-cost", "999"));
    Candidate srflx = candidates.get(1);
    assertThat(srflx.type()).isEqualTo("srflx");
    assertThat(srflx.relatedAddress()).isEqualTo("0.0.0.0");
    assertThat(srflx.relatedPort()).isEqualTo(0);
    Candidate tcp = candidates.get(2);
    assertThat(tcp.isUdp()).isFalse();
    assertThat(tcp.tcpType()).isEqualTo("active");
    assertThat(tcp.port()).isEqualTo(9);
    for (Candidate c : candidates) {
      assertThat(Candidate.parse(c.toValue())).isEqualTo(c);
    }
    assertThat(Fixtures.sdp(Fixtures.CHROME_WHIP).media().get(1).candidates()).isEmpty();
  }

  @Test
  void chromeVideoMediaLevel() {
    MediaDescription video = Fixtures.sdp(Fixtures.CHROME_WHIP).media().get(1);

    assertThat(video.kind()).isEqualTo(MediaKind.VIDEO);
    assertThat(video.rtpMaps()).hasSize(25);
    assertThat(video.rtpMap(45)).isEqualTo(new RtpMap(45, "AV1", 90000, 0));
    assertThat(video.fmtp(102).parameter("PROFILE-LEVEL-ID")).isEqualTo("42001f");
    assertThat(video.fmtp(102).parameters())
        .isEqualTo("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f");
    assertThat(video.fmtp(97).parameter("apt")).isEqualTo("96");
    assertThat(video.rtcpFeedback(96)).extracting(RtcpFeedback::id)
        .containsExactly("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");
    assertThat(video.rtcpFeedback(97)).isEmpty();
    assertThat(video.ssrcGroups()).containsExactly(
        new SsrcGroup("FID", List.of(1932475843L, 4076322212L)));
    assertThat(video.ssrcIds()).containsExactly(1932475843L, 4076322212L);
    assertThat(video.extMaps()).extracting(ExtMap::uri).contains(ExtMap.SDES_RTP_STREAM_ID,
        ExtMap.SDES_REPAIRED_RTP_STREAM_ID, ExtMap.TRANSPORT_WIDE_CC, ExtMap.ABS_SEND_TIME);
    assertThat(video.hasAttribute("rtcp-rsize")).isTrue();
  }

  @Test
  void fingerprintIsHashFunctionAndBytes() {
    SessionDescription sdp = Fixtures.sdp(Fixtures.CHROME_WHIP);
    Fingerprint fp = sdp.fingerprints(sdp.media().get(0)).get(0);

    assertThat(fp.hashFunction()).isEqualTo("sha-256");
    assertThat(fp.bytes()).hasSize(32).startsWith((byte) 0xDA, (byte) 0x7B, (byte) 0x57);
    assertThat(fp.isSupportedHash()).isTrue();
    assertThat(Fingerprint.parse("SHA-256 da:7b")).isEqualTo(new Fingerprint("sha-256", "DA:7B"));
  }

  @Test
  void libdatachannelPutsTransportAtSessionLevel() {
    SessionDescription sdp = Fixtures.sdp(Fixtures.OBS_WHIP);
    MediaDescription video = sdp.media().get(1);

    assertThat(video.iceUfrag()).isNull();
    assertThat(sdp.iceUfrag(video)).isEqualTo("n3zE");
    assertThat(sdp.icePwd(video)).isEqualTo("jG3z2nPZCl6B3zZB1bbl6Q");
    assertThat(sdp.iceOptions(video)).containsExactly("ice2", "trickle");
    assertThat(sdp.setup(video)).isEqualTo(Setup.ACTPASS);
    assertThat(sdp.fingerprints(video)).hasSize(1);
    assertThat(sdp.groups()).extracting(Group::semantics).containsExactly("BUNDLE", "LS");
    assertThat(sdp.bundleGroups()).hasSize(1);
    assertThat(sdp.media().get(0).isEndOfCandidates()).isTrue();
    assertThat(sdp.media().get(0).candidates()).extracting(Candidate::transport)
        .containsExactly("UDP", "UDP");
  }

  @Test
  void mediaLevelWinsOverSessionLevel() {
    SessionDescription sdp = SessionDescription.parse("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n"
        + "t=0 0\r\na=ice-ufrag:sess\r\na=ice-pwd:sessionpassword\r\na=setup:actpass\r\n"
        + "a=sendonly\r\nm=audio 9 RTP/SAVPF 0\r\na=ice-ufrag:media\r\na=setup:active\r\n"
        + "a=inactive\r\nm=audio 9 RTP/SAVPF 0\r\n");
    MediaDescription first = sdp.media().get(0);
    MediaDescription second = sdp.media().get(1);

    assertThat(sdp.iceUfrag(first)).isEqualTo("media");
    assertThat(sdp.icePwd(first)).isEqualTo("sessionpassword");
    assertThat(sdp.setup(first)).isEqualTo(Setup.ACTIVE);
    assertThat(sdp.direction(first)).isEqualTo(Direction.INACTIVE);
    assertThat(sdp.iceUfrag(second)).isEqualTo("sess");
    assertThat(sdp.setup(second)).isEqualTo(Setup.ACTPASS);
    assertThat(sdp.direction(second)).isEqualTo(Direction.SENDONLY);
  }

  @Test
  void defaultDirectionIsSendrecv() {
    SessionDescription sdp = SessionDescription.parse(
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n");
    assertThat(sdp.direction(sdp.media().get(0))).isEqualTo(Direction.SENDRECV);
    assertThat(sdp.media().get(0).direction()).isNull();
  }

  @Test
  void gstreamerBundleOnlyMediaIsNotRejected() {
    SessionDescription sdp = Fixtures.sdp(Fixtures.GSTREAMER_WHIP);
    MediaDescription audio = sdp.media().get(1);

    assertThat(audio.port()).isZero();
    assertThat(audio.isBundleOnly()).isTrue();
    assertThat(audio.isRejected()).isFalse();
    assertThat(audio.rtpMap(100).is("opus")).isTrue();
    assertThat(sdp.bundleGroups().get(0).mids()).containsExactly("video0", "audio1");
    assertThat(sdp.iceOptions()).containsExactly("trickle");
  }

  @Test
  void simulcastAndRids() {
    MediaDescription video = Fixtures.sdp(Fixtures.CHROME_SIMULCAST).media().get(1);

    assertThat(video.rids()).containsExactly(Rid.of("q", Rid.Direction.SEND),
        Rid.of("h", Rid.Direction.SEND), Rid.of("f", Rid.Direction.SEND));
    Simulcast simulcast = video.simulcast();
    assertThat(simulcast.send()).hasSize(3);
    assertThat(simulcast.send().get(2)).containsExactly(new Simulcast.Stream("f", false));
    assertThat(simulcast.receive()).isEmpty();
    assertThat(simulcast.toValue()).isEqualTo("send q;h;f");
    assertThat(video.ssrcs()).isEmpty();
  }

  @Test
  void builderAndNewBuilder() {
    MediaDescription audio = MediaDescription.builder("audio", 9, "UDP/TLS/RTP/SAVPF")
        .addFormat(111)
        .connection(Connection.of("0.0.0.0"))
        .addAttribute("mid", "0")
        .addAttribute(Direction.RECVONLY.toAttribute())
        .addAttribute(new RtpMap(111, "opus", 48000, 2).toAttribute())
        .build();
    SessionDescription sdp = SessionDescription.builder(Origin.of("123", 2))
        .addAttribute(Group.bundle(List.of("0")).toAttribute())
        .addMedia(audio)
        .build();

    assertThat(sdp.toSdp()).isEqualTo("v=0\r\no=- 123 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
        + "a=group:BUNDLE 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n"
        + "a=mid:0\r\na=recvonly\r\na=rtpmap:111 opus/48000/2\r\n");
    SessionDescription changed = sdp.newBuilder()
        .setMedia(0, audio.newBuilder().port(0).removeAttributes("recvonly").build())
        .build();
    assertThat(changed.media().get(0).port()).isZero();
    assertThat(changed.media().get(0).direction()).isNull();
    assertThat(sdp.media().get(0).direction()).isEqualTo(Direction.RECVONLY);
    assertThat(changed).isNotEqualTo(sdp);
    assertThat(changed.newBuilder().setMedia(0, audio).build()).isEqualTo(sdp);
  }

  @Test
  void valueTypesRejectWhatCannotBeWritten() {
    assertThatThrownBy(() -> Attribute.of("mid", "0\r\na=injected"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Attribute.of("bad name"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MediaDescription.builder("audio", 9, "RTP/AVP").build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new Origin("-", "1", "2", "IN", "IP4", "two words"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SessionDescription.Builder().build())
        .isInstanceOf(NullPointerException.class);
  }
}
