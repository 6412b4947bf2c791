package io.sluice.media.rtcp;

import static io.sluice.media.rtcp.RtcpTestSupport.assertRejected;
import static io.sluice.media.rtcp.RtcpTestSupport.encode;
import static io.sluice.media.rtcp.RtcpTestSupport.hex;
import static io.sluice.media.rtcp.RtcpTestSupport.useBuffer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReceiverReportTest {

  static final byte[] RR = Arrays.copyOf(RtcpGoldenPackets.RR_SDES_CNAME, 32);
  static final byte[] EMPTY_RR = Arrays.copyOf(RtcpGoldenPackets.RR_REMB, 8);

  @Test
  void readsGoldenReceiverReport() {
    useBuffer(RR, buf -> {
      ReceiverReport.View view = new ReceiverReport.View();
      assertThat(view.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(view.ssrc()).isEqualTo(1);
      assertThat(view.reportCount()).isEqualTo(1);
      int block = view.reportBlockIndex(0);
      assertThat(ReportBlock.readFractionLost(buf, block)).isEqualTo(10);
      assertThat(ReportBlock.readCumulativeLost(buf, block)).isEqualTo(3);
      assertThat(ReportBlock.readJitter(buf, block)).isEqualTo(23);
      assertThat(ReportBlock.readLastSr(buf, block)).isEqualTo(0x8c5a1f00L);
      assertThat(ReportBlock.readDelaySinceLastSr(buf, block)).isEqualTo(0x1_0000L);
      assertThat(view.reportBlock(0).fractionLostRatio()).isEqualTo(10 / 256.0);
    });
  }

  @Test
  void roundTripsGoldenReports() {
    ReceiverReport rr = new ReceiverReport(1, List.of(
        new ReportBlock(0x1234abcdL, 10, 3, 0x1_0005L, 23, 0x8c5a1f00L, 0x1_0000L)));
    assertThat(encode(rr)).isEqualTo(RR);
    assertThat(encode(new ReceiverReport(1, List.of()))).isEqualTo(EMPTY_RR);
    useBuffer(RR, buf -> assertThat(ReceiverReport.parse(buf)).isEqualTo(rr));
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("7 bytes", "80 c9 00 01 00 00 00", RtcpParseResult.TRUNCATED,
            "RTCP RR: 7 bytes (expected: 8+ bytes)"),
        Arguments.of("RC=1 without its block", "81 c9 00 01 00 00 00 01",
            RtcpParseResult.TRUNCATED, "RTCP RR: 1 report blocks in 8 bytes (expected: 32+ bytes)"),
        Arguments.of("block cut by the length field", "81 c9 00 06 00 00 00 01" + " 00".repeat(24),
            RtcpParseResult.TRUNCATED,
            "RTCP RR: 1 report blocks in 28 bytes (expected: 32+ bytes)"),
        Arguments.of("an SR", "80 c8 00 06" + " 00".repeat(24), RtcpParseResult.WRONG_TYPE,
            "RTCP RR: packet type 200 (expected: 201)"),
        Arguments.of("version 2 required", "01 c9 00 01 00 00 00 01", RtcpParseResult.BAD_VERSION,
            "RTCP RR: version 0 (expected: 2)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsMalformed(String name, String bad, RtcpParseResult code, String message) {
    assertRejected(new ReceiverReport.View(), RR, hex(bad), ReceiverReport::parse, code, message);
  }
}
