package io.sluice.transport.internal.dtls;

import io.sluice.transport.dtls.DtlsCertificate;
import io.sluice.transport.dtls.DtlsFingerprint;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Two in-process DTLS sessions wired back to back: each one's sink offers into the other's queue,
 * as the network thread would.
 */
final class DtlsPair implements AutoCloseable {
  final DtlsSession server;
  final DtlsSession client;

  private DtlsPair(DtlsSession server, DtlsSession client) {
    this.server = server;
    this.client = client;
  }

  /**
   * Starts a handshake between {@code serverContext} and {@code clientContext}, each expecting
   * the given fingerprint of the other (null: the other's real one).
   */
  static DtlsPair start(DtlsContext serverContext, DtlsContext clientContext,
      DtlsFingerprint serverExpects, DtlsFingerprint clientExpects) {
    AtomicReference<DtlsSession> serverRef = new AtomicReference<>();
    AtomicReference<DtlsSession> clientRef = new AtomicReference<>();
    DtlsSession server = serverContext.newSession(DtlsRole.SERVER, serverExpects, (d, o, l) -> deliver(clientRef, d, o, l));
    DtlsSession client = clientContext.newSession(DtlsRole.CLIENT, clientExpects, (d, o, l) -> deliver(serverRef, d, o, l));
    // Register both, as the node's session map would, before either starts.
    serverRef.set(server);
    clientRef.set(client);
    server.start();
    client.start();
    return new DtlsPair(server, client);
  }

  static DtlsPair start(DtlsContext serverContext, DtlsContext clientContext) {
    return start(serverContext, clientContext,
        clientContext.certificate().fingerprint(), serverContext.certificate().fingerprint());
  }

  private static void deliver(AtomicReference<DtlsSession> to, byte[] data, int offset, int length) {
    to.get().offer(data, offset, length);
  }

  static DtlsContext context(DtlsCertificate certificate) {
    return DtlsContext.builder(certificate).build();
  }

  @Override
  public void close() {
    server.close();
    client.close();
  }
}
