package io.sluice.benchmarks;

import io.sluice.transport.internal.srtp.SrtpProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Compares {@link SrtpBenchmark} with {@code openssl speed} doing the same cipher work on this
 * CPU, for the "WebRTC transport" issue's target: SRTP at no less than {@value #TARGET_PERCENT}% of
 * the packets/s OpenSSL's primitives allow on one core.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.sluice.benchmarks.OpensslComparison \
 *     [-seconds 3] [-wi 3] [-w 2] [-i 5] [-r 2] [-b protect[,unprotect]] [-openssl openssl]
 * </pre>
 *
 * <p><b>The OpenSSL figure.</b> One SRTP packet of 1,200 bytes (12-byte header, 1,188-byte
 * payload) costs:
 *
 * <ul>
 *   <li>AES_CM_128_HMAC_SHA1_80: AES-128-CTR over the 1,188-byte payload, plus HMAC-SHA1 over the
 *       1,200-byte packet and the 4-byte ROC (RFC 3711 §4.2): {@code openssl speed -evp
 *       aes-128-ctr -bytes 1188} and {@code openssl speed -hmac sha1 -bytes 1204}.
 *   <li>AEAD_AES_128_GCM: {@code openssl speed -evp aes-128-gcm -bytes 1200} (GCM over 1,200
 *       bytes; SRTP encrypts 1,188 and only authenticates the 12-byte header, a little less).
 * </ul>
 *
 * <p>Each run uses the exact size instead of scaling a 1,200-byte figure, so OpenSSL's per-call
 * overhead is counted once per packet, as SRTP pays it. Packets/s = 1 / (t_cipher + t_mac), with
 * t the seconds per operation from the {@code -mr} line {@code +R:count:algorithm:seconds}.
 * {@code openssl speed} streams: it sets neither a new IV nor (for GCM) computes a tag per
 * operation, which SRTP must, so the OpenSSL figure is an upper bound and the target a strict
 * one. For GCM the per-packet sequence ({@code -aead}: new IV, 13-byte AAD, 1,188 bytes, tag) is
 * printed too, for reference. Sluice's figure also includes copying the packet into its buffer
 * (tens of ns), as the send and receive paths do. Each {@code openssl} process is killed if it runs
 * {@value #OPENSSL_GRACE_SECONDS} s past its {@code -seconds}.
 *
 * <p><b>Time bases.</b> {@code openssl speed} divides by its own user CPU time. JMH's throughput
 * is wall-clock, so on a loaded machine it understates Sluice; the table also shows Sluice's rate
 * per CPU second ({@link ProcessCpuProfiler}: the whole benchmark JVM, JIT and GC threads included),
 * which is the fair comparison on a busy machine. On a quiet one the two agree, and the issue's
 * target is judged on the wall-clock figure.
 */
public final class OpensslComparison {
  static final int TARGET_PERCENT = 80;
  static final int OPENSSL_GRACE_SECONDS = 30;

  private static final String CPU_NORM = "·cpu.process.norm";

  private OpensslComparison() {}

  public static void main(String[] args) throws InterruptedException {
    Args a;
    try {
      a = Args.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: OpensslComparison [-seconds 3] [-wi 3] [-w 2] [-i 5] [-r 2]"
          + " [-b protect[,unprotect]] [-openssl openssl]");
      System.exit(2);
      return;
    }
    System.out.println("Load average before: " + loadAverage());

    System.out.println("\n== openssl speed (" + a.seconds + " s each) ==");
    int payload = SrtpBenchmark.PACKET_LENGTH - 12;
    OpensslRate ctr = openssl(a, payload, "-evp", "aes-128-ctr");
    OpensslRate hmac = openssl(a, SrtpBenchmark.PACKET_LENGTH + 4, "-hmac", "sha1");
    OpensslRate gcm = openssl(a, SrtpBenchmark.PACKET_LENGTH, "-evp", "aes-128-gcm");
    OpensslRate gcmAead = openssl(a, payload, "-aead", "-evp", "aes-128-gcm");
    double cmOpenssl = 1 / (ctr.secondsPerOp() + hmac.secondsPerOp());
    double gcmOpenssl = 1 / gcm.secondsPerOp();

    System.out.println("\n== JMH: SrtpBenchmark " + String.join(", ", a.benchmarks) + " ==");
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(SrtpBenchmark.class.getName().replace(".", "\\.") + "\\.(" + String.join("|", a.benchmarks) + ")$")
        .mode(org.openjdk.jmh.annotations.Mode.Throughput)
        .timeUnit(TimeUnit.SECONDS)
        .forks(1)
        .threads(1)
        .warmupIterations(a.warmupIterations)
        .warmupTime(TimeValue.seconds(a.warmupSeconds))
        .measurementIterations(a.iterations)
        .measurementTime(TimeValue.seconds(a.iterationSeconds))
        .addProfiler(ProcessCpuProfiler.class);
    Collection<RunResult> results;
    try {
      results = new Runner(options.build()).run();
    } catch (RunnerException e) {
      // Most often another JMH run on this machine holds /tmp/jmh.lock: wait for it rather than
      // measure both at once.
      throw fail("JMH failed: " + e.getMessage());
    }

    System.out.println("\n== openssl speed, per operation ==");
    for (OpensslRate r : List.of(ctr, hmac, gcm, gcmAead)) {
      System.out.printf(Locale.ROOT, "  %-34s %6d bytes  %8.1f ns/op  %7.2f GB/s%n",
          r.command, r.bytes, r.secondsPerOp() * 1e9, r.bytes / r.secondsPerOp() / 1e9);
    }
    System.out.printf(Locale.ROOT, "  per-packet AEAD sequence (-aead) for GCM: %,.0f packets/s%n", 1 / gcmAead.secondsPerOp());

    System.out.println("\n== SRTP packets/s per thread, 1,200-byte packets (target: Sluice >= "
        + TARGET_PERCENT + "% of openssl) ==");
    String header = String.format(Locale.ROOT, "%-24s %-10s %16s %16s %14s %8s %8s  %s",
        "profile", "benchmark", "Sluice (wall)", "Sluice (CPU)", "openssl", "wall %", "CPU %", "target");
    System.out.println(header);
    System.out.println("-".repeat(header.length()));
    int met = 0;
    List<RunResult> sorted = new ArrayList<>(results);
    sorted.sort((x, y) -> (x.getParams().getBenchmark() + x.getParams().getParam("profile"))
        .compareTo(y.getParams().getBenchmark() + y.getParams().getParam("profile")));
    for (RunResult r : sorted) {
      SrtpProfile profile = SrtpProfile.valueOf(r.getParams().getParam("profile"));
      String benchmark = r.getParams().getBenchmark();
      benchmark = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      double wall = r.getPrimaryResult().getScore();
      Result<?> cpuNorm = r.getSecondaryResults().get(CPU_NORM);
      double cpu = cpuNorm == null ? Double.NaN : 1e9 / cpuNorm.getScore();
      double reference = profile == SrtpProfile.AES_CM_128_HMAC_SHA1_80 ? cmOpenssl : gcmOpenssl;
      double wallPercent = 100 * wall / reference;
      double cpuPercent = 100 * cpu / reference;
      boolean rowMet = wallPercent >= TARGET_PERCENT;
      met += rowMet ? 1 : 0;
      System.out.printf(Locale.ROOT, "%-24s %-10s %,16.0f %,16.0f %,14.0f %7.1f%% %7.1f%%  %s%n",
          profile, benchmark, wall, cpu, reference, wallPercent, cpuPercent,
          rowMet ? "met" : cpuPercent >= TARGET_PERCENT ? "NOT met (met per CPU second)" : "NOT met");
    }
    String load = loadAverage();
    System.out.println("\nLoad average after: " + load + " on " + Runtime.getRuntime().availableProcessors()
        + " CPUs. Wall-clock figures are only final on a quiet machine.");
    System.out.println("Target (" + TARGET_PERCENT + "% of openssl, wall clock) met for " + met + " of "
        + sorted.size() + " rows.");
  }

  /** One {@code openssl speed} result: {@code count} operations of {@code bytes} in {@code seconds}. */
  record OpensslRate(String command, int bytes, long count, double seconds) {
    double secondsPerOp() {
      return seconds / count;
    }
  }

  /**
   * Runs {@code openssl speed -mr -seconds S -bytes BYTES <selection>} and parses its {@code +R}
   * line. Exits the program if openssl is missing, fails or hangs.
   */
  static OpensslRate openssl(Args a, int bytes, String... selection) throws InterruptedException {
    List<String> command = new ArrayList<>(List.of(a.openssl, "speed", "-mr", "-seconds",
        Integer.toString(a.seconds), "-bytes", Integer.toString(bytes)));
    command.addAll(List.of(selection));
    String shown = String.join(" ", command.subList(1, command.size()));
    System.out.println("$ openssl " + shown);
    String output = run(command, a.seconds + OPENSSL_GRACE_SECONDS);
    // -mr prints "+R:<count>:<algorithm>:<seconds>" for each size run; -bytes makes it one.
    for (String line : output.split("\n")) {
      if (line.startsWith("+R:")) {
        String[] f = line.trim().split(":");
        long count = Long.parseLong(f[1]);
        double seconds = Double.parseDouble(f[f.length - 1]);
        if (count <= 0 || seconds <= 0) {
          break;
        }
        System.out.printf(Locale.ROOT, "  %,d ops in %.2f s (CPU)%n", count, seconds);
        return new OpensslRate(String.join(" ", selection), bytes, count, seconds);
      }
    }
    throw fail("openssl " + shown + ": no usable +R line in its output:\n" + output);
  }

  /** Runs {@code command}, returning its merged stdout/stderr; kills it after {@code timeoutSeconds}. */
  private static String run(List<String> command, int timeoutSeconds) throws InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw fail("cannot start " + command.get(0) + " (is OpenSSL installed? -openssl PATH): " + e.getMessage());
    }
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw fail(String.join(" ", command) + ": still running after " + timeoutSeconds + " s; killed");
    }
    String text = output.join();
    if (process.exitValue() != 0) {
      throw fail(String.join(" ", command) + ": exit code " + process.exitValue() + "\n" + text);
    }
    return text;
  }

  private static String readAll(InputStream in) {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static IllegalStateException fail(String message) {
    System.err.println("OpensslComparison: " + message);
    System.exit(1);
    return new IllegalStateException(message); // not reached
  }

  /** Command-line options, JMH-style names where JMH has them. */
  static final class Args {
    int seconds = 3;
    int warmupIterations = 3;
    int warmupSeconds = 2;
    int iterations = 5;
    int iterationSeconds = 2;
    List<String> benchmarks = List.of("protect");
    String openssl = "openssl";

    static Args parse(String[] args) {
      Args a = new Args();
      if (args.length % 2 != 0) {
        throw new IllegalArgumentException("options come in pairs: " + String.join(" ", args));
      }
      for (int i = 0; i < args.length; i += 2) {
        String value = args[i + 1];
        switch (args[i]) {
          case "-seconds" -> a.seconds = positive(args[i], value);
          case "-wi" -> a.warmupIterations = nonNegative(args[i], value);
          case "-w" -> a.warmupSeconds = positive(args[i], value);
          case "-i" -> a.iterations = positive(args[i], value);
          case "-r" -> a.iterationSeconds = positive(args[i], value);
          case "-openssl" -> a.openssl = value;
          case "-b" -> {
            a.benchmarks = List.of(value.split(","));
            for (String b : a.benchmarks) {
              if (!b.equals("protect") && !b.equals("unprotect")) {
                throw new IllegalArgumentException("-b " + value + " (expected: protect, unprotect or both)");
              }
            }
          }
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      return a;
    }

    private static int positive(String name, String value) {
      int n = nonNegative(name, value);
      if (n == 0) {
        throw new IllegalArgumentException(name + " " + value + " (expected: 1+)");
      }
      return n;
    }

    private static int nonNegative(String name, String value) {
      try {
        int n = Integer.parseInt(value);
        if (n >= 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // fall through
      }
      throw new IllegalArgumentException(name + " " + value + " (expected: a whole number, 0+)");
    }
  }
}
