package io.sluice.signaling.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sluice.signaling.sdp.ChromiumClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A real headless Chromium (Debian's {@code /usr/bin/chromium}, driven through
 * {@code /usr/bin/chromedriver}) publishes its fake camera over WHIP and plays a stream over WHEP
 * against the server, from a page on another origin: every request is a real CORS request with
 * a preflight, and the page reads {@code Location}, {@code ETag} and {@code Link} as a browser
 * WHIP client must. Chromium must accept our answers in {@code setRemoteDescription}.
 *
 * <p>Skipped when Chromium is not installed; {@code .ci/install-peers} installs it for CI.
 */
@Timeout(180)
class WhipWhepBrowserTest {
  private static final String TOKEN = "browser-token";

  private static final ServerFixture fixture = new ServerFixture();
  private static final TestBackend backend = new TestBackend();
  private static @Nullable SignalingServer server;
  private static @Nullable HttpServer pageServer;
  private static @Nullable ChromeDriver driver;
  private static @Nullable Path profile;

  @BeforeAll
  static void startBrowser() throws IOException {
    Assumptions.assumeTrue(ChromiumClient.CHROMEDRIVER.canExecute(),
        "no /usr/bin/chromedriver (run .ci/install-peers)");
    server = fixture.start(backend, b -> b
        .authorizer(Authorizer.bearerToken(TOKEN))
        .addIceServer(IceServer.stun("stun:127.0.0.1:3478")));

    pageServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    pageServer.createContext("/", exchange -> {
      byte[] page;
      try (InputStream in = WhipWhepBrowserTest.class.getResourceAsStream("whip-whep-page.html")) {
        page = in.readAllBytes();
      }
      exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, page.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(page);
      }
    });
    pageServer.start();

    profile = Files.createTempDirectory("sluice-chromium-");
    driver = ChromiumClient.launch(profile);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    driver.get("http://127.0.0.1:" + pageServer.getAddress().getPort() + "/");
    assertThat(driver.executeScript("return window.pageReady === true")).isEqualTo(true);
  }

  @AfterAll
  static void stopBrowser() throws IOException {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      driver = null;
      if (pageServer != null) {
        pageServer.stop(0);
      }
      fixture.close();
      if (profile != null) {
        try (Stream<Path> files = Files.walk(profile)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  @Test
  void chromiumPublishesOverWhipTricklesAndDeletes() {
    Map<String, Object> r = run("runWhip", "/whip/browser-cam");

    assertThat(r).containsEntry("status", 201L);
    assertThat((String) r.get("location")).startsWith("/whip/browser-cam/");
    assertThat((String) r.get("etag")).startsWith("\"");
    assertThat(r).containsEntry("link", "<stun:127.0.0.1:3478>; rel=\"ice-server\"");
    assertThat(r).containsEntry("acceptPatch", "application/trickle-ice-sdpfrag");
    assertThat(r).containsEntry("contentType", "application/sdp");
    assertThat(r).containsEntry("signalingState", "stable");
    assertThat(r.get("directions")).isEqualTo(List.of("sendonly", "sendonly"));
    assertThat(r).containsEntry("patchStatus", 204L);
    assertThat(r).containsEntry("deleteStatus", 200L);

    // The backend saw a real Chromium offer, the trickled candidate and the delete.
    assertThat(backend.contexts).anySatisfy(c ->
        assertThat(c.header("user-agent")).contains("Chrome"));
    // --allow-loopback-in-peer-connection: Chromium gathers 127.0.0.1 host candidates.
    assertThat((long) r.get("offerCandidates")).isPositive();
    assertThat(backend.trickles).singleElement().satisfies(t -> {
      assertThat(t.endOfCandidates()).isTrue();
      assertThat(t.candidates()).singleElement().satisfies(c ->
          assertThat(c.address()).isEqualTo("127.0.0.1"));
    });
    assertThat(backend.deleted).hasSize(1);
  }

  @Test
  void chromiumPlaysAKnownStreamOverWhep() {
    Map<String, Object> r = run("runWhep", "/whep/live");

    assertThat(r).containsEntry("status", 201L);
    assertThat((String) r.get("location")).startsWith("/whep/live/");
    assertThat(r).containsEntry("signalingState", "stable");
    assertThat(r.get("directions")).isEqualTo(List.of("recvonly", "recvonly"));
    assertThat(r.get("tracks")).isEqualTo(List.of("audio sluice-stream", "video sluice-stream"));
  }

  @Test
  void chromiumGets404ForAnUnknownWhepStream() {
    Map<String, Object> r = run("runWhep", "/whep/nobody");
    assertThat(r).containsEntry("status", 404L);
    assertThat(r).containsEntry("body", "no stream nobody\n");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> run(String function, String path) {
    String url = "http://127.0.0.1:" + server.localAddress().getPort() + path;
    Object result = ((JavascriptExecutor) driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "window[arguments[0]](arguments[1], arguments[2])"
            + ".then(done, e => done({error: String(e)}));",
        function, url, TOKEN);
    assertThat(result).isInstanceOf(Map.class);
    Map<String, Object> r = (Map<String, Object>) result;
    assertThat(r).doesNotContainKey("error");
    return r;
  }
}
