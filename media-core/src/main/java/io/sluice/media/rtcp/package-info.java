/**
 * RTCP (RFC 3550 §6, RFC 4585, RFC 5104) compound-packet iteration, and parse and write for each message type.
 *
 * <h2>Specifications</h2>
 * <ul>
 *   <li><a href="https://www.rfc-editor.org/rfc/rfc3550#section-6">RFC 3550 §6</a>: RTCP, the
 *       compound packet, {@link io.sluice.media.rtcp.SenderReport SR},
 *       {@link io.sluice.media.rtcp.ReceiverReport RR}, {@link io.sluice.media.rtcp.ReportBlock
 *       report blocks}, {@link io.sluice.media.rtcp.SourceDescription SDES},
 *       {@link io.sluice.media.rtcp.Goodbye BYE}; Appendix A.2 for the validity checks.
 *   <li><a href="https://www.rfc-editor.org/rfc/rfc4585#section-6">RFC 4585 §6</a>: the
 *       feedback message format, {@link io.sluice.media.rtcp.TransportLayerNack Generic NACK}
 *       and {@link io.sluice.media.rtcp.PictureLossIndication PLI}.
 *   <li><a href="https://www.rfc-editor.org/rfc/rfc5104#section-4.3.1">RFC 5104 §4.3.1</a>:
 *       {@link io.sluice.media.rtcp.FullIntraRequest FIR}.
 *   <li><a href="https://datatracker.ietf.org/doc/html/draft-alvestrand-rmcat-remb-03">
 *       draft-alvestrand-rmcat-remb-03</a>:
 *       {@link io.sluice.media.rtcp.ReceiverEstimatedMaxBitrate REMB}.
 *   <li><a href="https://datatracker.ietf.org/doc/html/draft-holmer-rmcat-transport-wide-cc-extensions-01">
 *       draft-holmer-rmcat-transport-wide-cc-extensions-01</a>:
 *       {@link io.sluice.media.rtcp.TransportLayerCc transport-cc feedback}.
 *   <li><a href="https://www.rfc-editor.org/rfc/rfc5506">RFC 5506</a>: reduced-size RTCP, which
 *       is why a compound need not start with SR or RR here.
 * </ul>
 *
 * <h2>Two entry points</h2>
 * <p>On the per-packet hot path, a reusable {@link io.sluice.media.rtcp.RtcpCompoundIterator}
 * walks a datagram and a reusable {@link io.sluice.media.rtcp.RtcpView} per message type reads a
 * packet in place. Their {@code tryWrap} methods validate everything first, return an
 * {@link io.sluice.media.rtcp.RtcpParseResult}, never throw on bad input and never allocate; the
 * caller counts the drop. Lost sequence numbers and transport-cc results come out through
 * visitor interfaces for the same reason. The static {@code parse} methods and
 * {@link io.sluice.media.rtcp.RtcpPacket#parseCompound} run the same checks, throw
 * {@link io.sluice.media.rtcp.MalformedRtcpException} with a message that says what was found
 * and what was expected, and return immutable records; they are for tools, tests and the control
 * plane.
 *
 * <h2>Buffers</h2>
 * <p>Every method here borrows the {@code ByteBuf}s it is given: none retains, releases or moves
 * the reader or writer index of an input. Writers append at the writer index of a caller-supplied
 * buffer, write the whole packet or nothing, and return the number of bytes written.
 */
@NullMarked
package io.sluice.media.rtcp;

import org.jspecify.annotations.NullMarked;
