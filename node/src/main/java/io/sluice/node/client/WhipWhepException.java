package io.sluice.node.client;

import java.io.IOException;
import java.net.URI;

/**
 * A WHIP or WHEP server refused a request (RFC 9725 §4.2): a status other than 2xx, or a 2xx
 * response that is not a usable answer (no {@code Location}, no SDP). Carries the status and the
 * response body (cut to {@link WhipWhepHttp#MAX_ERROR_BODY_CHARS} characters), which a Sluice
 * node fills with the reason.
 */
public final class WhipWhepException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String body;
  private final URI uri;

  WhipWhepException(URI uri, int status, String body, String problem) {
    super(problem + ": " + uri + " answered " + status
        + (body.isBlank() ? "" : " \"" + body.strip() + "\""));
    this.uri = uri;
    this.status = status;
    this.body = body;
  }

  /** The HTTP status code of the response. */
  public int status() {
    return status;
  }

  /** The response body (possibly empty, at most {@link WhipWhepHttp#MAX_ERROR_BODY_CHARS}). */
  public String body() {
    return body;
  }

  /** The URI that answered (after redirects). */
  public URI uri() {
    return uri;
  }
}
