package io.sluice.benchmarks.bees;

import io.sluice.node.client.WhepClient;
import io.sluice.node.client.WhipWhepException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Starts bees at the ramp rate, holds them, samples the swarm every second (for the progress
 * line and the report's time series) and ends them all. Bounded: at most
 * {@link BeesOptions#MAX_BEES} bees, {@link #MAX_CONCURRENT_JOINS} POSTs in flight, and the run
 * ends at ramp + hold whatever is still joining; closing waits at most {@link #CLOSE_WAIT_SECONDS}.
 */
final class Swarm {
  /** POSTs in flight at once; more bees wait (their join time includes the wait). */
  static final int MAX_CONCURRENT_JOINS = 64;
  static final int CLOSE_WAIT_SECONDS = 30;
  static final long TICK_NANOS = 20_000_000L;

  /** One second of the run. */
  record Sample(double t, int started, int receiving, int failed, double bitrateBps,
      double packetsPerSecond, double lossPercent, long nacks, long rtx, long publisherPackets) {}

  private final BeesOptions options;
  private final List<WhepClient> whep;
  private final PrintStream progress;
  private final boolean terminal;
  private final LongSupplier publisherPackets;
  private final @Nullable WhepClient latencyWhep;
  private final int latencyBees;
  private final Semaphore joins = new Semaphore(MAX_CONCURRENT_JOINS);
  private final long[] last = new long[4]; // bytes, packets, expected, lost
  private ExecutorService joiners;
  private int launched;
  private long nextSample;
  final List<Bee> bees = new CopyOnWriteArrayList<>();
  final List<Sample> samples = new ArrayList<>();
  long startNanos;
  long endNanos;
  /** No bee starts and no POST waits past this ({@link System#nanoTime()}). */
  long runEnd;

  Swarm(BeesOptions options, WhepClient whep, PrintStream progress, boolean terminal,
      LongSupplier publisherPackets) {
    this(options, List.of(whep), null, 0, progress, terminal, publisherPackets);
  }

  /**
   * @param whep the clients the bees use in turn (each may POST from its own address, so that a
   *     server's per-address limits do not cap the swarm)
   * @param latencyWhep a client that decrypts, for the first {@code latencyBees} bees, when the
   *     others count only (they read latency, the others cannot); null if there are none
   */
  Swarm(BeesOptions options, List<WhepClient> whep, @Nullable WhepClient latencyWhep,
      int latencyBees,
      PrintStream progress, boolean terminal, LongSupplier publisherPackets) {
    this.options = options;
    this.whep = whep;
    this.latencyWhep = latencyWhep;
    this.latencyBees = latencyWhep == null ? 0 : latencyBees;
    this.progress = progress;
    this.terminal = terminal;
    this.publisherPackets = publisherPackets;
  }

  void run() throws InterruptedException {
    begin((long) (options.rampSeconds() * 1e9) + options.holdSeconds() * 1_000_000_000L);
    try {
      runPhase(options.bees(), options.rampPerSecond(), runEnd);
    } finally {
      finish();
    }
  }

  /**
   * Starts the clock; then {@link #runPhase} any number of times, then {@link #finish}. No bee
   * starts, and no POST waits, later than {@code maxRunNanos} from now.
   */
  void begin(long maxRunNanos) {
    startNanos = System.nanoTime();
    runEnd = startNanos + maxRunNanos;
    nextSample = startNanos + 1_000_000_000L;
    joiners = Executors.newVirtualThreadPerTaskExecutor();
  }

  /**
   * Starts bees at {@code rampPerSecond} from now until {@code target} have started, and samples
   * every second, until {@code phaseEndNanos} (or {@link #runEnd}, whichever comes first).
   * Bees that have not started by then are not started.
   */
  void runPhase(int target, double rampPerSecond, long phaseEndNanos)
      throws InterruptedException {
    int n = Math.min(target, options.bees());
    long phaseStart = System.nanoTime();
    int first = launched;
    long end = runEnd - phaseEndNanos < 0 ? runEnd : phaseEndNanos;
    while (true) {
      long now = System.nanoTime();
      if (now - end >= 0) {
        break;
      }
      while (launched < n
          && now - (phaseStart + (long) ((launched - first) / rampPerSecond * 1e9)) >= 0) {
        int i = launched++;
        Bee b = new Bee(i, i < latencyBees || options.decrypt());
        bees.add(b);
        WhepClient client = i < latencyBees && latencyWhep != null ? latencyWhep
            : whep.get(i % whep.size());
        joiners.submit(() -> join(client, b, joins, runEnd));
      }
      if (now - nextSample >= 0) {
        sample(now, last);
        nextSample += 1_000_000_000L;
      }
      Thread.sleep(TICK_NANOS / 1_000_000);
    }
  }

  /** Bees that decrypt in full to read latency while the others count only. */
  int latencyBees() {
    return latencyBees;
  }

  /** Bees started so far. */
  int launched() {
    return launched;
  }

  /** Ends the run: DELETEs every session, bounded in time. */
  void finish() throws InterruptedException {
    endNanos = System.nanoTime();
    if (terminal) {
      progress.println();
    }
    closeAll();
    joiners.shutdownNow();
    joiners.close();
  }

  private void join(WhepClient client, Bee b, Semaphore joins, long end) {
    b.postNanos = System.nanoTime();
    try {
      long wait = end - System.nanoTime();
      if (wait <= 0 || !joins.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
        b.fail("run ended before the bee's POST could start");
        return;
      }
      try {
        b.postNanos = System.nanoTime();
        b.attach(client.play(options.whep(), options.token(), b));
      } finally {
        joins.release();
      }
    } catch (WhipWhepException e) {
      b.fail("HTTP " + e.status() + (e.body().isBlank() ? "" : ": " + firstLine(e.body())));
    } catch (HttpTimeoutException e) {
      b.fail("HTTP timeout");
    } catch (IOException e) {
      b.fail(e.getClass().getSimpleName() + ": " + firstLine(String.valueOf(e.getMessage())));
    } catch (InterruptedException e) {
      b.fail("interrupted");
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      b.fail(e.toString());
    }
  }

  private static String firstLine(String s) {
    String line = s.strip().lines().findFirst().orElse("");
    return line.length() > 160 ? line.substring(0, 160) + "..." : line;
  }

  /** DELETEs every session in parallel, bounded in time; then whatever is left, serially. */
  private void closeAll() throws InterruptedException {
    try (ExecutorService closers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Bee b : bees) {
        WhepClient.Session s = b.session;
        if (s != null) {
          closers.submit(s::close);
        }
      }
      closers.shutdown();
      closers.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    }
    for (WhepClient c : whep) {
      c.close();
    }
    if (latencyWhep != null) {
      latencyWhep.close();
    }
  }

  private void sample(long now, long[] last) {
    int receiving = 0;
    int failed = 0;
    long bytes = 0;
    long packets = 0;
    long expected = 0;
    long lost = 0;
    long nacks = 0;
    long rtx = 0;
    for (Bee b : bees) {
      if (b.isReceiving()) {
        receiving++;
      }
      if (b.error != null || b.closeReason != null) {
        failed++;
      }
      bytes += b.bytes;
      packets += b.packets;
      expected += b.expectedSnapshot;
      lost += b.lostSnapshot;
      nacks += b.nackedSeqs;
      rtx += b.rtxPackets;
    }
    long dExpected = expected - last[2];
    double loss = dExpected > 0 ? 100.0 * Math.max(0, lost - last[3]) / dExpected : 0;
    Sample s = new Sample((now - startNanos) / 1e9, bees.size(), receiving, failed,
        (bytes - last[0]) * 8.0, packets - last[1], loss, nacks, rtx,
        publisherPackets.getAsLong());
    last[0] = bytes;
    last[1] = packets;
    last[2] = expected;
    last[3] = lost;
    samples.add(s);
    printProgress(s);
  }

  private void printProgress(Sample s) {
    double[] joins = bees.stream().filter(b -> b.firstRtpNanos != 0)
        .mapToDouble(b -> (b.firstRtpNanos - b.postNanos) / 1e6).sorted().toArray();
    String line = String.format(Locale.ROOT,
        "[%6.1fs] bees %d/%d receiving %d failed %d | %.1f Mb/s %.0f pkt/s | loss %.2f%% |"
            + " nack %d rtx %d | join p50 %s p95 %s%s",
        s.t(), s.started(), options.bees(), s.receiving(), s.failed(), s.bitrateBps() / 1e6,
        s.packetsPerSecond(), s.lossPercent(), s.nacks(), s.rtx(), ms(Stats.quantile(joins, 0.5)),
        ms(Stats.quantile(joins, 0.95)), options.decrypt() ? "" : " | no-decrypt");
    if (terminal) {
      progress.print("\r" + line + "\u001b[K");
    } else {
      progress.println(line);
    }
    progress.flush();
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f ms", v);
  }

  /** Nearest-rank quantiles over sorted arrays. */
  static final class Stats {
    private Stats() {}

    static double quantile(double[] sorted, double q) {
      if (sorted.length == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(q * sorted.length);
      return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    static double[] sorted(double[] values) {
      double[] copy = values.clone();
      Arrays.sort(copy);
      return copy;
    }
  }
}
