package io.sluice.media.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.media.rtcp.ReportBlock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoundTripTimeTest {

  @Test
  void rfc3550Example() {
    // A 0xb710:8000 (46864.500 s) - DLSR 0x0005:4000 (5.250 s) - LSR 0xb705:2000 (46853.125 s)
    // = delay 0x0006:2000 (6.125 s)
    assertThat(RoundTripTime.compact(0xb710_8000L, 0xb705_2000L, 0x0005_4000L))
        .isEqualTo(0x0006_2000L);
    assertThat(RoundTripTime.nanos(0xb710_8000L, 0xb705_2000L, 0x0005_4000L))
        .isEqualTo(6_125_000_000L);
    assertThat(RoundTripTime.millis(0xb710_8000L, 0xb705_2000L, 0x0005_4000L)).isEqualTo(6125);
  }

  /**
   * The RFC 3550 §6.4.1 figure end to end: the SR leaves at 11:33:25.125, the receiver holds it
   * 5.25 s before sending its RR, which arrives at 11:33:36.5.
   */
  @Test
  void rfc3550ExampleThroughReceiverStatistics() {
    ReceiverStatistics receiver = new ReceiverStatistics(0x1234_5678L, 90_000);
    long srArrival = 7_000_000_000L; // receiver's monotonic clock
    receiver.onSenderReport(NtpTimeTest.RFC_SR_NTP, srArrival);
    ReportBlock block = receiver.reportBlock(srArrival + 5_250_000_000L);
    assertThat(block.lastSr()).isEqualTo(0xb705_2000L);
    assertThat(block.delaySinceLastSr()).isEqualTo(0x0005_4000L);

    long rrArrival = NtpTime.fromUnixNanos(
        NtpTimeTest.unixNanos(Instant.parse("1995-11-10T11:33:36.500Z")));
    assertThat(NtpTime.compact(rrArrival)).isEqualTo(0xb710_8000L);
    assertThat(RoundTripTime.nanos(block, rrArrival)).isEqualTo(6_125_000_000L);
  }

  @ParameterizedTest(name = "A={0} LSR={1} DLSR={2}")
  @CsvSource({
      "b7108000, 00000000, 00054000", // no SR received yet: LSR = 0
      "b7108000, 00000000, 00000000",
      "b7052000, b7052000, 00054000", // DLSR longer than the time since the SR: negative
      "b7050000, b7052000, 00000000", // RR before the SR
      "00001000, 7fff0000, 00000000"}) // 9 hours apart: beyond half the compact range
  void unknownWhenTheResultIsMeaningless(String a, String lsr, String dlsr) {
    long rtt = RoundTripTime.compact(Long.parseLong(a, 16), Long.parseLong(lsr, 16),
        Long.parseLong(dlsr, 16));
    assertThat(rtt).isEqualTo(RoundTripTime.UNKNOWN);
    assertThat(RoundTripTime.nanos(Long.parseLong(a, 16), Long.parseLong(lsr, 16),
        Long.parseLong(dlsr, 16))).isEqualTo(RoundTripTime.UNKNOWN);
    assertThat(RoundTripTime.millis(Long.parseLong(a, 16), Long.parseLong(lsr, 16),
        Long.parseLong(dlsr, 16))).isEqualTo(RoundTripTime.UNKNOWN);
  }

  @Test
  void survivesTheCompactClockWrapping() {
    // SR at compact 0xffff:f000 (65535.9375 s), RR 0.25 s later after 0.0625 s of DLSR.
    assertThat(RoundTripTime.compact(0x0000_3000L, 0xffff_f000L, 0x0000_1000L))
        .isEqualTo(0x3000L);
    assertThat(RoundTripTime.millis(0x0000_3000L, 0xffff_f000L, 0x0000_1000L)).isEqualTo(187);
  }

  @Test
  void zeroRoundTripIsKnown() {
    assertThat(RoundTripTime.compact(0xb705_2000L, 0xb705_2000L, 0)).isZero();
  }
}
