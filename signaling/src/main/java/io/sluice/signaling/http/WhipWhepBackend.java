package io.sluice.signaling.http;

import io.sluice.signaling.sdp.Candidate;
import io.sluice.signaling.sdp.SdpAnswerer;
import io.sluice.signaling.sdp.SdpNegotiationException;
import io.sluice.signaling.sdp.SessionDescription;
import java.util.List;

/**
 * The media side of WHIP (RFC 9725) and WHEP (draft-ietf-wish-whep): what a {@link SignalingServer}
 * calls once it has checked a request's method, path, authorization, content type, size and
 * limits, and parsed its SDP. A node implements it; the HTTP details stay in the server.
 *
 * <p>Calls come on virtual threads, never on a Netty event loop, so an implementation may block
 * briefly (allocate ports, start a DTLS context), but it must bound what it waits for: the server
 * imposes no deadline on a backend call. Calls for one session never overlap; calls for different
 * sessions do.
 *
 * <p>Refusals: throw {@link SignalingException} with the HTTP status and reason to send. An
 * {@link SdpNegotiationException} from {@link SdpAnswerer} may simply propagate; the server maps it
 * to 400 or 422 (see {@link SignalingServer}). Any other exception becomes a
 * {@code 500 Internal Server Error} whose body says nothing about it.
 *
 * <p>Session lifetime: a session starts when {@link #publish} or {@link #play} returns. If the
 * server then cannot deliver the answer (the client went away, the write failed), it calls
 * {@link #delete} at once, so that no half-created session is left behind. When a session ends on
 * the node's side (ICE consent expired, the stream ended), the node calls
 * {@link SignalingServer#sessionEnded(String)} so that the session resource disappears and stops
 * counting against the server's session limits.
 */
public interface WhipWhepBackend {

  /**
   * Accepts a WHIP publisher's offer for stream {@code streamId} ({@code POST <whip>/<streamId>}).
   *
   * @param streamId the stream id from the URL: 1..128 of {@code A-Z a-z 0-9 - _ . ~}
   * @param offer the parsed SDP offer
   * @param context the request's remote address, bearer token and headers
   * @return the new session's id and the SDP answer
   * @throws SignalingException to refuse, for example 409 if the stream already has a publisher,
   *     307 to send the client to another node, or 503 with Retry-After when at capacity
   */
  SessionAnswer publish(String streamId, SessionDescription offer, RequestContext context)
      throws SignalingException;

  /**
   * Accepts a WHEP viewer's offer for stream {@code streamId} ({@code POST <whep>/<streamId>}).
   *
   * @param streamId the stream id from the URL: 1..128 of {@code A-Z a-z 0-9 - _ . ~}
   * @param offer the parsed SDP offer
   * @param context the request's remote address, bearer token and headers
   * @return the new session's id and the SDP answer
   * @throws SignalingException to refuse: {@link SignalingException#notFound 404} when no stream
   *     of that id is published, 307 to send the viewer to another node, 503 when at capacity
   */
  SessionAnswer play(String streamId, SessionDescription offer, RequestContext context)
      throws SignalingException;

  /**
   * Ends a session: the client sent {@code DELETE} to its resource, an admin deleted it, or the
   * server could not deliver its answer. Called at most once per session by the server; must not
   * throw for a session that has already ended on its own.
   */
  void delete(String sessionId);

  /**
   * Adds trickled remote candidates (RFC 8838, RFC 9725 §4.3.1) to a session: the client's
   * {@code PATCH} with an {@code application/trickle-ice-sdpfrag} body (RFC 8840) whose ICE
   * credentials, if any, are the session's current ones.
   *
   * <p>The default refuses with 422, which RFC 9725 §4.3 requires of a session that does not
   * support trickle ICE.
   *
   * @param sessionId the session
   * @param candidates the candidates, possibly none
   * @param endOfCandidates true if the fragment carried {@code a=end-of-candidates}
   * @throws SignalingException to refuse
   */
  default void patchTrickle(String sessionId, List<Candidate> candidates, boolean endOfCandidates)
      throws SignalingException {
    throw SignalingException.unprocessable("trickle ICE is not supported");
  }

  /**
   * Restarts ICE (RFC 8445 §9, RFC 9725 §4.3.2): the client's {@code PATCH} with
   * {@code If-Match: *} and new credentials. The node keeps everything negotiated except ICE,
   * starts a new ICE session with {@code remote} and returns its own new credentials, which the
   * server sends back in the answer fragment.
   *
   * <p>The default refuses with 422, which RFC 9725 §4.3 requires of a session that does not
   * support ICE restarts.
   *
   * @param sessionId the session
   * @param remote the client's new ufrag and password
   * @param candidates the client's candidates for the new ICE session, possibly none
   * @return the node's new ufrag and password
   * @throws SignalingException to refuse
   */
  default IceCredentials iceRestart(String sessionId, IceCredentials remote,
      List<Candidate> candidates) throws SignalingException {
    throw SignalingException.unprocessable("ICE restart is not supported");
  }
}
