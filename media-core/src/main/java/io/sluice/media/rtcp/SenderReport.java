package io.sluice.media.rtcp;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * RFC 3550 §6.4.1: SR, the sender report of an active sender, with its reception report blocks.
 *
 * <pre>
 *         0                   1                   2                   3
 *         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    RC   |   PT=SR=200   |             length            |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                         SSRC of sender                        |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * sender |              NTP timestamp, most significant word             |
 * info   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |             NTP timestamp, least significant word             |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                         RTP timestamp                         |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                     sender's packet count                     |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                      sender's octet count                     |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * report |                 SSRC_1 (SSRC of first source)                 |
 * block  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   1    :               ... 24 bytes, see ReportBlock ...               :
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *        :                   report blocks 2 .. RC                       :
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *        |                  profile-specific extensions                  |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The NTP timestamp is the 64-bit fixed-point value (seconds since 1900 in the high 32 bits);
 * the other fields are 32-bit unsigned values held in {@code long}s. Profile-specific extensions
 * after the report blocks are allowed and ignored. The hot path reads an SR through
 * {@link View}; {@link #parse(ByteBuf)} returns this immutable value.
 *
 * @param ssrc SSRC of the sender
 * @param ntpTimestamp wallclock time of the report, NTP 32.32 fixed point
 * @param rtpTimestamp the same instant in the RTP clock of the sender's stream
 * @param packetCount RTP data packets sent since the stream started (mod 2<sup>32</sup>)
 * @param octetCount RTP payload octets sent since the stream started (mod 2<sup>32</sup>)
 * @param reportBlocks at most 31 reception report blocks
 */
public record SenderReport(
    long ssrc,
    long ntpTimestamp,
    long rtpTimestamp,
    long packetCount,
    long octetCount,
    List<ReportBlock> reportBlocks) implements RtcpPacket {

  /** Size of an SR without report blocks: header, SSRC and the 20-byte sender info. */
  public static final int MIN_SIZE = 28;

  private static final String NAME = "RTCP SR";

  /** Validates the 32-bit fields and copies {@code reportBlocks}. */
  public SenderReport {
    Checks.u32("SSRC", ssrc);
    Checks.u32("RTP timestamp", rtpTimestamp);
    Checks.u32("packet count", packetCount);
    Checks.u32("octet count", octetCount);
    reportBlocks = List.copyOf(reportBlocks);
    Checks.count("report count", reportBlocks.size(), RtcpHeader.MAX_COUNT);
  }

  /**
   * Parses the SR at the reader index of {@code packet}, for tools and tests. Borrows
   * {@code packet}; its indexes are not moved.
   *
   * @throws MalformedRtcpException with a message naming what was found and what was expected
   */
  public static SenderReport parse(ByteBuf packet) {
    return parse(packet, packet.readerIndex(), packet.readableBytes());
  }

  /**
   * Parses the SR at absolute index {@code index}, within {@code length} bytes. Borrows
   * {@code buf}.
   *
   * @throws MalformedRtcpException with a message naming what was found and what was expected
   */
  public static SenderReport parse(ByteBuf buf, int index, int length) {
    View view = new View();
    view.wrap(buf, index, length, true);
    return view.toPacket();
  }

  @Override
  public int encodedLength() {
    return MIN_SIZE + ReportBlock.SIZE * reportBlocks.size();
  }

  /** Writes this SR; see {@link RtcpPacket#write(ByteBuf)}. Borrows {@code out}. */
  @Override
  public int write(ByteBuf out) {
    return write(out, ssrc, ntpTimestamp, rtpTimestamp, packetCount, octetCount, reportBlocks);
  }

  /**
   * Writes an SR at the writer index of {@code out} without allocating. Either all of it is
   * written or nothing. Borrows {@code out}.
   *
   * @return the number of bytes written, 28 + 24 per report block
   * @throws IllegalArgumentException if there are more than 31 report blocks
   * @throws IndexOutOfBoundsException if {@code out} cannot grow to hold the packet
   */
  public static int write(ByteBuf out, long ssrc, long ntpTimestamp, long rtpTimestamp,
      long packetCount, long octetCount, List<ReportBlock> reportBlocks) {
    int count = Checks.count("report count", reportBlocks.size(), RtcpHeader.MAX_COUNT);
    int size = MIN_SIZE + ReportBlock.SIZE * count;
    out.ensureWritable(size);
    RtcpHeader.write(out, false, count, RtcpHeader.PT_SR, size);
    out.writeInt((int) ssrc);
    out.writeLong(ntpTimestamp);
    out.writeInt((int) rtpTimestamp);
    out.writeInt((int) packetCount);
    out.writeInt((int) octetCount);
    for (int i = 0; i < count; i++) { // indexed: no Iterator on the write path
      reportBlocks.get(i).write(out);
    }
    return size;
  }

  /**
   * RFC 3550 §6.4.1: an allocation-free, reusable view over an SR on the wire; the SSRC and
   * report blocks come from {@link RtcpReportView}. See {@link RtcpView} for the contract of
   * {@code tryWrap}.
   */
  public static final class View extends RtcpReportView {
    /** Creates a view over nothing; call {@code tryWrap} first. */
    public View() {
      super(NAME, RtcpHeader.PT_SR, MIN_SIZE);
    }

    /** Returns the 64-bit NTP timestamp (32.32 fixed point). */
    public long ntpTimestamp() {
      return buffer().getLong(index() + 8);
    }

    /** Returns the RTP timestamp that corresponds to {@link #ntpTimestamp()}. */
    public long rtpTimestamp() {
      return buffer().getUnsignedInt(index() + 16);
    }

    /** Returns the sender's packet count. */
    public long packetCount() {
      return buffer().getUnsignedInt(index() + 20);
    }

    /** Returns the sender's octet count. */
    public long octetCount() {
      return buffer().getUnsignedInt(index() + 24);
    }

    @Override
    public SenderReport toPacket() {
      return new SenderReport(
          ssrc(), ntpTimestamp(), rtpTimestamp(), packetCount(), octetCount(), reportBlocks());
    }
  }
}
