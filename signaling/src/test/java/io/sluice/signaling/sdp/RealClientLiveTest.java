package io.sluice.signaling.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.signaling.sdp.RealClient.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The installed real clients against Sluice's answerer, live: each makes a fresh offer, Sluice
 * answers it (as a publisher's for WHIP, a viewer's for WHEP), and the client must accept the
 * answer in {@code setRemoteDescription} with the directions WHIP and WHEP need. No media flows;
 * the node's tests cover that. Each client's test skips itself when the client is not installed
 * ({@code .ci/install-peers} installs them all).
 *
 * <p>The fresh offer must also have the codecs, extensions and simulcast layers of the golden
 * offer in {@code real/}: when a client upgrade changes them, the goldens are recaptured
 * ({@code RealClientSdpCapture}) so that the offline tests keep testing what clients send.
 */
@Timeout(300)
class RealClientLiveTest {
  private static final SendStream AUDIO = TestConfigs.AUDIO;
  private static final SendStream VIDEO = TestConfigs.VIDEO;

  @Test
  void chromiumAcceptsOurAnswers() throws Exception {
    try (ChromiumClient client = new ChromiumClient()) {
      for (Kind kind : List.of(Kind.WHIP, Kind.WHEP, Kind.WHIP_SIMULCAST)) {
        offerAndAnswer(client, kind);
      }
    }
  }

  @Test
  void firefoxAcceptsOurAnswers() throws Exception {
    try (FirefoxClient client = new FirefoxClient()) {
      for (Kind kind : List.of(Kind.WHIP, Kind.WHEP, Kind.WHIP_SIMULCAST)) {
        offerAndAnswer(client, kind);
      }
    }
  }

  @Test
  void webrtcbinAcceptsOurAnswer() throws Exception {
    try (WebrtcbinClient client = new WebrtcbinClient()) {
      offerAndAnswer(client, Kind.WHIP);
    }
  }

  private static void offerAndAnswer(RealClient client, Kind kind) throws Exception {
    String what = client.version() + " " + kind.id;
    RealClient.Offer made = client.makeOffer(kind);
    SessionDescription offer = SessionDescription.parse(made.gathered());
    assertThat(offer.toSdp()).as("%s: the offer round-trips byte for byte", what)
        .isEqualTo(made.gathered());

    String golden = "real/" + client.name() + "-" + kind.id + "-offer.sdp";
    assertThat(shape(offer))
        .as("%s: codecs, extensions and layers of %s (captured from %s); if the client changed,"
            + " recapture (see the fixtures README)", what, golden, capturedVersion(client))
        .isEqualTo(shape(Fixtures.sdp(golden)));

    SdpAnswerer answerer = TestConfigs.answerer();
    Negotiation n = kind == Kind.WHEP
        ? answerer.answerViewer(offer, List.of(AUDIO, VIDEO))
        : answerer.answerPublisher(offer);
    assertThat(n.rejected()).as("%s: rejected m-lines", what).isEmpty();

    RealClient.AnswerResult result = client.applyAnswer(kind, n.localSdp());
    assertThat(result.error()).as("%s: setRemoteDescription of\n%s", what, n.localSdp())
        .isEmpty();
    assertThat(result.directions()).as("%s: negotiated directions", what)
        .containsExactly(Collections.nCopies(2, kind == Kind.WHEP ? "recvonly" : "sendonly")
            .toArray(String[]::new));
  }

  /**
   * What must not change between the golden offer and a fresh one: per m-line its kind, direction,
   * codecs with their payload types, parameters and feedback, header extensions, rids and
   * simulcast. Not the random parts (ICE, fingerprint, SSRCs, msid, ports, candidates).
   */
  static List<String> shape(SessionDescription sdp) {
    List<String> lines = new ArrayList<>();
    for (MediaDescription m : sdp.media()) {
      lines.add("m=" + m.kind() + " mid " + m.mid() + " " + sdp.direction(m));
      for (int pt : m.payloadTypes()) {
        RtpMap r = m.rtpMap(pt);
        Fmtp f = m.fmtp(pt);
        lines.add("  " + pt + " " + (r == null ? "?" : r.encodingName() + "/" + r.clockRate())
            + (f == null ? "" : " " + f.parameters()) + " " + m.rtcpFeedback(pt).stream()
                .map(RtcpFeedback::id).toList());
      }
      sdp.extMaps(m).forEach(e -> lines.add("  extmap " + e.id() + (e.direction() == null ? "" : "/" + e.direction()) + " " + e.uri()));
      m.rids().forEach(r -> lines.add("  rid " + r.id() + " " + r.direction()));
      if (m.simulcast() != null) {
        lines.add("  simulcast " + m.simulcast());
      }
    }
    return lines;
  }

  private static String capturedVersion(RealClient client) {
    return Fixtures.text("real/versions.txt").lines()
        .filter(l -> l.startsWith(client.name() + ": "))
        .map(l -> l.substring(client.name().length() + 2)).findFirst().orElse("?");
  }
}
