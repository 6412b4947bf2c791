package io.sluice.signaling.http;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a request may proceed. The {@link SignalingServer} asks it for every request
 * except CORS preflights ({@code OPTIONS}, which browsers send without credentials) and requests
 * for static resources ({@link SignalingServer.Builder#staticResource}, which a browser opens
 * without a token), after routing and before reading the body's meaning.
 *
 * <p>A denied request gets {@code 401 Unauthorized} with {@code WWW-Authenticate: Bearer} when it
 * carried no bearer token, and {@code 403 Forbidden} when it carried one (RFC 6750 §3.1). The
 * default, {@link #loopbackOnly()}, allows requests from loopback addresses only.
 *
 * <p>Called on virtual threads; it may block briefly (for example to check a token with an
 * identity service).
 */
@FunctionalInterface
public interface Authorizer {

  /** What a request wants to do. */
  enum Action {
    /** Publish a stream: WHIP POST, and PATCH or DELETE on a WHIP session. */
    PUBLISH,
    /** Play a stream: WHEP POST, and PATCH or DELETE on a WHEP session. */
    PLAY,
    /** Read or change node state through the admin API ({@code /api/...}). */
    ADMIN,
    /**
     * Read {@code /healthz}. Separate from {@link #ADMIN} so that a load balancer's health probe
     * can be let in without opening the admin API.
     */
    HEALTH
  }

  /**
   * Returns true to allow the request.
   *
   * @param bearerToken the token of an {@code Authorization: Bearer} header, or null
   * @param remoteAddress the TCP peer of the request
   * @param streamId the stream id for {@link Action#PUBLISH} and {@link Action#PLAY}, and for
   *     {@link Action#ADMIN} requests about one stream; otherwise null
   * @param action what the request wants to do
   */
  boolean authorize(@Nullable String bearerToken, InetSocketAddress remoteAddress,
      @Nullable String streamId, Action action);

  /** Returns an authorizer that allows what this one or {@code other} allows. */
  default Authorizer or(Authorizer other) {
    return (token, remote, streamId, action) -> authorize(token, remote, streamId, action)
        || other.authorize(token, remote, streamId, action);
  }

  /**
   * Returns the default: allow requests whose remote address is a loopback address
   * (127.0.0.0/8, ::1), deny all others.
   */
  static Authorizer loopbackOnly() {
    return (token, remote, streamId, action) ->
        remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
  }

  /**
   * Returns an authorizer that allows requests carrying exactly {@code token} as bearer token,
   * from any address, for any action. The comparison takes the same time wherever the tokens
   * differ.
   *
   * @throws IllegalArgumentException if the token is empty
   */
  static Authorizer bearerToken(String token) {
    if (token.isEmpty()) {
      throw new IllegalArgumentException("empty bearer token");
    }
    byte[] expected = token.getBytes(StandardCharsets.UTF_8);
    return (given, remote, streamId, action) -> given != null
        && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
  }
}
