package io.sluice.media.rtcp;

import static io.sluice.media.rtcp.RtcpTestSupport.assertRejected;
import static io.sluice.media.rtcp.RtcpTestSupport.encode;
import static io.sluice.media.rtcp.RtcpTestSupport.hex;
import static io.sluice.media.rtcp.RtcpTestSupport.useBuffer;
import static io.sluice.media.rtcp.RtcpTestSupport.written;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.media.rtcp.TransportLayerNack.GenericNack;
import io.sluice.media.rtp.SequenceMath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransportLayerNackTest {

  private static final TransportLayerNack GOLDEN = new TransportLayerNack(1, 0x1234abcdL,
      List.of(new GenericNack(65534, 0b101), new GenericNack(32, 0x8000)));

  @Test
  void readsGoldenNack() {
    useBuffer(RtcpGoldenPackets.NACK, buf -> {
      TransportLayerNack.View view = new TransportLayerNack.View();
      assertThat(view.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(view.senderSsrc()).isEqualTo(1);
      assertThat(view.mediaSsrc()).isEqualTo(0x1234abcdL);
      assertThat(view.entryCount()).isEqualTo(2);
      assertThat(view.pid(0)).isEqualTo(65534);
      assertThat(view.blp(0)).isEqualTo(0b101);
      assertThat(view.pid(1)).isEqualTo(32);
      assertThat(view.blp(1)).isEqualTo(0x8000);
      assertThat(view.lostCount()).isEqualTo(5);
      assertThat(lost(view)).containsExactly(65534, 65535, 1, 32, 48);
      assertThatThrownBy(() -> view.pid(2)).isInstanceOf(IndexOutOfBoundsException.class);

      assertThat(TransportLayerNack.parse(buf)).isEqualTo(GOLDEN);
    });
    assertThat(GOLDEN.lostSequenceNumbers()).containsExactly(65534, 65535, 1, 32, 48);
  }

  @Test
  void writesGoldenNackFromRecordListAndUnsortedArray() {
    assertThat(encode(GOLDEN)).isEqualTo(RtcpGoldenPackets.NACK);
    assertThat(TransportLayerNack.ofLost(1, 0x1234abcdL, 48, 1, 65535, 32, 65534))
        .isEqualTo(GOLDEN);

    int[] lost = {48, 1, 65535, 32, 65534, 1, 48};
    int[] size = new int[1];
    byte[] wire = written(out -> size[0] =
        TransportLayerNack.write(out, 1, 0x1234abcdL, lost, 0, lost.length));
    assertThat(wire).isEqualTo(RtcpGoldenPackets.NACK);
    assertThat(size[0]).isEqualTo(20);
    // Sorted in place, in wrap order: that is what keeps the writer allocation-free.
    assertThat(lost).containsExactly(65534, 65535, 1, 1, 32, 48, 48);
  }

  @Test
  void writesOnlyTheGivenRangeAndMasksTo16Bits() {
    int[] lost = {7, 7, 0x1_0005, 0x2_0006, 7};
    byte[] wire = written(out -> TransportLayerNack.write(out, 9, 10, lost, 2, 2));
    useBuffer(wire, buf -> assertThat(TransportLayerNack.parse(buf).nacks())
        .containsExactly(new GenericNack(5, 0b1)));
    assertThat(lost).containsExactly(7, 7, 5, 6, 7);
  }

  /**
   * Sequence numbers for a sweep, as offsets from a starting point. Every pattern runs from each
   * of 0, 1, 32767, 32768, 65534 and 65535, so both ends of the space and both sides of its
   * middle are crossed.
   */
  record Pattern(String name, int[] offsets) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Pattern> patterns() {
    Random random = new Random(4585);
    List<Pattern> p = new ArrayList<>();
    for (int n : new int[] {1, 2, 16, 17, 18, 33, 34, 35, 100}) {
      p.add(new Pattern(n + " consecutive", IntStream.range(0, n).toArray()));
    }
    p.add(new Pattern("every 17th", IntStream.range(0, 10).map(i -> 17 * i).toArray()));
    p.add(new Pattern("every 16th", IntStream.range(0, 10).map(i -> 16 * i).toArray()));
    p.add(new Pattern("descending", IntStream.range(0, 40).map(i -> 39 - i).toArray()));
    p.add(new Pattern("duplicates", new int[] {0, 0, 5, 5, 5, 17, 0, 18, 17}));
    for (int round = 0; round < 10; round++) {
      int n = 18 + random.nextInt(200);
      int[] offsets = new int[n];
      for (int i = 0; i < n; i++) {
        // Random losses in a 1000-packet window, shuffled, with repeats.
        offsets[i] = random.nextInt(1000);
      }
      p.add(new Pattern("random " + round, offsets));
    }
    return p.stream();
  }

  @ParameterizedTest(name = "start {0}")
  @ValueSource(ints = {0, 1, 32767, 32768, 65534, 65535})
  void encodesMinimalFciAndDecodesEveryLostPacket(int start) {
    patterns().forEach(pattern -> sweep(start, pattern));
  }

  private static void sweep(int start, Pattern pattern) {
    String what = "start " + start + ", " + pattern;
    int[] seqs = Arrays.stream(pattern.offsets()).map(o -> SequenceMath.seqAdd(start, o)).toArray();
    // The expected result, computed the slow way: unique, in wrap order from the start.
    int[] expected = Arrays.stream(pattern.offsets()).distinct().sorted()
        .map(o -> SequenceMath.seqAdd(start, o)).toArray();

    TransportLayerNack value = TransportLayerNack.ofLost(3, 4, seqs);
    assertThat(value.nacks()).as(what).hasSize(greedyEntryCount(pattern.offsets()));
    assertThat(value.lostSequenceNumbers()).as(what).containsExactly(expected);

    int[] scratch = seqs.clone();
    byte[] wire = written(out -> TransportLayerNack.write(out, 3, 4, scratch, 0, scratch.length));
    assertThat(wire).as(what).isEqualTo(encode(value));
    useBuffer(wire, buf -> {
      TransportLayerNack.View view = new TransportLayerNack.View();
      assertThat(view.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(view.pid(0)).as(what).isEqualTo(expected[0]);
      assertThat(lost(view)).as(what)
          .containsExactly(Arrays.stream(expected).boxed().toArray(Integer[]::new));
      assertThat(view.lostCount()).as(what).isEqualTo(expected.length);
      assertThat(TransportLayerNack.parse(buf)).as(what).isEqualTo(value);
    });
  }

  /**
   * The fewest windows of 17 that cover the offsets, by the textbook greedy argument: the leftmost
   * uncovered point must start a window. Offsets here are small, so plain integer order is the
   * wrap order from the start.
   */
  private static int greedyEntryCount(int[] offsets) {
    int[] sorted = Arrays.stream(offsets).distinct().sorted().toArray();
    int count = 0;
    for (int i = 0; i < sorted.length; ) {
      int windowEnd = sorted[i] + 16;
      count++;
      while (i < sorted.length && sorted[i] <= windowEnd) {
        i++;
      }
    }
    return count;
  }

  @Test
  void decodesOverlappingEntriesFromOtherEncodersAsIs() {
    // Legal but wasteful: two entries that both mark 11 lost.
    TransportLayerNack overlapping = new TransportLayerNack(1, 2,
        List.of(new GenericNack(10, 0b1), new GenericNack(11, 0)));
    useBuffer(encode(overlapping), buf -> {
      TransportLayerNack.View view = new TransportLayerNack.View();
      assertThat(view.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(lost(view)).containsExactly(10, 11, 11);
    });
  }

  @Test
  void spanWiderThanHalfTheSpaceIsStillFullyCovered() {
    int[] seqs = {0, 40000, 20000, 60000, 1};
    TransportLayerNack value = TransportLayerNack.ofLost(1, 2, seqs);
    assertThat(Arrays.stream(value.lostSequenceNumbers()).sorted().toArray())
        .containsExactly(0, 1, 20000, 40000, 60000);
  }

  @Test
  void refusesToWriteAnEmptyNack() {
    assertThatThrownBy(() -> TransportLayerNack.ofLost(1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("NACK with 0 lost packets (expected: 1+)");
    assertThatThrownBy(() -> written(out -> TransportLayerNack.write(out, 1, 2, new int[3], 1, 0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TransportLayerNack(1, 2, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GenericNack(65536, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Arguments> malformed() {
    String ssrcs = "00 00 00 01 12 34 ab cd";
    return Stream.of(
        Arguments.of("6 bytes", "81 cd 00 04 00 00", RtcpParseResult.TRUNCATED,
            "RTCP NACK: 6 bytes (expected: 12+ bytes)"),
        Arguments.of("zero-length FCI", "81 cd 00 02 " + ssrcs, RtcpParseResult.EMPTY_FCI,
            "RTCP NACK: 0 FCI entries (expected: 1+)"),
        Arguments.of("version 1", "41 cd 00 03 " + ssrcs + " 00 01 00 00",
            RtcpParseResult.BAD_VERSION, "RTCP NACK: version 1 (expected: 2)"),
        Arguments.of("PSFB, not RTPFB", "81 ce 00 03 " + ssrcs + " 00 01 00 00",
            RtcpParseResult.WRONG_TYPE, "RTCP NACK: packet type 206 (expected: 205)"),
        Arguments.of("TMMBR, not NACK", "83 cd 00 03 " + ssrcs + " 00 01 00 00",
            RtcpParseResult.WRONG_TYPE, "RTCP NACK: FMT 3 (expected: 1)"),
        Arguments.of("length field past the end", "81 cd 00 04 " + ssrcs + " 00 01 00 00",
            RtcpParseResult.BAD_LENGTH,
            "RTCP NACK: length field says 20 bytes (expected: <= 16 bytes)"),
        Arguments.of("padding bigger than the packet", "a1 cd 00 03 " + ssrcs + " 00 01 00 0d",
            RtcpParseResult.BAD_PADDING, "RTCP NACK: padding count 13 (expected: 1..12)"),
        Arguments.of("padding eats the SSRCs", "a1 cd 00 03 " + ssrcs + " 00 01 00 09",
            RtcpParseResult.TRUNCATED,
            "RTCP NACK: packet of 7 bytes without padding (expected: 12+ bytes)"),
        Arguments.of("padding eats the only entry", "a1 cd 00 03 " + ssrcs + " 00 00 00 04",
            RtcpParseResult.EMPTY_FCI, "RTCP NACK: 0 FCI entries (expected: 1+)"),
        Arguments.of("padding splits an entry", "a1 cd 00 04 " + ssrcs + " 00 01 00 00 00 00 00 02",
            RtcpParseResult.TRUNCATED, "RTCP NACK: FCI of 6 bytes (expected: a multiple of 4)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsMalformed(String name, String bad, RtcpParseResult code, String message) {
    assertRejected(new TransportLayerNack.View(), RtcpGoldenPackets.NACK, hex(bad),
        TransportLayerNack::parse, code, message);
  }

  private static List<Integer> lost(TransportLayerNack.View view) {
    List<Integer> out = new ArrayList<>();
    int n = view.forEachLost(out::add);
    assertThat(n).isEqualTo(out.size());
    return out;
  }

  @Test
  void sortsWithinTheWrapOrderNotNumerically() {
    int[] lost = {65530, 3, 65535, 0};
    written(out -> TransportLayerNack.write(out, 1, 2, lost, 0, lost.length));
    assertThat(lost).isSortedAccordingTo(
        Comparator.comparingInt(s -> SequenceMath.seqDelta(65530, s)));
  }
}
