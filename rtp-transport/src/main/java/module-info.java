/**
 * Sluice rtp-transport: the UDP side of a media node.
 *
 * <p>{@code io.sluice.transport.stun} is the public STUN codec (RFC 8489). ICE-lite request
 * handling lives in {@code io.sluice.transport.internal.ice}, which is not exported.
 */
module io.sluice.transport {
  requires transitive io.sluice.media;
  requires transitive io.netty.buffer;
  requires io.netty.common;
  requires static transitive org.jspecify;

  exports io.sluice.transport.stun;
}
