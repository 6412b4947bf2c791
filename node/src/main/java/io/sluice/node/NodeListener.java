package io.sluice.node;

/**
 * Events of a {@link SluiceNode}, for applications, metrics and alerts. Called on node threads
 * (signaling virtual threads, event loops, DTLS handshake threads): implementations must be quick
 * and must not block. Exceptions are caught and logged.
 */
public interface NodeListener {
  /** A publisher started (or replaced another on) stream {@code streamId}. */
  default void onStreamUp(String streamId) {}

  /** The publisher of {@code streamId} left; viewers wait for the stream's grace time. */
  default void onStreamDown(String streamId) {}

  /** Stream {@code streamId} was closed and removed. */
  default void onStreamClosed(String streamId) {}

  /** A viewer's session connected to {@code streamId}. */
  default void onViewerJoined(String streamId, String sessionId) {}

  /** A viewer's session ended. */
  default void onViewerLeft(String streamId, String sessionId) {}

  /**
   * A viewer's loss crossed the retransmit cache's activation threshold ({@code high} true: its
   * cache is now on) or fell back below the deactivation threshold ({@code high} false).
   *
   * @param smoothedLoss the smoothed fraction lost, 0..1
   */
  default void onViewerLoss(String streamId, String sessionId, boolean high,
      double smoothedLoss) {}
}
