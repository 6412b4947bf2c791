package io.sluice.media.rtcp;

import static io.sluice.media.rtcp.RtcpTestSupport.assertRejected;
import static io.sluice.media.rtcp.RtcpTestSupport.encode;
import static io.sluice.media.rtcp.RtcpTestSupport.hex;
import static io.sluice.media.rtcp.RtcpTestSupport.useBuffer;
import static io.sluice.media.rtcp.RtcpTestSupport.written;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PictureLossIndicationTest {

  static final PictureLossIndication PLI_VALUE = new PictureLossIndication(1, 0x1234abcdL);

  @Test
  void readsAndWritesGoldenPli() {
    useBuffer(RtcpGoldenPackets.PLI, buf -> {
      PictureLossIndication.View view = new PictureLossIndication.View();
      assertThat(view.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(view.senderSsrc()).isEqualTo(1);
      assertThat(view.mediaSsrc()).isEqualTo(0x1234abcdL);
      assertThat(PictureLossIndication.parse(buf)).isEqualTo(PLI_VALUE);
    });
    assertThat(encode(PLI_VALUE)).isEqualTo(RtcpGoldenPackets.PLI);
    assertThat(written(out -> PictureLossIndication.write(out, 1, 0x1234abcdL)))
        .isEqualTo(RtcpGoldenPackets.PLI);
  }

  @Test
  void toleratesFciBytesItDoesNotNeed() {
    // RFC 4585 says length MUST be 2; dropping the PLI would freeze the picture, so read it.
    useBuffer(hex("81 ce 00 03 00 00 00 01 12 34 ab cd de ad be ef"),
        buf -> assertThat(PictureLossIndication.parse(buf)).isEqualTo(PLI_VALUE));
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("8 bytes", "81 ce 00 02 00 00 00 01", RtcpParseResult.TRUNCATED,
            "RTCP PLI: 8 bytes (expected: 12+ bytes)"),
        Arguments.of("length field of 1", "81 ce 00 01 00 00 00 01 12 34 ab cd",
            RtcpParseResult.TRUNCATED, "RTCP PLI: packet of 8 bytes (expected: 12+ bytes)"),
        Arguments.of("a FIR", "84 ce 00 02 00 00 00 01 12 34 ab cd", RtcpParseResult.WRONG_TYPE,
            "RTCP PLI: FMT 4 (expected: 1)"),
        Arguments.of("a NACK", "81 cd 00 02 00 00 00 01 12 34 ab cd", RtcpParseResult.WRONG_TYPE,
            "RTCP PLI: packet type 205 (expected: 206)"),
        Arguments.of("padding over the media SSRC", "a1 ce 00 02 00 00 00 01 12 34 ab 01",
            RtcpParseResult.TRUNCATED,
            "RTCP PLI: packet of 11 bytes without padding (expected: 12+ bytes)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsMalformed(String name, String bad, RtcpParseResult code, String message) {
    assertRejected(new PictureLossIndication.View(), RtcpGoldenPackets.PLI, hex(bad),
        PictureLossIndication::parse, code, message);
  }
}
