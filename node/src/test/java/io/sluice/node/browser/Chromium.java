package io.sluice.node.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A headless Chromium for tests: Debian's {@code /usr/bin/chromium} driven through
 * {@code /usr/bin/chromedriver} (Selenium), with the flags of shared/REAL-PEERS.md, a fake camera
 * and microphone, loopback ICE candidates, no network but 127.0.0.1, and a fresh profile that
 * {@link #close()} deletes.
 *
 * <pre>{@code
 * try (Chromium chromium = Chromium.start()) {
 *   Chromium.Page publisher = chromium.open("http://127.0.0.1:" + port + "/");
 *   Chromium.Page viewer = chromium.open("http://127.0.0.1:" + port + "/");   // a second window
 *   publisher.call("sluice.publish", "cam1", Map.of("codec", "VP8", "source", "camera"));
 *   viewer.call("sluice.play", "cam1");
 *   Map<String, Object> stats = viewer.call("sluice.stats");
 * }
 * }</pre>
 *
 * <p>{@link #start()} skips the calling test (JUnit assumption) when chromedriver is not
 * installed ({@code .ci/install-peers} installs it). One Chromium costs about 3.5 CPU-seconds to
 * start: share one per test class, with a window per page. Not thread-safe: WebDriver drives one
 * window at a time, and each {@link Page} call switches to its own.
 */
public final class Chromium implements AutoCloseable {
  /** The driver; given explicitly, so that Selenium Manager never looks for (or downloads) one. */
  public static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
  /** The browser. */
  public static final String CHROMIUM = "/usr/bin/chromium";
  /** Longest wait for a page to load and for one {@link Page#call}. */
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** Held so that its level sticks: the CDP bindings are left out on purpose (see pom.xml). */
  private static final Logger CDP_LOG =
      Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  /**
   * Calls the function at a dotted path from {@code window} with the arguments, and reports its
   * (awaited) result as {@code {value}} or its failure as {@code {error}}, so that a rejection
   * reaches Java with its message rather than as a script timeout.
   */
  private static final String CALL = """
      const done = arguments[arguments.length - 1];
      const path = arguments[0];
      const args = Array.prototype.slice.call(arguments, 1, arguments.length - 1);
      let self = window, fn = window;
      for (const part of path.split('.')) { self = fn; fn = fn == null ? undefined : fn[part]; }
      if (typeof fn !== 'function') {
        done({error: path + ' is not a function (' + typeof fn + ')'});
        return;
      }
      Promise.resolve()
          .then(() => fn.apply(self, args))
          .then(v => done({value: v === undefined ? null : v}),
                e => done({error: String(e && e.message !== undefined ? e.message : e)}));
      """;

  private final ChromeDriver driver;
  private final Path profile;
  private final List<Page> pages = new ArrayList<>();

  private Chromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /**
   * Starts a headless Chromium, or skips the calling test if chromedriver is not installed.
   *
   * @param extraArguments more command-line flags (a second {@code --disable-features} would
   *     replace, not add to, any the driver passes: see shared/REAL-PEERS.md)
   */
  public static Chromium start(String... extraArguments) {
    Assumptions.assumeTrue(CHROMEDRIVER.canExecute(),
        "no " + CHROMEDRIVER + " (run .ci/install-peers)");
    CDP_LOG.setLevel(Level.SEVERE);
    Path profile;
    try {
      profile = Files.createTempDirectory("sluice-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
        // Without it Chromium gathers no 127.0.0.1 candidate, and in a namespace with only lo
        // none at all.
        "--allow-loopback-in-peer-connection",
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
        // Pages are driven without a user gesture: let a test pattern's AudioContext run.
        "--autoplay-policy=no-user-gesture-required",
        // Several windows play at once; none may be throttled as a background page.
        "--disable-background-timer-throttling",
        "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows",
        "--user-data-dir=" + profile);
    options.addArguments(extraArguments);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER)
        .usingAnyFreePort()
        .withTimeout(TIMEOUT)
        .build();
    try {
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(TIMEOUT);
      driver.manage().timeouts().scriptTimeout(TIMEOUT);
      return new Chromium(driver, profile);
    } catch (RuntimeException e) {
      deleteTree(profile);
      throw e;
    }
  }

  /**
   * Opens {@code url} and waits until the page sets {@code window.pageReady = true}: in the
   * first window for the first page, in a new window after that.
   *
   * @throws IllegalStateException if the page is not ready within {@link #TIMEOUT}
   */
  public Page open(String url) {
    if (!pages.isEmpty()) {
      driver.switchTo().newWindow(WindowType.WINDOW);
    }
    Page page = new Page(driver.getWindowHandle());
    pages.add(page);
    driver.get(url);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!Boolean.TRUE.equals(driver.executeScript("return window.pageReady === true"))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(url + ": window.pageReady not true within " + TIMEOUT
            + page.consoleTail());
      }
      sleep(50);
    }
    return page;
  }

  /** Calls {@code jsFunctionPath} on the page opened last (see {@link Page#call}). */
  public Map<String, Object> call(String jsFunctionPath, Object... args) {
    if (pages.isEmpty()) {
      throw new IllegalStateException("no page open");
    }
    return pages.get(pages.size() - 1).call(jsFunctionPath, args);
  }

  /** Quits the browser and deletes its profile. */
  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteTree(profile);
    }
  }

  /** One window of the browser, with a page open. */
  public final class Page {
    private final String window;

    private Page(String window) {
      this.window = window;
    }

    /**
     * Calls the function at {@code jsFunctionPath} (dotted, from {@code window}, for example
     * {@code "sluice.publish"}) with {@code args}, awaits it if it returns a promise, and returns
     * the result, which must be an object: JSON numbers arrive as {@code Long} or
     * {@code Double}, arrays as {@code List}, objects as {@code Map}. Arguments go the other way:
     * a {@code Map} becomes an object.
     *
     * @throws ScriptFailure if the function throws or its promise rejects, with its message and
     *     the page's last console lines
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> call(String jsFunctionPath, Object... args) {
      Object result = value(jsFunctionPath, args);
      if (!(result instanceof Map)) {
        throw new ScriptFailure(jsFunctionPath + " returned " + result + " (expected: an object)");
      }
      return (Map<String, Object>) result;
    }

    /** Like {@link #call}, for a function whose result is not an object. */
    @SuppressWarnings("unchecked")
    public @Nullable Object value(String jsFunctionPath, Object... args) {
      Object[] all = new Object[args.length + 1];
      all[0] = jsFunctionPath;
      System.arraycopy(args, 0, all, 1, args.length);
      driver.switchTo().window(window);
      Map<String, Object> outcome = (Map<String, Object>) driver.executeAsyncScript(CALL, all);
      if (outcome.containsKey("error")) {
        throw new ScriptFailure(jsFunctionPath + ": " + outcome.get("error") + consoleTail());
      }
      return outcome.get("value");
    }

    /** Evaluates a JavaScript expression in this page and returns its value. */
    public @Nullable Object eval(String expression) {
      driver.switchTo().window(window);
      return driver.executeScript("return (" + expression + ");");
    }

    /** Returns and clears the page's console messages since the last call. */
    public List<String> console() {
      driver.switchTo().window(window);
      return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
          .map(LogEntry::toString)
          .toList();
    }

    private String consoleTail() {
      try {
        List<String> lines = console();
        return lines.isEmpty() ? "" : lines.subList(Math.max(0, lines.size() - 20), lines.size())
            .stream().collect(Collectors.joining("\n  ", "\nbrowser console:\n  ", ""));
      } catch (RuntimeException e) {
        return "";
      }
    }
  }

  /** A page function threw or its promise rejected. */
  public static final class ScriptFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ScriptFailure(String message) {
      super(message);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
