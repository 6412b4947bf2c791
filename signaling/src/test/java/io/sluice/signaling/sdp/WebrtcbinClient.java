package io.sluice.signaling.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * GStreamer's webrtcbin, through {@code tools/webrtcbin-offer/webrtcbin-offer.py} run by Debian's
 * {@code /usr/bin/python3}: a sendonly VP8 + Opus publisher (WHIP only; the script's header says
 * how it is built). One process per offer; it waits on its stdin for the answer. Skips the
 * calling test (JUnit assumption) when Python, its GStreamer bindings or an element is missing.
 */
final class WebrtcbinClient implements RealClient {
  static final String PYTHON = "/usr/bin/python3";
  /** The script, from the module directory (surefire's working directory). */
  static final Path SCRIPT = Path.of("..", "tools", "webrtcbin-offer", "webrtcbin-offer.py");
  /** The script's exit status when something it needs is missing. */
  private static final int MISSING = 3;

  private final ObjectMapper json = new ObjectMapper();
  private final String version;
  private @Nullable Process process;
  private @Nullable BufferedReader out;

  WebrtcbinClient() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), "no " + PYTHON);
    Assumptions.assumeTrue(Files.isRegularFile(SCRIPT), "no " + SCRIPT.toAbsolutePath());
    Process check = new ProcessBuilder(PYTHON, SCRIPT.toString(), "--check")
        .redirectErrorStream(true).start();
    String text = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!check.waitFor(30, TimeUnit.SECONDS)) {
      check.destroyForcibly();
      throw new IllegalStateException("webrtcbin-offer.py --check did not finish");
    }
    Assumptions.assumeTrue(check.exitValue() != MISSING,
        () -> text.strip() + " (run .ci/install-peers)");
    if (check.exitValue() != 0) {
      throw new IllegalStateException("webrtcbin-offer.py --check failed: " + text);
    }
    version = text.strip();
  }

  @Override
  public String name() {
    return "webrtcbin";
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public Offer makeOffer(Kind kind) throws Exception {
    if (kind != Kind.WHIP) {
      throw new IllegalArgumentException("webrtcbin-offer.py makes WHIP offers only, not " + kind);
    }
    if (process != null) {
      throw new IllegalStateException("an offer is already waiting for its answer");
    }
    process = new ProcessBuilder(PYTHON, SCRIPT.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    JsonNode r = readLine("offer");
    return new Offer(r.path("offer").asText(), r.path("gathered").asText(),
        r.path("complete").asBoolean());
  }

  @Override
  public AnswerResult applyAnswer(Kind kind, String answer) throws Exception {
    if (process == null) {
      throw new IllegalStateException("no offer of " + kind + " waits for an answer");
    }
    try {
      Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      in.write(json.writeValueAsString(json.createObjectNode().put("answer", answer)) + "\n");
      in.flush();
      JsonNode r = readLine("answer result");
      List<String> directions = new ArrayList<>();
      r.path("directions").forEach(d -> directions.add(d.asText()));
      return new AnswerResult(r.path("error").asText(), directions);
    } finally {
      close();
    }
  }

  private JsonNode readLine(String what) throws IOException {
    String line = out.readLine();
    if (line == null) {
      throw new IllegalStateException("webrtcbin-offer.py ended without the " + what
          + " (its stderr is in the test output)");
    }
    return json.readTree(line);
  }

  @Override
  public void close() throws Exception {
    Process p = process;
    process = null;
    out = null;
    if (p != null) {
      p.getOutputStream().close();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
