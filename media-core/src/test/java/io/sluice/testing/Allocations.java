package io.sluice.testing;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Measures heap allocation by the current thread, for tests that hold a hot path to "no
 * allocation per packet".
 *
 * <p>The HotSpot {@code com.sun.management.ThreadMXBean} is reached reflectively because test
 * sources compile inside the {@code io.sluice.media} module, which does not read
 * {@code jdk.management}; tests run on the class path, where it is available. The counter is then
 * read through a bound {@link MethodHandle} with {@code invokeExact}: no boxing, and no
 * {@code Method.invoke}, which instrumentation such as the Jazzer agent (loaded into the same
 * surefire JVM by the fuzz tests) hooks, and whose hooks allocate.
 */
public final class Allocations {
  private static final int REPEATS = 3;
  private static final MethodHandle ALLOCATED_BYTES;

  static {
    try {
      Object threads = Class.forName("java.lang.management.ManagementFactory")
          .getMethod("getThreadMXBean").invoke(null);
      ALLOCATED_BYTES = MethodHandles.publicLookup()
          .unreflect(Class.forName("com.sun.management.ThreadMXBean")
              .getMethod("getCurrentThreadAllocatedBytes"))
          .bindTo(threads)
          .asType(MethodType.methodType(long.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Allocations() {}

  /** Returns the bytes the current thread has allocated so far. */
  public static long currentThreadAllocatedBytes() {
    try {
      return (long) ALLOCATED_BYTES.invokeExact();
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Returns the bytes {@code body} allocates in one run, net of the cost of measuring: runs it
   * once to warm up class loading and the JIT, then takes the smallest of a few measured runs
   * minus the smallest measurement of an empty body. A per-call allocation in a loop of thousands
   * of calls still shows as kilobytes or more; constant noise (instrumentation, a lazily
   * initialised cache) does not.
   */
  public static long allocatedBy(Runnable body) {
    body.run();
    long measured = Long.MAX_VALUE;
    long overhead = Long.MAX_VALUE;
    Runnable empty = () -> {};
    for (int i = 0; i < REPEATS; i++) {
      measured = Math.min(measured, measure(body));
      overhead = Math.min(overhead, measure(empty));
    }
    return Math.max(0, measured - overhead);
  }

  private static long measure(Runnable body) {
    long before = currentThreadAllocatedBytes();
    body.run();
    return currentThreadAllocatedBytes() - before;
  }
}
