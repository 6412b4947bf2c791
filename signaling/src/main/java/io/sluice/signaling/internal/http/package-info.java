/**
 * The implementation of {@link io.sluice.signaling.http.SignalingServer}: thin Netty handlers
 * ({@code RequestTimeoutHandler}, {@code BodyLimitAggregator}, {@code HttpRequestHandler}) over
 * plain classes that route and answer requests without a channel ({@code HttpRouter},
 * {@code WhipWhepResource}, {@code AdminResource}), the RFC 8840 fragment
 * ({@code TrickleIceSdpFragment}), entity-tags, CORS and the session and connection limits.
 *
 * <p>Buffer ownership: {@code HttpRequestHandler} copies each request's body out of Netty before
 * it leaves the event loop, and responses are built as unpooled wrappers of byte arrays on the
 * event loop right before they are written; no reference-counted object crosses threads.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9725">RFC 9725: WHIP</a>
 * @see <a href="https://datatracker.ietf.org/doc/draft-ietf-wish-whep/">WHEP</a>
 */
@NullMarked
package io.sluice.signaling.internal.http;

import org.jspecify.annotations.NullMarked;
