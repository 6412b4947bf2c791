/**
 * Sluice signaling: SDP offer/answer ({@code io.sluice.signaling.sdp}), and WHIP, WHEP and the
 * JSON admin API over HTTP ({@code io.sluice.signaling.http}). Everything under
 * {@code io.sluice.signaling.internal} is implementation.
 *
 * <p>No Netty or Jackson type appears in an exported signature; both are implementation
 * dependencies. The admin DTO records are opened to Jackson, which reads their accessors.
 */
module io.sluice.signaling {
  requires transitive io.sluice.media;
  requires io.netty.common;
  requires io.netty.buffer;
  requires io.netty.transport;
  requires io.netty.codec;
  requires io.netty.codec.http;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports io.sluice.signaling.sdp;
  exports io.sluice.signaling.http;

  opens io.sluice.signaling.http to com.fasterxml.jackson.databind;
}
