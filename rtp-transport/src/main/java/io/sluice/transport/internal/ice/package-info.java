/**
 * ICE-lite (<a href="https://www.rfc-editor.org/rfc/rfc8445#section-2.5">RFC 8445 §2.5</a>)
 * connectivity-check handling for a media server on one UDP port: credentials, the session table,
 * and the Binding request handler. Plain classes with no Netty channel; a thin handler elsewhere
 * feeds them datagrams.
 *
 * <ul>
 *   <li>{@link io.sluice.transport.internal.ice.IceCredentials}: ufrag and pwd, generated with
 *       {@code SecureRandom}.
 *   <li>{@link io.sluice.transport.internal.ice.IceSessionTable}: sessions by local ufrag and by
 *       remote address, safe for many event loops; nomination, consent expiry (RFC 7675) and ICE
 *       restart.
 *   <li>{@link io.sluice.transport.internal.ice.IceLiteAgent}: validates a Binding request and
 *       writes the response.
 * </ul>
 *
 * <p>Not exported: the embedding API over this will live in a public package.
 */
@NullMarked
package io.sluice.transport.internal.ice;

import org.jspecify.annotations.NullMarked;
