package io.sluice.transport.internal.dtls;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An {@code openssl} command run as an independent DTLS peer: output is collected line by line on
 * a virtual thread, every wait is bounded, and {@link #close} kills the process.
 */
final class OpenSslProcess implements AutoCloseable {
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;

  private OpenSslProcess(Process process) {
    this.process = process;
    this.reader = Thread.ofVirtual().name("openssl-output").start(this::collect);
  }

  /** Whether an {@code openssl} binary is on the PATH and runs. */
  static boolean available() {
    try {
      Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
      try {
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
      } finally {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs {@code openssl args...} to completion (at most {@code timeout}), failing on a non-zero exit. */
  static String run(Duration timeout, String... args) throws IOException, InterruptedException {
    try (OpenSslProcess p = start(args)) {
      if (!p.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException("openssl " + String.join(" ", args) + " did not finish within " + timeout);
      }
      p.reader.join(timeout);
      if (p.process.exitValue() != 0) {
        throw new IOException("openssl " + String.join(" ", args) + " exited with " + p.process.exitValue() + ":\n" + p.output());
      }
      return p.output();
    }
  }

  static OpenSslProcess start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    return new OpenSslProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  private void collect() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // The process was killed.
    }
  }

  /**
   * Waits up to {@code timeout} for an output line matching {@code pattern}.
   *
   * @return the match, or null on timeout or if the process ended first
   */
  @Nullable Matcher await(Pattern pattern, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int next = 0;
    synchronized (lines) {
      while (true) {
        for (; next < lines.size(); next++) {
          Matcher m = pattern.matcher(lines.get(next));
          if (m.find()) {
            return m;
          }
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
          return null;
        }
        lines.wait(Math.min(left, 100));
      }
    }
  }

  /** Writes a line to the process's standard input (s_client/s_server commands such as "Q"). */
  void write(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(UTF_8));
    in.flush();
  }

  String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
    reader.join(Duration.ofSeconds(5));
  }
}
