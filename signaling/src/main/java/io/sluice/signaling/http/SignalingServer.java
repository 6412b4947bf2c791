package io.sluice.signaling.http;

import io.sluice.signaling.internal.http.Ids;
import io.sluice.signaling.internal.http.NettyHttpServer;
import io.sluice.signaling.internal.http.ServerSettings;
import io.sluice.signaling.internal.http.StaticResource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP/1.1 server for WHIP (RFC 9725) and WHEP (draft-ietf-wish-whep) and the JSON admin API,
 * on Netty. See the {@linkplain io.sluice.signaling.http package documentation} for the endpoints
 * and status codes.
 *
 * <pre>{@code
 * try (SignalingServer server = SignalingServer.builder(backend)
 *     .bindAddress(new InetSocketAddress("127.0.0.1", 8080))
 *     .authorizer(Authorizer.bearerToken(token))
 *     .adminBackend(admin)
 *     .build()
 *     .start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops accepting, closes every connection and frees the event
 * loop and executor; sessions already created stay with the backend.
 */
public final class SignalingServer implements AutoCloseable {
  /** Default port. */
  public static final int DEFAULT_PORT = 8080;
  /** Default largest request body: 64 KiB, {@link io.sluice.signaling.sdp.SessionDescription#MAX_LENGTH}. */
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
  /** Default time a connection has to deliver a whole request. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /** Default limit of open connections, in all. */
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;
  /** Default limit of open connections from one IP address. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 32;
  /** Default limit of WHIP and WHEP sessions, in all. */
  public static final int DEFAULT_MAX_SESSIONS = 10_000;
  /**
   * Default limit of sessions created from one IP address. Viewers behind one NAT share an
   * address, so this is a guard against a runaway client more than a quota.
   */
  public static final int DEFAULT_MAX_SESSIONS_PER_ADDRESS = 64;
  /** Default {@code Retry-After} of a 503 at a limit. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

  private final ServerSettings settings;
  private final NettyHttpServer server;
  private final Object lock = new Object();
  private @Nullable InetSocketAddress localAddress;
  private boolean started;
  private boolean closed;

  private SignalingServer(ServerSettings settings) {
    this.settings = settings;
    this.server = new NettyHttpServer(settings);
  }

  /** Returns a builder with the defaults and {@code backend}. */
  public static Builder builder(WhipWhepBackend backend) {
    return new Builder(backend);
  }

  /**
   * Binds the address and starts serving.
   *
   * @return this server
   * @throws IOException if the address cannot be bound
   * @throws IllegalStateException if already started or closed
   */
  public SignalingServer start() throws IOException {
    synchronized (lock) {
      if (started || closed) {
        throw new IllegalStateException(closed ? "closed" : "already started");
      }
      started = true;
      try {
        localAddress = server.start();
      } catch (IOException | RuntimeException e) {
        closed = true;
        server.close();
        throw e;
      }
      return this;
    }
  }

  /**
   * Returns the bound address (with the actual port when port 0 was asked for).
   *
   * @throws IllegalStateException if not started
   */
  public InetSocketAddress localAddress() {
    synchronized (lock) {
      if (localAddress == null) {
        throw new IllegalStateException("not started");
      }
      return localAddress;
    }
  }

  /**
   * Forgets a session that ended on the node's side (ICE consent expired, stream ended, admin
   * deleted it elsewhere): its resource answers 404 from now on, and it no longer counts against
   * the session limits. Does not call the backend. Unknown ids are ignored.
   */
  public void sessionEnded(String sessionId) {
    server.registry().remove(sessionId);
  }

  /** Returns the number of WHIP and WHEP sessions this server created that have not ended. */
  public int sessionCount() {
    return server.registry().size();
  }

  /** Returns the number of open HTTP connections. */
  public int connectionCount() {
    return server.connectionCount();
  }

  /** Returns the WHIP endpoint prefix, for example {@code /whip}. */
  public String whipPath() {
    return settings.whipPath();
  }

  /** Returns the WHEP endpoint prefix, for example {@code /whep}. */
  public String whepPath() {
    return settings.whepPath();
  }

  /** Stops the server and frees its threads. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    server.close();
  }

  /** Builds a {@link SignalingServer}. */
  public static final class Builder {
    private final WhipWhepBackend backend;
    private InetSocketAddress bindAddress = new InetSocketAddress("127.0.0.1", DEFAULT_PORT);
    private Authorizer authorizer = Authorizer.loopbackOnly();
    private @Nullable AdminBackend adminBackend;
    private String whipPath = "/whip";
    private String whepPath = "/whep";
    private String adminPath = "/api";
    private String healthPath = "/healthz";
    private List<String> allowedOrigins = List.of("*");
    private final List<IceServer> iceServers = new ArrayList<>();
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
    private int maxSessions = DEFAULT_MAX_SESSIONS;
    private int maxSessionsPerAddress = DEFAULT_MAX_SESSIONS_PER_ADDRESS;
    private Duration retryAfter = DEFAULT_RETRY_AFTER;
    private int ioThreads = 1;
    private final Map<String, StaticResource> staticResources = new LinkedHashMap<>();

    Builder(WhipWhepBackend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
    }

    /** Sets where to listen (default 127.0.0.1:8080; port 0 picks a free port). */
    public Builder bindAddress(InetSocketAddress bindAddress) {
      this.bindAddress = bindAddress;
      return this;
    }

    /** Sets who may do what (default {@link Authorizer#loopbackOnly()}). */
    public Builder authorizer(Authorizer authorizer) {
      this.authorizer = authorizer;
      return this;
    }

    /**
     * Sets the admin API backend. Null (the default) turns the admin API and {@code /healthz}
     * off: their paths answer 404.
     */
    public Builder adminBackend(@Nullable AdminBackend adminBackend) {
      this.adminBackend = adminBackend;
      return this;
    }

    /** Sets the WHIP endpoint prefix (default {@code /whip}): {@code <prefix>/<streamId>}. */
    public Builder whipPath(String whipPath) {
      this.whipPath = checkPath(whipPath);
      return this;
    }

    /** Sets the WHEP endpoint prefix (default {@code /whep}): {@code <prefix>/<streamId>}. */
    public Builder whepPath(String whepPath) {
      this.whepPath = checkPath(whepPath);
      return this;
    }

    /** Sets the admin API prefix (default {@code /api}). */
    public Builder adminPath(String adminPath) {
      this.adminPath = checkPath(adminPath);
      return this;
    }

    /** Sets the health path (default {@code /healthz}). */
    public Builder healthPath(String healthPath) {
      this.healthPath = checkPath(healthPath);
      return this;
    }

    /**
     * Sets the origins allowed to call the server from a browser page (CORS): {@code "*"} (the
     * default) for any, or exact origins such as {@code "https://studio.example.com"}.
     *
     * @throws IllegalArgumentException if the list is empty or an origin has a space, comma or
     *     path
     */
    public Builder allowedOrigins(List<String> allowedOrigins) {
      if (allowedOrigins.isEmpty()) {
        throw new IllegalArgumentException("no allowed origin (use \"*\" for any)");
      }
      for (String o : allowedOrigins) {
        if (!o.equals("*") && (!o.matches("[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s,]+"))) {
          throw new IllegalArgumentException("origin " + o
              + " (expected: * or <scheme>://<host>[:<port>])");
        }
      }
      this.allowedOrigins = List.copyOf(allowedOrigins);
      return this;
    }

    /** Adds an ICE server announced in {@code Link} headers of {@code 201} responses. */
    public Builder addIceServer(IceServer iceServer) {
      iceServers.add(iceServer);
      return this;
    }

    /** Replaces the ICE servers. */
    public Builder iceServers(List<IceServer> iceServers) {
      this.iceServers.clear();
      this.iceServers.addAll(iceServers);
      return this;
    }

    /** Sets the largest request body (default 64 KiB); larger ones get 413. */
    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = positive(maxBodyBytes, "maxBodyBytes");
      return this;
    }

    /**
     * Sets how long a connection has to deliver a whole request, from its start or its previous
     * response (default 10 s). A partial request then gets 408; an idle connection is closed.
     */
    public Builder requestTimeout(Duration requestTimeout) {
      if (requestTimeout.isNegative() || requestTimeout.isZero()) {
        throw new IllegalArgumentException("requestTimeout not positive: " + requestTimeout);
      }
      this.requestTimeout = requestTimeout;
      return this;
    }

    /** Sets the limit of open connections, in all; beyond it a connection is closed at once. */
    public Builder maxConnections(int maxConnections) {
      this.maxConnections = positive(maxConnections, "maxConnections");
      return this;
    }

    /**
     * Sets the limit of open connections from one IP address; beyond it a connection's first
     * request gets 503 with {@code Retry-After}.
     */
    public Builder maxConnectionsPerAddress(int maxConnectionsPerAddress) {
      this.maxConnectionsPerAddress = positive(maxConnectionsPerAddress,
          "maxConnectionsPerAddress");
      return this;
    }

    /** Sets the limit of sessions, in all; beyond it a POST gets 503 with Retry-After. */
    public Builder maxSessions(int maxSessions) {
      this.maxSessions = positive(maxSessions, "maxSessions");
      return this;
    }

    /** Sets the limit of sessions from one IP address; beyond it a POST gets 503. */
    public Builder maxSessionsPerAddress(int maxSessionsPerAddress) {
      this.maxSessionsPerAddress = positive(maxSessionsPerAddress, "maxSessionsPerAddress");
      return this;
    }

    /** Sets the {@code Retry-After} of a 503 at a limit (default 5 s; sent in whole seconds). */
    public Builder retryAfter(Duration retryAfter) {
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("negative retryAfter: " + retryAfter);
      }
      this.retryAfter = retryAfter;
      return this;
    }

    /** Sets the number of Netty event loop threads (default 1; HTTP signaling is light). */
    public Builder ioThreads(int ioThreads) {
      this.ioThreads = positive(ioThreads, "ioThreads");
      return this;
    }

    /**
     * Serves {@code body} at exactly {@code path}, for example a demo page at {@code /}:
     * {@code GET} and {@code HEAD} answer {@code 200} with {@code contentType},
     * {@code Content-Length} and {@code Cache-Control: no-cache}; {@code OPTIONS} is a CORS
     * preflight; other methods get {@code 405}. Only the exact path matches (no directories, no
     * query-dependent content: the query is ignored as everywhere else), so nothing but what is
     * given here can be served. Static resources are not authorized: a browser opening a page
     * sends no token. A second call with the same path replaces the first. The bytes are copied.
     *
     * @param path {@code /} or {@code /segment[/segment...]} of {@code A-Z a-z 0-9 - _ . ~},
     *     for example {@code /index.html}
     * @param contentType the media type with its parameters, for example
     *     {@code text/html; charset=utf-8}
     * @throws IllegalArgumentException if the path or content type is malformed
     */
    public Builder staticResource(String path, byte[] body, String contentType) {
      String p = path.equals("/") ? path : checkPath(path);
      if (p.contains("/./") || p.endsWith("/.") || p.contains("/../") || p.endsWith("/..")) {
        // Browsers remove dot segments (RFC 3986 §5.2.4) before they send a path.
        throw new IllegalArgumentException("path " + path
            + " has a . or .. segment (a browser could never ask for it)");
      }
      staticResources.put(p, new StaticResource(p, contentType, body));
      return this;
    }

    /**
     * Returns the server, not yet started.
     *
     * @throws IllegalArgumentException if two paths are equal or one is inside another, or a
     *     static resource is at or inside an endpoint, admin or health path
     */
    public SignalingServer build() {
      List<String> paths = List.of(whipPath, whepPath, adminPath, healthPath);
      for (int i = 0; i < paths.size(); i++) {
        for (int j = 0; j < paths.size(); j++) {
          String a = paths.get(i);
          String b = paths.get(j);
          if (i != j && (a.equals(b) || b.startsWith(a + "/"))) {
            throw new IllegalArgumentException("paths " + a + " and " + b + " overlap");
          }
        }
      }
      for (String s : staticResources.keySet()) {
        for (String p : paths) {
          if (s.equals(p) || s.startsWith(p + "/")) {
            throw new IllegalArgumentException("static resource " + s + " is inside path " + p);
          }
        }
      }
      return new SignalingServer(new ServerSettings(bindAddress, backend, authorizer,
          adminBackend, whipPath, whepPath, adminPath, healthPath, allowedOrigins, iceServers,
          maxBodyBytes, requestTimeout, maxConnections, maxConnectionsPerAddress, maxSessions,
          maxSessionsPerAddress, retryAfter, ioThreads, staticResources));
    }

    private static String checkPath(String path) {
      if (!path.startsWith("/") || path.endsWith("/")) {
        throw new IllegalArgumentException("path " + path
            + " (expected: /segment[/segment...] without a trailing slash)");
      }
      for (String segment : path.substring(1).split("/", -1)) {
        if (!Ids.isUrlSafe(segment, 64)) {
          throw new IllegalArgumentException("path " + path
              + " has segment '" + segment + "' (expected: 1..64 of A-Z a-z 0-9 - _ . ~)");
        }
      }
      return path;
    }

    private static int positive(int n, String what) {
      if (n <= 0) {
        throw new IllegalArgumentException(what + " not positive: " + n);
      }
      return n;
    }
  }
}
