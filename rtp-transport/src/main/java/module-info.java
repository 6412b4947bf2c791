/** Sluice rtp-transport. */
module io.sluice.transport {
  requires transitive io.sluice.media;
}
