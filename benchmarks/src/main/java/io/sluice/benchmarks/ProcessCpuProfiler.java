package io.sluice.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the CPU time of the whole benchmark JVM per operation, for
 * benchmarks whose work runs on threads JMH does not time: DTLS handshakes run on virtual
 * threads while the benchmark thread waits, so the primary score is wall-clock latency, not cost.
 * Use it with {@code -prof io.sluice.benchmarks.ProcessCpuProfiler}.
 *
 * <ul>
 *   <li>{@code ·cpu.process.norm}: process CPU time (user + system, all threads) over the
 *       iteration divided by the iteration's operations, in ns/op. It includes the JIT compiler
 *       and GC threads, which is the honest cost of allocation, and the benchmark thread itself
 *       (busy for in-thread benchmarks, idle while it waits for a handshake).
 *   <li>{@code ·cpu.process.cores}: that CPU time over the iteration's wall time, i.e. how many
 *       cores the run kept busy on average.
 * </ul>
 *
 * <p>Both come from {@code com.sun.management.OperatingSystemMXBean#getProcessCpuTime}, which
 * counts only this JVM: other processes loading the machine do not inflate them (they still slow
 * the JVM's threads through shared caches and frequency, but far less than they skew wall time).
 */
public final class ProcessCpuProfiler implements InternalProfiler {
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long cpuStart;
  private long wallStart;

  @Override
  public String getDescription() {
    return "Process CPU time per operation (all JVM threads)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    cpuStart = os.getProcessCpuTime();
    wallStart = System.nanoTime();
  }

  @Override
  public List<? extends Result<?>> afterIteration(BenchmarkParams benchmarkParams,
      IterationParams iterationParams, IterationResult result) {
    long cpu = os.getProcessCpuTime() - cpuStart;
    long wall = System.nanoTime() - wallStart;
    long ops = result.getMetadata().getAllOps();
    if (cpuStart < 0 || ops <= 0 || wall <= 0) {
      return List.of(); // getProcessCpuTime is -1 where the platform cannot measure it
    }
    return List.of(
        new ScalarResult("·cpu.process.norm", (double) cpu / ops, "ns/op", AggregationPolicy.AVG),
        new ScalarResult("·cpu.process.cores", (double) cpu / wall, "cores", AggregationPolicy.AVG));
  }
}
