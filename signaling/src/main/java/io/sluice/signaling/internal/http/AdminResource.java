package io.sluice.signaling.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.signaling.http.AdminBackend;
import io.sluice.signaling.http.Authorizer;
import io.sluice.signaling.http.HealthInfo;
import io.sluice.signaling.http.StreamInfo;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The JSON admin API: {@code GET <admin>/streams}, {@code GET <admin>/streams/<id>},
 * {@code DELETE <admin>/sessions/<id>} and {@code GET <health>}. Plain code on a virtual thread.
 */
final class AdminResource {
  static final String APPLICATION_JSON = "application/json";

  private final ServerSettings settings;
  private final AdminBackend admin;
  private final SessionRegistry registry;
  private final ObjectMapper mapper = new ObjectMapper();
  private final long startNanos = System.nanoTime();

  AdminResource(ServerSettings settings, AdminBackend admin, SessionRegistry registry) {
    this.settings = settings;
    this.admin = admin;
    this.registry = registry;
  }

  SignalingResponse streams(SignalingRequest req) {
    return get(req, null, Authorizer.Action.ADMIN,
        () -> json(200, Map.of("streams", admin.streams())));
  }

  SignalingResponse stream(SignalingRequest req, String streamId) {
    return get(req, streamId, Authorizer.Action.ADMIN, () -> {
      StreamInfo info = admin.stream(streamId);
      return info == null
          ? SignalingResponse.error(404, "no stream " + streamId)
          : json(200, info);
    });
  }

  SignalingResponse session(SignalingRequest req, String sessionId) {
    SignalingResponse other = optionsOrWrongMethod(req, "DELETE");
    if (other != null) {
      return other;
    }
    SignalingResponse denied = Authorization.check(settings.authorizer(), req, null,
        Authorizer.Action.ADMIN);
    if (denied != null) {
      return denied;
    }
    if (!admin.deleteSession(sessionId)) {
      return SignalingResponse.error(404, "no session " + sessionId);
    }
    // The admin backend ended it; the resource goes too.
    registry.remove(sessionId);
    return json(200, Map.of("sessionId", sessionId, "deleted", true));
  }

  SignalingResponse health(SignalingRequest req) {
    return get(req, null, Authorizer.Action.HEALTH, () -> {
      HealthInfo h = admin.health();
      ObjectNode node = mapper.createObjectNode();
      node.put("status", h.status());
      node.setAll(mapper.<ObjectNode>valueToTree(h.details()));
      node.put("uptimeSeconds", (System.nanoTime() - startNanos) / 1_000_000_000L);
      node.put("httpSessions", registry.size());
      return json(h.isOk() ? 200 : 503, node);
    });
  }

  private SignalingResponse get(SignalingRequest req, @Nullable String streamId,
      Authorizer.Action action, Supplier<SignalingResponse> body) {
    SignalingResponse other = optionsOrWrongMethod(req, "GET");
    if (other != null) {
      return other;
    }
    SignalingResponse denied = Authorization.check(settings.authorizer(), req, streamId, action);
    return denied != null ? denied : body.get();
  }

  private static @Nullable SignalingResponse optionsOrWrongMethod(SignalingRequest req,
      String method) {
    if (req.method().equals(method)) {
      return null;
    }
    String allow = method + ", OPTIONS";
    if (req.method().equals("OPTIONS")) {
      SignalingResponse.Builder b = SignalingResponse.builder(204).header("Allow", allow);
      Cors.addPreflightHeaders(b);
      return b.build();
    }
    return SignalingResponse.builder(405)
        .header("Allow", allow)
        .text(req.method() + " not allowed here (expected: " + method + ")")
        .build();
  }

  private SignalingResponse json(int status, Object value) {
    try {
      return SignalingResponse.builder(status)
          .body(APPLICATION_JSON, mapper.writeValueAsBytes(value))
          .build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("admin DTO not serializable: " + e.getMessage(), e);
    }
  }
}
