package io.sluice.media.rtcp;

import static io.sluice.media.rtcp.RtcpTestSupport.assertRejected;
import static io.sluice.media.rtcp.RtcpTestSupport.encode;
import static io.sluice.media.rtcp.RtcpTestSupport.hex;
import static io.sluice.media.rtcp.RtcpTestSupport.useBuffer;
import static io.sluice.media.rtcp.RtcpTestSupport.written;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ReceiverEstimatedMaxBitrateTest {

  static final byte[] REMB = Arrays.copyOfRange(RtcpGoldenPackets.RR_REMB, 8, 32);

  @Test
  void readsAndWritesGoldenRemb() {
    useBuffer(REMB, buf -> {
      ReceiverEstimatedMaxBitrate.View view = new ReceiverEstimatedMaxBitrate.View();
      assertThat(view.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(view.senderSsrc()).isEqualTo(1);
      assertThat(view.mediaSsrc()).isZero();
      assertThat(view.bitrate()).isEqualTo(1_000_000);
      assertThat(view.ssrcCount()).isEqualTo(1);
      assertThat(view.ssrc(0)).isEqualTo(0x1234abcdL);
      assertThat(ReceiverEstimatedMaxBitrate.isRemb(buf, 0, 24)).isTrue();
    });
    assertThat(written(out -> ReceiverEstimatedMaxBitrate.write(
        out, 1, 1_000_000, new long[] {0x1234abcdL}, 0, 1))).isEqualTo(REMB);
  }

  @ParameterizedTest(name = "{0} bps -> exp {1}, mantissa {2}")
  @CsvSource({
      "0, 0, 0",
      "1, 0, 1",
      "262143, 0, 262143",      // largest with exponent 0: 2^18 - 1
      "262144, 1, 131072",      // 2^18 needs exponent 1
      "1000000, 2, 250000",
      "2500000000, 14, 152587", // 2.5 Gbps rounds down to 152587 * 2^14 = 2499985408
      "9223372036854775807, 45, 262143"})
  void encodesTheSmallestExponentAndRoundsDown(long bitrate, int exp, int mantissa) {
    byte[] wire = encode(new ReceiverEstimatedMaxBitrate(1, bitrate, List.of()));
    int field = (wire[17] & 0xFF) << 16 | (wire[18] & 0xFF) << 8 | (wire[19] & 0xFF);
    assertThat(field >>> 18).isEqualTo(exp);
    assertThat(field & 0x3FFFF).isEqualTo(mantissa);
    useBuffer(wire, buf -> assertThat(ReceiverEstimatedMaxBitrate.parse(buf).bitrate())
        .isEqualTo((long) mantissa << exp));
  }

  @Test
  void roundTripsManySsrcs() {
    List<Long> ssrcs = new java.util.ArrayList<>();
    for (long i = 0; i < 255; i++) {
      ssrcs.add(i * 16_843_009L); // spreads over the 32-bit range
    }
    ReceiverEstimatedMaxBitrate value = new ReceiverEstimatedMaxBitrate(7, 1L << 40, ssrcs);
    useBuffer(encode(value),
        buf -> assertThat(ReceiverEstimatedMaxBitrate.parse(buf)).isEqualTo(value));
  }

  static Stream<Arguments> malformed() {
    String common = "8f ce 00 05 00 00 00 01 00 00 00 00";
    return Stream.of(
        Arguments.of("not REMB", "8f ce 00 05 00 00 00 01 00 00 00 00 52 45 4d 58 01 0b d0 90"
                + " 12 34 ab cd", RtcpParseResult.WRONG_TYPE,
            "RTCP REMB: identifier 0x52454d58 (expected: 0x52454d42, \"REMB\")"),
        Arguments.of("12 bytes", "8f ce 00 02 00 00 00 01 00 00 00 00",
            RtcpParseResult.TRUNCATED, "RTCP REMB: 12 bytes (expected: 16+ bytes)"),
        Arguments.of("identifier only", "8f ce 00 03 00 00 00 01 00 00 00 00 52 45 4d 42",
            RtcpParseResult.TRUNCATED, "RTCP REMB: packet of 16 bytes (expected: 20+ bytes)"),
        Arguments.of("Num SSRC=2 with one", common + " 52 45 4d 42 02 0b d0 90 12 34 ab cd",
            RtcpParseResult.TRUNCATED, "RTCP REMB: 2 SSRCs in 24 bytes (expected: 28+ bytes)"),
        Arguments.of("bitrate 1 * 2^63", common + " 52 45 4d 42 01 fc 00 01 12 34 ab cd",
            RtcpParseResult.BAD_FIELD, "RTCP REMB: bitrate 1 * 2^63 (expected: < 2^63 bps)"),
        Arguments.of("bitrate (2^18-1) * 2^46", common + " 52 45 4d 42 01 bb ff ff 12 34 ab cd",
            RtcpParseResult.BAD_FIELD,
            "RTCP REMB: bitrate 262143 * 2^46 (expected: < 2^63 bps)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsMalformed(String name, String bad, RtcpParseResult code, String message) {
    assertRejected(new ReceiverEstimatedMaxBitrate.View(), REMB, hex(bad),
        ReceiverEstimatedMaxBitrate::parse, code, message);
  }

  @Test
  void largestRepresentableBitrateIsAccepted() {
    // 0xb7ffff: exponent 45, mantissa 2^18 - 1: (2^18 - 1) * 2^45 < 2^63.
    useBuffer(hex("8f ce 00 04 00 00 00 01 00 00 00 00 52 45 4d 42 00 b7 ff ff"),
        buf -> assertThat(ReceiverEstimatedMaxBitrate.parse(buf).bitrate())
            .isEqualTo(0x3FFFFL << 45));
  }
}
