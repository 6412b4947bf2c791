package io.sluice.media.rtcp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 5104 §4.3.1: Full Intra Request (FIR), a payload-specific feedback message (PSFB, FMT = 4)
 * that asks one or more media senders for a decoder refresh point, each request numbered.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| FMT=4   |  PT=PSFB=206  |          length               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             SSRC of media source (unused, 0)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * FCI: one or more entries (RFC 5104 §4.3.1.1):
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                              SSRC                             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Seq nr.       |    Reserved                                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The media SSRC of the common header "SHALL be set to 0" (§4.3.1.2); the target of each
 * request is the SSRC of its FCI entry. A receiver does not insist on the 0, nor on zero reserved
 * bits. The sender increments the 8-bit sequence number (mod 256) for each new request, so a
 * media sender can tell a repeated FIR from a new one.
 *
 * @param senderSsrc SSRC of the packet sender
 * @param mediaSsrc SSRC of media source from the common header, normally 0
 * @param entries the FCI entries, at least one
 */
public record FullIntraRequest(long senderSsrc, long mediaSsrc, List<Entry> entries)
    implements RtcpPacket {

  /** The feedback message type of FIR in a PSFB packet. */
  public static final int FMT = 4;
  /** Size of a FIR without FCI: header and the two SSRCs. */
  public static final int FIXED_SIZE = RtcpFeedbackView.COMMON_SIZE;
  /** Size of one FCI entry. */
  public static final int ENTRY_SIZE = 8;

  private static final String NAME = "RTCP FIR";

  /** Validates the SSRCs and copies {@code entries}, which must not be empty. */
  public FullIntraRequest {
    Checks.u32("sender SSRC", senderSsrc);
    Checks.u32("media SSRC", mediaSsrc);
    entries = List.copyOf(entries);
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("FIR with 0 FCI entries (expected: 1+)");
    }
  }

  /**
   * RFC 5104 §4.3.1.1: one FCI entry.
   *
   * @param ssrc the media sender asked for a decoder refresh point
   * @param sequenceNumber command sequence number, 0..255
   */
  public record Entry(long ssrc, int sequenceNumber) {
    /** Validates both fields. */
    public Entry {
      Checks.u32("SSRC", ssrc);
      Checks.u8("FIR sequence number", sequenceNumber);
    }
  }

  /**
   * Parses the FIR at the reader index of {@code packet}, for tools and tests. Borrows
   * {@code packet}; its indexes are not moved.
   *
   * @throws MalformedRtcpException with a message naming what was found and what was expected
   */
  public static FullIntraRequest parse(ByteBuf packet) {
    return parse(packet, packet.readerIndex(), packet.readableBytes());
  }

  /**
   * Parses the FIR at absolute index {@code index}, within {@code length} bytes. Borrows
   * {@code buf}.
   *
   * @throws MalformedRtcpException with a message naming what was found and what was expected
   */
  public static FullIntraRequest parse(ByteBuf buf, int index, int length) {
    View view = new View();
    view.wrap(buf, index, length, true);
    return view.toPacket();
  }

  @Override
  public int encodedLength() {
    return FIXED_SIZE + ENTRY_SIZE * entries.size();
  }

  /** Writes this FIR; see {@link RtcpPacket#write(ByteBuf)}. Borrows {@code out}. */
  @Override
  public int write(ByteBuf out) {
    int size = encodedLength();
    out.ensureWritable(size);
    RtcpHeader.write(out, false, FMT, RtcpHeader.PT_PSFB, size);
    out.writeInt((int) senderSsrc);
    out.writeInt((int) mediaSsrc);
    for (int i = 0; i < entries.size(); i++) {
      writeEntry(out, entries.get(i).ssrc(), entries.get(i).sequenceNumber());
    }
    return size;
  }

  /**
   * Writes a FIR with one FCI entry and media SSRC 0 at the writer index of {@code out} without
   * allocating. Either all of it is written or nothing. Borrows {@code out}.
   *
   * @param ssrc the media sender asked for a decoder refresh point
   * @param sequenceNumber command sequence number; only the low 8 bits are written
   * @return the number of bytes written, 20
   * @throws IndexOutOfBoundsException if {@code out} cannot grow to hold the packet
   */
  public static int write(ByteBuf out, long senderSsrc, long ssrc, int sequenceNumber) {
    int size = FIXED_SIZE + ENTRY_SIZE;
    out.ensureWritable(size);
    RtcpHeader.write(out, false, FMT, RtcpHeader.PT_PSFB, size);
    out.writeInt((int) senderSsrc);
    out.writeInt(0);
    writeEntry(out, ssrc, sequenceNumber);
    return size;
  }

  private static void writeEntry(ByteBuf out, long ssrc, int sequenceNumber) {
    out.writeInt((int) ssrc);
    out.writeInt((sequenceNumber & 0xFF) << 24); // Seq nr., then 24 reserved bits, all 0
  }

  /**
   * RFC 5104 §4.3.1: an allocation-free, reusable view over a FIR on the wire. See
   * {@link RtcpView} for the contract of {@code tryWrap}.
   */
  public static final class View extends RtcpFeedbackView {
    /** Creates a view over nothing; call {@code tryWrap} first. */
    public View() {}

    @Override
    RtcpParseResult wrap(ByteBuf buf, int index, int length, boolean throwing) {
      return wrapEntries(buf, index, length, NAME, RtcpHeader.PT_PSFB, FMT, ENTRY_SIZE, throwing);
    }

    /** Returns the number of FCI entries, at least 1. */
    public int entryCount() {
      return fciEntryCount();
    }

    /**
     * Returns the SSRC of FCI entry {@code i}: the media sender asked for a refresh point.
     *
     * @throws IndexOutOfBoundsException if {@code i} is not in [0, {@link #entryCount()})
     */
    public long entrySsrc(int i) {
      return buffer().getUnsignedInt(fciEntryIndex(i, ENTRY_SIZE));
    }

    /**
     * Returns the command sequence number (0..255) of FCI entry {@code i}.
     *
     * @throws IndexOutOfBoundsException if {@code i} is not in [0, {@link #entryCount()})
     */
    public int entrySequenceNumber(int i) {
      return buffer().getUnsignedByte(fciEntryIndex(i, ENTRY_SIZE) + 4);
    }

    @Override
    public FullIntraRequest toPacket() {
      int n = entryCount();
      List<Entry> entries = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        entries.add(new Entry(entrySsrc(i), entrySequenceNumber(i)));
      }
      return new FullIntraRequest(senderSsrc(), mediaSsrc(), entries);
    }
  }
}
