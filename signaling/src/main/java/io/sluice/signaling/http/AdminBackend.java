package io.sluice.signaling.http;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The node's side of the JSON admin API: what {@code GET /api/streams}, {@code GET
 * /api/streams/{id}}, {@code DELETE /api/sessions/{id}} and {@code GET /healthz} report. The
 * {@link SignalingServer} serializes the returned records with Jackson; every request is first
 * checked with the {@link Authorizer} ({@link Authorizer.Action#ADMIN}, or
 * {@link Authorizer.Action#HEALTH} for {@code /healthz}).
 *
 * <p>Called on virtual threads; calls may overlap.
 */
public interface AdminBackend {

  /** Returns every stream the node knows, in a stable order. */
  List<StreamInfo> streams();

  /** Returns one stream, or null if the node has none of that id. */
  @Nullable StreamInfo stream(String streamId);

  /**
   * Ends a session, whichever way it was created (WHIP, WHEP, plain RTP ingest).
   *
   * @return true if the session existed
   */
  boolean deleteSession(String sessionId);

  /** Returns the node's health; anything but {@link HealthInfo#OK} answers 503. */
  HealthInfo health();
}
