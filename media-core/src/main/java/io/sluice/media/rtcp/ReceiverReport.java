package io.sluice.media.rtcp;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * RFC 3550 §6.4.2: RR, the receiver report of a participant that is not sending, with its
 * reception report blocks.
 *
 * <pre>
 *         0                   1                   2                   3
 *         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    RC   |   PT=RR=201   |             length            |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                     SSRC of packet sender                     |
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
 * <p>An RR with RC = 0 is valid and common: browsers put an empty RR first in a compound that
 * carries only feedback. Profile-specific extensions are allowed and ignored. The hot path reads
 * an RR through {@link View}; {@link #parse(ByteBuf)} returns this immutable value.
 *
 * @param ssrc SSRC of the packet sender
 * @param reportBlocks at most 31 reception report blocks
 */
public record ReceiverReport(long ssrc, List<ReportBlock> reportBlocks) implements RtcpPacket {

  /** Size of an RR without report blocks: header and SSRC. */
  public static final int MIN_SIZE = 8;

  private static final String NAME = "RTCP RR";

  /** Validates {@code ssrc} and copies {@code reportBlocks}. */
  public ReceiverReport {
    Checks.u32("SSRC", ssrc);
    reportBlocks = List.copyOf(reportBlocks);
    Checks.count("report count", reportBlocks.size(), RtcpHeader.MAX_COUNT);
  }

  /**
   * Parses the RR at the reader index of {@code packet}, for tools and tests. Borrows
   * {@code packet}; its indexes are not moved.
   *
   * @throws MalformedRtcpException with a message naming what was found and what was expected
   */
  public static ReceiverReport parse(ByteBuf packet) {
    return parse(packet, packet.readerIndex(), packet.readableBytes());
  }

  /**
   * Parses the RR at absolute index {@code index}, within {@code length} bytes. Borrows
   * {@code buf}.
   *
   * @throws MalformedRtcpException with a message naming what was found and what was expected
   */
  public static ReceiverReport parse(ByteBuf buf, int index, int length) {
    View view = new View();
    view.wrap(buf, index, length, true);
    return view.toPacket();
  }

  @Override
  public int encodedLength() {
    return MIN_SIZE + ReportBlock.SIZE * reportBlocks.size();
  }

  /** Writes this RR; see {@link RtcpPacket#write(ByteBuf)}. Borrows {@code out}. */
  @Override
  public int write(ByteBuf out) {
    return write(out, ssrc, reportBlocks);
  }

  /**
   * Writes an RR at the writer index of {@code out} without allocating. Either all of it is
   * written or nothing. Borrows {@code out}.
   *
   * @return the number of bytes written, 8 + 24 per report block
   * @throws IllegalArgumentException if there are more than 31 report blocks
   * @throws IndexOutOfBoundsException if {@code out} cannot grow to hold the packet
   */
  public static int write(ByteBuf out, long ssrc, List<ReportBlock> reportBlocks) {
    int count = Checks.count("report count", reportBlocks.size(), RtcpHeader.MAX_COUNT);
    int size = MIN_SIZE + ReportBlock.SIZE * count;
    out.ensureWritable(size);
    RtcpHeader.write(out, false, count, RtcpHeader.PT_RR, size);
    out.writeInt((int) ssrc);
    for (int i = 0; i < count; i++) { // indexed: no Iterator on the write path
      reportBlocks.get(i).write(out);
    }
    return size;
  }

  /**
   * RFC 3550 §6.4.2: an allocation-free, reusable view over an RR on the wire; the SSRC and
   * report blocks come from {@link RtcpReportView}. See {@link RtcpView} for the contract of
   * {@code tryWrap}.
   */
  public static final class View extends RtcpReportView {
    /** Creates a view over nothing; call {@code tryWrap} first. */
    public View() {
      super(NAME, RtcpHeader.PT_RR, MIN_SIZE);
    }

    @Override
    public ReceiverReport toPacket() {
      return new ReceiverReport(ssrc(), reportBlocks());
    }
  }
}
