/**
 * Sluice media-core: the RTP/RTCP packet layer that every packet of a node passes through.
 *
 * <p>Exported packages are the public packet API: views and codecs over Netty {@code ByteBuf}s,
 * sequence arithmetic, receiver statistics and keyframe detection. {@code io.sluice.media.internal}
 * holds helpers shared with the other Sluice modules only.
 */
module io.sluice.media {
  requires transitive io.netty.buffer;
  requires transitive io.netty.common;
  requires static transitive org.jspecify;

  exports io.sluice.media;
  exports io.sluice.media.rtp;
  exports io.sluice.media.rtcp;
  exports io.sluice.media.routing;
  exports io.sluice.media.codec;
  exports io.sluice.media.stats;
  exports io.sluice.media.internal to
      io.sluice.transport,
      io.sluice.nack,
      io.sluice.signaling,
      io.sluice.node;
}
