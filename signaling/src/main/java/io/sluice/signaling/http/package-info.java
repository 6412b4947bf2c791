/**
 * WHIP (RFC 9725) and WHEP (draft-ietf-wish-whep) over HTTP/1.1, and the JSON admin API:
 * {@link io.sluice.signaling.http.SignalingServer} and the small SPI a node implements,
 * {@link io.sluice.signaling.http.WhipWhepBackend}, {@link io.sluice.signaling.http.Authorizer}
 * and {@link io.sluice.signaling.http.AdminBackend}.
 *
 * <h2>Endpoints</h2>
 *
 * <p>With the default paths ({@code /whip}, {@code /whep}, {@code /api}, {@code /healthz}); ids
 * in paths are 1..128 of {@code A-Z a-z 0-9 - _ . ~}.
 *
 * <table class="striped">
 *   <caption>Resources, methods and successful responses</caption>
 *   <thead>
 *     <tr><th>resource</th><th>method</th><th>request</th><th>success</th></tr>
 *   </thead>
 *   <tbody>
 *     <tr><td>{@code /whip/{streamId}}</td><td>POST</td><td>{@code application/sdp} offer</td>
 *       <td>{@code 201 Created}: the answer ({@code application/sdp}), {@code Location} of the
 *       session resource (a path, {@code /whip/{streamId}/{sessionId}}), a strong {@code ETag},
 *       {@code Accept-Patch: application/trickle-ice-sdpfrag}, one {@code Link: <url>;
 *       rel="ice-server"} per configured ICE server URL (RFC 9725 §4.6)</td></tr>
 *     <tr><td>{@code /whep/{streamId}}</td><td>POST</td><td>{@code application/sdp} offer</td>
 *       <td>the same, with {@code /whep/...}</td></tr>
 *     <tr><td>{@code /whip|whep/{streamId}}</td><td>OPTIONS</td><td></td>
 *       <td>{@code 204}: CORS preflight headers, {@code Allow}, {@code Accept-Post:
 *       application/sdp}</td></tr>
 *     <tr><td rowspan="4">{@code /whip|whep/{streamId}/{sessionId}}</td><td>PATCH</td>
 *       <td>{@code application/trickle-ice-sdpfrag} (RFC 8840) with candidates and/or
 *       {@code a=end-of-candidates}; {@code If-Match: "<etag>"} (optional here, though RFC 9725
 *       §4.3.1 has clients send it)</td>
 *       <td>{@code 204 No Content}: trickle ICE, candidates passed to
 *       {@link io.sluice.signaling.http.WhipWhepBackend#patchTrickle}</td></tr>
 *     <tr><td>PATCH</td><td>the same, with {@code If-Match: *} and a new {@code a=ice-ufrag} and
 *       {@code a=ice-pwd}</td>
 *       <td>{@code 200 OK}: ICE restart (RFC 9725 §4.3.2); the body is a fragment with the node's
 *       new {@code a=ice-ufrag} and {@code a=ice-pwd}, and the response has a new
 *       {@code ETag}</td></tr>
 *     <tr><td>DELETE</td><td></td><td>{@code 200 OK}: the session ends</td></tr>
 *     <tr><td>OPTIONS</td><td></td><td>{@code 204}: CORS preflight headers, {@code Allow},
 *       {@code Accept-Patch}</td></tr>
 *     <tr><td>{@code /api/streams}</td><td>GET</td><td></td>
 *       <td>{@code 200}: {@code {"streams":[StreamInfo...]}}</td></tr>
 *     <tr><td>{@code /api/streams/{streamId}}</td><td>GET</td><td></td>
 *       <td>{@code 200}: a {@link io.sluice.signaling.http.StreamInfo}; 404 if unknown</td></tr>
 *     <tr><td>{@code /api/sessions/{sessionId}}</td><td>DELETE</td><td></td>
 *       <td>{@code 200}: {@code {"sessionId":"...","deleted":true}}; 404 if unknown</td></tr>
 *     <tr><td>{@code /healthz}</td><td>GET</td><td></td>
 *       <td>{@code 200}: {@code {"status":"ok", ...details, "uptimeSeconds":N,
 *       "httpSessions":N}}; 503 with the same shape when the status is not {@code ok}</td></tr>
 *     <tr><td>a static resource's exact path
 *       ({@link io.sluice.signaling.http.SignalingServer.Builder#staticResource})</td>
 *       <td>GET, HEAD</td><td></td>
 *       <td>{@code 200}: the bytes with their {@code Content-Type} and
 *       {@code Cache-Control: no-cache} (HEAD: the headers only); not authorized</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>The admin API and {@code /healthz} exist only when an
 * {@link io.sluice.signaling.http.AdminBackend} is configured, and are authorized like everything
 * else ({@code ADMIN} and {@code HEALTH} actions).
 *
 * <h2>Errors</h2>
 *
 * <p>Every error has a one-line {@code text/plain} body saying what was found and what was
 * expected. Checks run in this order: route, method, authorization, content type, body, limits,
 * backend.
 *
 * <table class="striped">
 *   <caption>Error statuses</caption>
 *   <thead><tr><th>status</th><th>when</th></tr></thead>
 *   <tbody>
 *     <tr><td>307</td><td>the backend sends the client to another node
 *       ({@link io.sluice.signaling.http.SignalingException#redirect}); {@code Location} names it.
 *       This is how load balancing moves a WHIP or WHEP client (RFC 9725 §4.5).</td></tr>
 *     <tr><td>400</td><td>unparseable SDP (the {@link io.sluice.signaling.sdp.SdpParseException}
 *       message, with its line number), an empty body, a malformed fragment, candidate or
 *       {@code If-Match}, a bad id in the path, a malformed HTTP request; and an offer that breaks
 *       a WebRTC rule ({@link io.sluice.signaling.sdp.SdpNegotiationException} with reason
 *       {@code NOT_BUNDLED}, {@code NO_RTCP_MUX}, {@code MISSING_ICE_CREDENTIALS},
 *       {@code MISSING_FINGERPRINT}, {@code SETUP_CONFLICT}, {@code ICE_LITE_CONFLICT})</td></tr>
 *     <tr><td>401</td><td>the authorizer denied a request without a bearer token;
 *       {@code WWW-Authenticate: Bearer}</td></tr>
 *     <tr><td>403</td><td>the authorizer denied a request with a bearer token</td></tr>
 *     <tr><td>404</td><td>no such path, session or admin stream; for WHEP, an unknown stream
 *       (the backend throws {@link io.sluice.signaling.http.SignalingException#notFound})</td></tr>
 *     <tr><td>405</td><td>a method the resource does not have; {@code Allow} lists those it
 *       has</td></tr>
 *     <tr><td>408</td><td>a connection sent part of a request and not the rest within the
 *       request timeout; the connection is closed (an idle one is closed without a
 *       response)</td></tr>
 *     <tr><td>412</td><td>a trickle PATCH whose {@code If-Match} is not the session's current
 *       entity-tag (an ICE restart changed it)</td></tr>
 *     <tr><td>413</td><td>the body exceeds the limit (default 64 KiB); the connection is
 *       closed</td></tr>
 *     <tr><td>415</td><td>POST without {@code application/sdp}, PATCH without
 *       {@code application/trickle-ice-sdpfrag}; {@code Accept-Post} or {@code Accept-Patch}
 *       says what is accepted</td></tr>
 *     <tr><td>422</td><td>an unsupported PATCH: the backend supports no trickle or no ICE
 *       restart (RFC 9725 §4.3), an ICE restart without new credentials, a trickle fragment with
 *       another ICE ufrag than the session's; and a valid offer the node cannot serve
 *       ({@code SdpNegotiationException} with reason {@code NO_MEDIA}, {@code NO_COMMON_CODEC},
 *       {@code WRONG_DIRECTION})</td></tr>
 *     <tr><td>500</td><td>the backend threw something other than
 *       {@link io.sluice.signaling.http.SignalingException} (the body says only "internal
 *       error"; the server logs the rest)</td></tr>
 *     <tr><td>503</td><td>at the session limit (in all or per remote address), or the
 *       connection is over the per-address connection limit; {@code Retry-After} says when to
 *       retry. The backend may also refuse with 503 and its own {@code Retry-After}.</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Any other status a backend puts into a {@link io.sluice.signaling.http.SignalingException}
 * (for example 409 when a stream already has a publisher) is passed through.
 *
 * <h2>CORS</h2>
 *
 * <p>Every response carries {@code Access-Control-Allow-Origin} (for allowed origins; {@code *}
 * by default) and {@code Access-Control-Expose-Headers: Location, ETag, Link, Accept-Patch,
 * Accept-Post, Retry-After}. {@code OPTIONS} on any resource is a preflight: {@code 204} with
 * {@code Access-Control-Allow-Methods}, {@code Access-Control-Allow-Headers: Authorization,
 * Content-Type, If-Match} and {@code Access-Control-Max-Age}, and is never authorized, since
 * browsers send preflights without credentials.
 *
 * <h2>Sessions</h2>
 *
 * <p>The server keeps each session it created, with its entity-tag, until the client DELETEs it,
 * an admin deletes it, or the node reports its end with
 * {@link io.sluice.signaling.http.SignalingServer#sessionEnded}. If a {@code 201} cannot be
 * delivered, the session is deleted again at once. Session limits count these sessions.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9725">RFC 9725: WebRTC-HTTP Ingestion Protocol
 *     (WHIP)</a>
 * @see <a href="https://datatracker.ietf.org/doc/draft-ietf-wish-whep/">draft-ietf-wish-whep:
 *     WebRTC-HTTP Egress Protocol (WHEP)</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8840">RFC 8840: trickle ICE for SIP
 *     ({@code application/trickle-ice-sdpfrag})</a>
 */
@NullMarked
package io.sluice.signaling.http;

import org.jspecify.annotations.NullMarked;
