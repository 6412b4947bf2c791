package io.sluice.media.rtcp;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * RFC 3550 §6.1 and Appendix A.2: a reusable, allocation-free walk over the packets of a compound
 * RTCP datagram.
 *
 * <pre>
 * +--------+------+----------+-----------+---------------+-- ... --+
 * |V=2|P|RC| PT   |  length  |  packet body (length words) | next  ...
 * +--------+------+----------+-----------+---------------+-- ... --+
 * |&lt;------------------ packet 1 ------------------&gt;|&lt;- packet 2 ...
 * </pre>
 *
 * <p>{@link #tryWrap(ByteBuf)} validates the whole datagram before it exposes a single packet
 * (RFC 3550 A.2): every packet has version 2, its length field fits in what is left, its padding
 * count is in range, and the lengths add up to the datagram exactly. One bad packet rejects the
 * datagram, because a wrong length field makes everything after it unreadable. The checks follow
 * libwebrtc's and Pion's, and are deliberately looser than A.2 in two ways: the first packet need
 * not be an SR or RR (reduced-size RTCP, RFC 5506, sends lone feedback messages), and padding is
 * accepted on any packet (libwebrtc pads transport-cc feedback with the P bit). Packet types this
 * library does not parse, such as APP or XR, are walked over like any other; skipping them is the
 * caller's {@code switch}.
 *
 * <p>Typical hot-path use, with one iterator and one view per type held per thread:
 *
 * <pre>{@code
 * if (compound.tryWrap(datagram) != RtcpParseResult.OK) { drops.increment(); return; }
 * while (compound.next()) {
 *   if (compound.packetType() == RtcpHeader.PT_RTPFB
 *       && compound.count() == TransportLayerNack.FMT
 *       && nack.tryWrap(compound) == RtcpParseResult.OK) {
 *     nack.forEachLost(retransmitter);
 *   }
 * }
 * }</pre>
 *
 * <p>The iterator borrows the buffer: it neither retains nor releases it and never moves its
 * reader or writer index. The caller keeps the buffer alive while it iterates. Not thread-safe.
 */
public final class RtcpCompoundIterator {
  private static final String NAME = "RTCP compound";

  private @Nullable ByteBuf buf;
  private int start;
  private int end;
  private int packetCount;
  private int current = -1;
  private int next;

  /** Creates an iterator over nothing; call {@link #tryWrap(ByteBuf)} before {@link #next()}. */
  public RtcpCompoundIterator() {}

  /**
   * Validates the readable bytes of {@code datagram} as a compound RTCP packet and, if valid,
   * positions the iterator before its first packet. Never throws on bad input and does not
   * allocate; on failure the iterator is left exactly as it was. Borrows {@code datagram}.
   */
  public RtcpParseResult tryWrap(ByteBuf datagram) {
    return tryWrap(datagram, datagram.readerIndex(), datagram.readableBytes());
  }

  /**
   * Like {@link #tryWrap(ByteBuf)} for the {@code length} bytes at absolute index {@code index},
   * which the caller vouches lie inside the buffer.
   */
  public RtcpParseResult tryWrap(ByteBuf buf, int index, int length) {
    return wrap(buf, index, length, false);
  }

  /**
   * Like {@link #tryWrap(ByteBuf)} but throws, for tools and tests.
   *
   * @throws MalformedRtcpException naming the first bad packet, its byte offset, and what was
   *     found and expected, e.g. {@code "RTCP compound: packet 2 at byte 32: version 1
   *     (expected: 2)"}
   */
  public void wrap(ByteBuf datagram) {
    wrap(datagram, datagram.readerIndex(), datagram.readableBytes(), true);
  }

  private RtcpParseResult wrap(ByteBuf buf, int index, int length, boolean throwing) {
    if (length < RtcpHeader.SIZE) {
      if (throwing) {
        throw new MalformedRtcpException(
            NAME + ": " + length + " bytes (expected: " + RtcpHeader.SIZE + "+ bytes)");
      }
      return RtcpParseResult.TRUNCATED;
    }
    int end = index + length;
    int pos = index;
    int n = 0;
    while (pos < end) {
      RtcpParseResult r =
          RtcpHeader.check(buf, pos, end - pos, NAME, -1, -1, RtcpHeader.SIZE, false);
      if (r != RtcpParseResult.OK) {
        if (throwing) {
          // Second pass only to build the message; the hot path never concatenates strings.
          RtcpHeader.check(buf, pos, end - pos,
              NAME + ": packet " + (n + 1) + " at byte " + (pos - index), -1, -1,
              RtcpHeader.SIZE, true);
        }
        return r;
      }
      pos += RtcpHeader.packetLength(buf, pos);
      n++;
    }
    this.buf = buf;
    this.start = index;
    this.end = end;
    this.packetCount = n;
    rewind();
    return RtcpParseResult.OK;
  }

  /**
   * Advances to the next packet. Returns false after the last one, or if nothing valid is
   * wrapped.
   */
  public boolean next() {
    if (buf == null || next >= end) {
      current = -1;
      next = end;
      return false;
    }
    current = next;
    next += RtcpHeader.packetLength(buf, current);
    return true;
  }

  /** Positions the iterator before the first packet again. */
  public void rewind() {
    current = -1;
    next = start;
  }

  /** Forgets the wrapped buffer, so that the iterator holds no reference to it. */
  public void clear() {
    buf = null;
    start = 0;
    end = 0;
    packetCount = 0;
    current = -1;
    next = 0;
  }

  /** Returns the number of packets in the wrapped datagram, or 0 if nothing is wrapped. */
  public int packetCount() {
    return packetCount;
  }

  /** Returns the wrapped buffer (borrowed: the iterator does not own it). */
  public ByteBuf buffer() {
    ByteBuf b = buf;
    if (b == null) {
      throw new IllegalStateException("no RTCP datagram wrapped");
    }
    return b;
  }

  /** Returns the absolute index of the current packet's first header byte in {@link #buffer()}. */
  public int index() {
    checkCurrent();
    return current;
  }

  /** Returns the size of the current packet in bytes, header and padding included. */
  public int length() {
    checkCurrent();
    return RtcpHeader.packetLength(buffer(), current);
  }

  /** Returns the size of the current packet in bytes, header included and padding excluded. */
  public int contentLength() {
    checkCurrent();
    return RtcpHeader.contentLength(buffer(), current);
  }

  /** Returns the P bit of the current packet. */
  public boolean hasPadding() {
    checkCurrent();
    return RtcpHeader.hasPadding(buffer(), current);
  }

  /** Returns the 5-bit count field of the current packet: RC, SC or FMT. */
  public int count() {
    checkCurrent();
    return RtcpHeader.count(buffer(), current);
  }

  /** Returns the packet type of the current packet, e.g. {@link RtcpHeader#PT_RTPFB}. */
  public int packetType() {
    checkCurrent();
    return RtcpHeader.packetType(buffer(), current);
  }

  private void checkCurrent() {
    if (current < 0) {
      throw new IllegalStateException("no current RTCP packet: call next() first");
    }
  }
}
