package io.sluice.signaling.http;

import io.sluice.signaling.internal.http.Ids;
import io.sluice.signaling.sdp.SessionDescription;

/**
 * What a {@link WhipWhepBackend} returns for an accepted WHIP or WHEP offer: the session's id and
 * the SDP answer.
 *
 * <p>The session id names the session resource, {@code <endpoint>/<sessionId>}, that the client
 * PATCHes and DELETEs, so it must be URL-safe: 1 to {@value #MAX_ID_LENGTH} of
 * {@code A-Z a-z 0-9 - _ . ~} (RFC 3986 unreserved characters). It must be unguessable, because
 * whoever knows the URL can end the session; {@link #newSessionId()} makes such ids.
 *
 * @param sessionId the opaque, URL-safe session id
 * @param answer the SDP answer to the client's offer
 */
public record SessionAnswer(String sessionId, SessionDescription answer) {
  /** Longest session id, in characters. */
  public static final int MAX_ID_LENGTH = 128;

  /**
   * Validates the session id.
   *
   * @throws IllegalArgumentException if it is empty, too long or not URL-safe
   */
  public SessionAnswer {
    if (!Ids.isUrlSafe(sessionId, MAX_ID_LENGTH)) {
      throw new IllegalArgumentException("session id " + sessionId
          + " (expected: 1.." + MAX_ID_LENGTH + " of A-Z a-z 0-9 - _ . ~)");
    }
  }

  /** Returns a new random session id: 128 bits, base64url without padding (22 characters). */
  public static String newSessionId() {
    return Ids.random128();
  }
}
