package io.sluice.media.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * A reception report block (RFC 3550 §6.4.1), carried in SR and RR packets.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 SSRC_1 (SSRC of first source)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | fraction lost |       cumulative number of packets lost       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           extended highest sequence number received           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      interarrival jitter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         last SR (LSR)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   delay since last SR (DLSR)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>All 32-bit unsigned fields are held in {@code long}s. {@code cumulativeLost} is a signed
 * 24-bit value (it can go negative with duplicates) and is clamped to [-2<sup>23</sup>,
 * 2<sup>23</sup>-1] on write. {@code fractionLost} is the 8-bit fixed-point fraction (0..255).
 * {@code lastSr} is the middle 32 bits of the NTP timestamp of the last SR received, and
 * {@code delaySinceLastSr} is in units of 1/65536 s.
 *
 * @param ssrc the source this block reports on
 * @param fractionLost fraction lost since the previous report, as 8-bit fixed point (0..255)
 * @param cumulativeLost cumulative packets lost, signed 24-bit
 * @param extendedHighestSeq extended highest sequence number received (cycles in the high 16 bits)
 * @param jitter interarrival jitter in RTP timestamp units
 * @param lastSr middle 32 bits of the NTP timestamp of the last SR, or 0
 * @param delaySinceLastSr delay since that SR in 1/65536 s, or 0
 */
public record ReportBlock(
    long ssrc,
    int fractionLost,
    int cumulativeLost,
    long extendedHighestSeq,
    long jitter,
    long lastSr,
    long delaySinceLastSr) {

  /** Size of one report block on the wire. */
  public static final int SIZE = 24;

  private static final int MAX_CUMULATIVE_LOST = 0x7F_FFFF;
  private static final int MIN_CUMULATIVE_LOST = -0x80_0000;

  /**
   * Reads a block at absolute index {@code index}; the caller has checked that {@link #SIZE} bytes
   * are readable there. Borrows {@code buf}.
   */
  public static ReportBlock read(ByteBuf buf, int index) {
    return new ReportBlock(
        readSsrc(buf, index),
        readFractionLost(buf, index),
        readCumulativeLost(buf, index),
        readExtendedHighestSeq(buf, index),
        readJitter(buf, index),
        readLastSr(buf, index),
        readDelaySinceLastSr(buf, index));
  }

  // Allocation-free field readers for the hot path (SenderReport.View, ReceiverReport.View hand
  // out block indexes). Each takes the absolute index of the block's first byte and borrows buf.

  /** Reads {@link #ssrc()} of the block at absolute index {@code index}. Borrows {@code buf}. */
  public static long readSsrc(ByteBuf buf, int index) {
    return buf.getUnsignedInt(index);
  }

  /** Reads {@link #fractionLost()} of the block at {@code index}. Borrows {@code buf}. */
  public static int readFractionLost(ByteBuf buf, int index) {
    return buf.getUnsignedByte(index + 4);
  }

  /** Reads {@link #cumulativeLost()}, sign-extended, of the block at {@code index}. */
  public static int readCumulativeLost(ByteBuf buf, int index) {
    return signExtend24(buf.getUnsignedMedium(index + 5));
  }

  /** Reads {@link #extendedHighestSeq()} of the block at {@code index}. Borrows {@code buf}. */
  public static long readExtendedHighestSeq(ByteBuf buf, int index) {
    return buf.getUnsignedInt(index + 8);
  }

  /** Reads {@link #jitter()} of the block at {@code index}. Borrows {@code buf}. */
  public static long readJitter(ByteBuf buf, int index) {
    return buf.getUnsignedInt(index + 12);
  }

  /** Reads {@link #lastSr()} of the block at {@code index}. Borrows {@code buf}. */
  public static long readLastSr(ByteBuf buf, int index) {
    return buf.getUnsignedInt(index + 16);
  }

  /** Reads {@link #delaySinceLastSr()} of the block at {@code index}. Borrows {@code buf}. */
  public static long readDelaySinceLastSr(ByteBuf buf, int index) {
    return buf.getUnsignedInt(index + 20);
  }

  /** Writes this block at the writer index of {@code out}. Borrows {@code out}. */
  public void write(ByteBuf out) {
    write(out, ssrc, fractionLost, cumulativeLost, extendedHighestSeq, jitter, lastSr,
        delaySinceLastSr);
  }

  /**
   * Writes a block from primitives at the writer index of {@code out}, without allocating.
   * Borrows {@code out}.
   */
  public static void write(ByteBuf out, long ssrc, int fractionLost, int cumulativeLost,
      long extendedHighestSeq, long jitter, long lastSr, long delaySinceLastSr) {
    int lost = Math.max(MIN_CUMULATIVE_LOST, Math.min(MAX_CUMULATIVE_LOST, cumulativeLost));
    out.writeInt((int) ssrc);
    out.writeByte(fractionLost);
    out.writeMedium(lost & 0xFF_FFFF);
    out.writeInt((int) extendedHighestSeq);
    out.writeInt((int) jitter);
    out.writeInt((int) lastSr);
    out.writeInt((int) delaySinceLastSr);
  }

  /** Returns the fraction lost as a value in [0, 1]. */
  public double fractionLostRatio() {
    return fractionLost / 256.0;
  }

  static int signExtend24(int v) {
    return (v << 8) >> 8;
  }
}
