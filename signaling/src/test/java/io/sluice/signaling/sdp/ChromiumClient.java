package io.sluice.signaling.sdp;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium ({@code /usr/bin/chromium}) driven through
 * {@code /usr/bin/chromedriver} with the flags of shared/REAL-PEERS.md: fake camera and
 * microphone, 127.0.0.1 candidates only, no name resolution. Skips the calling test (JUnit
 * assumption) when either binary is missing.
 */
public final class ChromiumClient implements RealClient {
  public static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
  public static final String CHROMIUM = "/usr/bin/chromium";
  /** Held so that the level sticks: the CDP bindings are left out on purpose (see pom.xml). */
  private static final java.util.logging.Logger CDP_LOG =
      java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  private final PageServer page;
  private final Path profile;
  private final ChromeDriver driver;

  ChromiumClient() throws Exception {
    Assumptions.assumeTrue(CHROMEDRIVER.canExecute() && new File(CHROMIUM).canExecute(),
        "no /usr/bin/chromium or /usr/bin/chromedriver (run .ci/install-peers)");
    page = new PageServer();
    profile = Files.createTempDirectory("sluice-chromium-");
    try {
      driver = launch(profile);
    } catch (RuntimeException e) {
      page.close();
      RealClient.deleteTree(profile);
      throw e;
    }
    try {
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
      driver.get(page.url());
      if (!Boolean.TRUE.equals(driver.executeScript("return window.pageReady === true"))) {
        throw new IllegalStateException("the capture page did not load in Chromium");
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Starts headless Chromium with a fresh {@code profile} directory and the flags of
   * shared/REAL-PEERS.md; the caller quits the driver and deletes the profile. Also used by
   * {@code WhipWhepBrowserTest}.
   */
  public static ChromeDriver launch(Path profile) {
    CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--allow-loopback-in-peer-connection",
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
        "--user-data-dir=" + profile);
    // The driver is given explicitly, so Selenium Manager never looks for (or downloads) one.
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER)
        .usingAnyFreePort()
        .withTimeout(Duration.ofSeconds(60))
        .build();
    return new ChromeDriver(service, options);
  }

  @Override
  public String name() {
    return "chromium";
  }

  @Override
  public String version() {
    return "Chromium " + driver.getCapabilities().getBrowserVersion();
  }

  @Override
  public Offer makeOffer(Kind kind) {
    Map<String, Object> r = call("makeOffer", kind.id);
    return new Offer((String) r.get("offer"), (String) r.get("gathered"),
        Boolean.TRUE.equals(r.get("complete")));
  }

  @Override
  @SuppressWarnings("unchecked")
  public AnswerResult applyAnswer(Kind kind, String answer) {
    Map<String, Object> r = call("applyAnswer", kind.id, answer);
    return new AnswerResult((String) r.get("error"),
        r.containsKey("directions") ? (List<String>) r.get("directions") : List.of());
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> call(String function, Object... args) {
    Object[] all = new Object[args.length + 1];
    all[0] = function;
    System.arraycopy(args, 0, all, 1, args.length);
    Object result = ((JavascriptExecutor) driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "window[arguments[0]](...Array.from(arguments).slice(1, -1))"
            + ".then(done, e => done({failed: String(e)}));",
        all);
    if (!(result instanceof Map)) {
      throw new IllegalStateException(function + " returned " + result);
    }
    Map<String, Object> r = (Map<String, Object>) result;
    if (r.containsKey("failed")) {
      throw new IllegalStateException(function + " failed in Chromium: " + r.get("failed"));
    }
    return r;
  }

  @Override
  public void close() throws Exception {
    try {
      driver.quit();
    } finally {
      page.close();
      RealClient.deleteTree(profile);
    }
  }
}
