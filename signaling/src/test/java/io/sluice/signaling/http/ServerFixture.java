package io.sluice.signaling.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Starts signaling servers on 127.0.0.1, port 0, and closes them after each test. */
final class ServerFixture implements AutoCloseable {
  private final List<SignalingServer> servers = new ArrayList<>();

  SignalingServer start(WhipWhepBackend backend, UnaryOperator<SignalingServer.Builder> config) {
    SignalingServer server = config.apply(SignalingServer.builder(backend)
        .bindAddress(new InetSocketAddress("127.0.0.1", 0))).build();
    servers.add(server);
    try {
      return server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  SignalingServer start(WhipWhepBackend backend) {
    return start(backend, b -> b);
  }

  @Override
  public void close() {
    servers.forEach(SignalingServer::close);
    servers.clear();
  }
}
