package io.sluice.signaling.sdp;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;

/**
 * Serves {@code real-client-page.html} on {@code http://127.0.0.1:<port>/}: a secure context, so
 * browsers allow {@code getUserMedia} there and gather candidates (a {@code data:} URL gets
 * neither).
 */
final class PageServer implements AutoCloseable {
  private final HttpServer server;

  PageServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      byte[] page;
      try (InputStream in = PageServer.class.getResourceAsStream("real-client-page.html")) {
        page = in.readAllBytes();
      }
      exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, page.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(page);
      }
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
