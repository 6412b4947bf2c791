package io.sluice.media.rtcp;

import static io.sluice.media.rtcp.RtcpTestSupport.assertRejected;
import static io.sluice.media.rtcp.RtcpTestSupport.encode;
import static io.sluice.media.rtcp.RtcpTestSupport.hex;
import static io.sluice.media.rtcp.RtcpTestSupport.useBuffer;
import static io.sluice.media.rtcp.RtcpTestSupport.written;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.media.rtcp.FullIntraRequest.Entry;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FullIntraRequestTest {

  static final FullIntraRequest FIR_VALUE =
      new FullIntraRequest(1, 0, List.of(new Entry(0x1234abcdL, 42)));

  @Test
  void readsAndWritesGoldenFir() {
    useBuffer(RtcpGoldenPackets.FIR, buf -> {
      FullIntraRequest.View view = new FullIntraRequest.View();
      assertThat(view.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(view.senderSsrc()).isEqualTo(1);
      assertThat(view.mediaSsrc()).isZero();
      assertThat(view.entryCount()).isEqualTo(1);
      assertThat(view.entrySsrc(0)).isEqualTo(0x1234abcdL);
      assertThat(view.entrySequenceNumber(0)).isEqualTo(42);
      assertThat(FullIntraRequest.parse(buf)).isEqualTo(FIR_VALUE);
    });
    assertThat(encode(FIR_VALUE)).isEqualTo(RtcpGoldenPackets.FIR);
    assertThat(written(out -> FullIntraRequest.write(out, 1, 0x1234abcdL, 42)))
        .isEqualTo(RtcpGoldenPackets.FIR);
  }

  @Test
  void sequenceNumberWrapsAt256AndReservedBitsAreIgnored() {
    byte[] wire = written(out -> FullIntraRequest.write(out, 1, 2, 256 + 7));
    assertThat(wire).endsWith(0x07, 0, 0, 0);
    FullIntraRequest several = new FullIntraRequest(9, 0,
        List.of(new Entry(1, 255), new Entry(2, 0), new Entry(0xffff_ffffL, 128)));
    useBuffer(encode(several), buf -> assertThat(FullIntraRequest.parse(buf)).isEqualTo(several));
    useBuffer(hex("84 ce 00 04 00 00 00 01 00 00 00 00 00 00 00 05 03 ff ff ff"),
        buf -> assertThat(FullIntraRequest.parse(buf).entries()).containsExactly(new Entry(5, 3)));
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("zero-length FCI", "84 ce 00 02 00 00 00 01 00 00 00 00",
            RtcpParseResult.EMPTY_FCI, "RTCP FIR: 0 FCI entries (expected: 1+)"),
        Arguments.of("half an entry", "84 ce 00 03 00 00 00 01 00 00 00 00 12 34 ab cd",
            RtcpParseResult.TRUNCATED, "RTCP FIR: FCI of 4 bytes (expected: a multiple of 8)"),
        Arguments.of("a PLI", "81 ce 00 02 00 00 00 01 12 34 ab cd", RtcpParseResult.WRONG_TYPE,
            "RTCP FIR: FMT 1 (expected: 4)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsMalformed(String name, String bad, RtcpParseResult code, String message) {
    assertRejected(new FullIntraRequest.View(), RtcpGoldenPackets.FIR, hex(bad),
        FullIntraRequest::parse, code, message);
  }
}
