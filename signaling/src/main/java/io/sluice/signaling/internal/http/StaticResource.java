package io.sluice.signaling.internal.http;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A fixed resource served at one exact path, such as a node's demo page: {@code GET} and
 * {@code HEAD} (RFC 9110 §9.3.1, §9.3.2) return its bytes, {@code OPTIONS} is a CORS preflight,
 * anything else is {@code 405}. Immutable; the bytes are copied once, when it is built.
 *
 * <p>Not asked of the {@code Authorizer}: a browser that opens a page sends no bearer token, and a
 * static resource holds nothing a token would protect. What the page then does (publish, play,
 * admin) is authorized as usual.
 *
 * @param path the exact raw path, for example {@code /} or {@code /demo/index.html}
 * @param contentType the {@code Content-Type}, for example {@code text/html; charset=utf-8}
 * @param body the content
 */
public record StaticResource(String path, String contentType, byte[] body) {
  /** Methods a static resource has. */
  static final String ALLOW = "GET, HEAD, OPTIONS";
  /**
   * Browsers revalidate before each use, so a node upgraded in place never serves a stale page.
   * The pages are small, and there is no validator to revalidate against: the answer is a 200.
   */
  static final String CACHE_CONTROL = "no-cache";

  /** Checks the content type and copies the body. */
  public StaticResource {
    if (contentType.isBlank() || contentType.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("content type '" + SignalingText.oneLine(contentType, 80)
          + "' (expected: a media type such as text/html; charset=utf-8)");
    }
    body = body.clone();
  }

  /** Returns a copy of the content. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /**
   * Returns the response to {@code req}. For {@code HEAD} the response has the body too, so that
   * its {@code Content-Length} is the body's: Netty's {@code HttpServerCodec} remembers that the
   * request was {@code HEAD} and writes no content (RFC 9110 §9.3.2).
   */
  SignalingResponse respond(SignalingRequest req) {
    return switch (req.method()) {
      case "GET", "HEAD" -> new SignalingResponse(200, List.of(
              Map.entry("Content-Type", contentType),
              Map.entry("Cache-Control", CACHE_CONTROL),
              Map.entry("X-Content-Type-Options", "nosniff")),
          body, false, null); // the record's own array: responses never change a body
      case "OPTIONS" -> {
        SignalingResponse.Builder b = SignalingResponse.builder(204).header("Allow", ALLOW);
        Cors.addPreflightHeaders(b);
        yield b.build();
      }
      default -> SignalingResponse.builder(405)
          .header("Allow", ALLOW)
          .text(req.method() + " not allowed on " + path + " (expected: GET or HEAD)")
          .build();
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StaticResource r && path.equals(r.path)
        && contentType.equals(r.contentType) && Arrays.equals(body, r.body);
  }

  @Override
  public int hashCode() {
    return (path.hashCode() * 31 + contentType.hashCode()) * 31 + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "StaticResource[" + path + ", " + contentType + ", " + body.length + " bytes]";
  }
}
