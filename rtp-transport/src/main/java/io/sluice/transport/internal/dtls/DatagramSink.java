package io.sluice.transport.internal.dtls;

import java.io.IOException;

/**
 * Where a DTLS session's outgoing datagrams go: typically a write of a copy to the peer's address
 * on the node's UDP channel.
 */
@FunctionalInterface
public interface DatagramSink {
  /**
   * Sends one datagram, {@code length} bytes of {@code data} from {@code offset}. The array is
   * borrowed and reused by the caller once this returns, so an asynchronous implementation copies
   * it. Called on the session's handshake thread; must not block for long.
   *
   * @throws IOException if the datagram cannot be sent; the handshake then fails
   */
  void send(byte[] data, int offset, int length) throws IOException;
}
