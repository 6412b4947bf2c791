package io.sluice.media.rtcp;

import io.netty.buffer.ByteBuf;
import io.sluice.media.rtp.SequenceMath;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * RFC 4585 §6.2.1: the Generic NACK, a transport-layer feedback message (RTPFB, FMT = 1) that
 * lists lost RTP packets as PID + BLP pairs.
 *
 * <pre>
 * common packet format for feedback messages (RFC 4585 §6.1):
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| FMT=1   |  PT=RTPFB=205 |          length               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :            Feedback Control Information (FCI)                 :
 *
 * FCI: one or more Generic NACKs (RFC 4585 §6.2.1):
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            PID                |             BLP               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>PID is a lost packet's sequence number; bit {@code i} of BLP (least significant first) marks
 * {@code PID + i + 1} lost too, so one entry covers up to 17 packets. Sequence numbers wrap:
 * PID 65535 with BLP bit 0 set means 65535 and 0 are lost. The FCI must hold at least one entry.
 *
 * <p>Encoding ({@link #write(ByteBuf, long, long, int[], int, int)}, {@link #ofLost}) emits the
 * fewest entries: it sorts the lost sequence numbers in wrap order (via {@link SequenceMath}) and
 * greedily starts an entry at the first number not yet covered, which is optimal for covering
 * points with fixed-width windows. Duplicates cost nothing. The order is taken around the first
 * number given, so a list that spans more than half the sequence space is still fully covered,
 * though not necessarily with the fewest entries.
 *
 * @param senderSsrc SSRC of the packet sender
 * @param mediaSsrc SSRC of the media source the losses are on
 * @param nacks the FCI entries, at least one
 */
public record TransportLayerNack(long senderSsrc, long mediaSsrc, List<GenericNack> nacks)
    implements RtcpPacket {

  /** The feedback message type of a Generic NACK in an RTPFB packet. */
  public static final int FMT = 1;
  /** Size of a NACK without FCI: header and the two SSRCs. */
  public static final int FIXED_SIZE = RtcpFeedbackView.COMMON_SIZE;
  /** Size of one FCI entry. */
  public static final int ENTRY_SIZE = 4;

  private static final String NAME = "RTCP NACK";

  /** Validates the SSRCs and copies {@code nacks}, which must not be empty. */
  public TransportLayerNack {
    Checks.u32("sender SSRC", senderSsrc);
    Checks.u32("media SSRC", mediaSsrc);
    nacks = List.copyOf(nacks);
    if (nacks.isEmpty()) {
      throw new IllegalArgumentException("NACK with 0 FCI entries (expected: 1+)");
    }
  }

  /**
   * RFC 4585 §6.2.1: one FCI entry.
   *
   * @param pid packet ID, the sequence number of a lost packet (0..65535)
   * @param blp bitmask of following lost packets: bit {@code i} marks {@code pid + i + 1}
   */
  public record GenericNack(int pid, int blp) {
    /** Checks both fields are 16-bit. */
    public GenericNack {
      Checks.u16("PID", pid);
      Checks.u16("BLP", blp);
    }

    /** Returns the number of packets this entry marks lost, 1..17. */
    public int lostCount() {
      return 1 + Integer.bitCount(blp);
    }

    /** Calls {@code visitor} for PID, then for each BLP bit from the least significant. */
    public void forEachLost(LostPacketVisitor visitor) {
      TransportLayerNack.forEachLost(pid, blp, visitor);
    }
  }

  /**
   * Receives lost sequence numbers from {@link View#forEachLost} without allocation. Keep one
   * instance and reuse it; a capturing lambda allocates on every call site evaluation.
   */
  @FunctionalInterface
  public interface LostPacketVisitor {
    /** Called once per lost sequence number (0..65535), in FCI order. */
    void onLost(int sequenceNumber);
  }

  /**
   * Builds a NACK with the fewest FCI entries that cover {@code lostSeqs}, which may be unsorted,
   * repeat, and wrap from 65535 to 0. Only the low 16 bits of each value count. Allocates; the
   * argument array is not modified.
   *
   * @throws IllegalArgumentException if {@code lostSeqs} is empty
   */
  public static TransportLayerNack ofLost(long senderSsrc, long mediaSsrc, int... lostSeqs) {
    if (lostSeqs.length == 0) {
      throw new IllegalArgumentException("NACK with 0 lost packets (expected: 1+)");
    }
    int[] seqs = lostSeqs.clone();
    sortInWrapOrder(seqs, 0, seqs.length);
    List<GenericNack> nacks = new ArrayList<>();
    encode(seqs, 0, seqs.length, null, nacks);
    return new TransportLayerNack(senderSsrc, mediaSsrc, nacks);
  }

  /**
   * Parses the NACK at the reader index of {@code packet}, for tools and tests. Borrows
   * {@code packet}; its indexes are not moved.
   *
   * @throws MalformedRtcpException with a message naming what was found and what was expected,
   *     e.g. {@code "RTCP NACK: 6 bytes (expected: 12+ bytes)"}
   */
  public static TransportLayerNack parse(ByteBuf packet) {
    return parse(packet, packet.readerIndex(), packet.readableBytes());
  }

  /**
   * Parses the NACK at absolute index {@code index}, within {@code length} bytes. Borrows
   * {@code buf}.
   *
   * @throws MalformedRtcpException with a message naming what was found and what was expected
   */
  public static TransportLayerNack parse(ByteBuf buf, int index, int length) {
    View view = new View();
    view.wrap(buf, index, length, true);
    return view.toPacket();
  }

  /**
   * Returns every sequence number the FCI marks lost, in FCI order. Overlapping entries from
   * another encoder can repeat a number. Allocates.
   */
  public int[] lostSequenceNumbers() {
    int n = 0;
    for (GenericNack nack : nacks) {
      n += nack.lostCount();
    }
    int[] out = new int[n];
    int[] next = {0};
    for (GenericNack nack : nacks) {
      nack.forEachLost(seq -> out[next[0]++] = seq);
    }
    return out;
  }

  @Override
  public int encodedLength() {
    return FIXED_SIZE + ENTRY_SIZE * nacks.size();
  }

  /** Writes this NACK; see {@link RtcpPacket#write(ByteBuf)}. Borrows {@code out}. */
  @Override
  public int write(ByteBuf out) {
    int size = encodedLength();
    out.ensureWritable(size);
    RtcpHeader.write(out, false, FMT, RtcpHeader.PT_RTPFB, size);
    out.writeInt((int) senderSsrc);
    out.writeInt((int) mediaSsrc);
    for (int i = 0; i < nacks.size(); i++) {
      out.writeShort(nacks.get(i).pid());
      out.writeShort(nacks.get(i).blp());
    }
    return size;
  }

  /**
   * Writes a NACK with the fewest FCI entries that cover {@code lostSeqs[offset, offset+count)}
   * at the writer index of {@code out}, without allocating. The numbers may be unsorted, repeat,
   * and wrap from 65535 to 0; only their low 16 bits count.
   *
   * <p>To stay allocation-free the range is sorted <em>in place</em>: afterwards it holds the same
   * numbers (masked to 16 bits) in wrap order around the first one. Either the whole packet is
   * written or nothing. Borrows {@code out}.
   *
   * @return the number of bytes written, 12 + 4 per FCI entry
   * @throws IllegalArgumentException if {@code count} is 0
   * @throws IndexOutOfBoundsException if the range is outside {@code lostSeqs}, or {@code out}
   *     cannot grow to hold the packet
   */
  public static int write(ByteBuf out, long senderSsrc, long mediaSsrc, int[] lostSeqs,
      int offset, int count) {
    Objects.checkFromIndexSize(offset, count, lostSeqs.length);
    if (count == 0) {
      throw new IllegalArgumentException("NACK with 0 lost packets (expected: 1+)");
    }
    sortInWrapOrder(lostSeqs, offset, count);
    int entries = encode(lostSeqs, offset, count, null, null);
    int size = FIXED_SIZE + ENTRY_SIZE * entries;
    out.ensureWritable(size);
    RtcpHeader.write(out, false, FMT, RtcpHeader.PT_RTPFB, size);
    out.writeInt((int) senderSsrc);
    out.writeInt((int) mediaSsrc);
    encode(lostSeqs, offset, count, out, null);
    return size;
  }

  /**
   * Sorts the range in place into wrap order around its first element: each value becomes its
   * signed distance from that element, the distances are sorted, then turned back into sequence
   * numbers.
   */
  private static void sortInWrapOrder(int[] seqs, int offset, int count) {
    int end = offset + count;
    int ref = seqs[offset] & 0xFFFF;
    boolean sorted = true;
    for (int i = offset; i < end; i++) {
      seqs[i] = SequenceMath.seqDelta(ref, seqs[i]);
      sorted &= i == offset || seqs[i - 1] <= seqs[i];
    }
    if (!sorted) {
      heapSort(seqs, offset, count);
    }
    for (int i = offset; i < end; i++) {
      seqs[i] = SequenceMath.seqAdd(ref, seqs[i]);
    }
  }

  /**
   * In-place heapsort. Arrays.sort would do, except that for some nearly sorted ranges of 44 or
   * more elements it allocates a run table, and this is the allocation-free write path. A NACK
   * generator usually hands over a range that is already in order, which skips the sort.
   */
  private static void heapSort(int[] a, int offset, int count) {
    for (int i = count / 2 - 1; i >= 0; i--) {
      siftDown(a, offset, i, count);
    }
    for (int last = count - 1; last > 0; last--) {
      int t = a[offset];
      a[offset] = a[offset + last];
      a[offset + last] = t;
      siftDown(a, offset, 0, last);
    }
  }

  private static void siftDown(int[] a, int offset, int i, int count) {
    int v = a[offset + i];
    while (true) {
      int child = 2 * i + 1;
      if (child >= count) {
        break;
      }
      if (child + 1 < count && a[offset + child + 1] > a[offset + child]) {
        child++;
      }
      if (a[offset + child] <= v) {
        break;
      }
      a[offset + i] = a[offset + child];
      i = child;
    }
    a[offset + i] = v;
  }

  /**
   * Greedy cover of a range sorted by {@link #sortInWrapOrder}: each entry starts at the first
   * number not yet covered and takes every number up to 16 after it. Writes the entries to
   * {@code out} and/or adds them to {@code list} (either may be null) and returns their count.
   */
  private static int encode(int[] sorted, int offset, int count, @Nullable ByteBuf out,
      @Nullable List<GenericNack> list) {
    int end = offset + count;
    int entries = 0;
    int i = offset;
    while (i < end) {
      int pid = sorted[i];
      int blp = 0;
      int j = i + 1;
      for (; j < end; j++) {
        // Sorted, so the distance is 0 for a duplicate and grows with j; once it leaves 1..16
        // (including a negative delta across a span wider than half the space) the entry is full.
        int d = SequenceMath.seqDelta(pid, sorted[j]);
        if (d < 0 || d > 16) {
          break;
        }
        if (d > 0) {
          blp |= 1 << (d - 1);
        }
      }
      if (out != null) {
        out.writeShort(pid);
        out.writeShort(blp);
      }
      if (list != null) {
        list.add(new GenericNack(pid, blp));
      }
      entries++;
      i = j;
    }
    return entries;
  }

  private static int forEachLost(int pid, int blp, LostPacketVisitor visitor) {
    visitor.onLost(pid);
    int n = 1;
    for (int bits = blp; bits != 0; bits &= bits - 1) {
      visitor.onLost(SequenceMath.seqAdd(pid, Integer.numberOfTrailingZeros(bits) + 1));
      n++;
    }
    return n;
  }

  /**
   * RFC 4585 §6.2.1: an allocation-free, reusable view over a NACK on the wire. See
   * {@link RtcpView} for the contract of {@code tryWrap}.
   */
  public static final class View extends RtcpFeedbackView {
    /** Creates a view over nothing; call {@code tryWrap} first. */
    public View() {}

    @Override
    RtcpParseResult wrap(ByteBuf buf, int index, int length, boolean throwing) {
      return wrapEntries(buf, index, length, NAME, RtcpHeader.PT_RTPFB, FMT, ENTRY_SIZE, throwing);
    }

    /** Returns the number of FCI entries (Generic NACKs), at least 1. */
    public int entryCount() {
      return fciEntryCount();
    }

    /**
     * Returns the PID of FCI entry {@code i}.
     *
     * @throws IndexOutOfBoundsException if {@code i} is not in [0, {@link #entryCount()})
     */
    public int pid(int i) {
      return buffer().getUnsignedShort(fciEntryIndex(i, ENTRY_SIZE));
    }

    /**
     * Returns the BLP of FCI entry {@code i}.
     *
     * @throws IndexOutOfBoundsException if {@code i} is not in [0, {@link #entryCount()})
     */
    public int blp(int i) {
      return buffer().getUnsignedShort(fciEntryIndex(i, ENTRY_SIZE) + 2);
    }

    /**
     * Returns how many sequence numbers {@link #forEachLost} reports: the sum over entries of 1
     * plus the set BLP bits.
     */
    public int lostCount() {
      int n = 0;
      for (int i = 0; i < entryCount(); i++) {
        n += 1 + Integer.bitCount(blp(i));
      }
      return n;
    }

    /**
     * Reports every lost sequence number to {@code visitor} without allocating: each entry's PID,
     * then its BLP bits from the least significant, entries in wire order. Numbers wrap from
     * 65535 to 0. Overlapping entries (legal, if wasteful) report a number more than once.
     *
     * @return the number of calls made, {@link #lostCount()}
     */
    public int forEachLost(LostPacketVisitor visitor) {
      int n = 0;
      for (int i = 0; i < entryCount(); i++) {
        n += TransportLayerNack.forEachLost(pid(i), blp(i), visitor);
      }
      return n;
    }

    @Override
    public TransportLayerNack toPacket() {
      int n = entryCount();
      List<GenericNack> nacks = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        nacks.add(new GenericNack(pid(i), blp(i)));
      }
      return new TransportLayerNack(senderSsrc(), mediaSsrc(), nacks);
    }
  }
}
