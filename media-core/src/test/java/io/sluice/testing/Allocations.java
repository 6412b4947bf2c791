package io.sluice.testing;

import java.lang.reflect.Method;

/**
 * Measures heap allocation by the current thread, for tests that hold a hot path to "no
 * allocation per packet".
 *
 * <p>Reached through reflection because test sources compile inside the {@code io.sluice.media}
 * module, which does not read {@code jdk.management}; tests run on the class path, where the
 * HotSpot {@code com.sun.management.ThreadMXBean} is available.
 */
public final class Allocations {
  private static final Object THREADS;
  private static final Method ALLOCATED_BYTES;

  static {
    try {
      THREADS = Class.forName("java.lang.management.ManagementFactory")
          .getMethod("getThreadMXBean").invoke(null);
      ALLOCATED_BYTES = Class.forName("com.sun.management.ThreadMXBean")
          .getMethod("getCurrentThreadAllocatedBytes");
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Allocations() {}

  /** Returns the bytes the current thread has allocated so far. */
  public static long currentThreadAllocatedBytes() {
    try {
      return (Long) ALLOCATED_BYTES.invoke(THREADS);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs {@code body} twice (the first time to warm up class loading and the JIT) and returns the
   * bytes allocated by the second run. The measurement itself costs a few hundred bytes.
   */
  public static long allocatedBy(Runnable body) {
    body.run();
    long before = currentThreadAllocatedBytes();
    body.run();
    return currentThreadAllocatedBytes() - before;
  }
}
