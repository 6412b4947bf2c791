package io.sluice.signaling.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP response as the plain routing code builds it, before CORS headers are added and it is
 * turned into Netty objects on the event loop. Owns no reference-counted memory.
 *
 * @param status the status code
 * @param headers the headers in order; a name may repeat ({@code Link})
 * @param body the body, possibly empty
 * @param close true to close the connection after the response
 * @param rollback what to run if the response cannot be delivered (for a {@code 201}: delete the
 *     session just created), or null
 */
public record SignalingResponse(int status, List<Map.Entry<String, String>> headers, byte[] body,
    boolean close, @Nullable Runnable rollback) {

  /** Text media type of error bodies. */
  public static final String TEXT_PLAIN = "text/plain; charset=utf-8";

  /** Copies the headers. */
  public SignalingResponse {
    headers = List.copyOf(headers);
  }

  /** Returns the first value of header {@code name} (any case), or null. */
  public @Nullable String header(String name) {
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }

  /** Returns a copy with one more header. */
  public SignalingResponse withHeader(String name, String value) {
    List<Map.Entry<String, String>> h = new ArrayList<>(headers);
    h.add(Map.entry(name, value));
    return new SignalingResponse(status, h, body, close, rollback);
  }

  /** Returns a builder for {@code status}. */
  public static Builder builder(int status) {
    return new Builder(status);
  }

  /** Returns an error response: {@code status} and {@code reason} as a one-line text body. */
  public static SignalingResponse error(int status, String reason) {
    return builder(status).text(reason).build();
  }

  /** Returns a copy with {@code close} set. */
  public SignalingResponse closing() {
    return new SignalingResponse(status, headers, body, true, rollback);
  }

  /** Builds a {@link SignalingResponse}. */
  public static final class Builder {
    private final int status;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private byte[] body = new byte[0];
    private boolean close;
    private @Nullable Runnable rollback;

    Builder(int status) {
      this.status = status;
    }

    /** Adds a header (names may repeat). */
    public Builder header(String name, String value) {
      headers.add(Map.entry(name, value));
      return this;
    }

    /** Sets the body and its content type. */
    public Builder body(String contentType, byte[] body) {
      header("Content-Type", contentType);
      this.body = body;
      return this;
    }

    /** Sets a one-line {@code text/plain} body: {@code text} and a newline. */
    public Builder text(String text) {
      return body(TEXT_PLAIN, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Closes the connection after the response. */
    public Builder close() {
      this.close = true;
      return this;
    }

    /** Sets what to run if the response cannot be delivered. */
    public Builder rollback(Runnable rollback) {
      this.rollback = rollback;
      return this;
    }

    /** Returns the response. */
    public SignalingResponse build() {
      return new SignalingResponse(status, headers, body, close, rollback);
    }
  }
}
