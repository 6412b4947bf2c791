/**
 * STUN (<a href="https://www.rfc-editor.org/rfc/rfc8489">RFC 8489</a>, formerly RFC 5389) for
 * ICE connectivity checks (<a href="https://www.rfc-editor.org/rfc/rfc8445#section-16.1">RFC 8445
 * §16.1</a>).
 *
 * <ul>
 *   <li>{@link io.sluice.transport.stun.StunMessage}: a reusable flyweight view that validates a
 *       datagram and records where each attribute is, without copying. Hot path:
 *       {@code tryParse} returns a {@link io.sluice.transport.stun.StunParseResult}; tools and
 *       tests: {@code parse} throws {@link io.sluice.transport.stun.MalformedStunException}.
 *   <li>{@link io.sluice.transport.stun.StunMessageWriter}: writes a message into a
 *       caller-supplied {@code ByteBuf} and appends MESSAGE-INTEGRITY and FINGERPRINT.
 *   <li>{@link io.sluice.transport.stun.MessageIntegrity} (HMAC-SHA1, §14.5) and
 *       {@link io.sluice.transport.stun.Fingerprint} (CRC-32, §14.7): reusable, one per thread.
 * </ul>
 *
 * <p>Test vectors: <a href="https://www.rfc-editor.org/rfc/rfc5769">RFC 5769</a>.
 */
@NullMarked
package io.sluice.transport.stun;

import org.jspecify.annotations.NullMarked;
