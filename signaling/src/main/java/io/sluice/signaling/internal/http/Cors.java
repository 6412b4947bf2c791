package io.sluice.signaling.internal.http;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * CORS (the Fetch standard's "CORS protocol") for browser WHIP and WHEP clients served from
 * another origin. Every response gets {@code Access-Control-Allow-Origin} (when the origin is
 * allowed) and {@code Access-Control-Expose-Headers}, so that a page can read {@code Location},
 * {@code ETag} and {@code Link}; preflights ({@code OPTIONS}) also get the allowed methods and
 * request headers.
 *
 * <p>With the default {@code *} every origin is allowed. That is safe for bearer-token
 * authorization, which a page must attach itself (browsers never send it on their own, unlike
 * cookies); the server uses no cookies.
 */
public final class Cors {
  /** Methods allowed cross-origin. */
  public static final String ALLOW_METHODS = "GET, POST, PATCH, DELETE, OPTIONS";
  /** Request headers allowed cross-origin. */
  public static final String ALLOW_HEADERS = "Authorization, Content-Type, If-Match";
  /** Response headers a page may read. */
  public static final String EXPOSE_HEADERS =
      "Location, ETag, Link, Accept-Patch, Accept-Post, Retry-After";
  /** How long a browser may cache a preflight, in seconds. */
  public static final String MAX_AGE = "86400";

  private final List<String> allowedOrigins;
  private final boolean any;

  /** Creates the policy; {@code ["*"]} allows any origin. */
  public Cors(List<String> allowedOrigins) {
    this.allowedOrigins = List.copyOf(allowedOrigins);
    this.any = allowedOrigins.contains("*");
  }

  /**
   * Adds the headers every response carries, for a request with {@code origin} (null if it sent
   * none).
   */
  public void addResponseHeaders(@Nullable String origin, List<Map.Entry<String, String>> out) {
    if (any) {
      out.add(Map.entry("Access-Control-Allow-Origin", "*"));
    } else {
      // The answer depends on Origin: caches must keep one copy per origin.
      out.add(Map.entry("Vary", "Origin"));
      if (origin != null && allowedOrigins.contains(origin)) {
        out.add(Map.entry("Access-Control-Allow-Origin", origin));
      }
    }
    out.add(Map.entry("Access-Control-Expose-Headers", EXPOSE_HEADERS));
  }

  /** Adds the headers of a preflight response. */
  public static void addPreflightHeaders(SignalingResponse.Builder b) {
    b.header("Access-Control-Allow-Methods", ALLOW_METHODS)
        .header("Access-Control-Allow-Headers", ALLOW_HEADERS)
        .header("Access-Control-Max-Age", MAX_AGE);
  }
}
