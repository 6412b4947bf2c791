/**
 * SDP (RFC 8866) for WebRTC offer/answer (JSEP, RFC 8829): an immutable model with a parser and a
 * writer, typed views of the attributes WebRTC uses, and the offer/answer logic of a Sluice node.
 *
 * <p>{@link io.sluice.signaling.sdp.SessionDescription#parse} and
 * {@link io.sluice.signaling.sdp.SessionDescription#tryParse} are the two entry points for SDP off
 * the wire: the first throws {@link io.sluice.signaling.sdp.SdpParseException} naming the 1-based
 * line and the problem, the second returns {@code null}. The parser keeps every attribute,
 * including ones it does not know, in order, so that writing a parsed description reproduces its
 * lines (with CRLF endings).
 *
 * <p>{@link io.sluice.signaling.sdp.SdpAnswerer} answers WHIP publishers and WHEP viewers;
 * {@link io.sluice.signaling.sdp.SdpOfferer} makes the node's own offers. Both report what was
 * agreed as {@link io.sluice.signaling.sdp.NegotiatedMedia} values and refuse what a node cannot
 * serve with {@link io.sluice.signaling.sdp.SdpNegotiationException}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8866">RFC 8866: SDP</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8829">RFC 8829: JSEP</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3264">RFC 3264: offer/answer model</a>
 */
@NullMarked
package io.sluice.signaling.sdp;

import org.jspecify.annotations.NullMarked;
