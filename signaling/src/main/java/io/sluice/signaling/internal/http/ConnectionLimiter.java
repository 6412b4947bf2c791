package io.sluice.signaling.internal.http;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts open connections in all and per remote IP address.
 *
 * <p>Overflow policy: a connection beyond the per-address limit is accepted, but its first request
 * is answered {@code 503} with {@code Retry-After} and the connection closed, so that the client
 * learns why instead of seeing a reset (and the request timeout bounds how long it can hold the
 * socket). A connection beyond the total limit is closed at once, without a response: past that
 * point the server protects its file descriptors rather than its manners. Thread-safe.
 */
public final class ConnectionLimiter {

  /** What to do with a new connection. */
  public enum Admission {
    /** Serve it. */
    ACCEPT,
    /** Answer its first request with 503 and close. */
    REFUSE,
    /** Close it at once. */
    CLOSE
  }

  private final int maxConnections;
  private final int maxPerAddress;
  private final Map<InetAddress, Integer> perAddress = new HashMap<>();
  private int total;

  /** Creates a limiter. */
  public ConnectionLimiter(int maxConnections, int maxPerAddress) {
    this.maxConnections = maxConnections;
    this.maxPerAddress = maxPerAddress;
  }

  /**
   * Counts a new connection from {@code remote} and says what to do with it. Every call must be
   * paired with one {@link #release} when the connection closes, whatever it returned.
   */
  public synchronized Admission acquire(InetAddress remote) {
    int n = perAddress.getOrDefault(remote, 0) + 1;
    perAddress.put(remote, n);
    total++;
    if (total > maxConnections) {
      return Admission.CLOSE;
    }
    return n > maxPerAddress ? Admission.REFUSE : Admission.ACCEPT;
  }

  /** Uncounts a connection from {@code remote}. */
  public synchronized void release(InetAddress remote) {
    total--;
    perAddress.computeIfPresent(remote, (k, n) -> n == 1 ? null : n - 1);
  }

  /** Returns the number of open connections. */
  public synchronized int total() {
    return total;
  }
}
