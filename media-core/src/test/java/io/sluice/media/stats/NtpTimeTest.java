package io.sluice.media.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NtpTimeTest {

  /** RFC 3550 §6.4.1 figure: the SR sent at 10 Nov 1995 11:33:25.125 UTC. */
  static final long RFC_SR_NTP = 0xb44d_b705_2000_0000L;
  static final Instant RFC_SR_TIME = Instant.parse("1995-11-10T11:33:25.125Z");

  static long unixNanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  @Test
  void rfc3550ExampleTimestamp() {
    // ntp_sec = 0xb44db705, ntp_frac = 0x20000000 (3024992005.125 s)
    assertThat(NtpTime.fromUnixNanos(unixNanos(RFC_SR_TIME))).isEqualTo(RFC_SR_NTP);
    assertThat(NtpTime.fromUnixMillis(RFC_SR_TIME.toEpochMilli())).isEqualTo(RFC_SR_NTP);
    assertThat(NtpTime.toUnixNanos(RFC_SR_NTP)).isEqualTo(unixNanos(RFC_SR_TIME));
    assertThat(NtpTime.toUnixMillis(RFC_SR_NTP)).isEqualTo(RFC_SR_TIME.toEpochMilli());
    // lsr = 0xb705:2000 (46853.125 s)
    assertThat(NtpTime.compact(RFC_SR_NTP)).isEqualTo(0xb705_2000L);
  }

  @ParameterizedTest
  @CsvSource({
      "1970-01-01T00:00:00Z,           83aa7e8000000000",
      "1968-01-20T03:14:08Z,           8000000000000000", // first second of the RFC 4330 era 0 half
      "2036-02-07T06:28:15.5Z,         ffffffff80000000", // last second of era 0
      "2036-02-07T06:28:16Z,           0000000000000000", // era 1 starts
      "2036-02-07T06:28:17.25Z,        0000000140000000",
      "2104-02-26T09:42:23Z,           7fffffff00000000"}) // last second RFC 4330 maps
  void convertsAcrossTheEraBoundary(String time, String ntpHex) {
    long ntp = Long.parseUnsignedLong(ntpHex, 16);
    long nanos = unixNanos(Instant.parse(time));
    assertThat(NtpTime.fromUnixNanos(nanos)).isEqualTo(ntp);
    assertThat(NtpTime.toUnixNanos(ntp)).isEqualTo(nanos);
  }

  @Test
  void nanosRoundTripExactly() {
    SplittableRandom random = new SplittableRandom(42);
    long from = unixNanos(Instant.parse("1968-01-21T00:00:00Z"));
    long to = unixNanos(Instant.parse("2104-02-25T00:00:00Z"));
    for (int i = 0; i < 100_000; i++) {
      long nanos = random.nextLong(from, to);
      assertThat(NtpTime.toUnixNanos(NtpTime.fromUnixNanos(nanos))).isEqualTo(nanos);
    }
  }

  @Test
  void fractionIsTwoToTheMinus32Seconds() {
    assertThat(NtpTime.fromUnixNanos(500_000_000L) & 0xFFFF_FFFFL).isEqualTo(0x8000_0000L);
    assertThat(NtpTime.fromUnixNanos(1L) & 0xFFFF_FFFFL).isEqualTo(4); // 4.29 units, truncated
    assertThat(NtpTime.toUnixNanos(0x83aa_7e80_0000_0001L)).isZero(); // 0.23 ns rounds to 0
    assertThat(NtpTime.toUnixNanos(0x83aa_7e80_ffff_ffffL)).isEqualTo(1_000_000_000L);
  }

  @Test
  void compactDurations() {
    assertThat(NtpTime.compactToNanos(0x0005_4000L)).isEqualTo(5_250_000_000L); // RFC DLSR
    assertThat(NtpTime.nanosToCompact(5_250_000_000L)).isEqualTo(0x0005_4000L);
    assertThat(NtpTime.compactToNanos(1)).isEqualTo(15_259L); // 15258.79 ns, rounded
    assertThat(NtpTime.nanosToCompact(15_258L)).isZero();
    assertThat(NtpTime.nanosToCompact(15_259L)).isOne();
    assertThat(NtpTime.nanosToCompact(0)).isZero();
    assertThat(NtpTime.nanosToCompact(-1)).isZero();
    assertThat(NtpTime.nanosToCompact(65_535_999_999_999L)).isEqualTo(0xFFFF_FFFFL);
    assertThat(NtpTime.nanosToCompact(65_536_000_000_000L)).isEqualTo(0xFFFF_FFFFL);
    assertThat(NtpTime.nanosToCompact(Long.MAX_VALUE)).isEqualTo(0xFFFF_FFFFL);
  }
}
