package io.sluice.signaling.internal.http;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request as the plain routing code sees it: copied out of Netty's {@code
 * FullHttpRequest} so that it can cross to a virtual thread and be built in tests without a
 * channel. Owns no reference-counted memory.
 *
 * @param method the method, upper case as sent
 * @param rawPath the path, not percent-decoded
 * @param headers the headers, names in lower case, values in order
 * @param body the body (at most the server's body limit)
 * @param remoteAddress the TCP peer
 */
public record SignalingRequest(String method, String rawPath, Map<String, List<String>> headers,
    byte[] body, InetSocketAddress remoteAddress) {

  /** Returns the first value of header {@code name} (lower case), or null. */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** Returns every value of header {@code name} (lower case). */
  public List<String> headers(String name) {
    return headers.getOrDefault(name, List.of());
  }

  /** Returns the {@code Origin} header, or null. */
  public @Nullable String origin() {
    return header("origin");
  }

  /**
   * Returns the token of an {@code Authorization: Bearer <token>} header (RFC 6750 §2.1; the
   * scheme in any case), or null if there is none or it uses another scheme.
   */
  public @Nullable String bearerToken() {
    String auth = header("authorization");
    if (auth == null || auth.length() < 7 || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = auth.substring(7).strip();
    return token.isEmpty() ? null : token;
  }

  /**
   * Returns the media type of {@code Content-Type} in lower case, without parameters, or null if
   * there is none.
   */
  public @Nullable String mediaType() {
    String ct = header("content-type");
    if (ct == null) {
      return null;
    }
    int semi = ct.indexOf(';');
    return (semi < 0 ? ct : ct.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }

  /** Returns the body decoded as UTF-8 (malformed bytes become U+FFFD). */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
