package io.sluice.media.rtcp;

import static io.sluice.media.rtcp.RtcpTestSupport.assertRejected;
import static io.sluice.media.rtcp.RtcpTestSupport.encode;
import static io.sluice.media.rtcp.RtcpTestSupport.hex;
import static io.sluice.media.rtcp.RtcpTestSupport.useBuffer;
import static io.sluice.media.rtcp.RtcpTestSupport.withBuffer;
import static io.sluice.media.rtcp.TransportLayerCc.LARGE_DELTA;
import static io.sluice.media.rtcp.TransportLayerCc.NOT_RECEIVED;
import static io.sluice.media.rtcp.TransportLayerCc.SMALL_DELTA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.media.rtcp.TransportLayerCc.PacketStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransportLayerCcTest {

  private static final PacketStatus LOST = PacketStatus.NOT_RECEIVED_STATUS;

  private static PacketStatus small(int delta) {
    return new PacketStatus(SMALL_DELTA, delta);
  }

  private static PacketStatus large(int delta) {
    return new PacketStatus(LARGE_DELTA, delta);
  }

  /** {@link RtcpGoldenPackets#TRANSPORT_CC_WRAP} as a value. */
  static final TransportLayerCc WRAP_VALUE = new TransportLayerCc(1, 0x1234abcdL, 65534, 256, 7,
      List.of(small(4), small(80), LOST, large(-8), small(255)));

  /** {@link RtcpGoldenPackets#TRANSPORT_CC_RUNS} as a value. */
  static final TransportLayerCc RUNS_VALUE;

  static {
    List<PacketStatus> p = new ArrayList<>();
    p.add(small(0));
    p.addAll(Collections.nCopies(13, small(20)));
    p.addAll(List.of(LOST, small(40), small(40), LOST, small(40), small(40)));
    RUNS_VALUE = new TransportLayerCc(1, 0x1234abcdL, 100, -1, 255, p);
  }

  record Result(int seq, int symbol, int delta) {}

  private static List<Result> visit(TransportLayerCc.View view) {
    List<Result> out = new ArrayList<>();
    int n = view.forEachPacket((seq, symbol, delta) -> out.add(new Result(seq, symbol, delta)));
    assertThat(n).isEqualTo(view.packetStatusCount()).isEqualTo(out.size());
    return out;
  }

  @Test
  void readsTwoBitVectorAcrossTheSequenceWrap() {
    useBuffer(RtcpGoldenPackets.TRANSPORT_CC_WRAP, buf -> {
      TransportLayerCc.View view = new TransportLayerCc.View();
      assertThat(view.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(view.senderSsrc()).isEqualTo(1);
      assertThat(view.mediaSsrc()).isEqualTo(0x1234abcdL);
      assertThat(view.baseSequenceNumber()).isEqualTo(65534);
      assertThat(view.packetStatusCount()).isEqualTo(5);
      assertThat(view.receivedCount()).isEqualTo(4);
      assertThat(view.referenceTime()).isEqualTo(256);
      assertThat(view.feedbackPacketCount()).isEqualTo(7);
      assertThat(visit(view)).containsExactly(
          new Result(65534, SMALL_DELTA, 4),
          new Result(65535, SMALL_DELTA, 80),
          new Result(0, NOT_RECEIVED, 0),
          new Result(1, LARGE_DELTA, -8),
          new Result(2, SMALL_DELTA, 255));
      assertThat(TransportLayerCc.parse(buf)).isEqualTo(WRAP_VALUE);
      assertThat(WRAP_VALUE.referenceTimeMicros()).isEqualTo(16_384_000L);
    });
  }

  @Test
  void readsRunLengthAndOneBitVectorWithNegativeReferenceTime() {
    useBuffer(RtcpGoldenPackets.TRANSPORT_CC_RUNS, buf -> {
      TransportLayerCc.View view = new TransportLayerCc.View();
      assertThat(view.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(view.referenceTime()).isEqualTo(-1);
      assertThat(view.feedbackPacketCount()).isEqualTo(255);
      assertThat(view.receivedCount()).isEqualTo(18);
      List<Result> results = visit(view);
      assertThat(results).hasSize(20);
      assertThat(results.get(0)).isEqualTo(new Result(100, SMALL_DELTA, 0));
      assertThat(results.get(13)).isEqualTo(new Result(113, SMALL_DELTA, 20));
      assertThat(results.subList(14, 20)).containsExactly(
          new Result(114, NOT_RECEIVED, 0), new Result(115, SMALL_DELTA, 40),
          new Result(116, SMALL_DELTA, 40), new Result(117, NOT_RECEIVED, 0),
          new Result(118, SMALL_DELTA, 40), new Result(119, SMALL_DELTA, 40));
      assertThat(TransportLayerCc.parse(buf)).isEqualTo(RUNS_VALUE);
    });
  }

  @Test
  void writesGoldenPacketsByteForByte() {
    assertThat(encode(WRAP_VALUE)).isEqualTo(RtcpGoldenPackets.TRANSPORT_CC_WRAP);
    assertThat(encode(RUNS_VALUE)).isEqualTo(RtcpGoldenPackets.TRANSPORT_CC_RUNS);
  }

  @ParameterizedTest(name = "base {0}")
  @ValueSource(ints = {0, 1, 32767, 32768, 65534, 65535})
  void roundTripsRandomFeedbackFromEveryWrapPoint(int base) {
    Random random = new Random(base);
    for (int round = 0; round < 50; round++) {
      int count = 1 + random.nextInt(round < 40 ? 60 : 3000);
      List<PacketStatus> packets = new ArrayList<>(count);
      while (packets.size() < count) {
        // Runs of one status mixed with noise, so every chunk type gets written.
        PacketStatus s = switch (random.nextInt(4)) {
          case 0 -> LOST;
          case 1, 2 -> small(random.nextInt(256));
          default -> PacketStatus.received(random.nextInt(65536) - 32768);
        };
        int run = random.nextBoolean() ? 1 : random.nextInt(40);
        for (int i = 0; i < run && packets.size() < count; i++) {
          packets.add(s);
        }
      }
      TransportLayerCc value = new TransportLayerCc(
          random.nextInt() & 0xFFFF_FFFFL, 0x1234abcdL, base,
          random.nextInt(1 << 24) - (1 << 23), random.nextInt(256), packets);
      byte[] wire = encode(value);
      assertThat(wire.length % 4).isZero();
      withBuffer(wire, buf -> {
        assertThat(TransportLayerCc.parse(buf)).isEqualTo(value);
        TransportLayerCc.View view = new TransportLayerCc.View();
        assertThat(view.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
        List<Result> results = visit(view);
        for (int i = 0; i < count; i++) {
          assertThat(results.get(i).seq()).isEqualTo((base + i) & 0xFFFF);
        }
        return null;
      });
    }
  }

  @Test
  void runLongerThanOneChunkIsSplit() {
    // 20000 lost packets need three run length chunks (the run length field holds 8191).
    List<PacketStatus> packets = new ArrayList<>(Collections.nCopies(20_000, LOST));
    packets.add(small(1));
    TransportLayerCc value = new TransportLayerCc(1, 2, 65000, 0, 0, packets);
    byte[] wire = encode(value);
    assertThat(wire).hasSize(20 + 4 * 2 + 1 + 3); // 3 runs + 1 chunk, 1 delta, 3 padding
    useBuffer(wire, buf -> assertThat(TransportLayerCc.parse(buf)).isEqualTo(value));
  }

  @Test
  void ignoresReservedSymbolsBeyondTheStatusCount() {
    byte[] wire = hex("""
        8f cd 00 05   // RTPFB FMT=15, length=5 -> 24 bytes
        00 00 00 01 00 00 00 02
        00 0a 00 01   // base 10, one packet
        00 00 00 00   // reference time 0, fb pkt count 0
        dc 00         // two-bit vector: 01, then 11 (reserved) -- beyond the count
        05 00         // delta 5, one zero byte of unflagged padding
        """);
    useBuffer(wire, buf -> assertThat(TransportLayerCc.parse(buf).packets())
        .containsExactly(small(5)));
  }

  @Test
  void rejectsDeltasThatDoNotFitTheirSymbol() {
    assertThatThrownBy(() -> new PacketStatus(SMALL_DELTA, 256))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PacketStatus(NOT_RECEIVED, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PacketStatus(3, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(PacketStatus.received(-1).symbol()).isEqualTo(LARGE_DELTA);
    assertThat(PacketStatus.received(255).symbol()).isEqualTo(SMALL_DELTA);
  }

  static Stream<Arguments> malformed() {
    String fixed = "00 00 00 01 00 00 00 02"; // sender and media SSRC
    return Stream.of(
        Arguments.of("16 bytes", "8f cd 00 03 " + fixed + " 00 00 00 01",
            RtcpParseResult.TRUNCATED, "RTCP transport-cc: 16 bytes (expected: 20+ bytes)"),
        Arguments.of("wrong FMT", "81 cd 00 04 " + fixed + " 00 00 00 01 00 00 00 00",
            RtcpParseResult.WRONG_TYPE, "RTCP transport-cc: FMT 1 (expected: 15)"),
        Arguments.of("wrong packet type", "8f ce 00 04 " + fixed + " 00 00 00 01 00 00 00 00",
            RtcpParseResult.WRONG_TYPE, "RTCP transport-cc: packet type 206 (expected: 205)"),
        Arguments.of("status count 0", "8f cd 00 05 " + fixed + " 00 00 00 00 00 00 00 00"
                + " 20 01 00 00", RtcpParseResult.EMPTY_FCI,
            "RTCP transport-cc: packet status count 0 (expected: 1+)"),
        Arguments.of("no chunks", "8f cd 00 04 " + fixed + " 00 00 00 05 00 00 00 00",
            RtcpParseResult.TRUNCATED, "RTCP transport-cc: packet chunks end at byte 20 with 5"
                + " of 5 statuses left (expected: another 2-byte chunk)"),
        Arguments.of("chunks cover too few", "8f cd 00 05 " + fixed + " 00 00 00 0a 00 00 00 00"
                + " 00 03 00 04", RtcpParseResult.TRUNCATED,
            "RTCP transport-cc: packet chunks end at byte 24 with 3 of 10 statuses left"
                + " (expected: another 2-byte chunk)"),
        Arguments.of("deltas cut short", "8f cd 00 05 " + fixed + " 00 00 00 02 00 00 00 00"
                + " 40 02 00 10", RtcpParseResult.TRUNCATED,
            "RTCP transport-cc: 2 bytes of receive deltas (expected: 4 bytes)"),
        Arguments.of("padding hides the deltas", "af cd 00 05 " + fixed
                + " 00 00 00 01 00 00 00 00 20 01 05 02", RtcpParseResult.TRUNCATED,
            "RTCP transport-cc: 0 bytes of receive deltas (expected: 1 bytes)"),
        Arguments.of("reserved symbol in a two-bit vector", "8f cd 00 05 " + fixed
                + " 00 00 00 01 00 00 00 00 f0 00 00 00", RtcpParseResult.BAD_FIELD,
            "RTCP transport-cc: reserved status symbol 3 for packet 0 in chunk 0xf000 at byte 20"
                + " (expected: 0, 1 or 2)"),
        Arguments.of("reserved symbol in a run", "8f cd 00 05 " + fixed
                + " 00 00 00 03 00 00 00 00 00 01 60 02", RtcpParseResult.BAD_FIELD,
            "RTCP transport-cc: reserved status symbol 3 for packet 1 in chunk 0x6002 at byte 22"
                + " (expected: 0, 1 or 2)"),
        Arguments.of("length past the end", "8f cd 00 06 " + fixed
                + " 00 00 00 01 00 00 00 00 20 01 05 00", RtcpParseResult.BAD_LENGTH,
            "RTCP transport-cc: length field says 28 bytes (expected: <= 24 bytes)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsMalformed(String name, String bad, RtcpParseResult code, String message) {
    assertRejected(new TransportLayerCc.View(), RtcpGoldenPackets.TRANSPORT_CC_WRAP, hex(bad),
        TransportLayerCc::parse, code, message);
  }
}
