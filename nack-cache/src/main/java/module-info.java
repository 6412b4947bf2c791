/** Sluice nack-cache. */
module io.sluice.nack {
  requires transitive io.sluice.media;
}
