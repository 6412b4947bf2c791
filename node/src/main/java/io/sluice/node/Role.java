package io.sluice.node;

/** What a node does with streams it does not have. */
public enum Role {
  /** Streams are published to this node (WHIP, plain RTP); a viewer of an unknown stream gets 404. */
  ORIGIN,
  /**
   * Streams are pulled from origins: the first viewer of a stream makes the node play it from an
   * origin over WHEP, and the last viewer leaving stops the pull.
   */
  EDGE
}
