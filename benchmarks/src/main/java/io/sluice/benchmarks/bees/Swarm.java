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
  private final WhepClient whep;
  private final PrintStream progress;
  private final boolean terminal;
  private final LongSupplier publisherPackets;
  final List<Bee> bees = new CopyOnWriteArrayList<>();
  final List<Sample> samples = new ArrayList<>();
  long startNanos;
  long endNanos;

  Swarm(BeesOptions options, WhepClient whep, PrintStream progress, boolean terminal,
      LongSupplier publisherPackets) {
    this.options = options;
    this.whep = whep;
    this.progress = progress;
    this.terminal = terminal;
    this.publisherPackets = publisherPackets;
  }

  void run() throws InterruptedException {
    Semaphore joins = new Semaphore(MAX_CONCURRENT_JOINS);
    long rampNanos = (long) (options.rampSeconds() * 1e9);
    startNanos = System.nanoTime();
    long end = startNanos + rampNanos + options.holdSeconds() * 1_000_000_000L;
    long nextSample = startNanos + 1_000_000_000L;
    long[] last = new long[4]; // bytes, packets, expected, lost
    try (ExecutorService joiners = Executors.newVirtualThreadPerTaskExecutor()) {
      int launched = 0;
      while (true) {
        long now = System.nanoTime();
        if (now - end >= 0) {
          break;
        }
        while (launched < options.bees()
            && now - (startNanos + (long) (launched / options.rampPerSecond() * 1e9)) >= 0) {
          Bee b = new Bee(launched++, options.decrypt());
          bees.add(b);
          joiners.submit(() -> join(b, joins, end));
        }
        if (now - nextSample >= 0) {
          sample(now, last);
          nextSample += 1_000_000_000L;
        }
        Thread.sleep(TICK_NANOS / 1_000_000);
      }
      endNanos = System.nanoTime();
      if (terminal) {
        progress.println();
      }
      closeAll();
      joiners.shutdownNow();
    }
  }

  private void join(Bee b, Semaphore joins, long end) {
    b.postNanos = System.nanoTime();
    try {
      long wait = end - System.nanoTime();
      if (wait <= 0 || !joins.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
        b.fail("run ended before the bee's POST could start");
        return;
      }
      try {
        b.postNanos = System.nanoTime();
        b.attach(whep.play(options.whep(), options.token(), b));
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
    whep.close();
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
