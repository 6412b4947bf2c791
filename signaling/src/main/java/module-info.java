/** Sluice signaling. */
module io.sluice.signaling {
  requires transitive io.sluice.media;

  exports io.sluice.signaling.sdp;
}
