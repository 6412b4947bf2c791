package io.sluice.signaling.internal.http;

import io.sluice.signaling.http.AdminBackend;
import io.sluice.signaling.internal.http.SessionRegistry.Kind;
import java.net.URI;
import java.net.URISyntaxException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a request's path to a resource and returns its response. The routes:
 *
 * <pre>
 * &lt;whip&gt;/&lt;streamId&gt;                 WHIP endpoint          POST, OPTIONS
 * &lt;whip&gt;/&lt;streamId&gt;/&lt;sessionId&gt;     WHIP session resource  PATCH, DELETE, OPTIONS
 * &lt;whep&gt;/&lt;streamId&gt;                 WHEP endpoint          POST, OPTIONS
 * &lt;whep&gt;/&lt;streamId&gt;/&lt;sessionId&gt;     WHEP session resource  PATCH, DELETE, OPTIONS
 * &lt;admin&gt;/streams                    stream list            GET, OPTIONS
 * &lt;admin&gt;/streams/&lt;streamId&gt;         one stream             GET, OPTIONS
 * &lt;admin&gt;/sessions/&lt;sessionId&gt;       end a session          DELETE, OPTIONS
 * &lt;health&gt;                            health                 GET, OPTIONS
 * &lt;static path&gt;                       static resource        GET, HEAD, OPTIONS
 * </pre>
 *
 * <p>Ids in paths are 1..128 RFC 3986 unreserved characters, matched without percent-decoding.
 * Plain code: runs on a virtual thread; never throws (a failure becomes a 500).
 */
public final class HttpRouter {
  private static final Logger log = LoggerFactory.getLogger(HttpRouter.class);

  /** Longest stream or session id in a path. */
  public static final int MAX_ID_LENGTH = 128;

  private final ServerSettings settings;
  private final WhipWhepResource whipWhep;
  private final @Nullable AdminResource admin;

  /** Creates the router. */
  public HttpRouter(ServerSettings settings, SessionRegistry registry) {
    this.settings = settings;
    this.whipWhep = new WhipWhepResource(settings, registry);
    AdminBackend adminBackend = settings.adminBackend();
    this.admin = adminBackend == null ? null
        : new AdminResource(settings, adminBackend, registry);
  }

  /** Returns the response to {@code req}. */
  public SignalingResponse route(SignalingRequest req) {
    try {
      return dispatch(req);
    } catch (RuntimeException e) {
      log.warn("{} {} failed", req.method(), SignalingText.oneLine(req.rawPath(), 200), e);
      return SignalingResponse.error(500, "internal error");
    }
  }

  private SignalingResponse dispatch(SignalingRequest req) {
    String path = req.rawPath();
    String[] whip = ids(path, settings.whipPath());
    if (whip != null) {
      return resource(Kind.WHIP, whip, req);
    }
    String[] whep = ids(path, settings.whepPath());
    if (whep != null) {
      return resource(Kind.WHEP, whep, req);
    }
    if (admin != null) {
      if (path.equals(settings.healthPath())) {
        return admin.health(req);
      }
      if (path.equals(settings.adminPath() + "/streams")) {
        return admin.streams(req);
      }
      String[] stream = ids(path, settings.adminPath() + "/streams");
      if (stream != null && stream.length == 1) {
        return badId(stream[0]) ? badId(req, stream[0]) : admin.stream(req, stream[0]);
      }
      String[] session = ids(path, settings.adminPath() + "/sessions");
      if (session != null && session.length == 1) {
        return badId(session[0]) ? badId(req, session[0]) : admin.session(req, session[0]);
      }
    }
    StaticResource resource = settings.staticResources().get(path);
    if (resource != null) {
      return resource.respond(req);
    }
    return SignalingResponse.error(404, "no resource at " + SignalingText.oneLine(path, 200));
  }

  private SignalingResponse resource(Kind kind, String[] ids, SignalingRequest req) {
    for (String id : ids) {
      if (badId(id)) {
        return badId(req, id);
      }
    }
    return ids.length == 1
        ? whipWhep.endpoint(kind, ids[0], req)
        : whipWhep.session(kind, ids[0], ids[1], req);
  }

  /**
   * Returns the one or two path segments after {@code prefix + "/"}, or null if the path does
   * not start so or has another number of segments (an empty segment included).
   */
  private static String @Nullable [] ids(String path, String prefix) {
    if (!path.startsWith(prefix) || path.length() <= prefix.length() + 1
        || path.charAt(prefix.length()) != '/') {
      return null;
    }
    String[] parts = path.substring(prefix.length() + 1).split("/", -1);
    if (parts.length > 2) {
      return null;
    }
    for (String p : parts) {
      if (p.isEmpty()) {
        return null;
      }
    }
    return parts;
  }

  private static boolean badId(String id) {
    return !Ids.isUrlSafe(id, MAX_ID_LENGTH);
  }

  private static SignalingResponse badId(SignalingRequest req, String id) {
    return SignalingResponse.error(400, "id " + SignalingText.oneLine(id, 140)
        + " in path (expected: 1.." + MAX_ID_LENGTH + " of A-Z a-z 0-9 - _ . ~)");
  }

  /**
   * Returns the raw path of a request target: origin-form ({@code /a/b?q}) or absolute-form
   * ({@code http://host/a/b}), without the query, or null if it is malformed.
   */
  public static @Nullable String rawPath(String target) {
    if (target.startsWith("/")) {
      int q = target.indexOf('?');
      String p = q < 0 ? target : target.substring(0, q);
      int f = p.indexOf('#');
      return f < 0 ? p : p.substring(0, f);
    }
    try {
      String p = new URI(target).getRawPath();
      return p == null || p.isEmpty() ? null : p;
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
