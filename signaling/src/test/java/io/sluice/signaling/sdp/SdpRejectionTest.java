package io.sluice.signaling.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.signaling.sdp.SdpNegotiationException.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every reason the node refuses an offer, with the exact message a WHIP or WHEP client gets in
 * the 4xx body.
 */
class SdpRejectionTest {
  private static final SendStream VIDEO =
      SendStream.of(MediaKind.VIDEO, 2222, "sluice", new Msid("s", "v"));

  private static SdpNegotiationException publishing(SessionDescription offer) {
    return assertThrows(SdpNegotiationException.class,
        () -> TestConfigs.answerer().answerPublisher(offer));
  }

  private static void rejects(SessionDescription offer, Reason reason, String message) {
    SdpNegotiationException e = publishing(offer);
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.getMessage()).isEqualTo(message);
  }

  private static SessionDescription chrome(String from, String to) {
    String text = Fixtures.text(Fixtures.CHROME_WHIP);
    String changed = text.replace(from, to);
    if (changed.equals(text)) {
      throw new AssertionError("fixture has no " + from);
    }
    return SessionDescription.parse(changed);
  }

  @Test
  void noCommonCodecOnAnyMLine() {
    SessionDescription offer = Offers.bundled(List.of("0", "1"),
        Offers.media("audio", "0", "sendonly", "a=rtpmap:0 PCMU/8000", "a=rtpmap:9 G722/8000"),
        Offers.video("1", "sendonly", "a=rtpmap:96 H265/90000", "a=rtpmap:97 rtx/90000",
            "a=fmtp:97 apt=96", "a=rtpmap:98 H264/90000",
            "a=fmtp:98 profile-level-id=42e01f;packetization-mode=0"));
    rejects(offer, Reason.NO_COMMON_CODEC, "offer has no m-line with a codec Sluice supports:"
        + " m-line 0 (audio, mid 0): no common codec (offered: PCMU/8000, G722/8000;"
        + " Sluice supports: opus/48000/2);"
        + " m-line 1 (video, mid 1): no common codec (offered: H265/90000, H264/90000"
        + " (profile-level-id=42e01f;packetization-mode=0); Sluice supports: VP8/90000,"
        + " H264/90000 (profile-level-id=42e01f;packetization-mode=1),"
        + " H264/90000 (profile-level-id=42001f;packetization-mode=1),"
        + " H264/90000 (profile-level-id=4d001f;packetization-mode=1),"
        + " H264/90000 (profile-level-id=64001f;packetization-mode=1),"
        + " VP9/90000 (profile-id=0), AV1/90000 (profile=0))");
  }

  @Test
  void noAudioOrVideoToServe() {
    SessionDescription dataOnly = SessionDescription.parse(Offers.SESSION + "a=group:BUNDLE 0\r\n"
        + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n"
        + Offers.TRANSPORT + "a=mid:0\r\na=sctp-port:5000\r\n");
    rejects(dataOnly, Reason.NO_MEDIA, "offer has no audio or video m-line Sluice can serve:"
        + " m-line 0 (application, mid 0): media type application is not supported"
        + " (expected: audio or video)");

    rejects(SessionDescription.parse(Offers.SESSION), Reason.NO_MEDIA,
        "offer has no audio or video m-line Sluice can serve: it has no m= line");

    SessionDescription plainRtp = SessionDescription.parse(Offers.SESSION
        + "m=audio 5004 RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\n");
    rejects(plainRtp, Reason.NO_MEDIA, "offer has no audio or video m-line Sluice can serve:"
        + " m-line 0 (audio): protocol RTP/AVP is not supported (expected: UDP/TLS/RTP/SAVPF)");
  }

  @Test
  void manyRejectedMLinesAreSummarised() {
    String line = "m=audio 5004 RTP/AVP 0\r\n";
    SessionDescription offer = SessionDescription.parse(Offers.SESSION + line.repeat(6));
    SdpNegotiationException e = publishing(offer);
    assertThat(e.reason()).isEqualTo(Reason.NO_MEDIA);
    assertThat(e.getMessage()).endsWith(
        "m-line 3 (audio): protocol RTP/AVP is not supported (expected: UDP/TLS/RTP/SAVPF); ...");
  }

  @Test
  void messagesQuoteOnlyBoundedPartsOfTheOffer() {
    String huge = "X".repeat(3000);
    List<String> lines = new java.util.ArrayList<>();
    for (int pt = 96; pt < 106; pt++) {
      lines.add("a=rtpmap:" + pt + " " + huge + pt + "/90000");
    }
    SessionDescription offer = Offers.bundled(List.of("0", "1"),
        Offers.video("0", "sendonly", lines.toArray(String[]::new)),
        Offers.video("1", "sendonly", lines.toArray(String[]::new)));
    SdpNegotiationException e = publishing(offer);

    assertThat(e.reason()).isEqualTo(Reason.NO_COMMON_CODEC);
    assertThat(e.getMessage()).hasSizeLessThanOrEqualTo(SdpNegotiationException.MAX_MESSAGE_LENGTH)
        .contains("(offered: " + "X".repeat(60) + "...; Sluice supports: VP8/90000");
  }

  @Test
  void offerWithoutBundle() {
    rejects(chrome("a=group:BUNDLE 0 1\r\n", ""), Reason.NOT_BUNDLED,
        "offer has no a=group:BUNDLE with mid 0: Sluice needs all media on one transport"
            + " (RFC 8843)");
  }

  @Test
  void offerWithAnMLineOutsideTheBundle() {
    rejects(chrome("a=group:BUNDLE 0 1", "a=group:BUNDLE 0"), Reason.NOT_BUNDLED,
        "offer puts mid 1 outside the BUNDLE group \"BUNDLE 0\": Sluice needs all media on one"
            + " transport (RFC 8843)");
  }

  @Test
  void offerWithTwoBundleGroups() {
    rejects(chrome("a=group:BUNDLE 0 1", "a=group:BUNDLE 0\r\na=group:BUNDLE 1"),
        Reason.NOT_BUNDLED, "offer puts mid 1 outside the BUNDLE group \"BUNDLE 0\": Sluice"
            + " needs all media on one transport (RFC 8843)");
  }

  @Test
  void offerWithoutMid() {
    rejects(chrome("a=mid:1\r\n", ""), Reason.NOT_BUNDLED,
        "offer has no a=mid on m-line 1 (video): Sluice needs every m-line in one BUNDLE group"
            + " (RFC 8843)");
  }

  @Test
  void offerWithoutRtcpMux() {
    String text = Fixtures.text(Fixtures.CHROME_WHIP);
    int video = text.indexOf("m=video");
    SessionDescription offer = SessionDescription.parse(text.substring(0, video)
        + text.substring(video).replace("a=rtcp-mux\r\n", ""));
    rejects(offer, Reason.NO_RTCP_MUX, "offer has no a=rtcp-mux on m-line 1 (mid 1): Sluice needs"
        + " RTP and RTCP on one port (RFC 5761, RFC 8858)");
  }

  @Test
  void offerWithoutIceCredentials() {
    rejects(chrome("a=ice-ufrag:EsAw\r\n", ""), Reason.MISSING_ICE_CREDENTIALS,
        "offer has no a=ice-ufrag for mid 0 (the BUNDLE-tag) or at session level (RFC 8839 §5.4)");
    rejects(chrome("a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y\r\n", ""),
        Reason.MISSING_ICE_CREDENTIALS,
        "offer has no a=ice-pwd for mid 0 (the BUNDLE-tag) or at session level (RFC 8839 §5.4)");
  }

  @Test
  void offerWithoutFingerprint() {
    SessionDescription offer = Fixtures.sdp(Fixtures.CHROME_WHIP);
    SessionDescription.Builder b = offer.newBuilder();
    for (int i = 0; i < offer.media().size(); i++) {
      b.setMedia(i, offer.media().get(i).newBuilder().removeAttributes("fingerprint").build());
    }
    rejects(b.build(), Reason.MISSING_FINGERPRINT, "offer has no a=fingerprint for mid 0 (the"
        + " BUNDLE-tag) or at session level: DTLS-SRTP needs the certificate fingerprint"
        + " (RFC 8122, RFC 5763 §5)");
  }

  @Test
  void offerWithAnUnsupportedFingerprintHashOnly() {
    rejects(chrome("a=fingerprint:sha-256", "a=fingerprint:md5"), Reason.MISSING_FINGERPRINT,
        "offer has a=fingerprint with md5 only (expected: one of sha-256, sha-384, sha-512,"
            + " sha-224, sha-1, RFC 8122 §5)");
  }

  @Test
  void publisherOfferingPassiveWhenSluiceMustBePassive() {
    rejects(Fixtures.sdp(Fixtures.FFMPEG_WHIP), Reason.SETUP_CONFLICT,
        "offer has a=setup:passive, so Sluice would have to be the DTLS client; Sluice is the"
            + " DTLS server (a=setup:passive) and needs a=setup:actpass or a=setup:active"
            + " (RFC 5763 §5)");
  }

  @Test
  void offerWithHoldconn() {
    rejects(chrome("a=setup:actpass", "a=setup:holdconn"), Reason.SETUP_CONFLICT,
        "offer has a=setup:holdconn, which opens no DTLS connection (expected: a=setup:actpass,"
            + " RFC 5763 §5)");
  }

  @Test
  void iceLiteOfferToIceLiteNode() {
    rejects(chrome("a=extmap-allow-mixed\r\n", "a=extmap-allow-mixed\r\na=ice-lite\r\n"),
        Reason.ICE_LITE_CONFLICT, "offer is a=ice-lite and so is Sluice: two ICE-lite agents"
            + " never send connectivity checks (RFC 8445 §2.5)");
  }

  @Test
  void whipOfferThatSendsNothing() {
    rejects(Fixtures.sdp(Fixtures.CHROME_WHEP), Reason.WRONG_DIRECTION,
        "offer sends no media: every m-line Sluice can take is recvonly or inactive (a WHIP"
            + " publisher's m-lines must be sendonly or sendrecv)");
  }

  @Test
  void whepOfferThatReceivesNothing() {
    assertThatThrownBy(() -> TestConfigs.answerer()
        .answerViewer(Fixtures.sdp(Fixtures.CHROME_WHIP), List.of(VIDEO)))
        .isInstanceOfSatisfying(SdpNegotiationException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.WRONG_DIRECTION);
          assertThat(e.getMessage()).isEqualTo(
              "offer receives nothing Sluice can send: every m-line Sluice can take is sendonly"
                  + " or inactive, or has no stream of its kind (Sluice sends: video; a WHEP"
                  + " viewer's m-lines must be recvonly or sendrecv)");
        });
  }

  @Test
  void whepOfferWhenThereIsNothingToSend() {
    assertThatThrownBy(() -> TestConfigs.answerer()
        .answerViewer(Fixtures.sdp(Fixtures.CHROME_WHEP), List.of()))
        .isInstanceOf(SdpNegotiationException.class)
        .hasMessageContaining("(Sluice sends: nothing;");
  }

  @Test
  void checksRunInAFixedOrder() {
    // A broken offer reports the first rule it breaks: codecs, then BUNDLE, then rtcp-mux, then
    // ICE, then DTLS, then direction.
    SessionDescription offer = chrome("a=group:BUNDLE 0 1\r\n", "")
        .newBuilder().removeAttributes("extmap-allow-mixed").build();
    assertThat(publishing(offer).reason()).isEqualTo(Reason.NOT_BUNDLED);
  }
}
