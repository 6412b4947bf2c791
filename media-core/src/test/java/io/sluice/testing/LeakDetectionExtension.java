package io.sluice.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Turns a Netty LEAK report into a failing test.
 *
 * <p>Registered twice through {@code META-INF/services}: as a JUnit Platform
 * {@link LauncherSessionListener}, so that our {@link ResourceLeakDetectorFactory} is installed
 * before any test class touches a {@code ByteBuf} (Netty reads the factory once, when
 * {@code AbstractByteBuf} is initialised), and as an auto-detected Jupiter extension that fails
 * a test if any leak was reported. After each test it lets the detectors poll (cheap); after each
 * test class it also forces garbage collection a few times, so that buffers dropped by the class's
 * last tests are found and reported against that class. Surefire runs with {@code -Dio.netty.leakDetectionLevel=paranoid}, so every buffer is
 * tracked.
 */
public final class LeakDetectionExtension
    implements BeforeAllCallback, AfterEachCallback, AfterAllCallback, LauncherSessionListener {

  private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();
  private static volatile boolean installed;

  /** Installs the recording leak detector factory once per JVM. */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
  }

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    install();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    install();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    pollDetectors();
    failIfAny(drain(), context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    failIfAny(collect(), context);
  }

  private static void failIfAny(List<String> found, ExtensionContext context) {
    if (!found.isEmpty()) {
      fail("Netty reported " + found.size() + " leak(s) during or before "
          + context.getDisplayName() + ":\n" + String.join("\n----\n", found));
    }
  }

  /** Forces GC and detector polls, then drains and returns every leak reported so far. */
  public static List<String> collect() {
    for (int i = 0; i < 4 && LEAKS.isEmpty(); i++) {
      System.gc();
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      // Leak detectors report collected-but-unreleased objects when the next object is tracked.
      pollDetectors();
    }
    return drain();
  }

  private static List<String> drain() {
    List<String> out = new ArrayList<>();
    String s;
    while ((s = LEAKS.poll()) != null) {
      out.add(s);
    }
    return out;
  }

  private static void pollDetectors() {
    ByteBuf a = PooledByteBufAllocator.DEFAULT.directBuffer(1);
    ByteBuf b = PooledByteBufAllocator.DEFAULT.heapBuffer(1);
    ByteBuf c = UnpooledByteBufAllocator.DEFAULT.directBuffer(1);
    ByteBuf d = UnpooledByteBufAllocator.DEFAULT.heapBuffer(1);
    a.release();
    b.release();
    c.release();
    d.release();
  }

  private static final class RecordingFactory extends ResourceLeakDetectorFactory {
    @Override
    @SuppressWarnings("deprecation")
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(
        Class<T> resource, int samplingInterval, long maxActive) {
      return new RecordingDetector<>(resource, samplingInterval);
    }

    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
      return new RecordingDetector<>(resource, samplingInterval);
    }
  }

  private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
    RecordingDetector(Class<T> resource, int samplingInterval) {
      super(resource, samplingInterval);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
      LEAKS.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected."
          + records);
      super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
      LEAKS.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected.");
      super.reportUntracedLeak(resourceType);
    }
  }
}
