package io.sluice.signaling.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The node's health for {@code GET /healthz}: a status and details. The server answers
 * {@code 200} with {@code {"status":"ok", ...}} for {@link #OK}, {@code 503} otherwise, and adds
 * its own fields ({@code uptimeSeconds}, {@code httpSessions}) after the details.
 *
 * @param status {@value #OK} when healthy, any other word (for example {@code "draining"}) when
 *     not
 * @param details more fields for the JSON object: strings, numbers, booleans, lists or maps
 */
public record HealthInfo(String status, Map<String, Object> details) {
  /** The status of a healthy node. */
  public static final String OK = "ok";

  /** Copies the details, keeping their order. */
  public HealthInfo {
    if (status.isEmpty()) {
      throw new IllegalArgumentException("empty status");
    }
    details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** Returns a healthy status without details. */
  public static HealthInfo ok() {
    return new HealthInfo(OK, Map.of());
  }

  /** Returns a healthy status with details. */
  public static HealthInfo ok(Map<String, Object> details) {
    return new HealthInfo(OK, details);
  }

  /** Returns true if the status is {@value #OK}. */
  public boolean isOk() {
    return OK.equals(status);
  }
}
