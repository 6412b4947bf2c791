package io.sluice.node.internal;

/** Node events that the public API turns into listener calls and metrics. */
interface NodeEvents {
  /** A viewer's session connected and receives media. */
  void viewerJoined(String streamId, String sessionId);

  /** A viewer's session ended. */
  void viewerLeft(String streamId, String sessionId);

  /** A viewer's loss crossed the retransmit cache's threshold (cache on) or fell back (off). */
  void viewerLoss(String streamId, String sessionId, boolean high, double smoothedLoss);

  /** A session ended on the node's side: signaling must forget its resource. */
  void sessionEnded(String sessionId);
}
