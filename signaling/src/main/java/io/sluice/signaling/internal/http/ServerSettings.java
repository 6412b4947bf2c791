package io.sluice.signaling.internal.http;

import io.sluice.signaling.http.AdminBackend;
import io.sluice.signaling.http.Authorizer;
import io.sluice.signaling.http.IceServer;
import io.sluice.signaling.http.WhipWhepBackend;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The validated configuration of one signaling server, built by
 * {@code SignalingServer.Builder}. Immutable.
 *
 * @param bindAddress where to listen (port 0: any free port)
 * @param backend the WHIP/WHEP backend
 * @param authorizer who may do what
 * @param adminBackend the admin API backend, or null when the admin API is off
 * @param whipPath the WHIP endpoint prefix, for example {@code /whip}
 * @param whepPath the WHEP endpoint prefix, for example {@code /whep}
 * @param adminPath the admin API prefix, for example {@code /api}
 * @param healthPath the health path, for example {@code /healthz}
 * @param allowedOrigins CORS origins; {@code ["*"]} allows any
 * @param iceServers the ICE servers announced in {@code Link} headers
 * @param maxBodyBytes the largest request body
 * @param requestTimeout how long a connection may take to deliver a whole request
 * @param maxConnections open connections, in all
 * @param maxConnectionsPerAddress open connections from one remote IP address
 * @param maxSessions WHIP and WHEP sessions, in all
 * @param maxSessionsPerAddress sessions created from one remote IP address
 * @param retryAfter the {@code Retry-After} of a 503 at a limit
 * @param ioThreads Netty event loop threads
 * @param staticResources fixed resources by exact raw path (a demo page, for example)
 */
public record ServerSettings(
    InetSocketAddress bindAddress,
    WhipWhepBackend backend,
    Authorizer authorizer,
    @Nullable AdminBackend adminBackend,
    String whipPath,
    String whepPath,
    String adminPath,
    String healthPath,
    List<String> allowedOrigins,
    List<IceServer> iceServers,
    int maxBodyBytes,
    Duration requestTimeout,
    int maxConnections,
    int maxConnectionsPerAddress,
    int maxSessions,
    int maxSessionsPerAddress,
    Duration retryAfter,
    int ioThreads,
    Map<String, StaticResource> staticResources) {

  /** Copies the lists and the map. */
  public ServerSettings {
    allowedOrigins = List.copyOf(allowedOrigins);
    iceServers = List.copyOf(iceServers);
    staticResources = Map.copyOf(staticResources);
  }

  /** Returns true if the admin API and {@code /healthz} are served. */
  public boolean adminEnabled() {
    return adminBackend != null;
  }
}
