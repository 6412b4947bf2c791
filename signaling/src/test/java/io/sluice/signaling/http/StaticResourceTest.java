package io.sluice.signaling.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Static resources ({@link SignalingServer.Builder#staticResource}) on a real server. */
class StaticResourceTest {
  private static final String HTML = "text/html; charset=utf-8";
  /** Non-ASCII on purpose: the bytes must arrive as given, not re-encoded. */
  private static final byte[] PAGE =
      "<!doctype html><title>Sluice – démo</title><p>ok</p>\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SCRIPT = "window.x = 1;\n".getBytes(StandardCharsets.UTF_8);

  private final ServerFixture fixture = new ServerFixture();
  private final TestBackend backend = new TestBackend();
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void stop() {
    fixture.close();
  }

  private SignalingServer pageServer() {
    return fixture.start(backend, b -> b
        .staticResource("/", PAGE, HTML)
        .staticResource("/app.js", SCRIPT, "text/javascript; charset=utf-8"));
  }

  private HttpResponse<byte[]> bytes(Http http, String method, String path) throws Exception {
    return client.send(http.request(path).method(method, HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void getServesTheExactBytesWithTypeLengthAndNoCache() throws Exception {
    Http http = new Http(pageServer());

    HttpResponse<byte[]> page = bytes(http, "GET", "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).isEqualTo(PAGE);
    assertThat(page.headers().firstValue("Content-Type")).hasValue(HTML);
    assertThat(page.headers().firstValueAsLong("Content-Length")).hasValue(PAGE.length);
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");

    HttpResponse<byte[]> script = bytes(http, "GET", "/app.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.body()).isEqualTo(SCRIPT);
    assertThat(script.headers().firstValue("Content-Type"))
        .hasValue("text/javascript; charset=utf-8");
  }

  @Test
  void theQueryIsIgnored() throws Exception {
    Http http = new Http(pageServer());
    HttpResponse<byte[]> r = bytes(http, "GET", "/?stream=cam1&autoplay=1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(PAGE);
  }

  @Test
  void headSendsTheHeadersAndLengthButNoBodyAndTheConnectionStaysUsable() throws IOException {
    SignalingServer server = pageServer();
    // HEAD then GET on one connection: if HEAD leaked body bytes, the GET's status line would
    // not follow the HEAD's header block directly.
    String response = rawExchange(server, "HEAD / HTTP/1.1\r\nHost: t\r\n\r\n"
        + "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    String page = new String(PAGE, StandardCharsets.UTF_8);
    int headEnd = response.indexOf("\r\n\r\n") + 4;
    String head = response.substring(0, headEnd).toLowerCase();
    assertThat(head).startsWith("http/1.1 200 ok\r\n")
        .contains("content-length: " + PAGE.length + "\r\n")
        .contains("content-type: " + HTML + "\r\n");
    String get = response.substring(headEnd);
    assertThat(get).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n" + page);
    assertThat(response.split(java.util.regex.Pattern.quote(page), -1)).hasSize(2);
  }

  @Test
  void otherMethodsAre405AndOptionsIsAPreflight() throws Exception {
    Http http = new Http(pageServer());

    HttpResponse<String> post = http.post("/", "text/plain", "x");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
    assertThat(post.body()).isEqualTo("POST not allowed on / (expected: GET or HEAD)\n");
    assertThat(http.method("DELETE", "/app.js").statusCode()).isEqualTo(405);

    HttpResponse<String> options = http.method("OPTIONS", "/");
    assertThat(options.statusCode()).isEqualTo(204);
    assertThat(options.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
    assertThat(options.headers().firstValue("Access-Control-Allow-Methods")).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/index.html", "/app.js/", "/app.js/x", "//", "/./app.js",
      "/x/../app.js", "/%2e%2e/app.js", "/app%2Ejs", "/APP.JS"})
  void onlyTheExactPathMatches(String path) throws IOException {
    // Over a raw socket: java.net.URI would remove the dot segments before sending.
    String r = rawExchange(pageServer(), "GET " + path + " HTTP/1.1\r\nHost: t\r\n"
        + "Connection: close\r\n\r\n");
    assertThat(r).as(path).startsWith("HTTP/1.1 404 ").doesNotContain("window.x");
  }

  @Test
  void withoutStaticResourcesTheRootIs404() {
    Http http = new Http(fixture.start(backend));
    assertThat(http.method("GET", "/").statusCode()).isEqualTo(404);
  }

  @Test
  void staticResourcesAreNotAuthorizedButEverythingElseStillIs() {
    Http http = new Http(fixture.start(backend, b -> b
        .authorizer(Authorizer.bearerToken("secret"))
        .staticResource("/", PAGE, HTML)));
    assertThat(http.method("GET", "/").statusCode()).isEqualTo(200);
    assertThat(http.post("/whip/cam1", Http.SDP, Http.whipOffer()).statusCode()).isEqualTo(401);
  }

  @Test
  void theBytesAreCopiedWhenGiven() throws Exception {
    byte[] mine = PAGE.clone();
    SignalingServer server = fixture.start(backend, b -> b.staticResource("/", mine, HTML));
    Arrays.fill(mine, (byte) 'X');
    assertThat(bytes(new Http(server), "GET", "/").body()).isEqualTo(PAGE);
  }

  @Test
  void aLaterCallForTheSamePathReplacesTheEarlier() throws Exception {
    Http http = new Http(fixture.start(backend, b -> b
        .staticResource("/", SCRIPT, "text/plain")
        .staticResource("/", PAGE, HTML)));
    HttpResponse<byte[]> r = bytes(http, "GET", "/");
    assertThat(r.body()).isEqualTo(PAGE);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(HTML);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "index.html", "/a b", "/demo/", "/a//b", "/../x", "/a?b", "/%41"})
  void malformedPathsAreRejected(String path) {
    assertThatThrownBy(() -> SignalingServer.builder(backend).staticResource(path, PAGE, HTML))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void malformedContentTypesAreRejected() {
    assertThatThrownBy(() -> SignalingServer.builder(backend).staticResource("/", PAGE, " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SignalingServer.builder(backend)
        .staticResource("/", PAGE, "text/html\r\nSet-Cookie: a=b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected: a media type");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/whip", "/whep/cam1", "/api", "/api/streams", "/healthz"})
  void staticResourcesCannotShadowTheEndpoints(String path) {
    SignalingServer.Builder b = SignalingServer.builder(backend).staticResource(path, PAGE, HTML);
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("static resource " + path + " is inside path");
  }

  /** Sends {@code request} as is and returns all the server sends until it closes. */
  private static String rawExchange(SignalingServer server, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.localAddress().getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      s.getInputStream().transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
