package io.sluice.transport.metrics;

import java.time.Duration;

/**
 * Transport events for metrics and alerts. Called from event loops and handshake threads: keep
 * implementations fast and non-blocking. All methods default to doing nothing.
 */
public interface TransportMetricsListener {
  /** Ignores everything. */
  TransportMetricsListener NONE = new TransportMetricsListener() {};

  /** A DTLS handshake ended: {@code success} or not, after {@code elapsed}. */
  default void onHandshake(boolean success, Duration elapsed, String outcome) {}

  /** A session opened (node-wide count goes up). */
  default void onSessionOpened() {}

  /** A session closed for {@code reason} (an enum name such as {@code CONSENT_EXPIRED}). */
  default void onSessionClosed(String reason) {}
}
