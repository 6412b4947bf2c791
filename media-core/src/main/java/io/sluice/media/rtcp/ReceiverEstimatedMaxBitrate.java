package io.sluice.media.rtcp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * draft-alvestrand-rmcat-remb-03 §2.2: Receiver Estimated Maximum Bitrate (REMB), an
 * application-layer feedback message (PSFB, FMT = 15, RFC 4585 §6.4) that tells media senders the
 * total bitrate a receiver estimates it can take.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| FMT=15  |  PT=PSFB=206  |          length               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source (always 0)              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Unique identifier 'R' 'E' 'M' 'B'                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Num SSRC     | BR Exp    |  BR Mantissa                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   SSRC feedback                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ...                                                          |
 * </pre>
 *
 * <p>The bitrate in bits per second is {@code mantissa * 2^exp} (18-bit mantissa, 6-bit
 * exponent). Like libwebrtc, a value that does not fit in 63 bits is rejected as malformed. The
 * writer picks the smallest exponent that fits, rounding the bitrate down. Application-layer
 * feedback with another identifier is not REMB: {@link View#tryWrap} returns
 * {@link RtcpParseResult#WRONG_TYPE} for it, and {@link RtcpPacket#parseCompound} skips it.
 *
 * @param senderSsrc SSRC of the packet sender
 * @param bitrate the estimated maximum bitrate in bits per second
 * @param ssrcs the media sources the estimate applies to, at most 255
 */
public record ReceiverEstimatedMaxBitrate(long senderSsrc, long bitrate, List<Long> ssrcs)
    implements RtcpPacket {

  /** The feedback message type of application-layer feedback in a PSFB packet. */
  public static final int FMT = 15;
  /** The unique identifier, ASCII "REMB". */
  public static final int IDENTIFIER = 0x52_45_4D_42;
  /** Size of a REMB without SSRC feedback entries. */
  public static final int FIXED_SIZE = 20;
  /** Largest number of SSRCs the 8-bit Num SSRC field counts. */
  public static final int MAX_SSRCS = 255;

  private static final String NAME = "RTCP REMB";
  private static final int MANTISSA_BITS = 18;
  private static final int IDENTIFIER_OFFSET = 12;

  /** Validates the fields and copies {@code ssrcs}. */
  public ReceiverEstimatedMaxBitrate {
    Checks.u32("sender SSRC", senderSsrc);
    if (bitrate < 0) {
      throw new IllegalArgumentException("REMB bitrate " + bitrate + " (expected: >= 0)");
    }
    ssrcs = List.copyOf(ssrcs);
    Checks.count("REMB SSRC count", ssrcs.size(), MAX_SSRCS);
    for (long ssrc : ssrcs) {
      Checks.u32("SSRC", ssrc);
    }
  }

  /**
   * Returns true if the {@code contentLength} bytes at {@code index} (a PSFB packet with FMT 15,
   * padding excluded) carry the "REMB" identifier. Borrows {@code buf}; does not allocate.
   */
  public static boolean isRemb(ByteBuf buf, int index, int contentLength) {
    return contentLength >= IDENTIFIER_OFFSET + 4
        && buf.getInt(index + IDENTIFIER_OFFSET) == IDENTIFIER;
  }

  /**
   * Parses the REMB at the reader index of {@code packet}, for tools and tests. Borrows
   * {@code packet}; its indexes are not moved.
   *
   * @throws MalformedRtcpException with a message naming what was found and what was expected
   */
  public static ReceiverEstimatedMaxBitrate parse(ByteBuf packet) {
    return parse(packet, packet.readerIndex(), packet.readableBytes());
  }

  /**
   * Parses the REMB at absolute index {@code index}, within {@code length} bytes. Borrows
   * {@code buf}.
   *
   * @throws MalformedRtcpException with a message naming what was found and what was expected
   */
  public static ReceiverEstimatedMaxBitrate parse(ByteBuf buf, int index, int length) {
    View view = new View();
    view.wrap(buf, index, length, true);
    return view.toPacket();
  }

  @Override
  public int encodedLength() {
    return FIXED_SIZE + 4 * ssrcs.size();
  }

  /** Writes this REMB; see {@link RtcpPacket#write(ByteBuf)}. Borrows {@code out}. */
  @Override
  public int write(ByteBuf out) {
    int size = encodedLength();
    out.ensureWritable(size);
    writeFixed(out, senderSsrc, bitrate, ssrcs.size(), size);
    for (int i = 0; i < ssrcs.size(); i++) {
      out.writeInt((int) (long) ssrcs.get(i));
    }
    return size;
  }

  /**
   * Writes a REMB for {@code ssrcs[offset, offset+count)} at the writer index of {@code out},
   * without allocating. The bitrate is rounded down to what an 18-bit mantissa can carry. Either
   * all of it is written or nothing. Borrows {@code out}.
   *
   * @return the number of bytes written, 20 + 4 per SSRC
   * @throws IllegalArgumentException if {@code bitrate} is negative or {@code count} exceeds 255
   * @throws IndexOutOfBoundsException if the range is outside {@code ssrcs}, or {@code out}
   *     cannot grow to hold the packet
   */
  public static int write(ByteBuf out, long senderSsrc, long bitrate, long[] ssrcs, int offset,
      int count) {
    Objects.checkFromIndexSize(offset, count, ssrcs.length);
    Checks.count("REMB SSRC count", count, MAX_SSRCS);
    if (bitrate < 0) {
      throw new IllegalArgumentException("REMB bitrate " + bitrate + " (expected: >= 0)");
    }
    int size = FIXED_SIZE + 4 * count;
    out.ensureWritable(size);
    writeFixed(out, senderSsrc, bitrate, count, size);
    for (int i = offset; i < offset + count; i++) {
      out.writeInt((int) ssrcs[i]);
    }
    return size;
  }

  private static void writeFixed(ByteBuf out, long senderSsrc, long bitrate, int count,
      int size) {
    // Smallest exponent that leaves an 18-bit mantissa; at most 63 - 18 = 45 for a positive long.
    int exp = Math.max(0, (64 - Long.numberOfLeadingZeros(bitrate)) - MANTISSA_BITS);
    long mantissa = bitrate >>> exp;
    RtcpHeader.write(out, false, FMT, RtcpHeader.PT_PSFB, size);
    out.writeInt((int) senderSsrc);
    out.writeInt(0); // SSRC of media source: always 0 for REMB
    out.writeInt(IDENTIFIER);
    out.writeByte(count);
    out.writeMedium(exp << MANTISSA_BITS | (int) mantissa);
  }

  /**
   * draft-alvestrand-rmcat-remb-03 §2.2: an allocation-free, reusable view over a REMB on the
   * wire. See {@link RtcpView} for the contract of {@code tryWrap}.
   */
  public static final class View extends RtcpFeedbackView {
    private int ssrcCount;
    private long bitrate;

    /** Creates a view over nothing; call {@code tryWrap} first. */
    public View() {}

    @Override
    RtcpParseResult wrap(ByteBuf buf, int index, int length, boolean throwing) {
      RtcpParseResult r = RtcpHeader.check(buf, index, length, NAME, RtcpHeader.PT_PSFB, FMT,
          IDENTIFIER_OFFSET + 4, throwing);
      if (r != RtcpParseResult.OK) {
        return r;
      }
      int content = RtcpHeader.contentLength(buf, index);
      int id = buf.getInt(index + IDENTIFIER_OFFSET);
      if (id != IDENTIFIER) {
        if (throwing) {
          throw new MalformedRtcpException(NAME + ": identifier 0x" + Integer.toHexString(id)
              + " (expected: 0x52454d42, \"REMB\")");
        }
        return RtcpParseResult.WRONG_TYPE;
      }
      if (content < FIXED_SIZE) {
        if (throwing) {
          throw new MalformedRtcpException(
              NAME + ": packet of " + content + " bytes (expected: " + FIXED_SIZE + "+ bytes)");
        }
        return RtcpParseResult.TRUNCATED;
      }
      int count = buf.getUnsignedByte(index + 16);
      int needed = FIXED_SIZE + 4 * count;
      if (content < needed) {
        if (throwing) {
          throw new MalformedRtcpException(NAME + ": " + count + " SSRCs in " + content
              + " bytes (expected: " + needed + "+ bytes)");
        }
        return RtcpParseResult.TRUNCATED;
      }
      int expMantissa = buf.getUnsignedMedium(index + 17);
      int exp = expMantissa >>> MANTISSA_BITS;
      long mantissa = expMantissa & ((1 << MANTISSA_BITS) - 1);
      // mantissa << exp must stay below 2^63: it needs bitLength(mantissa) + exp <= 63 bits.
      if (mantissa != 0 && Long.numberOfLeadingZeros(mantissa) <= exp) {
        if (throwing) {
          throw new MalformedRtcpException(NAME + ": bitrate " + mantissa + " * 2^" + exp
              + " (expected: < 2^63 bps)");
        }
        return RtcpParseResult.BAD_FIELD;
      }
      set(buf, index);
      ssrcCount = count;
      bitrate = mantissa << exp;
      return RtcpParseResult.OK;
    }

    /** Returns the estimated maximum bitrate in bits per second, mantissa * 2^exp. */
    public long bitrate() {
      buffer();
      return bitrate;
    }

    /** Returns the number of SSRC feedback entries (Num SSRC). */
    public int ssrcCount() {
      buffer();
      return ssrcCount;
    }

    /**
     * Returns SSRC feedback entry {@code i}.
     *
     * @throws IndexOutOfBoundsException if {@code i} is not in [0, {@link #ssrcCount()})
     */
    public long ssrc(int i) {
      Objects.checkIndex(i, ssrcCount());
      return buffer().getUnsignedInt(index() + FIXED_SIZE + 4 * i);
    }

    @Override
    public ReceiverEstimatedMaxBitrate toPacket() {
      List<Long> ssrcs = new ArrayList<>(ssrcCount());
      for (int i = 0; i < ssrcCount; i++) {
        ssrcs.add(ssrc(i));
      }
      return new ReceiverEstimatedMaxBitrate(senderSsrc(), bitrate(), ssrcs);
    }
  }
}
