package io.sluice.signaling.http;

import io.sluice.signaling.internal.http.SignalingText;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WhipWhepBackend} refuses a request: the HTTP status and the one-line reason the
 * {@link SignalingServer} sends back as a {@code text/plain} body.
 *
 * <p>Statuses the server gives meaning to:
 *
 * <ul>
 *   <li>{@code 307 Temporary Redirect} with a {@link #location()}: the client should repeat the
 *       request there. This is how a load balancer or an overloaded node sends a WHIP or WHEP
 *       client to another node (RFC 9725 §4.5); see {@link #redirect(URI)}.
 *   <li>{@code 404 Not Found}: for WHEP, no stream of that id is published; for a session
 *       resource, the session is gone.
 *   <li>{@code 422 Unprocessable Content}: the request was understood but cannot be served, for
 *       example a trickle or ICE restart PATCH that the backend does not support (RFC 9725 §4.3).
 *   <li>{@code 503 Service Unavailable} with a {@link #retryAfter()}: the node is at capacity.
 * </ul>
 *
 * <p>Any other status from 300 to 599 is passed through as it is. The reason is made one line
 * (control characters become spaces) and cut to {@value #MAX_REASON_LENGTH} characters, because it
 * goes to a remote client.
 */
public final class SignalingException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Longest reason kept, in characters; a longer one is cut and ends with {@code "..."}. */
  public static final int MAX_REASON_LENGTH = 512;

  private final int status;
  private final @Nullable Duration retryAfter;
  private final @Nullable URI location;

  /**
   * Creates an exception with an HTTP status (300..599) and a reason.
   *
   * @throws IllegalArgumentException if the status is outside 300..599
   */
  public SignalingException(int status, String reason) {
    this(status, reason, null, null);
  }

  /**
   * Creates an exception with every field.
   *
   * @param status the HTTP status, 300..599
   * @param reason the one-line reason for the response body
   * @param retryAfter the {@code Retry-After} delay (whole seconds, rounded up), or null
   * @param location the {@code Location} of a 3xx redirect, or null
   * @throws IllegalArgumentException if the status is outside 300..599, a location is given for a
   *     status that is not 3xx, or a 3xx status has no location
   */
  public SignalingException(int status, String reason, @Nullable Duration retryAfter,
      @Nullable URI location) {
    super(SignalingText.oneLine(reason, MAX_REASON_LENGTH));
    if (status < 300 || status > 599) {
      throw new IllegalArgumentException("status " + status + " (expected: 300..599)");
    }
    boolean redirect = status < 400;
    if (redirect != (location != null)) {
      throw new IllegalArgumentException(redirect
          ? "status " + status + " needs a location"
          : "location given for status " + status + " (expected: 3xx)");
    }
    if (retryAfter != null && retryAfter.isNegative()) {
      throw new IllegalArgumentException("negative retryAfter: " + retryAfter);
    }
    this.status = status;
    this.retryAfter = retryAfter;
    this.location = location;
  }

  /** Returns {@code 307 Temporary Redirect} to {@code location}. */
  public static SignalingException redirect(URI location) {
    return new SignalingException(307, "use " + location, null, location);
  }

  /** Returns {@code 404 Not Found}, for example for a WHEP request for an unknown stream. */
  public static SignalingException notFound(String reason) {
    return new SignalingException(404, reason);
  }

  /** Returns {@code 403 Forbidden}. */
  public static SignalingException forbidden(String reason) {
    return new SignalingException(403, reason);
  }

  /** Returns {@code 409 Conflict}, for example when a stream already has a publisher. */
  public static SignalingException conflict(String reason) {
    return new SignalingException(409, reason);
  }

  /** Returns {@code 422 Unprocessable Content}. */
  public static SignalingException unprocessable(String reason) {
    return new SignalingException(422, reason);
  }

  /** Returns {@code 503 Service Unavailable} with {@code Retry-After}. */
  public static SignalingException unavailable(String reason, Duration retryAfter) {
    return new SignalingException(503, reason, retryAfter, null);
  }

  /** Returns the HTTP status, 300..599. */
  public int status() {
    return status;
  }

  /** Returns the one-line reason, the response body. */
  public String reason() {
    String m = getMessage();
    return m == null ? "" : m;
  }

  /** Returns the {@code Retry-After} delay, or null. */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }

  /** Returns the {@code Location} of a redirect, or null. */
  public @Nullable URI location() {
    return location;
  }
}
