/**
 * Sluice node: the media node that joins the packet layer, the WebRTC transport, the NACK cache and
 * signaling. {@code io.sluice.node} is the embedding API ({@code SluiceNode}),
 * {@code io.sluice.node.client} holds WHIP and WHEP clients over Sluice's own transport (used by an
 * edge to pull from an origin, and by the load tool). Everything under
 * {@code io.sluice.node.internal} is implementation.
 */
module io.sluice.node {
  requires transitive io.sluice.media;
  requires transitive io.sluice.signaling;
  requires io.sluice.transport;
  requires io.sluice.nack;
  requires io.netty.common;
  requires io.netty.buffer;
  requires io.netty.transport;
  requires static transitive org.jspecify;
  requires java.net.http;
  requires org.slf4j;

  exports io.sluice.node;
  exports io.sluice.node.client;
}
