package io.sluice.media.rtcp;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * RFC 3550 §6.4.1: the common base of the reusable, allocation-free views over one RTCP packet,
 * one subclass per message ({@link SenderReport.View}, {@link TransportLayerNack.View}, ...).
 * SR and RR views share {@link RtcpReportView}, feedback message views {@link RtcpFeedbackView}.
 *
 * <p>{@code tryWrap} is the hot-path entry point: it validates every length and field the
 * accessors will read before it changes anything, and returns {@link RtcpParseResult#OK} or a
 * failure code. It never throws on bad input and never allocates. On failure the view is left
 * exactly as it was (reading a stale packet, or none), so check the result before reading.
 *
 * <p>A view borrows the buffer: it neither retains nor releases it and never moves its reader or
 * writer index. Keep the buffer alive while you read, and {@link #clear()} the view if it
 * outlives the buffer and must not pin it. Views are not thread-safe; hold one per type per
 * thread and reuse it.
 */
public abstract sealed class RtcpView
    permits RtcpReportView, SourceDescription.View, Goodbye.View, RtcpFeedbackView {

  private @Nullable ByteBuf buf;
  private int index;

  RtcpView() {}

  /**
   * Wraps the packet at the reader index of {@code packet}; the readable bytes bound it. Borrows
   * {@code packet}.
   *
   * @return {@link RtcpParseResult#OK}, or why the packet was rejected (view unchanged)
   */
  public final RtcpParseResult tryWrap(ByteBuf packet) {
    return tryWrap(packet, packet.readerIndex(), packet.readableBytes());
  }

  /**
   * Wraps the packet that starts at absolute index {@code index}. The packet's size comes from its
   * length field and must fit in {@code length}; bytes after it (the rest of a compound) are not
   * read. Borrows {@code buf}. The caller vouches that {@code [index, index + length)} lies
   * inside the buffer; only the bytes in it are untrusted.
   *
   * @return {@link RtcpParseResult#OK}, or why the packet was rejected (view unchanged)
   */
  public final RtcpParseResult tryWrap(ByteBuf buf, int index, int length) {
    return wrap(buf, index, length, false);
  }

  /**
   * Wraps the current packet of {@code compound}. The iterator has checked the header; the view
   * still checks the type and everything inside the packet. Borrows the iterator's buffer.
   *
   * @return {@link RtcpParseResult#OK}, or why the packet was rejected (view unchanged)
   */
  public final RtcpParseResult tryWrap(RtcpCompoundIterator compound) {
    return wrap(compound.buffer(), compound.index(), compound.length(), false);
  }

  /**
   * Validates, then (and only then) points the view at the packet. With {@code throwing}, a bad
   * packet throws {@link MalformedRtcpException} instead of returning a code.
   */
  abstract RtcpParseResult wrap(ByteBuf buf, int index, int length, boolean throwing);

  /** Copies the wrapped packet into an immutable value. Allocates; not for the hot path. */
  public abstract RtcpPacket toPacket();

  /** Records a successfully validated packet; subclasses call it last in {@code wrap}. */
  final void set(ByteBuf buf, int index) {
    this.buf = buf;
    this.index = index;
  }

  /** Returns the wrapped buffer (borrowed: the view does not own it). */
  public final ByteBuf buffer() {
    ByteBuf b = buf;
    if (b == null) {
      throw new IllegalStateException("no RTCP packet wrapped");
    }
    return b;
  }

  /** Returns the absolute index of the packet's first header byte in {@link #buffer()}. */
  public final int index() {
    buffer();
    return index;
  }

  /** Returns the packet's size in bytes from its length field, header and padding included. */
  public final int length() {
    return RtcpHeader.packetLength(buffer(), index);
  }

  /** Forgets the wrapped packet, so that the view holds no reference to its buffer. */
  public final void clear() {
    buf = null;
    index = 0;
  }
}
