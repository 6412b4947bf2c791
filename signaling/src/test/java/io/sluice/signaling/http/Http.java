package io.sluice.signaling.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small HTTP/1.1 client for the server tests (java.net.http, no redirects followed). */
final class Http {
  static final String SDP = "application/sdp";
  static final String SDPFRAG = "application/trickle-ice-sdpfrag";

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final URI base;

  Http(SignalingServer server) {
    this.base = URI.create("http://127.0.0.1:" + server.localAddress().getPort());
  }

  URI uri(String path) {
    return base.resolve(path);
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> post(String path, String contentType, String body) {
    return send(request(path).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> patch(String path, String contentType, String body,
      String... headers) {
    HttpRequest.Builder b = request(path).header("Content-Type", contentType)
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b);
  }

  HttpResponse<String> method(String method, String path, String... headers) {
    HttpRequest.Builder b = request(path).method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b);
  }

  /** Returns a stored offer: {@code chrome-whip-offer.sdp}, {@code chrome-whep-offer.sdp}, ... */
  static String offer(String name) {
    try (InputStream in = Http.class.getResourceAsStream("/io/sluice/signaling/sdp/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String whipOffer() {
    return offer("chrome-whip-offer.sdp");
  }

  static String whepOffer() {
    return offer("chrome-whep-offer.sdp");
  }
}
