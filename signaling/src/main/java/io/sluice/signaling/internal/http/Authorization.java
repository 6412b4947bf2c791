package io.sluice.signaling.internal.http;

import io.sluice.signaling.http.Authorizer;
import org.jspecify.annotations.Nullable;

/** Asks the {@link Authorizer} and turns a refusal into 401 or 403 (RFC 6750 §3.1). */
final class Authorization {
  private Authorization() {}

  /**
   * Returns null if {@code req} may do {@code action}; otherwise {@code 401} with
   * {@code WWW-Authenticate: Bearer} when the request carried no bearer token, {@code 403} when it
   * carried one.
   */
  static @Nullable SignalingResponse check(Authorizer authorizer, SignalingRequest req,
      @Nullable String streamId, Authorizer.Action action) {
    String token = req.bearerToken();
    if (authorizer.authorize(token, req.remoteAddress(), streamId, action)) {
      return null;
    }
    if (token == null) {
      return SignalingResponse.builder(401)
          .header("WWW-Authenticate", "Bearer realm=\"sluice\"")
          .text("authorization required (expected: Authorization: Bearer <token>)")
          .build();
    }
    return SignalingResponse.builder(403)
        .header("WWW-Authenticate", "Bearer realm=\"sluice\", error=\"invalid_token\"")
        .text("bearer token not accepted for " + action.name().toLowerCase(java.util.Locale.ROOT)
            + (streamId == null ? "" : " of stream " + streamId))
        .build();
  }
}
