package io.sluice.signaling.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.signaling.sdp.SessionDescription;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Validation of the public value types. */
class ValueTypesTest {

  @Test
  void signalingExceptionKeepsItsReasonOnOneBoundedLine() {
    SignalingException e = new SignalingException(409, "line one\r\nline two\u0000");
    assertThat(e.reason()).isEqualTo("line one  line two");
    assertThat(new SignalingException(400, "x".repeat(2000)).reason())
        .hasSize(SignalingException.MAX_REASON_LENGTH).endsWith("...");
  }

  @Test
  void signalingExceptionChecksStatusLocationAndRetryAfter() {
    assertThatThrownBy(() -> new SignalingException(200, "ok"))
        .hasMessage("status 200 (expected: 300..599)");
    assertThatThrownBy(() -> new SignalingException(307, "go"))
        .hasMessage("status 307 needs a location");
    assertThatThrownBy(() -> new SignalingException(404, "x", null, URI.create("http://a/")))
        .hasMessage("location given for status 404 (expected: 3xx)");
    SignalingException redirect = SignalingException.redirect(URI.create("http://b/whip/x"));
    assertThat(redirect.status()).isEqualTo(307);
    assertThat(redirect.location()).hasToString("http://b/whip/x");
    assertThat(SignalingException.unavailable("busy", Duration.ofSeconds(3)).retryAfter())
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void sessionIdsAreUrlSafe() {
    SessionDescription sdp = SessionDescription.parse(Http.whipOffer());
    assertThat(new SessionAnswer("a-Z_0.9~", sdp).sessionId()).isEqualTo("a-Z_0.9~");
    for (String bad : List.of("", "a/b", "a b", "a%20", "ä", "x".repeat(129))) {
      assertThatThrownBy(() -> new SessionAnswer(bad, sdp))
          .isInstanceOf(IllegalArgumentException.class);
    }
    String id = SessionAnswer.newSessionId();
    assertThat(id).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(SessionAnswer.newSessionId());
  }

  @Test
  void iceCredentialsFollowRfc8839() {
    new IceCredentials("abcd", "a".repeat(22));
    assertThatThrownBy(() -> new IceCredentials("abc", "a".repeat(22)))
        .hasMessage("ice-ufrag has 3 characters (expected: 4..256)");
    assertThatThrownBy(() -> new IceCredentials("abcd", "a".repeat(21)))
        .hasMessage("ice-pwd has 21 characters (expected: 22..256)");
    assertThatThrownBy(() -> new IceCredentials("ab-d", "a".repeat(22)))
        .hasMessage("ice-ufrag has character 0x2d (expected: A-Z a-z 0-9 + /)");
    assertThat(new IceCredentials("abcd", "p".repeat(22)).toString()).doesNotContain("ppp");
  }

  @Test
  void iceServerLinkHeaders() {
    assertThat(IceServer.stun("stun:127.0.0.1:3478").linkHeaderValues())
        .containsExactly("<stun:127.0.0.1:3478>; rel=\"ice-server\"");
    IceServer turn = new IceServer(List.of("turn:t?transport=udp", "turns:t:443?transport=tcp"),
        "u", "p");
    assertThat(turn.linkHeaderValues()).containsExactly(
        "<turn:t?transport=udp>; rel=\"ice-server\"; username=\"u\"; credential=\"p\";"
            + " credential-type=\"password\"",
        "<turns:t:443?transport=tcp>; rel=\"ice-server\"; username=\"u\"; credential=\"p\";"
            + " credential-type=\"password\"");
    assertThat(turn.toString()).doesNotContain("credential=p");
    assertThatThrownBy(() -> IceServer.stun("http://x")).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> IceServer.stun("stun:x>; rel=evil")).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> IceServer.turn("turn:x", "u\"", "p")).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> new IceServer(List.of("turn:x"), "u", null)).isInstanceOf(
        IllegalArgumentException.class);
  }

  @Test
  void requestContextLowerCasesHeaderNames() {
    RequestContext c = new RequestContext(new java.net.InetSocketAddress("127.0.0.1", 1), null,
        Map.of("User-Agent", List.of("x")));
    assertThat(c.header("USER-AGENT")).isEqualTo("x");
    assertThat(c.headers()).containsOnlyKeys("user-agent");
  }

  @Test
  void builderRejectsBadPathsAndOrigins() {
    TestBackend backend = new TestBackend();
    assertThatThrownBy(() -> SignalingServer.builder(backend).whipPath("whip"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SignalingServer.builder(backend).whipPath("/whip/"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SignalingServer.builder(backend).whepPath("/whip").build())
        .hasMessage("paths /whip and /whip overlap");
    assertThatThrownBy(() -> SignalingServer.builder(backend).adminPath("/whip/api").build())
        .hasMessage("paths /whip and /whip/api overlap");
    assertThatThrownBy(() -> SignalingServer.builder(backend)
        .allowedOrigins(List.of("https://a.example, https://b.example")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SignalingServer.builder(backend).maxBodyBytes(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void serverLifecycle() throws Exception {
    SignalingServer server = SignalingServer.builder(new TestBackend())
        .bindAddress(new java.net.InetSocketAddress("127.0.0.1", 0)).build();
    assertThatThrownBy(server::localAddress).hasMessage("not started");
    server.start();
    assertThat(server.localAddress().getPort()).isPositive();
    assertThatThrownBy(server::start).hasMessage("already started");
    server.close();
    server.close();
    assertThatThrownBy(server::start).hasMessage("closed");

    // A taken port fails start() with the bind error and frees the server's threads.
    try (SignalingServer first = SignalingServer.builder(new TestBackend())
        .bindAddress(new java.net.InetSocketAddress("127.0.0.1", 0)).build().start()) {
      SignalingServer second = SignalingServer.builder(new TestBackend())
          .bindAddress(first.localAddress()).build();
      assertThatThrownBy(second::start).isInstanceOf(java.io.IOException.class);
    }
  }
}
