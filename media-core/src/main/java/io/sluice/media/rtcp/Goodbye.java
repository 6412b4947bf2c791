package io.sluice.media.rtcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * RFC 3550 §6.6: BYE, the goodbye packet: the listed sources are leaving, optionally with a
 * reason.
 *
 * <pre>
 *        0                   1                   2                   3
 *        0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       |V=2|P|    SC   |   PT=BYE=203  |             length            |
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       |                           SSRC/CSRC                           |
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       :                              ...                              :
 *       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * (opt) |     length    |               reason for leaving            ...
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>A reason is present when bytes follow the SSRC list; its length octet must then fit. The
 * writer pads the reason with null octets to the 32-bit boundary, as §6.6 requires. The reason is
 * UTF-8 text; invalid bytes decode to U+FFFD in the immutable value.
 *
 * @param ssrcs the leaving sources, at most 31
 * @param reason the reason for leaving, or null; at most 255 UTF-8 bytes to be written
 */
public record Goodbye(List<Long> ssrcs, @Nullable String reason) implements RtcpPacket {

  private static final String NAME = "RTCP BYE";

  /** Copies {@code ssrcs} and checks their count and range. */
  public Goodbye {
    ssrcs = List.copyOf(ssrcs);
    Checks.count("source count", ssrcs.size(), RtcpHeader.MAX_COUNT);
    for (long ssrc : ssrcs) {
      Checks.u32("SSRC", ssrc);
    }
  }

  /**
   * Parses the BYE at the reader index of {@code packet}, for tools and tests. Borrows
   * {@code packet}; its indexes are not moved.
   *
   * @throws MalformedRtcpException with a message naming what was found and what was expected
   */
  public static Goodbye parse(ByteBuf packet) {
    return parse(packet, packet.readerIndex(), packet.readableBytes());
  }

  /**
   * Parses the BYE at absolute index {@code index}, within {@code length} bytes. Borrows
   * {@code buf}.
   *
   * @throws MalformedRtcpException with a message naming what was found and what was expected
   */
  public static Goodbye parse(ByteBuf buf, int index, int length) {
    View view = new View();
    view.wrap(buf, index, length, true);
    return view.toPacket();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the reason is longer than 255 bytes in UTF-8
   */
  @Override
  public int encodedLength() {
    return size(ssrcs.size(), reasonBytes(reason));
  }

  /**
   * Writes this BYE; see {@link RtcpPacket#write(ByteBuf)}. Borrows {@code out}.
   *
   * @throws IllegalArgumentException if the reason is longer than 255 bytes in UTF-8
   */
  @Override
  public int write(ByteBuf out) {
    int reasonBytes = reasonBytes(reason);
    int size = size(ssrcs.size(), reasonBytes);
    out.ensureWritable(size);
    RtcpHeader.write(out, false, ssrcs.size(), RtcpHeader.PT_BYE, size);
    for (int i = 0; i < ssrcs.size(); i++) {
      out.writeInt((int) (long) ssrcs.get(i));
    }
    writeReason(out, reason, reasonBytes);
    return size;
  }

  /**
   * Writes a BYE for one source at the writer index of {@code out} without allocating. Either all
   * of it is written or nothing. Borrows {@code out}.
   *
   * @param reason the reason for leaving, or null for none
   * @return the number of bytes written
   * @throws IllegalArgumentException if {@code reason} is longer than 255 bytes in UTF-8
   * @throws IndexOutOfBoundsException if {@code out} cannot grow to hold the packet
   */
  public static int write(ByteBuf out, long ssrc, @Nullable CharSequence reason) {
    int reasonBytes = reasonBytes(reason);
    int size = size(1, reasonBytes);
    out.ensureWritable(size);
    RtcpHeader.write(out, false, 1, RtcpHeader.PT_BYE, size);
    out.writeInt((int) ssrc);
    writeReason(out, reason, reasonBytes);
    return size;
  }

  private static int reasonBytes(@Nullable CharSequence reason) {
    return reason == null
        ? -1
        : SourceDescription.checkTextBytes("BYE reason", ByteBufUtil.utf8Bytes(reason));
  }

  private static int size(int ssrcCount, int reasonBytes) {
    int size = RtcpHeader.SIZE + 4 * ssrcCount;
    return reasonBytes < 0 ? size : size + ((1 + reasonBytes + 3) & ~3);
  }

  private static void writeReason(ByteBuf out, @Nullable CharSequence reason, int reasonBytes) {
    if (reason != null) {
      out.writeByte(reasonBytes);
      ByteBufUtil.reserveAndWriteUtf8(out, reason, reasonBytes);
      out.writeZero(((1 + reasonBytes + 3) & ~3) - 1 - reasonBytes);
    }
  }

  /**
   * RFC 3550 §6.6: an allocation-free, reusable view over a BYE on the wire. See
   * {@link RtcpView} for the contract of {@code tryWrap}.
   */
  public static final class View extends RtcpView {
    private int ssrcCount;
    private int reasonIndex;

    /** Creates a view over nothing; call {@code tryWrap} first. */
    public View() {}

    @Override
    RtcpParseResult wrap(ByteBuf buf, int index, int length, boolean throwing) {
      RtcpParseResult r = RtcpHeader.check(
          buf, index, length, NAME, RtcpHeader.PT_BYE, -1, RtcpHeader.SIZE, throwing);
      if (r != RtcpParseResult.OK) {
        return r;
      }
      int count = RtcpHeader.count(buf, index);
      int content = RtcpHeader.contentLength(buf, index);
      int listEnd = RtcpHeader.SIZE + 4 * count;
      if (content < listEnd) {
        if (throwing) {
          throw new MalformedRtcpException(NAME + ": " + count + " sources in " + content
              + " bytes (expected: " + listEnd + "+ bytes)");
        }
        return RtcpParseResult.TRUNCATED;
      }
      int reason = -1;
      if (content > listEnd) {
        int reasonLength = buf.getUnsignedByte(index + listEnd);
        if (content - listEnd - 1 < reasonLength) {
          if (throwing) {
            throw new MalformedRtcpException(NAME + ": reason length " + reasonLength
                + " (expected: <= " + (content - listEnd - 1) + ")");
          }
          return RtcpParseResult.TRUNCATED;
        }
        reason = index + listEnd;
      }
      set(buf, index);
      ssrcCount = count;
      reasonIndex = reason;
      return RtcpParseResult.OK;
    }

    /** Returns the number of leaving sources (SC). */
    public int ssrcCount() {
      buffer();
      return ssrcCount;
    }

    /**
     * Returns leaving source {@code i}.
     *
     * @throws IndexOutOfBoundsException if {@code i} is not in [0, {@link #ssrcCount()})
     */
    public long ssrc(int i) {
      Objects.checkIndex(i, ssrcCount());
      return buffer().getUnsignedInt(index() + RtcpHeader.SIZE + 4 * i);
    }

    /**
     * Returns the absolute index of the reason's length octet in {@link #buffer()}, or -1 if the
     * packet gives no reason. The text follows the length octet.
     */
    public int reasonIndex() {
      buffer();
      return reasonIndex;
    }

    /** Decodes the reason as UTF-8, or returns null if there is none. Allocates. */
    public @Nullable String reason() {
      ByteBuf b = buffer();
      return reasonIndex < 0
          ? null
          : b.toString(reasonIndex + 1, b.getUnsignedByte(reasonIndex), StandardCharsets.UTF_8);
    }

    @Override
    public Goodbye toPacket() {
      List<Long> ssrcs = new ArrayList<>(ssrcCount());
      for (int i = 0; i < ssrcCount; i++) {
        ssrcs.add(ssrc(i));
      }
      return new Goodbye(ssrcs, reason());
    }
  }
}
