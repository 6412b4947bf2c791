/** Sluice signaling. */
module io.sluice.signaling {
  requires transitive io.sluice.media;
}
