package io.sluice.signaling.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.signaling.sdp.Candidate;
import io.sluice.signaling.sdp.MediaDescription;
import io.sluice.signaling.sdp.SessionDescription;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WHIP and WHEP over HTTP against a real server on 127.0.0.1, status code by status code. */
class WhipWhepServerTest {
  private static final String CANDIDATE =
      "a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\r\n";

  private final ServerFixture fixture = new ServerFixture();
  private TestBackend backend;
  private SignalingServer server;
  private Http http;

  @BeforeEach
  void start() {
    backend = new TestBackend();
    server = fixture.start(backend, b -> b
        .addIceServer(IceServer.stun("stun:stun.example.net"))
        .addIceServer(IceServer.turn("turn:turn.example.net?transport=udp", "user", "secret")));
    http = new Http(server);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  // ---- 201 Created

  @Test
  void whipPostAnswersWithSdpLocationEtagAcceptPatchAndLinks() {
    HttpResponse<String> r = http.post("/whip/cam1", Http.SDP, Http.whipOffer());

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/sdp");
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("/whip/cam1/");
    String sessionId = location.substring("/whip/cam1/".length());
    assertThat(backend.sessions).containsEntry(sessionId, "cam1");
    assertThat(r.headers().firstValue("ETag").orElseThrow()).matches("\"[A-Za-z0-9_-]{22}\"");
    assertThat(r.headers().firstValue("Accept-Patch")).hasValue(Http.SDPFRAG);
    assertThat(r.headers().allValues("Link")).containsExactly(
        "<stun:stun.example.net>; rel=\"ice-server\"",
        "<turn:turn.example.net?transport=udp>; rel=\"ice-server\"; username=\"user\";"
            + " credential=\"secret\"; credential-type=\"password\"");
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");

    SessionDescription answer = SessionDescription.parse(r.body());
    assertThat(answer.isIceLite()).isTrue();
    for (MediaDescription m : answer.media()) {
      assertThat(m.iceUfrag()).isEqualTo(TestBackend.UFRAG);
      assertThat(m.direction()).hasToString("RECVONLY");
    }
    assertThat(server.sessionCount()).isEqualTo(1);
  }

  @Test
  void backendSeesRemoteAddressTokenAndHeaders() {
    http.send(http.request("/whip/cam1").header("Content-Type", Http.SDP)
        .header("Authorization", "Bearer abc").header("User-Agent", "sluice-test")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Http.whipOffer())));

    RequestContext c = backend.contexts.get(0);
    assertThat(c.remoteAddress().getAddress().isLoopbackAddress()).isTrue();
    assertThat(c.bearerToken()).isEqualTo("abc");
    assertThat(c.header("user-agent")).isEqualTo("sluice-test");
    assertThat(c.toString()).doesNotContain("abc");
  }

  @Test
  void whepPostForAKnownStreamAnswersSendonlyWithOurStreams() {
    HttpResponse<String> r = http.post("/whep/live", Http.SDP, Http.whepOffer());

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue("Location").orElseThrow()).startsWith("/whep/live/");
    SessionDescription answer = SessionDescription.parse(r.body());
    assertThat(answer.media()).allSatisfy(m -> assertThat(m.direction()).hasToString("SENDONLY"));
    assertThat(answer.media().get(1).ssrcIds()).contains(2222L, 3333L);
  }

  @Test
  void contentTypeParametersAndCaseAreIgnored() {
    HttpResponse<String> r =
        http.post("/whip/cam1", "Application/SDP; charset=utf-8", Http.whipOffer());
    assertThat(r.statusCode()).isEqualTo(201);
  }

  // ---- 4xx on the endpoint

  @Test
  void whepForAnUnknownStreamIs404FromTheBackend() {
    HttpResponse<String> r = http.post("/whep/nobody", Http.SDP, Http.whepOffer());
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).isEqualTo("no stream nobody\n");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(server.sessionCount()).isZero();
  }

  @Test
  void unparseableSdpIs400WithTheParserMessage() {
    HttpResponse<String> r = http.post("/whip/cam1", Http.SDP, "v=0\r\nm=video 9\r\n");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).startsWith("SDP offer: line ").endsWith("\n");
    assertThat(r.body().strip()).doesNotContain("\n");
    assertThat(backend.contexts).isEmpty();
  }

  @Test
  void emptyBodyIs400() {
    HttpResponse<String> r = http.post("/whip/cam1", Http.SDP, "");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("empty body");
  }

  @Test
  void offerBreakingAWebRtcRuleIs400WithTheNegotiationMessage() {
    String noRtcpMux = Http.whipOffer().replace("a=rtcp-mux\r\n", "").replace("a=rtcp-mux\n", "");
    HttpResponse<String> r = http.post("/whip/cam1", Http.SDP, noRtcpMux);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("rtcp-mux");
    assertThat(server.sessionCount()).isZero();
  }

  @Test
  void validOfferTheNodeCannotServeIs422() {
    // A WHEP (recvonly) offer posted to WHIP: WRONG_DIRECTION.
    HttpResponse<String> r = http.post("/whip/cam1", Http.SDP, Http.whepOffer());
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).isNotBlank();
    assertThat(server.sessionCount()).isZero();
  }

  @Test
  void wrongContentTypeIs415WithAcceptPost() {
    HttpResponse<String> r = http.post("/whip/cam1", "text/plain", Http.whipOffer());
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(r.headers().firstValue("Accept-Post")).hasValue("application/sdp");
    assertThat(r.body()).isEqualTo("Content-Type text/plain (expected: application/sdp)\n");
  }

  @Test
  void wrongMethodIs405WithAllow() {
    HttpResponse<String> r = http.method("GET", "/whip/cam1");
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");

    String location = createWhip("cam1").headers().firstValue("Location").orElseThrow();
    HttpResponse<String> onSession = http.post(location, Http.SDP, Http.whipOffer());
    assertThat(onSession.statusCode()).isEqualTo(405);
    assertThat(onSession.headers().firstValue("Allow")).hasValue("PATCH, DELETE, OPTIONS");
  }

  @Test
  void unknownPathsAre404AndBadIdsAre400() {
    assertThat(http.method("GET", "/nothing").statusCode()).isEqualTo(404);
    assertThat(http.post("/whip", Http.SDP, Http.whipOffer()).statusCode()).isEqualTo(404);
    assertThat(http.post("/whip/", Http.SDP, Http.whipOffer()).statusCode()).isEqualTo(404);
    assertThat(http.post("/whip/a/b/c", Http.SDP, Http.whipOffer()).statusCode())
        .isEqualTo(404);
    assertThat(http.post("/whip/a%20b", Http.SDP, Http.whipOffer()).statusCode())
        .isEqualTo(400);
    // Admin API off by default.
    assertThat(http.method("GET", "/healthz").statusCode()).isEqualTo(404);
  }

  @Test
  void redirectIs307WithLocationAndNoSession() {
    HttpResponse<String> r = http.post("/whip/redirect-me", Http.SDP, Http.whipOffer());
    assertThat(r.statusCode()).isEqualTo(307);
    assertThat(r.headers().firstValue("Location")).hasValue(TestBackend.OTHER_NODE.toString());
    assertThat(server.sessionCount()).isZero();
  }

  @Test
  void backendRefusalsPassThroughWithRetryAfter() {
    HttpResponse<String> full = http.post("/whip/full", Http.SDP, Http.whipOffer());
    assertThat(full.statusCode()).isEqualTo(503);
    assertThat(full.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(full.body()).isEqualTo("node full\n");

    HttpResponse<String> taken = http.post("/whip/taken", Http.SDP, Http.whipOffer());
    assertThat(taken.statusCode()).isEqualTo(409);
    assertThat(server.sessionCount()).isZero();
  }

  @Test
  void unexpectedBackendFailureIs500WithoutDetails() {
    HttpResponse<String> r = http.post("/whip/boom", Http.SDP, Http.whipOffer());
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("internal error\n");
    assertThat(server.sessionCount()).isZero();
  }

  @Test
  void sessionLimitPerAddressIs503WithRetryAfterUntilASessionEnds() {
    SignalingServer limited = fixture.start(backend, b -> b.maxSessionsPerAddress(2)
        .retryAfter(Duration.ofMillis(2500)));
    Http h = new Http(limited);
    String first = h.post("/whip/a", Http.SDP, Http.whipOffer()).headers()
        .firstValue("Location").orElseThrow();
    assertThat(h.post("/whip/b", Http.SDP, Http.whipOffer()).statusCode()).isEqualTo(201);

    HttpResponse<String> third = h.post("/whip/c", Http.SDP, Http.whipOffer());
    assertThat(third.statusCode()).isEqualTo(503);
    assertThat(third.headers().firstValue("Retry-After")).hasValue("3");
    assertThat(backend.sessions).hasSize(2);

    assertThat(h.method("DELETE", first).statusCode()).isEqualTo(200);
    assertThat(h.post("/whip/c", Http.SDP, Http.whipOffer()).statusCode()).isEqualTo(201);

    // A session the node ended frees its slot too.
    String id = backend.sessions.entrySet().stream().filter(e -> e.getValue().equals("c"))
        .findFirst().orElseThrow().getKey();
    limited.sessionEnded(id);
    assertThat(h.post("/whip/d", Http.SDP, Http.whipOffer()).statusCode()).isEqualTo(201);
  }

  @Test
  void totalSessionLimitIs503() {
    SignalingServer limited = fixture.start(backend, b -> b.maxSessions(1));
    Http h = new Http(limited);
    assertThat(h.post("/whip/a", Http.SDP, Http.whipOffer()).statusCode()).isEqualTo(201);
    assertThat(h.post("/whep/a", Http.SDP, Http.whepOffer()).statusCode()).isEqualTo(503);
  }

  // ---- DELETE

  @Test
  void deleteEndsTheSessionOnceThen404() {
    String location = createWhip("cam1").headers().firstValue("Location").orElseThrow();
    String sessionId = location.substring(location.lastIndexOf('/') + 1);

    HttpResponse<String> r = http.method("DELETE", location);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(backend.deleted).containsExactly(sessionId);
    assertThat(server.sessionCount()).isZero();

    assertThat(http.method("DELETE", location).statusCode()).isEqualTo(404);
    assertThat(backend.deleted).containsExactly(sessionId);
  }

  @Test
  void sessionResourceMustMatchItsKindAndStream() {
    String location = createWhip("cam1").headers().firstValue("Location").orElseThrow();
    String sessionId = location.substring(location.lastIndexOf('/') + 1);

    assertThat(http.method("DELETE", "/whep/cam1/" + sessionId).statusCode()).isEqualTo(404);
    assertThat(http.method("DELETE", "/whip/cam2/" + sessionId).statusCode()).isEqualTo(404);
    assertThat(http.method("DELETE", "/whip/cam1/unknown").statusCode()).isEqualTo(404);
    assertThat(backend.deleted).isEmpty();
  }

  @Test
  void sessionEndedByTheNodeIs404() {
    String location = createWhip("cam1").headers().firstValue("Location").orElseThrow();
    server.sessionEnded(location.substring(location.lastIndexOf('/') + 1));
    assertThat(http.method("DELETE", location).statusCode()).isEqualTo(404);
    assertThat(http.patch(location, Http.SDPFRAG, CANDIDATE).statusCode()).isEqualTo(404);
  }

  // ---- PATCH: trickle ICE and ICE restart (RFC 9725 §4.3)

  @Test
  void trickleWithMatchingIfMatchIs204AndReachesTheBackend() {
    HttpResponse<String> created = createWhip("cam1");
    String location = created.headers().firstValue("Location").orElseThrow();
    String etag = created.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> r = http.patch(location, Http.SDPFRAG,
        "a=ice-ufrag:EsAw\r\na=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
            + "a=mid:0\r\n" + CANDIDATE + "a=end-of-candidates\r\n",
        "If-Match", etag);

    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("ETag")).hasValue(etag);
    assertThat(r.headers().firstValue("Accept-Patch")).hasValue(Http.SDPFRAG);
    assertThat(backend.trickles).singleElement().satisfies(t -> {
      assertThat(location).endsWith(t.sessionId());
      assertThat(t.candidates()).containsExactly(
          Candidate.parse("1 1 udp 2122260223 127.0.0.1 50000 typ host"));
      assertThat(t.endOfCandidates()).isTrue();
    });
  }

  @Test
  void trickleWithoutIfMatchIsAccepted() {
    String location = createWhip("cam1").headers().firstValue("Location").orElseThrow();
    assertThat(http.patch(location, Http.SDPFRAG, CANDIDATE).statusCode()).isEqualTo(204);
    assertThat(backend.trickles).hasSize(1);
  }

  @Test
  void trickleWithAWrongEtagIs412() {
    String location = createWhip("cam1").headers().firstValue("Location").orElseThrow();
    HttpResponse<String> r = http.patch(location, Http.SDPFRAG, CANDIDATE,
        "If-Match", "\"not-the-etag\"");
    assertThat(r.statusCode()).isEqualTo(412);
    assertThat(backend.trickles).isEmpty();

    // A weak tag never matches (strong comparison, RFC 9110 §13.1.1).
    String etag = createWhip("cam2").headers().firstValue("ETag").orElseThrow();
    assertThat(http.patch(location, Http.SDPFRAG, CANDIDATE, "If-Match", "W/" + etag)
        .statusCode()).isEqualTo(412);
  }

  @Test
  void iceRestartWithIfMatchStarIs200WithNewCredentialsAndANewEtag() {
    HttpResponse<String> created = createWhip("cam1");
    String location = created.headers().firstValue("Location").orElseThrow();
    String oldEtag = created.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> r = http.patch(location, Http.SDPFRAG,
        "a=ice-ufrag:NewU\r\na=ice-pwd:NewPasswordNewPassword1\r\n" + CANDIDATE,
        "If-Match", "*");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(Http.SDPFRAG);
    String newEtag = r.headers().firstValue("ETag").orElseThrow();
    assertThat(newEtag).isNotEqualTo(oldEtag).matches("\"[A-Za-z0-9_-]{22}\"");
    TestBackend.Restart restart = backend.restarts.get(0);
    assertThat(restart.remote()).isEqualTo(new IceCredentials("NewU", "NewPasswordNewPassword1"));
    assertThat(restart.candidates()).hasSize(1);
    assertThat(r.body()).isEqualTo("a=ice-ufrag:" + restart.local().ufrag() + "\r\n"
        + "a=ice-pwd:" + restart.local().pwd() + "\r\n");

    // The old entity-tag is stale now; the new one works, with the new ufrag.
    assertThat(http.patch(location, Http.SDPFRAG, CANDIDATE, "If-Match", oldEtag).statusCode())
        .isEqualTo(412);
    assertThat(http.patch(location, Http.SDPFRAG, "a=ice-ufrag:NewU\r\n" + CANDIDATE,
        "If-Match", newEtag).statusCode()).isEqualTo(204);
    // The old generation's ufrag with a current entity-tag is not a trickle for this session.
    assertThat(http.patch(location, Http.SDPFRAG, "a=ice-ufrag:EsAw\r\n" + CANDIDATE,
        "If-Match", newEtag).statusCode()).isEqualTo(422);
  }

  @Test
  void iceRestartWithoutCredentialsOrWithTheSameUfragIs422() {
    String location = createWhip("cam1").headers().firstValue("Location").orElseThrow();
    HttpResponse<String> noCreds = http.patch(location, Http.SDPFRAG, CANDIDATE, "If-Match", "*");
    assertThat(noCreds.statusCode()).isEqualTo(422);
    assertThat(noCreds.body()).contains("a=ice-ufrag and a=ice-pwd");

    HttpResponse<String> same = http.patch(location, Http.SDPFRAG,
        "a=ice-ufrag:EsAw\r\na=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y\r\n", "If-Match", "*");
    assertThat(same.statusCode()).isEqualTo(422);
    assertThat(backend.restarts).isEmpty();
  }

  @Test
  void patchKindsTheBackendDoesNotSupportAre422() {
    backend.supportTrickle = false;
    backend.supportRestart = false;
    HttpResponse<String> created = createWhip("cam1");
    String location = created.headers().firstValue("Location").orElseThrow();

    HttpResponse<String> trickle = http.patch(location, Http.SDPFRAG, CANDIDATE);
    assertThat(trickle.statusCode()).isEqualTo(422);
    assertThat(trickle.body()).isEqualTo("trickle ICE is not supported\n");
    assertThat(trickle.headers().firstValue("Accept-Patch")).hasValue(Http.SDPFRAG);

    HttpResponse<String> restart = http.patch(location, Http.SDPFRAG,
        "a=ice-ufrag:NewU\r\na=ice-pwd:NewPasswordNewPassword1\r\n", "If-Match", "*");
    assertThat(restart.statusCode()).isEqualTo(422);
    assertThat(restart.body()).isEqualTo("ICE restart is not supported\n");
    // A refused restart keeps the entity-tag.
    assertThat(restart.headers().firstValue("ETag")).isEmpty();
  }

  @Test
  void patchWithAnotherContentTypeIs415WithAcceptPatch() {
    String location = createWhip("cam1").headers().firstValue("Location").orElseThrow();
    HttpResponse<String> r = http.patch(location, Http.SDP, Http.whipOffer());
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(r.headers().firstValue("Accept-Patch")).hasValue(Http.SDPFRAG);
  }

  @Test
  void malformedFragmentOrIfMatchIs400() {
    String location = createWhip("cam1").headers().firstValue("Location").orElseThrow();
    HttpResponse<String> badCandidate =
        http.patch(location, Http.SDPFRAG, "a=mid:0\r\na=candidate:1 1 udp\r\n");
    assertThat(badCandidate.statusCode()).isEqualTo(400);
    assertThat(badCandidate.body()).startsWith("SDP fragment: line 2: ");

    assertThat(http.patch(location, Http.SDPFRAG, CANDIDATE, "If-Match", "no-quotes")
        .statusCode()).isEqualTo(400);
    assertThat(backend.trickles).isEmpty();
  }

  // ---- OPTIONS and CORS

  @Test
  void optionsOnAnEndpointIsAPreflightWithAcceptPost() {
    HttpResponse<String> r = http.method("OPTIONS", "/whip/cam1",
        "Origin", "https://studio.example.com",
        "Access-Control-Request-Method", "POST",
        "Access-Control-Request-Headers", "authorization, content-type");

    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("Accept-Post")).hasValue("application/sdp");
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(r.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
        .contains("POST", "PATCH", "DELETE", "OPTIONS");
    assertThat(r.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
        .contains("Authorization", "Content-Type", "If-Match");
    assertThat(r.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
        .contains("Location", "ETag", "Link", "Accept-Patch");
    assertThat(r.body()).isEmpty();
  }

  @Test
  void optionsOnASessionHasAcceptPatch() {
    String location = createWhip("cam1").headers().firstValue("Location").orElseThrow();
    HttpResponse<String> r = http.method("OPTIONS", location);
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("Accept-Patch")).hasValue(Http.SDPFRAG);
    assertThat(r.headers().firstValue("Allow")).hasValue("PATCH, DELETE, OPTIONS");
  }

  @Test
  void listedOriginsAreEchoedOthersGetNoAllowOrigin() {
    SignalingServer s = fixture.start(backend,
        b -> b.allowedOrigins(List.of("https://studio.example.com")));
    Http h = new Http(s);

    HttpResponse<String> allowed = h.method("OPTIONS", "/whip/cam1",
        "Origin", "https://studio.example.com");
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://studio.example.com");
    assertThat(allowed.headers().allValues("Vary")).contains("Origin");

    HttpResponse<String> other = h.send(h.request("/whip/cam1")
        .header("Origin", "https://evil.example.net").header("Content-Type", "application/sdp")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x")));
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(other.headers().allValues("Vary")).contains("Origin");
  }

  // ---- Authorization

  @Test
  void bearerTokenAuthorization() {
    SignalingServer s = fixture.start(backend,
        b -> b.authorizer(Authorizer.bearerToken("s3cret")));
    Http h = new Http(s);

    HttpResponse<String> none = h.post("/whip/cam1", Http.SDP, Http.whipOffer());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");

    HttpResponse<String> wrong = h.send(h.request("/whip/cam1").header("Content-Type", Http.SDP)
        .header("Authorization", "Bearer nope")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Http.whipOffer())));
    assertThat(wrong.statusCode()).isEqualTo(403);

    HttpResponse<String> right = h.send(h.request("/whip/cam1").header("Content-Type", Http.SDP)
        .header("Authorization", "bearer s3cret")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Http.whipOffer())));
    assertThat(right.statusCode()).isEqualTo(201);
    String location = right.headers().firstValue("Location").orElseThrow();

    // The session resource is protected too; preflights are not.
    assertThat(h.method("DELETE", location).statusCode()).isEqualTo(401);
    assertThat(h.method("OPTIONS", location).statusCode()).isEqualTo(204);
    assertThat(h.method("DELETE", location, "Authorization", "Bearer s3cret").statusCode())
        .isEqualTo(200);
    assertThat(backend.contexts).hasSize(1);
  }

  @Test
  void authorizerSeesStreamAndAction() {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    SignalingServer s = fixture.start(backend, b -> b.authorizer((token, remote, stream, action) -> {
      seen.add(action + " " + stream);
      return !"private".equals(stream);
    }));
    Http h = new Http(s);
    assertThat(h.post("/whep/private", Http.SDP, Http.whepOffer()).statusCode()).isEqualTo(401);
    assertThat(h.post("/whep/live", Http.SDP, Http.whepOffer()).statusCode()).isEqualTo(201);
    assertThat(seen).containsExactly("PLAY private", "PLAY live");
  }

  private HttpResponse<String> createWhip(String streamId) {
    HttpResponse<String> r = http.post("/whip/" + streamId, Http.SDP, Http.whipOffer());
    assertThat(r.statusCode()).isEqualTo(201);
    return r;
  }

  static void awaitTrue(java.util.function.BooleanSupplier condition) {
    await().atMost(Duration.ofSeconds(10)).until(condition::getAsBoolean);
  }
}
