package io.sluice.media.rtcp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * RFC 3550 §6.4: what the sender report and receiver report share: the reporter's SSRC right
 * after the header, and RC reception report blocks ({@link ReportBlock}) after a fixed part,
 * optionally followed by profile-specific extensions, which are ignored.
 *
 * <pre>
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    RC   |   PT=SR or RR |             length            |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                 SSRC of sender / packet sender                |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *        :          sender info (SR only, 20 bytes)                      :
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *        :          report blocks 1 .. RC, 24 bytes each                 :
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *        :                  profile-specific extensions                  :
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Receiver statistics and RTT (from LSR and DLSR) read report blocks the same way from both,
 * through {@link #reportBlockIndex(int)} and the allocation-free {@code ReportBlock.readXxx}
 * readers. See {@link RtcpView} for the {@code tryWrap} contract.
 */
public abstract sealed class RtcpReportView extends RtcpView
    permits SenderReport.View, ReceiverReport.View {

  private final String name;
  private final int packetType;
  private final int blocksOffset;
  private int reportCount;

  RtcpReportView(String name, int packetType, int blocksOffset) {
    this.name = name;
    this.packetType = packetType;
    this.blocksOffset = blocksOffset;
  }

  @Override
  final RtcpParseResult wrap(ByteBuf buf, int index, int length, boolean throwing) {
    RtcpParseResult r =
        RtcpHeader.check(buf, index, length, name, packetType, -1, blocksOffset, throwing);
    if (r != RtcpParseResult.OK) {
      return r;
    }
    int count = RtcpHeader.count(buf, index);
    int content = RtcpHeader.contentLength(buf, index);
    int needed = blocksOffset + ReportBlock.SIZE * count;
    if (content < needed) {
      if (throwing) {
        throw new MalformedRtcpException(name + ": " + count + " report blocks in " + content
            + " bytes (expected: " + needed + "+ bytes)");
      }
      return RtcpParseResult.TRUNCATED;
    }
    set(buf, index);
    reportCount = count;
    return RtcpParseResult.OK;
  }

  /** Returns the SSRC of the sender (SR) or packet sender (RR). */
  public final long ssrc() {
    return buffer().getUnsignedInt(index() + 4);
  }

  /** Returns the number of report blocks (RC). */
  public final int reportCount() {
    buffer();
    return reportCount;
  }

  /**
   * Returns the absolute index in {@link #buffer()} of report block {@code i}, for the
   * allocation-free {@code ReportBlock.readXxx(buffer(), index)} readers.
   *
   * @throws IndexOutOfBoundsException if {@code i} is not in [0, {@link #reportCount()})
   */
  public final int reportBlockIndex(int i) {
    Objects.checkIndex(i, reportCount());
    return index() + blocksOffset + ReportBlock.SIZE * i;
  }

  /** Reads report block {@code i} into a new value. Allocates. */
  public final ReportBlock reportBlock(int i) {
    return ReportBlock.read(buffer(), reportBlockIndex(i));
  }

  /** Reads every report block into new values, for {@link #toPacket()}. */
  final List<ReportBlock> reportBlocks() {
    List<ReportBlock> blocks = new ArrayList<>(reportCount());
    for (int i = 0; i < reportCount; i++) {
      blocks.add(reportBlock(i));
    }
    return blocks;
  }
}
