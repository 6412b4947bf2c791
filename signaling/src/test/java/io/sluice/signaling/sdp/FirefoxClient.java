package io.sluice.signaling.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Firefox ESR ({@code /usr/bin/firefox-esr}), headless, driven over its built-in
 * WebDriver BiDi endpoint ({@code --remote-debugging-port}) with the JDK's WebSocket client:
 * Debian has no geckodriver, and BiDi needs none. A fresh profile's {@code user.js} turns on the
 * fake camera and microphone without a permission prompt and lets ICE gather 127.0.0.1. Skips
 * the calling test (JUnit assumption) when Firefox is not installed.
 *
 * <p>Keeping it off the network: the remote agent applies its recommended preferences (no
 * updates, telemetry, safe browsing or captive-portal checks), and every other HTTP(S) request
 * goes to a proxy on 127.0.0.1:9, where nothing listens. Loopback is never proxied.
 */
final class FirefoxClient implements RealClient {
  static final String FIREFOX = "/usr/bin/firefox-esr";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String LISTENING = "WebDriver BiDi listening on ";

  private static final List<String> PREFS = List.of(
      "media.navigator.streams.fake", "true",
      "media.navigator.permission.disabled", "true",
      // Without these ICE gathers no 127.0.0.1 candidate, or hides it behind an mDNS name.
      "media.peerconnection.ice.loopback", "true",
      "media.peerconnection.ice.obfuscate_host_addresses", "false",
      "network.proxy.type", "1",
      "network.proxy.http", "\"127.0.0.1\"",
      "network.proxy.http_port", "9",
      "network.proxy.ssl", "\"127.0.0.1\"",
      "network.proxy.ssl_port", "9",
      "network.proxy.allow_hijacking_localhost", "false",
      "media.gmp-manager.updateEnabled", "false",
      "browser.shell.checkDefaultBrowser", "false");

  private final ObjectMapper json = new ObjectMapper();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final PageServer page;
  private final Path profile;
  private final Process process;
  private final StringBuffer log = new StringBuffer();
  private final WebSocket socket;
  private final String version;
  private final String context;

  FirefoxClient() throws Exception {
    Assumptions.assumeTrue(new File(FIREFOX).canExecute(),
        "no " + FIREFOX + " (run .ci/install-peers)");
    page = new PageServer();
    profile = Files.createTempDirectory("sluice-firefox-");
    StringBuilder userJs = new StringBuilder();
    for (int i = 0; i < PREFS.size(); i += 2) {
      userJs.append("user_pref(\"").append(PREFS.get(i)).append("\", ")
          .append(PREFS.get(i + 1)).append(");\n");
    }
    Files.writeString(profile.resolve("user.js"), userJs);
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    ProcessBuilder pb = new ProcessBuilder(FIREFOX, "--headless", "--no-remote",
        "--profile", profile.toString(), "--remote-debugging-port", Integer.toString(port));
    pb.environment().put("MOZ_HEADLESS", "1");
    pb.redirectErrorStream(true);
    process = pb.start();
    CountDownLatch listening = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          log.append(line).append('\n');
          if (line.contains(LISTENING)) {
            listening.countDown();
          }
        }
      } catch (IOException e) {
        log.append(e).append('\n');
      }
    }, "firefox-output");
    reader.setDaemon(true);
    reader.start();
    try {
      if (!listening.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("Firefox did not open WebDriver BiDi within " + TIMEOUT
            + "; its output:\n" + log);
      }
      socket = HttpClient.newHttpClient().newWebSocketBuilder()
          .connectTimeout(TIMEOUT)
          .buildAsync(URI.create("ws://127.0.0.1:" + port + "/session"), new Listener())
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      JsonNode session = command("session.new", json.createObjectNode()
          .set("capabilities", json.createObjectNode()));
      version = "Firefox " + session.path("capabilities").path("browserVersion").asText();
      context = command("browsingContext.getTree", json.createObjectNode())
          .path("contexts").path(0).path("context").asText();
      ObjectNode navigate = json.createObjectNode()
          .put("context", context).put("url", page.url()).put("wait", "complete");
      command("browsingContext.navigate", navigate);
    } catch (Exception | Error e) {
      stop(false);
      throw e;
    }
  }

  @Override
  public String name() {
    return "firefox";
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public Offer makeOffer(Kind kind) throws Exception {
    JsonNode r = call("makeOffer", kind.id);
    return new Offer(r.path("offer").asText(), r.path("gathered").asText(),
        r.path("complete").asBoolean());
  }

  @Override
  public AnswerResult applyAnswer(Kind kind, String answer) throws Exception {
    JsonNode r = call("applyAnswer", kind.id, answer);
    List<String> directions = new ArrayList<>();
    r.path("directions").forEach(d -> directions.add(d.asText()));
    return new AnswerResult(r.path("error").asText(), directions);
  }

  /** Calls a page function (which returns a promise) and returns its result as JSON. */
  private JsonNode call(String function, String... args) throws Exception {
    ObjectNode params = json.createObjectNode()
        .put("functionDeclaration",
            "async (f, ...args) => JSON.stringify(await window[f](...args))")
        .put("awaitPromise", true);
    params.putObject("target").put("context", context);
    var arguments = params.putArray("arguments");
    arguments.addObject().put("type", "string").put("value", function);
    for (String arg : args) {
      arguments.addObject().put("type", "string").put("value", arg);
    }
    JsonNode result = command("script.callFunction", params);
    if (!result.path("type").asText().equals("success")) {
      throw new IllegalStateException(function + " failed in Firefox: "
          + result.path("exceptionDetails"));
    }
    return json.readTree(result.path("result").path("value").asText());
  }

  /** Sends one BiDi command and waits for its result (WebDriver BiDi §6, "command"). */
  private JsonNode command(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    ObjectNode message = json.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    socket.sendText(json.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
    JsonNode r = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (r.path("type").asText().equals("error")) {
      throw new IllegalStateException(method + ": " + r.path("error").asText() + ": "
          + r.path("message").asText());
    }
    return r.path("result");
  }

  /** Collects text frames into messages and completes the command each one answers. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          JsonNode message = json.readTree(text);
          // Events have no id; nothing here subscribes to any.
          if (message.has("id")) {
            CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
            if (reply != null) {
              reply.complete(message);
            }
          }
        } catch (IOException e) {
          pending.values().forEach(f -> f.completeExceptionally(e));
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      pending.values().forEach(f -> f.completeExceptionally(error));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      IOException closed = new IOException("Firefox closed WebDriver BiDi: " + statusCode + " "
          + reason);
      pending.values().forEach(f -> f.completeExceptionally(closed));
      return null;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      command("browser.close", json.createObjectNode());
    } catch (Exception e) {
      // The browser may close the socket before it answers; it is stopped below either way.
    } finally {
      stop(true);
    }
  }

  /** Stops Firefox, after {@code browser.close} if {@code closing}, and removes the profile. */
  private void stop(boolean closing) throws IOException, InterruptedException {
    try {
      if (!closing || !process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      }
    } finally {
      page.close();
      RealClient.deleteTree(profile);
    }
  }
}
