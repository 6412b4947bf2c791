package io.sluice.transport.internal.session;

import io.netty.buffer.ByteBuf;

/**
 * Events of one {@link TransportSession}. Media callbacks run on the event loop that received the
 * packet and must not block; state callbacks may run on a handshake (virtual) thread.
 */
public interface TransportSessionListener {

  /** DTLS completed and SRTP is ready: media can flow both ways. */
  default void onConnected(TransportSession session) {}

  /**
   * A decrypted, authenticated RTP packet. Takes ownership of {@code packet} (a heap buffer with
   * SRTP tail room): the listener releases it or hands it on.
   */
  default void onRtp(TransportSession session, ByteBuf packet) {
    packet.release();
  }

  /** A decrypted, authenticated RTCP compound packet. Takes ownership of {@code packet}. */
  default void onRtcp(TransportSession session, ByteBuf packet) {
    packet.release();
  }

  /** The session ended and every resource it held is freed. Called once. */
  default void onClosed(TransportSession session, CloseReason reason, String detail) {}
}
