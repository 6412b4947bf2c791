package io.sluice.signaling.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's limits, driven over raw sockets where a well-behaved client cannot misbehave
 * enough: body size (413), slow requests (408), idle connections, connections per address (503),
 * pipelining, and the rollback of a session whose answer cannot be delivered.
 */
class HttpLimitsTest {
  private static final Duration TIMEOUT = Duration.ofMillis(400);

  private final ServerFixture fixture = new ServerFixture();
  private final TestBackend backend = new TestBackend();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void bodyOverTheLimitIs413AndTheConnectionCloses() {
    SignalingServer server = fixture.start(backend, b -> b.maxBodyBytes(1024));
    Http http = new Http(server);

    HttpResponse<String> r = http.post("/whip/cam1", Http.SDP, "v=0\r\n" + "a=x\r\n".repeat(400));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).isEqualTo("body exceeds 1024 bytes\n");
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(r.headers().firstValue("Connection")).hasValue("close");
    assertThat(backend.contexts).isEmpty();
  }

  @Test
  void chunkedBodyOverTheLimitIs413() throws IOException {
    SignalingServer server = fixture.start(backend, b -> b.maxBodyBytes(1024));
    String chunk = "a".repeat(800);
    String raw = "POST /whip/cam1 HTTP/1.1\r\nHost: t\r\nContent-Type: application/sdp\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(800) + "\r\n" + chunk + "\r\n"
        + Integer.toHexString(800) + "\r\n" + chunk + "\r\n0\r\n\r\n";
    String response = exchange(server, raw);
    assertThat(response).startsWith("HTTP/1.1 413 ");
  }

  @Test
  void expectContinueWithTooLargeABodyIs413Before100() throws IOException {
    SignalingServer server = fixture.start(backend, b -> b.maxBodyBytes(1024));
    String raw = "POST /whip/cam1 HTTP/1.1\r\nHost: t\r\nContent-Type: application/sdp\r\n"
        + "Content-Length: 5000\r\nExpect: 100-continue\r\n\r\n";
    String response = exchange(server, raw);
    assertThat(response).startsWith("HTTP/1.1 413 ").contains("body exceeds 1024 bytes")
        .contains("access-control-allow-origin: *");
  }

  @Test
  void slowlorisGets408WithinTheTimeoutAndIsClosed() throws IOException {
    SignalingServer server = fixture.start(backend, b -> b.requestTimeout(TIMEOUT));
    long start = System.nanoTime();
    // Half a request, then silence.
    String response = exchange(server, "POST /whip/cam1 HTTP/1.1\r\nHost: t\r\nContent-Le");
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(response).startsWith("HTTP/1.1 408 ").contains("connection: close")
        .endsWith("request not received within 400 ms\n");
    assertThat(ms).isBetween(TIMEOUT.toMillis() - 50, 5000L);
    assertThat(backend.contexts).isEmpty();
  }

  @Test
  void bodyThatNeverCompletesGets408() throws IOException {
    SignalingServer server = fixture.start(backend, b -> b.requestTimeout(TIMEOUT));
    String response = exchange(server, "POST /whip/cam1 HTTP/1.1\r\nHost: t\r\n"
        + "Content-Type: application/sdp\r\nContent-Length: 100\r\n\r\nv=0\r\n");
    assertThat(response).startsWith("HTTP/1.1 408 ");
  }

  @Test
  void trickledBytesDoNotExtendTheDeadline() throws Exception {
    SignalingServer server = fixture.start(backend, b -> b.requestTimeout(TIMEOUT));
    try (Socket s = connect(server)) {
      long start = System.nanoTime();
      String head = "POST /whip/cam1 HTTP/1.1\r\nHost: t\r\n";
      try {
        for (int i = 0; i < head.length(); i++) {
          s.getOutputStream().write(head.charAt(i));
          s.getOutputStream().flush();
          Thread.sleep(50);
        }
      } catch (IOException closed) {
        // the server closed while we were still trickling
      }
      String response = readAll(s.getInputStream());
      assertThat(response).startsWith("HTTP/1.1 408 ");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(
          head.length() * 50L);
    }
  }

  @Test
  void idleConnectionIsClosedWithoutAResponse() throws IOException {
    SignalingServer server = fixture.start(backend, b -> b.requestTimeout(TIMEOUT));
    assertThat(exchange(server, "")).isEmpty();
  }

  @Test
  void keepAliveConnectionServesSeveralRequestsThenTimesOutIdle() throws IOException {
    SignalingServer server = fixture.start(backend, b -> b.requestTimeout(TIMEOUT));
    String options = "OPTIONS /whip/cam1 HTTP/1.1\r\nHost: t\r\n\r\n";
    // Two pipelined requests in one write: answered in order, then the idle timeout closes.
    String response = exchange(server, options + options);
    assertThat(response.split("HTTP/1.1 204 ", -1)).hasSize(3);
    assertThat(response).doesNotContain("408");
  }

  @Test
  void connectionsOverThePerAddressLimitGet503() throws IOException {
    SignalingServer server = fixture.start(backend, b -> b.maxConnectionsPerAddress(1)
        .retryAfter(Duration.ofSeconds(2)));
    try (Socket first = connect(server)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCount() == 1);
      HttpResponse<String> r = new Http(server).post("/whip/cam1", Http.SDP, Http.whipOffer());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).hasValue("2");
      assertThat(r.body()).startsWith("too many connections from ");
      assertThat(first.isConnected()).isTrue();
    }
    assertThat(backend.contexts).isEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCount() == 0);
  }

  @Test
  void connectionsOverTheTotalLimitAreClosed() throws IOException {
    SignalingServer server = fixture.start(backend, b -> b.maxConnections(1));
    try (Socket first = connect(server)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCount() == 1);
      String response = exchange(server, "OPTIONS /whip/cam1 HTTP/1.1\r\nHost: t\r\n\r\n");
      assertThat(response).isEmpty();
      assertThat(first.isClosed()).isFalse();
    }
  }

  @Test
  void sessionWhoseAnswerCannotBeDeliveredIsDeleted() throws Exception {
    SignalingServer server = fixture.start(backend);
    String offer = Http.whipOffer();
    byte[] body = offer.getBytes(StandardCharsets.UTF_8);
    try (Socket s = connect(server)) {
      s.getOutputStream().write(("POST /whip/slow HTTP/1.1\r\nHost: t\r\n"
          + "Content-Type: application/sdp\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().write(body);
      s.getOutputStream().flush();
      assertThat(backend.slowEntered.await(10, TimeUnit.SECONDS)).isTrue();
    } // the client gives up while the backend is still working
    await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCount() == 0);
    backend.releaseSlow();

    await().atMost(Duration.ofSeconds(10)).until(() -> backend.deleted.size() == 1);
    assertThat(backend.sessions).isEmpty();
    assertThat(server.sessionCount()).isZero();
  }

  @Test
  void malformedRequestIs400AndOversizedHeadersAre431() throws IOException {
    SignalingServer server = fixture.start(backend);
    assertThat(exchange(server, "NOT HTTP AT ALL\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    String big = "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n";
    assertThat(exchange(server, big)).startsWith("HTTP/1.1 431 ");
    String longLine = "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: t\r\n\r\n";
    assertThat(exchange(server, longLine)).startsWith("HTTP/1.1 414 ");
  }

  private static Socket connect(SignalingServer server) throws IOException {
    Socket s = new Socket("127.0.0.1", server.localAddress().getPort());
    s.setSoTimeout(10_000);
    return s;
  }

  /**
   * Sends {@code request} and returns everything the server sends until it closes (headers in
   * lower case, so that assertions need not care how Netty spells them).
   */
  private static String exchange(SignalingServer server, String request)
      throws IOException {
    try (Socket s = connect(server)) {
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      String response = readAll(s.getInputStream());
      return lowerCaseHeaders(response);
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("server neither answered nor closed within 10 s: " + out, e);
    } catch (IOException reset) {
      // a reset after the response: keep what arrived
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String lowerCaseHeaders(String response) {
    StringBuilder sb = new StringBuilder();
    for (String part : response.split("(?<=\r\n\r\n)")) {
      int end = part.indexOf("\r\n\r\n");
      if (part.startsWith("HTTP/1.1 ") && end > 0) {
        int firstLine = part.indexOf("\r\n");
        sb.append(part, 0, firstLine).append(part.substring(firstLine, end).toLowerCase())
            .append(part.substring(end));
      } else {
        sb.append(part);
      }
    }
    return sb.toString();
  }
}
