package io.sluice.media.rtcp;

import io.netty.buffer.ByteBuf;
import io.sluice.media.rtp.SequenceMath;
import java.util.ArrayList;
import java.util.List;

/**
 * draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: transport-wide congestion control
 * feedback (transport-cc), a transport-layer feedback message (RTPFB, FMT = 15) that reports,
 * for a range of transport-wide sequence numbers, which packets arrived and when.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  FMT=15 |    PT=205     |           length              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     SSRC of packet sender                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      SSRC of media source                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      base sequence number     |      packet status count      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 reference time                | fb pkt. count |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          packet chunk         |         packet chunk          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                                                               .
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         packet chunk          |  recv delta   |  recv delta   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                                                               .
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           recv delta          |  recv delta   | zero padding  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * run length chunk (T = 0):          status vector chunk (T = 1):
 *  0                   1              0                   1
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |T| S |       Run Length        |  |T|S|       symbol list         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Packet status symbols: 00 not received, 01 received with a small delta (1 byte, unsigned),
 * 10 received with a large or negative delta (2 bytes, signed), 11 reserved. A status vector
 * chunk holds 14 one-bit symbols (S = 0: 0 not received, 1 small delta) or 7 two-bit symbols
 * (S = 1). The last chunk may describe more packets than the status count; the extra symbols are
 * ignored. Then follows one receive delta per received packet, in 250 µs ticks, the first relative
 * to the reference time (a signed 24-bit count of 64 ms) and each next one to the packet before.
 *
 * <p>Like libwebrtc, a packet status count of 0 and a reserved symbol within the count are
 * malformed. libwebrtc pads this message with the P bit; zero bytes after the deltas without the
 * P bit are accepted too.
 *
 * @param senderSsrc SSRC of the packet sender
 * @param mediaSsrc SSRC of media source (libwebrtc puts its first media SSRC here)
 * @param baseSequenceNumber transport-wide sequence number of the first packet reported
 * @param referenceTime signed 24-bit time base, in {@link #REFERENCE_TIME_UNIT_MICROS} units
 * @param feedbackPacketCount 8-bit count of feedback packets sent, to detect lost feedback
 * @param packets one status per packet from the base sequence number on, 1..65535 of them
 */
public record TransportLayerCc(
    long senderSsrc,
    long mediaSsrc,
    int baseSequenceNumber,
    int referenceTime,
    int feedbackPacketCount,
    List<PacketStatus> packets) implements RtcpPacket {

  /** The feedback message type of transport-cc in an RTPFB packet. */
  public static final int FMT = 15;
  /** Size without packet chunks and deltas: header, SSRCs, base seq, count, time, fb count. */
  public static final int FIXED_SIZE = 20;
  /** Status symbol 00: the packet has not been received (no receive delta). */
  public static final int NOT_RECEIVED = 0;
  /** Status symbol 01: received, with a one-byte unsigned receive delta. */
  public static final int SMALL_DELTA = 1;
  /** Status symbol 10: received, with a two-byte signed receive delta. */
  public static final int LARGE_DELTA = 2;
  /** Status symbol 11: reserved; malformed within the packet status count. */
  public static final int RESERVED = 3;
  /** Unit of the reference time: 64 ms. */
  public static final int REFERENCE_TIME_UNIT_MICROS = 64_000;
  /** Unit of a receive delta: 250 µs. */
  public static final int DELTA_UNIT_MICROS = 250;

  private static final String NAME = "RTCP transport-cc";
  private static final int MAX_RUN_LENGTH = 0x1FFF;

  /** Validates the fields and copies {@code packets}. */
  public TransportLayerCc {
    Checks.u32("sender SSRC", senderSsrc);
    Checks.u32("media SSRC", mediaSsrc);
    Checks.u16("base sequence number", baseSequenceNumber);
    if (referenceTime < -0x80_0000 || referenceTime > 0x7F_FFFF) {
      throw new IllegalArgumentException(
          "transport-cc reference time " + referenceTime + " (expected: -8388608..8388607)");
    }
    Checks.u8("feedback packet count", feedbackPacketCount);
    packets = List.copyOf(packets);
    if (packets.isEmpty() || packets.size() > 0xFFFF) {
      throw new IllegalArgumentException(
          "transport-cc packet status count " + packets.size() + " (expected: 1..65535)");
    }
  }

  /**
   * The status of one packet, as reported.
   *
   * @param symbol {@link #NOT_RECEIVED}, {@link #SMALL_DELTA} or {@link #LARGE_DELTA}
   * @param receiveDelta receive delta in {@link #DELTA_UNIT_MICROS} ticks: 0 if not received,
   *     0..255 for a small delta, -32768..32767 for a large one
   */
  public record PacketStatus(int symbol, int receiveDelta) {
    /** A packet that was not received. */
    public static final PacketStatus NOT_RECEIVED_STATUS = new PacketStatus(NOT_RECEIVED, 0);

    /** Checks that the delta fits the symbol. */
    public PacketStatus {
      boolean ok = switch (symbol) {
        case NOT_RECEIVED -> receiveDelta == 0;
        case SMALL_DELTA -> receiveDelta >= 0 && receiveDelta <= 0xFF;
        case LARGE_DELTA -> receiveDelta >= Short.MIN_VALUE && receiveDelta <= Short.MAX_VALUE;
        default -> false;
      };
      if (!ok) {
        throw new IllegalArgumentException("transport-cc status symbol " + symbol
            + " with receive delta " + receiveDelta
            + " (expected: 0 with 0, 1 with 0..255, 2 with -32768..32767)");
      }
    }

    /** Returns a received status, with the small symbol when the delta fits in one byte. */
    public static PacketStatus received(int receiveDelta) {
      return new PacketStatus(
          receiveDelta >= 0 && receiveDelta <= 0xFF ? SMALL_DELTA : LARGE_DELTA, receiveDelta);
    }

    /** Returns true unless the symbol is {@link #NOT_RECEIVED}. */
    public boolean isReceived() {
      return symbol != NOT_RECEIVED;
    }
  }

  /**
   * Receives per-packet results from {@link View#forEachPacket} without allocation. Keep one
   * instance and reuse it.
   */
  @FunctionalInterface
  public interface PacketVisitor {
    /**
     * Called once per reported packet, in sequence order.
     *
     * @param sequenceNumber transport-wide sequence number, wrapping from 65535 to 0
     * @param symbol {@link #NOT_RECEIVED}, {@link #SMALL_DELTA} or {@link #LARGE_DELTA}
     * @param receiveDelta in {@link #DELTA_UNIT_MICROS} ticks since the previous received packet
     *     (the first: since the reference time); 0 if not received
     */
    void onPacket(int sequenceNumber, int symbol, int receiveDelta);
  }

  /**
   * Parses the transport-cc feedback at the reader index of {@code packet}, for tools and tests.
   * Borrows {@code packet}; its indexes are not moved.
   *
   * @throws MalformedRtcpException with a message naming what was found and what was expected
   */
  public static TransportLayerCc parse(ByteBuf packet) {
    return parse(packet, packet.readerIndex(), packet.readableBytes());
  }

  /**
   * Parses the transport-cc feedback at absolute index {@code index}, within {@code length}
   * bytes. Borrows {@code buf}.
   *
   * @throws MalformedRtcpException with a message naming what was found and what was expected
   */
  public static TransportLayerCc parse(ByteBuf buf, int index, int length) {
    View view = new View();
    view.wrap(buf, index, length, true);
    return view.toPacket();
  }

  /** Returns the reference time in microseconds. */
  public long referenceTimeMicros() {
    return (long) referenceTime * REFERENCE_TIME_UNIT_MICROS;
  }

  @Override
  public int encodedLength() {
    return align4(unpaddedLength());
  }

  private int unpaddedLength() {
    int size = FIXED_SIZE;
    for (int i = 0; i < packets.size(); ) {
      i += chunkCoverage(nextChunk(i), packets.size() - i);
      size += 2;
    }
    for (PacketStatus p : packets) {
      size += p.symbol();
    }
    return size;
  }

  /**
   * Writes this feedback; see {@link RtcpPacket#write(ByteBuf)}. Runs of 14 or more equal
   * symbols become run length chunks, the rest one-bit status vectors where no large delta
   * occurs and two-bit ones where one does. Pads with the P bit to a 32-bit boundary, as libwebrtc
   * does. Borrows {@code out}.
   */
  @Override
  public int write(ByteBuf out) {
    int unpadded = unpaddedLength();
    int size = align4(unpadded);
    int padding = size - unpadded;
    out.ensureWritable(size);
    RtcpHeader.write(out, padding > 0, FMT, RtcpHeader.PT_RTPFB, size);
    out.writeInt((int) senderSsrc);
    out.writeInt((int) mediaSsrc);
    out.writeShort(baseSequenceNumber);
    out.writeShort(packets.size());
    out.writeMedium(referenceTime);
    out.writeByte(feedbackPacketCount);
    for (int i = 0; i < packets.size(); ) {
      int chunk = nextChunk(i);
      out.writeShort(chunk);
      i += chunkCoverage(chunk, packets.size() - i);
    }
    for (PacketStatus p : packets) {
      if (p.symbol() == SMALL_DELTA) {
        out.writeByte(p.receiveDelta());
      } else if (p.symbol() == LARGE_DELTA) {
        out.writeShort(p.receiveDelta());
      }
    }
    if (padding > 0) {
      out.writeZero(padding - 1);
      out.writeByte(padding);
    }
    return size;
  }

  /** Chooses the chunk that encodes the statuses from index {@code i} on. */
  private int nextChunk(int i) {
    int n = packets.size() - i;
    int symbol = packets.get(i).symbol();
    int run = 1;
    while (run < n && run < MAX_RUN_LENGTH && packets.get(i + run).symbol() == symbol) {
      run++;
    }
    if (run >= 14 || run == n) {
      return symbol << 13 | run;
    }
    int oneBit = Math.min(14, n);
    boolean large = false;
    for (int k = 0; k < oneBit; k++) {
      large |= packets.get(i + k).symbol() == LARGE_DELTA;
    }
    if (!large) {
      int chunk = 0x8000;
      for (int k = 0; k < oneBit; k++) {
        chunk |= packets.get(i + k).symbol() << (13 - k);
      }
      return chunk;
    }
    int chunk = 0xC000;
    for (int k = 0; k < Math.min(7, n); k++) {
      chunk |= packets.get(i + k).symbol() << (12 - 2 * k);
    }
    return chunk;
  }

  /** Returns how many of {@code remaining} statuses {@code chunk} describes. */
  private static int chunkCoverage(int chunk, int remaining) {
    int n;
    if ((chunk & 0x8000) == 0) {
      n = chunk & MAX_RUN_LENGTH;
    } else {
      n = (chunk & 0x4000) == 0 ? 14 : 7;
    }
    return Math.min(n, remaining);
  }

  /** Returns the status symbol {@code k} (0-based) of a chunk; for run length chunks, any k. */
  private static int symbol(int chunk, int k) {
    if ((chunk & 0x8000) == 0) {
      return (chunk >>> 13) & 3;
    }
    return (chunk & 0x4000) == 0 ? (chunk >>> (13 - k)) & 1 : (chunk >>> (12 - 2 * k)) & 3;
  }

  private static int align4(int n) {
    return (n + 3) & ~3;
  }

  /**
   * draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: an allocation-free, reusable view
   * over transport-cc feedback on the wire. {@code tryWrap} walks every chunk and checks that the
   * receive deltas they call for fit before it accepts the packet; see {@link RtcpView}.
   */
  public static final class View extends RtcpFeedbackView {
    private int statusCount;
    private int receivedCount;
    private int deltasIndex;

    /** Creates a view over nothing; call {@code tryWrap} first. */
    public View() {}

    @Override
    RtcpParseResult wrap(ByteBuf buf, int index, int length, boolean throwing) {
      RtcpParseResult r = RtcpHeader.check(
          buf, index, length, NAME, RtcpHeader.PT_RTPFB, FMT, FIXED_SIZE, throwing);
      if (r != RtcpParseResult.OK) {
        return r;
      }
      int end = index + RtcpHeader.contentLength(buf, index);
      int count = buf.getUnsignedShort(index + 14);
      if (count == 0) {
        if (throwing) {
          throw new MalformedRtcpException(NAME + ": packet status count 0 (expected: 1+)");
        }
        return RtcpParseResult.EMPTY_FCI;
      }
      int pos = index + FIXED_SIZE;
      int remaining = count;
      int received = 0;
      int deltaBytes = 0;
      while (remaining > 0) {
        if (end - pos < 2) {
          if (throwing) {
            throw new MalformedRtcpException(NAME + ": packet chunks end at byte "
                + (end - index) + " with " + remaining + " of " + count
                + " statuses left (expected: another 2-byte chunk)");
          }
          return RtcpParseResult.TRUNCATED;
        }
        int chunk = buf.getUnsignedShort(pos);
        int n = chunkCoverage(chunk, remaining);
        // A run length chunk repeats one symbol: checking the first stands for all n of them.
        int distinct = (chunk & 0x8000) == 0 ? Math.min(n, 1) : n;
        int weight = (chunk & 0x8000) == 0 ? n : 1;
        for (int k = 0; k < distinct; k++) {
          int symbol = symbol(chunk, k);
          if (symbol == RESERVED) {
            if (throwing) {
              throw new MalformedRtcpException(NAME + ": reserved status symbol 3 for packet "
                  + (count - remaining + k) + " in chunk 0x" + Integer.toHexString(chunk)
                  + " at byte " + (pos - index) + " (expected: 0, 1 or 2)");
            }
            return RtcpParseResult.BAD_FIELD;
          }
          deltaBytes += symbol * weight; // the symbol is the delta size: 0, 1 or 2 bytes
          received += symbol == NOT_RECEIVED ? 0 : weight;
        }
        remaining -= n;
        pos += 2;
      }
      if (end - pos < deltaBytes) {
        if (throwing) {
          throw new MalformedRtcpException(NAME + ": " + (end - pos)
              + " bytes of receive deltas (expected: " + deltaBytes + " bytes)");
        }
        return RtcpParseResult.TRUNCATED;
      }
      set(buf, index);
      statusCount = count;
      receivedCount = received;
      deltasIndex = pos;
      return RtcpParseResult.OK;
    }

    /** Returns the transport-wide sequence number of the first packet reported. */
    public int baseSequenceNumber() {
      return buffer().getUnsignedShort(index() + 12);
    }

    /** Returns the number of packets reported, at least 1. */
    public int packetStatusCount() {
      buffer();
      return statusCount;
    }

    /** Returns how many of the reported packets were received. */
    public int receivedCount() {
      buffer();
      return receivedCount;
    }

    /** Returns the signed 24-bit reference time, in {@link #REFERENCE_TIME_UNIT_MICROS} units. */
    public int referenceTime() {
      return ReportBlock.signExtend24(buffer().getUnsignedMedium(index() + 16));
    }

    /** Returns the 8-bit feedback packet count. */
    public int feedbackPacketCount() {
      return buffer().getUnsignedByte(index() + 19);
    }

    /**
     * Reports every packet's status and receive delta to {@code visitor}, in sequence order,
     * without allocating. Run length chunks let a packet of a few dozen bytes report up to 65535
     * packets, so a visitor that does real work per packet should bound what it accepts.
     *
     * @return the number of packets reported, {@link #packetStatusCount()}
     */
    public int forEachPacket(PacketVisitor visitor) {
      ByteBuf b = buffer();
      int base = baseSequenceNumber();
      int chunkPos = index() + FIXED_SIZE;
      int deltaPos = deltasIndex;
      int seqOffset = 0;
      while (seqOffset < statusCount) {
        int chunk = b.getUnsignedShort(chunkPos);
        chunkPos += 2;
        int n = chunkCoverage(chunk, statusCount - seqOffset);
        for (int k = 0; k < n; k++) {
          int symbol = symbol(chunk, k);
          int delta = 0;
          if (symbol == SMALL_DELTA) {
            delta = b.getUnsignedByte(deltaPos++);
          } else if (symbol == LARGE_DELTA) {
            delta = b.getShort(deltaPos);
            deltaPos += 2;
          }
          visitor.onPacket(SequenceMath.seqAdd(base, seqOffset + k), symbol, delta);
        }
        seqOffset += n;
      }
      return statusCount;
    }

    @Override
    public TransportLayerCc toPacket() {
      List<PacketStatus> packets = new ArrayList<>(packetStatusCount());
      forEachPacket((seq, symbol, delta) -> packets.add(
          symbol == NOT_RECEIVED ? PacketStatus.NOT_RECEIVED_STATUS
              : new PacketStatus(symbol, delta)));
      return new TransportLayerCc(senderSsrc(), mediaSsrc(), baseSequenceNumber(),
          referenceTime(), feedbackPacketCount(), packets);
    }
  }
}
