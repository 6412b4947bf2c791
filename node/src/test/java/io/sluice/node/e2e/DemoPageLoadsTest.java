package io.sluice.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.node.browser.Chromium;
import io.sluice.signaling.http.RequestContext;
import io.sluice.signaling.http.SessionAnswer;
import io.sluice.signaling.http.SignalingException;
import io.sluice.signaling.http.SignalingServer;
import io.sluice.signaling.http.WhipWhepBackend;
import io.sluice.signaling.sdp.Candidate;
import io.sluice.signaling.sdp.Direction;
import io.sluice.signaling.sdp.MediaDescription;
import io.sluice.signaling.sdp.RtpMap;
import io.sluice.signaling.sdp.SessionDescription;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo page ({@code io/sluice/node/demo/index.html}) loads in a real Chromium from a
 * {@link SignalingServer}'s static resource, exposes its automation API, and sends WHIP and WHEP
 * offers as a non-trickle client must: complete (with loopback candidates), with the codec asked
 * for, the bearer token given, and the server's refusal reported with its status and reason.
 *
 * <p>No node here: the backend refuses every offer with 503 and keeps what it was sent. Media
 * through a node is {@code BrowserToBrowserTest}'s job.
 */
@PrivateNetwork
@Timeout(180)
class DemoPageLoadsTest {
  static final String PAGE = "/io/sluice/node/demo/index.html";

  /** What the page sent, and a 503 for it. */
  record Offer(String kind, String streamId, SessionDescription sdp, RequestContext context) {}

  static final class RefusingBackend implements WhipWhepBackend {
    final List<Offer> offers = new CopyOnWriteArrayList<>();

    @Override
    public SessionAnswer publish(String streamId, SessionDescription offer, RequestContext c)
        throws SignalingException {
      offers.add(new Offer("whip", streamId, offer, c));
      throw SignalingException.unavailable("no media here", Duration.ofSeconds(3));
    }

    @Override
    public SessionAnswer play(String streamId, SessionDescription offer, RequestContext c)
        throws SignalingException {
      offers.add(new Offer("whep", streamId, offer, c));
      throw SignalingException.unavailable("no media here", Duration.ofSeconds(3));
    }

    @Override
    public void delete(String sessionId) {
      throw new AssertionError("no session was created, so none can be deleted: " + sessionId);
    }
  }

  private static final RefusingBackend backend = new RefusingBackend();
  @AutoClose
  private static @Nullable SignalingServer server;
  @AutoClose
  private static @Nullable Chromium chromium;
  private static Chromium.@Nullable Page page;

  @BeforeAll
  static void start() throws IOException {
    chromium = Chromium.start();
    server = SignalingServer.builder(backend)
        .bindAddress(new InetSocketAddress("127.0.0.1", 0))
        .staticResource("/", demoPage(), "text/html; charset=utf-8")
        .build()
        .start();
    page = chromium.open("http://127.0.0.1:" + server.localAddress().getPort() + "/");
  }

  @BeforeEach
  void forget() {
    backend.offers.clear();
  }

  static byte[] demoPage() throws IOException {
    try (InputStream in = DemoPageLoadsTest.class.getResourceAsStream(PAGE)) {
      if (in == null) {
        throw new IllegalStateException("no " + PAGE + " on the class path");
      }
      return in.readAllBytes();
    }
  }

  @Test
  void loadsSelfContainedWithTheAutomationApi() {
    assertThat(page.eval("window.pageReady")).isEqualTo(true);
    assertThat(page.eval("document.title")).isEqualTo("Sluice demo");
    for (String f : List.of("publish", "play", "stop", "stats")) {
      assertThat(page.eval("typeof window.sluice." + f)).as(f).isEqualTo("function");
    }
    // Self-contained: besides the document, the browser fetched nothing (not even a favicon)
    // but the WHIP and WHEP calls other tests made.
    assertThat(page.eval("performance.getEntriesByType('resource').map(e => e.name)"
        + ".filter(n => !/^\\/(whip|whep)\\//.test(new URL(n).pathname))"))
        .isEqualTo(List.of());
    assertThat(page.eval("[...document.scripts].filter(s => s.src).length")).isEqualTo(0L);
    assertThat(page.eval("[...document.styleSheets].filter(s => s.href).length")).isEqualTo(0L);
    assertThat(page.eval("document.getElementById('pubId').value")).isEqualTo("demo");
    assertThat(page.eval("document.getElementById('playId').value")).isEqualTo("demo");
  }

  @Test
  void statsWithNothingRunning() {
    Map<String, Object> stats = page.call("sluice.stats");
    assertThat(stats).containsEntry("playing", false).containsEntry("publish", null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"VP8", "H264"})
  void publishSendsOneCompleteOfferWithOnlyTheChosenCodecAndReportsTheRefusal(String codec) {
    assertThatThrownBy(() -> page.call("sluice.publish", "cam-" + codec,
        Map.of("codec", codec, "source", "pattern", "token", "t0ken")))
        .isInstanceOf(Chromium.ScriptFailure.class)
        .hasMessageContaining("WHIP POST /whip/cam-" + codec + ": 503 no media here");

    Offer offer = single(backend.offers);
    assertThat(offer.kind()).isEqualTo("whip");
    assertThat(offer.streamId()).isEqualTo("cam-" + codec);
    assertThat(offer.context().bearerToken()).isEqualTo("t0ken");
    assertThat(offer.context().header("content-type")).isEqualTo("application/sdp");
    MediaDescription video = media(offer.sdp(), "video");
    MediaDescription audio = media(offer.sdp(), "audio");
    assertThat(video.direction()).isEqualTo(Direction.SENDONLY);
    assertThat(audio.direction()).isEqualTo(Direction.SENDONLY);
    // setCodecPreferences: the chosen codec first, and nothing but it and its RTX.
    assertThat(video.rtpMaps()).extracting(RtpMap::encodingName)
        .first().isEqualTo(codec);
    assertThat(video.rtpMaps()).extracting(RtpMap::encodingName)
        .containsOnly(codec, "rtx");
    assertThat(audio.rtpMaps()).extracting(RtpMap::encodingName).contains("opus");
    assertCompleteLoopbackCandidates(offer.sdp());

    // The failed leg is gone: nothing publishes, and stats() says so.
    assertThat(page.call("sluice.stats")).containsEntry("publish", null);
  }

  @Test
  void playSendsOneCompleteRecvonlyOfferAndReportsTheRefusal() {
    assertThatThrownBy(() -> page.call("sluice.play", "demo"))
        .isInstanceOf(Chromium.ScriptFailure.class)
        .hasMessageContaining("WHEP POST /whep/demo: 503 no media here");

    Offer offer = single(backend.offers);
    assertThat(offer.kind()).isEqualTo("whep");
    assertThat(offer.streamId()).isEqualTo("demo");
    assertThat(offer.context().bearerToken()).isNull();
    assertThat(offer.sdp().media()).extracting(MediaDescription::media)
        .containsExactly("audio", "video");
    assertThat(offer.sdp().media()).extracting(MediaDescription::direction)
        .containsOnly(Direction.RECVONLY);
    assertThat(media(offer.sdp(), "video").rtpMaps()).extracting(RtpMap::encodingName)
        .contains("VP8", "H264");
    assertCompleteLoopbackCandidates(offer.sdp());
    assertThat(page.call("sluice.stats")).containsEntry("playing", false);
  }

  @Test
  void badInputIsRefusedInThePageBeforeAnyRequest() {
    assertThatThrownBy(() -> page.call("sluice.publish", "no spaces", Map.of()))
        .isInstanceOf(Chromium.ScriptFailure.class)
        .hasMessageContaining("stream id \"no spaces\" (expected: 1..128 of");
    assertThatThrownBy(() -> page.call("sluice.publish", "cam1", Map.of("codec", "MJPEG")))
        .hasMessageContaining("codec MJPEG (expected: VP8 or H264)");
    assertThatThrownBy(() -> page.call("sluice.publish", "cam1", Map.of("source", "screen")))
        .hasMessageContaining("source screen (expected: camera or pattern)");
    assertThat(backend.offers).isEmpty();
  }

  /**
   * Non-trickle: the offer carries the candidates, and in this namespace Chromium can have
   * gathered only loopback ones, which it does only with --allow-loopback-in-peer-connection.
   */
  private static void assertCompleteLoopbackCandidates(SessionDescription sdp) {
    List<Candidate> candidates = sdp.media().get(0).candidates();
    assertThat(candidates).isNotEmpty();
    if (!PrivateNetwork.Check.disabled()) {
      assertThat(candidates).extracting(Candidate::address).containsOnly("127.0.0.1");
    }
  }

  private static MediaDescription media(SessionDescription sdp, String kind) {
    return sdp.media().stream().filter(m -> m.media().equals(kind)).findFirst()
        .orElseThrow(() -> new AssertionError("no m=" + kind + " in the offer"));
  }

  private static Offer single(List<Offer> offers) {
    assertThat(offers).hasSize(1);
    return offers.get(0);
  }
}
