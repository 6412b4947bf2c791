package io.sluice.node.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of WHIP (RFC 9725 §4.2) and WHEP: POST an {@code application/sdp} offer, follow
 * {@code 307}/{@code 308} redirects (§4.5) to a bounded depth, take the answer and the session
 * resource from a {@code 201}, and DELETE the resource to end the session.
 *
 * <p>Redirects are followed here rather than by {@link HttpClient}, so that a client configured
 * with {@code Redirect.NEVER} (the default one) and one configured otherwise behave the same, and
 * so that the hop count is ours to bound.
 */
final class WhipWhepHttp {
  /** Redirects followed before giving up. */
  static final int MAX_REDIRECTS = 5;
  /** Longest answer read; an SDP parser refuses more anyway ({@code SessionDescription}). */
  static final int MAX_ANSWER_BYTES = 64 * 1024;
  /** Longest error body kept in a {@link WhipWhepException}. */
  static final int MAX_ERROR_BODY_CHARS = 2048;
  /** Deadline for a POST: the server answers, including its own session set-up. */
  static final Duration POST_TIMEOUT = Duration.ofSeconds(15);
  /** Deadline for the DELETE on close: best effort, the session ends on our side regardless. */
  static final Duration DELETE_TIMEOUT = Duration.ofSeconds(2);
  /** Connect timeout of the client's own {@link HttpClient}. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(WhipWhepHttp.class);

  /** The answer to an offer and where the session lives. */
  record Created(URI resource, String answerSdp, URI endpoint) {}

  private WhipWhepHttp() {}

  /** An {@link HttpClient} for WHIP/WHEP: connect timeout, no automatic redirects. */
  static HttpClient newHttpClient() {
    return HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * POSTs {@code offerSdp} to {@code endpoint}, following redirects.
   *
   * @throws WhipWhepException on a non-2xx status, a 2xx without {@code Location}, or too many
   *     redirects
   * @throws IOException if the request fails
   */
  static Created postOffer(HttpClient http, URI endpoint, @Nullable String bearerToken,
      String offerSdp) throws IOException, InterruptedException {
    URI target = endpoint;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(target)
          .timeout(POST_TIMEOUT)
          .header("Content-Type", "application/sdp")
          .header("Accept", "application/sdp")
          .POST(HttpRequest.BodyPublishers.ofString(offerSdp, StandardCharsets.UTF_8));
      authorize(request, bearerToken);
      HttpResponse<InputStream> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      int status = response.statusCode();
      URI answered = response.uri();
      Optional<String> location = response.headers().firstValue("Location");
      if (status == 307 || status == 308) {
        drain(response);
        if (location.isEmpty()) {
          throw new WhipWhepException(answered, status, "", "redirect without Location");
        }
        target = resolve(answered, location.get(), status);
        continue;
      }
      if (status / 100 != 2) {
        throw new WhipWhepException(answered, status, errorBody(response), "offer refused");
      }
      byte[] body = readBounded(response.body(), MAX_ANSWER_BYTES);
      if (body.length > MAX_ANSWER_BYTES) {
        throw new WhipWhepException(answered, status, "",
            "answer longer than " + MAX_ANSWER_BYTES + " bytes");
      }
      String answer = new String(body, StandardCharsets.UTF_8);
      if (location.isEmpty()) {
        throw new WhipWhepException(answered, status, answer,
            "answer without Location (RFC 9725 §4.2 requires the session resource)");
      }
      if (answer.isBlank()) {
        throw new WhipWhepException(answered, status, "", "answer without SDP");
      }
      return new Created(resolve(answered, location.get(), status), answer, answered);
    }
    throw new WhipWhepException(target, 307, "", "more than " + MAX_REDIRECTS + " redirects");
  }

  /**
   * DELETEs the session resource, waiting at most {@link #DELETE_TIMEOUT}. Never throws: the
   * session ends on our side whatever the server says.
   *
   * @return the status, or -1 if the request failed
   */
  static int delete(HttpClient http, URI resource, @Nullable String bearerToken) {
    HttpRequest.Builder request = HttpRequest.newBuilder(resource)
        .timeout(DELETE_TIMEOUT)
        .DELETE();
    authorize(request, bearerToken);
    try {
      HttpResponse<Void> response =
          http.send(request.build(), HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        log.debug("DELETE {} answered {}", resource, response.statusCode());
      }
      return response.statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (IOException | RuntimeException e) {
      log.debug("DELETE {} failed: {}", resource, e.toString());
      return -1;
    }
  }

  private static void authorize(HttpRequest.Builder request, @Nullable String bearerToken) {
    if (bearerToken != null) {
      request.header("Authorization", "Bearer " + bearerToken);
    }
  }

  private static URI resolve(URI base, String location, int status) throws WhipWhepException {
    try {
      return base.resolve(location.strip());
    } catch (IllegalArgumentException e) {
      throw new WhipWhepException(base, status, "", "unusable Location \"" + location + "\"");
    }
  }

  private static String errorBody(HttpResponse<InputStream> response) throws IOException {
    byte[] b = readBounded(response.body(), MAX_ERROR_BODY_CHARS);
    String s = new String(b, StandardCharsets.UTF_8);
    return s.length() > MAX_ERROR_BODY_CHARS ? s.substring(0, MAX_ERROR_BODY_CHARS) : s;
  }

  private static void drain(HttpResponse<InputStream> response) throws IOException {
    readBounded(response.body(), MAX_ERROR_BODY_CHARS);
  }

  /** Reads at most {@code max + 1} bytes (so that the caller sees "too long") and closes. */
  private static byte[] readBounded(InputStream in, int max) throws IOException {
    try (in) {
      return in.readNBytes(max + 1);
    }
  }
}
