package io.sluice.signaling.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JSON admin API, parsed back with Jackson. */
class AdminApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final StreamInfo CAM1 = StreamInfo.builder("cam1")
      .addTrack(new TrackInfo("audio", "opus", 0x1111_1111L))
      .addTrack(new TrackInfo("video", "VP8", 0xFFFF_FFFFL))
      .publisher(SessionStats.builder("pub-1").packets(1000).bytes(1_200_000).packetsLost(3)
          .fractionLost(0.01).jitterMs(2.5).rttMs(12).nacks(3).retransmitCacheOn(true).build())
      .viewerCount(2)
      .ingestBitrateBps(2_500_000)
      .addViewer(SessionStats.builder("view-1").packets(900).build())
      .build();

  /** An admin backend with one stream and a set of deletable sessions. */
  static final class TestAdmin implements AdminBackend {
    final Set<String> sessions = ConcurrentHashMap.newKeySet();
    volatile HealthInfo health = HealthInfo.ok(Map.of("streams", 1, "node", "test"));

    @Override
    public List<StreamInfo> streams() {
      return List.of(CAM1, StreamInfo.builder("idle").build());
    }

    @Override
    public @Nullable StreamInfo stream(String streamId) {
      return streams().stream().filter(s -> s.id().equals(streamId)).findFirst().orElse(null);
    }

    @Override
    public boolean deleteSession(String sessionId) {
      return sessions.remove(sessionId);
    }

    @Override
    public HealthInfo health() {
      return health;
    }
  }

  private final ServerFixture fixture = new ServerFixture();
  private final TestBackend backend = new TestBackend();
  private final TestAdmin admin = new TestAdmin();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void listsStreamsWithTracksPublisherViewersAndBitrate() throws Exception {
    Http http = new Http(fixture.start(backend, b -> b.adminBackend(admin)));
    HttpResponse<String> r = http.method("GET", "/api/streams");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode streams = JSON.readTree(r.body()).get("streams");
    assertThat(streams).hasSize(2);
    JsonNode cam1 = streams.get(0);
    assertThat(cam1.get("id").asText()).isEqualTo("cam1");
    assertThat(cam1.get("viewerCount").asInt()).isEqualTo(2);
    assertThat(cam1.get("ingestBitrateBps").asLong()).isEqualTo(2_500_000);
    assertThat(cam1.get("tracks").get(1).get("kind").asText()).isEqualTo("video");
    assertThat(cam1.get("tracks").get(1).get("codec").asText()).isEqualTo("VP8");
    assertThat(cam1.get("tracks").get(1).get("ssrc").asLong()).isEqualTo(0xFFFF_FFFFL);
    JsonNode pub = cam1.get("publisher");
    assertThat(pub.get("sessionId").asText()).isEqualTo("pub-1");
    assertThat(pub.get("packets").asLong()).isEqualTo(1000);
    assertThat(pub.get("bytes").asLong()).isEqualTo(1_200_000);
    assertThat(pub.get("packetsLost").asLong()).isEqualTo(3);
    assertThat(pub.get("fractionLost").asDouble()).isEqualTo(0.01);
    assertThat(pub.get("jitterMs").asDouble()).isEqualTo(2.5);
    assertThat(pub.get("rttMs").asDouble()).isEqualTo(12.0);
    assertThat(pub.get("nacks").asLong()).isEqualTo(3);
    assertThat(pub.get("retransmitCacheOn").asBoolean()).isTrue();
    assertThat(cam1.get("viewers").get(0).get("rttMs").asDouble()).isEqualTo(-1.0);
    assertThat(streams.get(1).get("publisher").isNull()).isTrue();

    // Jackson can read the records back, so the JSON is the records' own shape.
    StreamInfo back = JSON.treeToValue(cam1, StreamInfo.class);
    assertThat(back).isEqualTo(CAM1);
  }

  @Test
  void oneStreamOr404() throws Exception {
    Http http = new Http(fixture.start(backend, b -> b.adminBackend(admin)));
    HttpResponse<String> r = http.method("GET", "/api/streams/cam1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("id").asText()).isEqualTo("cam1");

    HttpResponse<String> none = http.method("GET", "/api/streams/nope");
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.body()).isEqualTo("no stream nope\n");
  }

  @Test
  void deleteSessionEndsItAndItsResource() throws Exception {
    SignalingServer server = fixture.start(backend, b -> b.adminBackend(admin));
    Http http = new Http(server);
    String location = http.post("/whip/cam1", Http.SDP, Http.whipOffer()).headers()
        .firstValue("Location").orElseThrow();
    String sessionId = location.substring(location.lastIndexOf('/') + 1);
    admin.sessions.add(sessionId);

    HttpResponse<String> r = http.method("DELETE", "/api/sessions/" + sessionId);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("sessionId").asText()).isEqualTo(sessionId);
    assertThat(body.get("deleted").asBoolean()).isTrue();
    assertThat(server.sessionCount()).isZero();
    assertThat(http.method("DELETE", location).statusCode()).isEqualTo(404);

    assertThat(http.method("DELETE", "/api/sessions/" + sessionId).statusCode()).isEqualTo(404);
    assertThat(http.method("GET", "/api/sessions/" + sessionId).statusCode()).isEqualTo(405);
  }

  @Test
  void healthzIsOkJsonOr503() throws Exception {
    SignalingServer server = fixture.start(backend, b -> b.adminBackend(admin));
    Http http = new Http(server);
    http.post("/whip/cam1", Http.SDP, Http.whipOffer());

    HttpResponse<String> r = http.method("GET", "/healthz");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("status").asText()).isEqualTo("ok");
    assertThat(body.get("streams").asInt()).isEqualTo(1);
    assertThat(body.get("node").asText()).isEqualTo("test");
    assertThat(body.get("httpSessions").asInt()).isEqualTo(1);
    assertThat(body.get("uptimeSeconds").asLong()).isNotNegative();

    admin.health = new HealthInfo("draining", Map.of());
    HttpResponse<String> down = http.method("GET", "/healthz");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(down.body()).get("status").asText()).isEqualTo("draining");
  }

  @Test
  void adminApiIsAuthorizedWithAdminAndHealthActions() {
    Authorizer adminToken = (token, remote, stream, action) ->
        action == Authorizer.Action.HEALTH || "admin".equals(token);
    Http http = new Http(fixture.start(backend, b -> b.adminBackend(admin)
        .authorizer(adminToken)));

    assertThat(http.method("GET", "/api/streams").statusCode()).isEqualTo(401);
    assertThat(http.method("GET", "/api/streams", "Authorization", "Bearer viewer").statusCode())
        .isEqualTo(403);
    assertThat(http.method("GET", "/api/streams", "Authorization", "Bearer admin").statusCode())
        .isEqualTo(200);
    assertThat(http.method("GET", "/healthz").statusCode()).isEqualTo(200);
    assertThat(http.method("OPTIONS", "/api/streams").statusCode()).isEqualTo(204);
    assertThat(http.method("POST", "/api/streams", "Authorization", "Bearer admin")
        .headers().firstValue("Allow")).hasValue("GET, OPTIONS");
  }

  @Test
  void adminPathsAreConfigurable() {
    Http http = new Http(fixture.start(backend, b -> b.adminBackend(admin)
        .adminPath("/admin/v1").healthPath("/health")));
    assertThat(http.method("GET", "/admin/v1/streams").statusCode()).isEqualTo(200);
    assertThat(http.method("GET", "/health").statusCode()).isEqualTo(200);
    assertThat(http.method("GET", "/api/streams").statusCode()).isEqualTo(404);
  }
}
