package io.sluice.media.rtcp;

import static io.sluice.media.rtcp.RtcpTestSupport.assertRejected;
import static io.sluice.media.rtcp.RtcpTestSupport.encode;
import static io.sluice.media.rtcp.RtcpTestSupport.hex;
import static io.sluice.media.rtcp.RtcpTestSupport.useBuffer;
import static io.sluice.media.rtcp.RtcpTestSupport.written;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GoodbyeTest {

  static final Goodbye BYE_VALUE = new Goodbye(List.of(0x2d1f5e4aL), "shutdown");

  @Test
  void readsGoldenGoodbye() {
    useBuffer(RtcpGoldenPackets.BYE, buf -> {
      Goodbye.View view = new Goodbye.View();
      assertThat(view.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(view.ssrcCount()).isEqualTo(1);
      assertThat(view.ssrc(0)).isEqualTo(0x2d1f5e4aL);
      assertThat(view.reasonIndex()).isEqualTo(8);
      assertThat(view.reason()).isEqualTo("shutdown");
      assertThat(Goodbye.parse(buf)).isEqualTo(BYE_VALUE);
    });
    assertThat(encode(BYE_VALUE)).isEqualTo(RtcpGoldenPackets.BYE);
    assertThat(written(out -> Goodbye.write(out, 0x2d1f5e4aL, "shutdown")))
        .isEqualTo(RtcpGoldenPackets.BYE);
  }

  @Test
  void roundTripsWithoutReasonWithEmptyReasonAndWithManySources() {
    for (Goodbye bye : List.of(
        new Goodbye(List.of(1L), null),
        new Goodbye(List.of(1L), ""),
        new Goodbye(List.of(), null),
        new Goodbye(List.of(1L, 2L, 0xffff_ffffL), "abc"))) {
      useBuffer(encode(bye), buf -> assertThat(Goodbye.parse(buf)).isEqualTo(bye));
    }
    useBuffer(hex("81 cb 00 01 00 00 00 07"), buf -> {
      Goodbye.View view = new Goodbye.View();
      assertThat(view.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(view.reasonIndex()).isEqualTo(-1);
      assertThat(view.reason()).isNull();
    });
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("SC=2 with one SSRC", "82 cb 00 01 00 00 00 01", RtcpParseResult.TRUNCATED,
            "RTCP BYE: 2 sources in 8 bytes (expected: 12+ bytes)"),
        Arguments.of("reason longer than the packet", "81 cb 00 02 00 00 00 01 08 73 68 75",
            RtcpParseResult.TRUNCATED, "RTCP BYE: reason length 8 (expected: <= 3)"),
        Arguments.of("3 bytes", "81 cb 00", RtcpParseResult.TRUNCATED,
            "RTCP BYE: 3 bytes (expected: 4+ bytes)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsMalformed(String name, String bad, RtcpParseResult code, String message) {
    assertRejected(new Goodbye.View(), RtcpGoldenPackets.BYE, hex(bad), Goodbye::parse, code,
        message);
  }
}
