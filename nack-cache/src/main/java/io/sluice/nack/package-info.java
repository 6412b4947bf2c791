/**
 * Retransmission for an SFU: NACK serving (RFC 4585 §6.2.1), RTX (RFC 4588) and upstream repair.
 *
 * <ul>
 *   <li>{@link io.sluice.nack.SharedTrackRing}: one per published track, always on, holds the
 *       last second of packets once, reference-counted, whatever the number of viewers.
 *   <li>{@link io.sluice.nack.RetransmitCache}: per subscriber and outgoing SSRC, metadata only
 *       (29 bytes per packet), allocated only while {@link io.sluice.nack.LossPolicy} says the
 *       subscriber's leg is lossy.
 *   <li>{@link io.sluice.nack.Retransmitter}: turns a subscriber's NACK into resends, with RTT
 *       suppression, a resend limit, and keyframe requests for what cannot be served.
 *   <li>{@link io.sluice.nack.RtxPacket}: writes RFC 4588 retransmission packets.
 *   <li>{@link io.sluice.nack.NackGenerator}: detects gaps on a publisher leg and produces NACKs.
 * </ul>
 *
 * <p>None of these classes is thread-safe: each instance belongs to one event loop. Every method
 * takes the current time as {@code nowNanos} (a monotonic {@link System#nanoTime()} reading), so
 * simulations can run on a fake clock.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4585#section-6.2.1">RFC 4585 §6.2.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4588">RFC 4588</a>
 */
@NullMarked
package io.sluice.nack;

import org.jspecify.annotations.NullMarked;
