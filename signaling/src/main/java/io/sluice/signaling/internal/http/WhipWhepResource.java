package io.sluice.signaling.internal.http;

import io.sluice.signaling.http.Authorizer;
import io.sluice.signaling.http.IceCredentials;
import io.sluice.signaling.http.RequestContext;
import io.sluice.signaling.http.SessionAnswer;
import io.sluice.signaling.http.SignalingException;
import io.sluice.signaling.http.WhipWhepBackend;
import io.sluice.signaling.internal.http.EntityTags.IfMatch;
import io.sluice.signaling.internal.http.SessionRegistry.Kind;
import io.sluice.signaling.internal.http.SessionRegistry.Session;
import io.sluice.signaling.sdp.SdpNegotiationException;
import io.sluice.signaling.sdp.SdpParseException;
import io.sluice.signaling.sdp.SessionDescription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WHIP (RFC 9725) and WHEP (draft-ietf-wish-whep) endpoints and session resources: the checks,
 * the backend call and the response of each request. Plain code: it runs on a virtual thread and
 * knows nothing of Netty.
 */
final class WhipWhepResource {
  private static final Logger log = LoggerFactory.getLogger(WhipWhepResource.class);

  static final String APPLICATION_SDP = "application/sdp";
  static final String ENDPOINT_ALLOW = "POST, OPTIONS";
  static final String SESSION_ALLOW = "PATCH, DELETE, OPTIONS";

  private final ServerSettings settings;
  private final WhipWhepBackend backend;
  private final SessionRegistry registry;

  WhipWhepResource(ServerSettings settings, SessionRegistry registry) {
    this.settings = settings;
    this.backend = settings.backend();
    this.registry = registry;
  }

  /** {@code <prefix>/<streamId>}: POST an offer, or OPTIONS. */
  SignalingResponse endpoint(Kind kind, String streamId, SignalingRequest req) {
    return switch (req.method()) {
      case "OPTIONS" -> {
        SignalingResponse.Builder b = SignalingResponse.builder(204)
            .header("Allow", ENDPOINT_ALLOW)
            .header("Accept-Post", APPLICATION_SDP);
        Cors.addPreflightHeaders(b);
        yield b.build();
      }
      case "POST" -> post(kind, streamId, req);
      default -> SignalingResponse.builder(405)
          .header("Allow", ENDPOINT_ALLOW)
          .header("Accept-Post", APPLICATION_SDP)
          .text(req.method() + " not allowed on a " + kind + " endpoint (expected: POST)")
          .build();
    };
  }

  /** {@code <prefix>/<streamId>/<sessionId>}: PATCH, DELETE, or OPTIONS. */
  SignalingResponse session(Kind kind, String streamId, String sessionId, SignalingRequest req) {
    switch (req.method()) {
      case "OPTIONS" -> {
        SignalingResponse.Builder b = SignalingResponse.builder(204)
            .header("Allow", SESSION_ALLOW)
            .header("Accept-Patch", TrickleIceSdpFragment.MEDIA_TYPE);
        Cors.addPreflightHeaders(b);
        return b.build();
      }
      case "PATCH", "DELETE" -> { }
      default -> {
        return SignalingResponse.builder(405)
            .header("Allow", SESSION_ALLOW)
            .header("Accept-Patch", TrickleIceSdpFragment.MEDIA_TYPE)
            .text(req.method() + " not allowed on a " + kind
                + " session (expected: PATCH or DELETE)")
            .build();
      }
    }
    SignalingResponse denied = Authorization.check(settings.authorizer(), req, streamId,
        action(kind));
    if (denied != null) {
      return denied;
    }
    Session s = registry.get(sessionId);
    if (s == null || s.kind() != kind || !s.streamId().equals(streamId)) {
      return SignalingResponse.error(404, "no " + kind + " session " + sessionId
          + " on stream " + streamId);
    }
    return req.method().equals("PATCH") ? patch(s, req) : delete(s);
  }

  private SignalingResponse post(Kind kind, String streamId, SignalingRequest req) {
    SignalingResponse denied = Authorization.check(settings.authorizer(), req, streamId,
        action(kind));
    if (denied != null) {
      return denied;
    }
    String type = req.mediaType();
    if (!APPLICATION_SDP.equals(type)) {
      return SignalingResponse.builder(415)
          .header("Accept-Post", APPLICATION_SDP)
          .text("Content-Type " + (type == null ? "missing" : SignalingText.oneLine(type, 80))
              + " (expected: application/sdp)")
          .build();
    }
    String text = req.bodyText();
    if (text.isBlank()) {
      return SignalingResponse.error(400, "empty body (expected: an SDP offer)");
    }
    SessionDescription offer;
    try {
      offer = SessionDescription.parse(text);
    } catch (SdpParseException e) {
      return SignalingResponse.error(400, "SDP offer: " + e.getMessage());
    }
    SessionRegistry.Reservation slot = registry.reserve(req.remoteAddress().getAddress());
    if (slot == null) {
      return unavailable("session limit reached", settings.retryAfter());
    }
    RequestContext context = new RequestContext(req.remoteAddress(), req.bearerToken(),
        req.headers());
    SessionAnswer answer = null;
    try {
      answer = kind == Kind.WHIP
          ? backend.publish(streamId, offer, context)
          : backend.play(streamId, offer, context);
    } catch (SignalingException e) {
      return fromSignalingException(e);
    } catch (SdpNegotiationException e) {
      return SignalingResponse.error(negotiationStatus(e.reason()), e.getMessage());
    } catch (RuntimeException e) {
      log.warn("{} backend failed on stream {}", kind, streamId, e);
      return SignalingResponse.error(500, "internal error");
    } finally {
      if (answer == null) {
        slot.cancel();
      }
    }
    String sessionId = answer.sessionId();
    Session session = slot.commit(sessionId, streamId, kind, EntityTags.newStrong(),
        remoteUfrag(offer));
    if (session == null) {
      // Not deleted: the id names a live session, which deleting would end.
      log.error("{} backend returned session id {} that is already in use", kind, sessionId);
      return SignalingResponse.error(500, "internal error");
    }
    try {
      String location = prefix(kind) + "/" + streamId + "/" + sessionId;
      SignalingResponse.Builder b = SignalingResponse.builder(201)
          .body(APPLICATION_SDP, answer.answer().toSdp().getBytes(StandardCharsets.UTF_8))
          .header("Location", location)
          .header("ETag", session.etag())
          .header("Accept-Patch", TrickleIceSdpFragment.MEDIA_TYPE)
          .rollback(() -> rollback(sessionId));
      settings.iceServers().forEach(server ->
          server.linkHeaderValues().forEach(link -> b.header("Link", link)));
      return b.build();
    } catch (RuntimeException e) {
      rollback(sessionId);
      log.warn("{} answer for stream {} could not be written", kind, streamId, e);
      return SignalingResponse.error(500, "internal error");
    }
  }

  /** Ends a session whose answer never reached the client. */
  void rollback(String sessionId) {
    if (registry.remove(sessionId) != null) {
      log.debug("answer for session {} not delivered: deleting it", sessionId);
      deleteQuietly(sessionId);
    }
  }

  private SignalingResponse patch(Session s, SignalingRequest req) {
    String type = req.mediaType();
    if (!TrickleIceSdpFragment.MEDIA_TYPE.equals(type)) {
      return SignalingResponse.builder(415)
          .header("Accept-Patch", TrickleIceSdpFragment.MEDIA_TYPE)
          .text("Content-Type " + (type == null ? "missing" : SignalingText.oneLine(type, 80))
              + " (expected: " + TrickleIceSdpFragment.MEDIA_TYPE + ")")
          .build();
    }
    IfMatch ifMatch;
    try {
      ifMatch = EntityTags.parseIfMatch(req.headers("if-match"));
    } catch (IllegalArgumentException e) {
      return SignalingResponse.error(400, e.getMessage());
    }
    TrickleIceSdpFragment fragment;
    try {
      fragment = TrickleIceSdpFragment.parse(req.bodyText());
    } catch (SdpParseException e) {
      return SignalingResponse.error(400, "SDP fragment: " + e.getMessage());
    }
    s.lock().lock();
    try {
      if (registry.get(s.id()) != s) {
        return SignalingResponse.error(404, "session " + s.id() + " has ended");
      }
      return ifMatch.any() ? iceRestart(s, fragment) : trickle(s, ifMatch, fragment);
    } finally {
      s.lock().unlock();
    }
  }

  /** RFC 9725 §4.3.2: {@code If-Match: *} with new credentials. */
  private SignalingResponse iceRestart(Session s, TrickleIceSdpFragment fragment) {
    if (!fragment.hasCredentials()) {
      return sessionError(422, s, "an ICE restart (If-Match: *) needs a=ice-ufrag and a=ice-pwd");
    }
    IceCredentials remote;
    try {
      remote = fragment.credentials();
    } catch (SdpParseException e) {
      return SignalingResponse.error(400, "SDP fragment: " + e.getMessage());
    }
    if (remote.ufrag().equals(s.remoteUfrag())) {
      return sessionError(422, s, "ICE restart with the current ice-ufrag " + remote.ufrag()
          + " (expected: new credentials)");
    }
    IceCredentials local;
    try {
      local = backend.iceRestart(s.id(), remote, fragment.candidates());
    } catch (SignalingException e) {
      return withAcceptPatch(fromSignalingException(e));
    } catch (RuntimeException e) {
      log.warn("ICE restart of session {} failed", s.id(), e);
      return SignalingResponse.error(500, "internal error");
    }
    String etag = EntityTags.newStrong();
    s.restarted(etag, remote.ufrag());
    return SignalingResponse.builder(200)
        .body(TrickleIceSdpFragment.MEDIA_TYPE,
            TrickleIceSdpFragment.restartAnswer(local).getBytes(StandardCharsets.UTF_8))
        .header("ETag", etag)
        .header("Accept-Patch", TrickleIceSdpFragment.MEDIA_TYPE)
        .build();
  }

  /** RFC 9725 §4.3.1: candidates for the current ICE session. */
  private SignalingResponse trickle(Session s, IfMatch ifMatch, TrickleIceSdpFragment fragment) {
    if (!ifMatch.matches(s.etag())) {
      return sessionError(412, s, "If-Match " + SignalingText.oneLine(String.join(", ",
          ifMatch.tags()), 200) + " is not the session's entity-tag (an ICE restart changed it)");
    }
    String ufrag = fragment.iceUfrag();
    if (ufrag != null && s.remoteUfrag() != null && !ufrag.equals(s.remoteUfrag())) {
      return sessionError(422, s, "a=ice-ufrag " + SignalingText.oneLine(ufrag, 80)
          + " is not the session's current ICE ufrag (an ICE restart needs If-Match: *)");
    }
    try {
      backend.patchTrickle(s.id(), fragment.candidates(), fragment.endOfCandidates());
    } catch (SignalingException e) {
      return withAcceptPatch(fromSignalingException(e));
    } catch (RuntimeException e) {
      log.warn("trickle on session {} failed", s.id(), e);
      return SignalingResponse.error(500, "internal error");
    }
    return SignalingResponse.builder(204)
        .header("ETag", s.etag())
        .header("Accept-Patch", TrickleIceSdpFragment.MEDIA_TYPE)
        .build();
  }

  private SignalingResponse delete(Session s) {
    s.lock().lock();
    try {
      if (registry.remove(s.id()) == null) {
        return SignalingResponse.error(404, "session " + s.id() + " has ended");
      }
      backend.delete(s.id());
      return SignalingResponse.builder(200).text("session " + s.id() + " deleted").build();
    } catch (RuntimeException e) {
      log.warn("deleting session {} failed", s.id(), e);
      return SignalingResponse.error(500, "internal error");
    } finally {
      s.lock().unlock();
    }
  }

  private void deleteQuietly(String sessionId) {
    try {
      backend.delete(sessionId);
    } catch (RuntimeException e) {
      log.warn("deleting session {} failed", sessionId, e);
    }
  }

  private String prefix(Kind kind) {
    return kind == Kind.WHIP ? settings.whipPath() : settings.whepPath();
  }

  private static Authorizer.Action action(Kind kind) {
    return kind == Kind.WHIP ? Authorizer.Action.PUBLISH : Authorizer.Action.PLAY;
  }

  /** The ufrag of the offer's first m-line (the BUNDLE transport), or of the session level. */
  private static @Nullable String remoteUfrag(SessionDescription offer) {
    return offer.media().isEmpty() ? offer.iceUfrag() : offer.iceUfrag(offer.media().get(0));
  }

  private static SignalingResponse sessionError(int status, Session s, String reason) {
    return SignalingResponse.builder(status)
        .header("ETag", s.etag())
        .header("Accept-Patch", TrickleIceSdpFragment.MEDIA_TYPE)
        .text(reason)
        .build();
  }

  private static SignalingResponse withAcceptPatch(SignalingResponse r) {
    return r.withHeader("Accept-Patch", TrickleIceSdpFragment.MEDIA_TYPE);
  }

  static SignalingResponse unavailable(String reason, Duration retryAfter) {
    return SignalingResponse.builder(503)
        .header("Retry-After", Long.toString(seconds(retryAfter)))
        .text(reason)
        .build();
  }

  static SignalingResponse fromSignalingException(SignalingException e) {
    SignalingResponse.Builder b = SignalingResponse.builder(e.status());
    if (e.retryAfter() != null) {
      b.header("Retry-After", Long.toString(seconds(e.retryAfter())));
    }
    if (e.location() != null) {
      b.header("Location", e.location().toASCIIString());
    }
    return b.text(e.reason()).build();
  }

  /**
   * The status for an offer the node cannot serve: 400 when the offer breaks a WebRTC rule
   * (no BUNDLE, no rtcp-mux, no ICE credentials or fingerprint, impossible DTLS or ICE roles),
   * 422 when it is valid WebRTC that this node cannot serve (no codec or media in common, a
   * direction that does not fit the endpoint).
   */
  static int negotiationStatus(SdpNegotiationException.Reason reason) {
    return switch (reason) {
      case NO_MEDIA, NO_COMMON_CODEC, WRONG_DIRECTION -> 422;
      case NOT_BUNDLED, NO_RTCP_MUX, MISSING_ICE_CREDENTIALS, MISSING_FINGERPRINT, SETUP_CONFLICT,
          ICE_LITE_CONFLICT, INVALID_ANSWER -> 400;
    };
  }

  /** Whole seconds, rounded up, at least 1 (RFC 9110 §10.2.3 delay-seconds). */
  static long seconds(Duration d) {
    long s = d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0);
    return Math.max(1, s);
  }
}
