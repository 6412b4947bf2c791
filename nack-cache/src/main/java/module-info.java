/**
 * Sluice nack-cache: loss-activated per-subscriber retransmission (RFC 4585 generic NACK, RFC 4588
 * RTX) over a shared per-track packet ring, and upstream NACK generation for publisher legs.
 */
module io.sluice.nack {
  requires transitive io.sluice.media;
  requires static org.jspecify;

  exports io.sluice.nack;
}
