package io.sluice.signaling.http;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link WhipWhepBackend} may want to know about the HTTP request behind a publish or play:
 * who sent it and with which headers.
 *
 * @param remoteAddress the TCP peer of the request (a proxy's address when one is in front; the
 *     server does not trust {@code X-Forwarded-For})
 * @param bearerToken the token of an {@code Authorization: Bearer} header, or null
 * @param headers the request headers, names in lower case, values in order
 */
public record RequestContext(InetSocketAddress remoteAddress, @Nullable String bearerToken,
    Map<String, List<String>> headers) {

  /** Copies the headers, lower-casing the names. */
  public RequestContext {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      copy.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>())
          .addAll(e.getValue());
    }
    copy.replaceAll((k, v) -> List.copyOf(v));
    headers = Map.copyOf(copy);
  }

  /** Returns the first value of header {@code name} (any case), or null. */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** Returns the context without the bearer token, for logs. */
  @Override
  public String toString() {
    return "RequestContext[remoteAddress=" + remoteAddress + ", bearerToken="
        + (bearerToken == null ? "none" : "***") + ", headers=" + headers.keySet() + "]";
  }
}
