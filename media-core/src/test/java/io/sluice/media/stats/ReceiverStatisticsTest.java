package io.sluice.media.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sluice.media.rtcp.ReportBlock;
import io.sluice.testing.Allocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReceiverStatisticsTest {

  private static final int VIDEO_CLOCK = 90_000;
  /** 50 packets per second: 20 ms apart, 1800 ticks of the 90 kHz clock, both exact. */
  private static final long PACKET_NANOS = 20_000_000L;
  private static final long PACKET_TICKS = 1800;

  /** A sender at a constant rate on a jitter-free network; packet {@code k} by send order. */
  private static final class Stream {
    final ReceiverStatistics stats = new ReceiverStatistics(0x1234_5678L, VIDEO_CLOCK);
    final int start;

    Stream(int start) {
      this.start = start;
    }

    int seq(int k) {
      return (start + k) & 0xFFFF;
    }

    boolean deliver(int k) {
      return stats.onPacket(seq(k), 0x4000_0000L + k * PACKET_TICKS, k * PACKET_NANOS);
    }

    /** The A.1 base: the second packet, which ends probation. */
    int base() {
      return seq(1);
    }
  }

  @ParameterizedTest(name = "start {0}")
  @ValueSource(ints = {0, 1, 32767, 32768, 65534, 65535})
  void inOrderStreamWrapsThroughMoreThanOneCycle(int start) {
    Stream s = new Stream(start);
    assertThat(s.deliver(0)).as("first packet: probation").isFalse();
    assertThat(s.stats.isValid()).isFalse();
    assertThat(s.deliver(1)).as("second consecutive packet ends probation").isTrue();
    assertThat(s.stats.isValid()).isTrue();
    int n = 140_000; // more than two cycles of 65536
    for (int k = 2; k < n; k++) {
      assertThat(s.deliver(k)).isTrue();
    }
    long extHighest = s.base() + (n - 2L);
    assertThat(s.stats.extendedHighestSeq()).isEqualTo(extHighest);
    assertThat(s.stats.extendedHighestSeq() & 0xFFFF).isEqualTo(s.seq(n - 1));
    assertThat(s.stats.expected()).isEqualTo(n - 1);
    assertThat(s.stats.received()).isEqualTo(n - 1);
    assertThat(s.stats.cumulativeLost()).isZero();
    assertThat(s.stats.fractionLost()).isZero();
    assertThat(s.stats.jitter()).as("constant rate, no network jitter").isZero();
  }

  @ParameterizedTest(name = "start {0}")
  @ValueSource(ints = {0, 1, 32767, 32768, 65534, 65535})
  void losingEveryTenthPacketReports25Of256(int start) {
    Stream s = new Stream(start);
    s.deliver(0);
    s.deliver(1);
    assertThat(s.stats.reportBlock(0).fractionLost()).isZero(); // closes the warm-up interval
    int k = 2;
    for (int interval = 0; interval < 800; interval++) { // 80 000 packets, through the wrap
      for (int i = 0; i < 100; i++, k++) {
        if (i % 10 != 4) { // drop one in ten, never the last of the interval
          s.deliver(k);
        }
      }
      // 10 of 100 lost: (10 << 8) / 100 = 25.6, and A.3's integer division rounds down to 25.
      assertThat(s.stats.fractionLost()).isEqualTo(25);
      assertThat(s.stats.reportBlock(0).fractionLost()).isEqualTo(25);
      assertThat(s.stats.fractionLost()).as("a report starts a new interval").isZero();
    }
    assertThat(s.stats.expected()).isEqualTo(1 + 80_000);
    assertThat(s.stats.cumulativeLost()).isEqualTo(8_000);
    assertThat(s.stats.extendedHighestSeq()).isEqualTo(s.base() + 80_000L);
  }

  @ParameterizedTest(name = "start {0}")
  @ValueSource(ints = {0, 1, 32767, 32768, 65534, 65535})
  void duplicatesMakeLossNegative(int start) {
    Stream s = new Stream(start);
    s.deliver(0);
    for (int k = 1; k <= 200; k++) {
      s.deliver(k);
      if (k % 20 == 0) {
        assertThat(s.deliver(k)).as("a duplicate is counted").isTrue();
      }
    }
    assertThat(s.stats.expected()).isEqualTo(200);
    assertThat(s.stats.received()).isEqualTo(210);
    assertThat(s.stats.cumulativeLost()).isEqualTo(-10);
    assertThat(s.stats.fractionLost()).isZero();
    assertThat(s.stats.extendedHighestSeq()).isEqualTo(s.base() + 199L);
  }

  @ParameterizedTest(name = "start {0}")
  @ValueSource(ints = {0, 1, 32767, 32768, 65534, 65535})
  void reorderedPacketsAreNotLost(int start) {
    Stream s = new Stream(start);
    s.deliver(0);
    s.deliver(1);
    for (int k = 2; k < 1000; k += 2) { // every pair swapped: 3 2 5 4 ...
      assertThat(s.deliver(k + 1)).isTrue();
      assertThat(s.deliver(k)).as("one behind: reordered, counted").isTrue();
    }
    assertThat(s.stats.expected()).isEqualTo(999);
    assertThat(s.stats.received()).isEqualTo(999);
    assertThat(s.stats.cumulativeLost()).isZero();
    assertThat(s.stats.extendedHighestSeq()).isEqualTo(s.base() + 998L);
  }

  @ParameterizedTest(name = "start {0}")
  @ValueSource(ints = {0, 1, 32767, 32768, 65534, 65535})
  void lateByLessThanMaxMisorderIsCountedAndMoreIsNot(int start) {
    Stream s = new Stream(start);
    for (int k = 0; k <= 300; k++) {
      if (k != 250 && k != 100) {
        s.deliver(k);
      }
    }
    assertThat(s.stats.cumulativeLost()).isEqualTo(2);
    assertThat(s.deliver(250)).as("50 behind: reordered").isTrue();
    assertThat(s.deliver(100)).as("200 behind: outside MAX_MISORDER, a jump").isFalse();
    assertThat(s.stats.cumulativeLost()).isEqualTo(1);
    assertThat(s.deliver(301)).as("the stream goes on").isTrue();
    assertThat(s.stats.extendedHighestSeq()).isEqualTo(s.base() + 300L);
  }

  @ParameterizedTest(name = "start {0}")
  @ValueSource(ints = {0, 1, 32767, 32768, 65534, 65535})
  void gapBelowMaxDropoutIsLoss(int start) {
    Stream s = new Stream(start);
    s.deliver(0);
    s.deliver(1);
    int k = 1 + ReceiverStatistics.MAX_DROPOUT - 1; // udelta 2999
    assertThat(s.deliver(k)).isTrue();
    assertThat(s.stats.cumulativeLost()).isEqualTo(2998);
    assertThat(s.stats.fractionLost()).isEqualTo((int) ((2998L << 8) / 3000));
  }

  @ParameterizedTest(name = "start {0}")
  @ValueSource(ints = {0, 1, 32767, 32768, 65534, 65535})
  void twoSequentialPacketsAfterAJumpRestartTheCounters(int start) {
    Stream s = new Stream(start);
    for (int k = 0; k < 10; k++) {
      s.deliver(k);
    }
    int jump = s.seq(9) + 30_000;
    // The restarted sender also picks a new timestamp base: the jitter must not see it.
    assertThat(s.stats.onPacket(jump, 0x9999_0000L, 10 * PACKET_NANOS)).isFalse();
    assertThat(s.stats.received()).isEqualTo(9);
    assertThat(s.stats.onPacket(jump + 1, 0x9999_0000L + PACKET_TICKS, 11 * PACKET_NANOS))
        .as("continues from the jump: restart").isTrue();
    assertThat(s.stats.expected()).isOne();
    assertThat(s.stats.received()).isOne();
    assertThat(s.stats.extendedHighestSeq()).isEqualTo((jump + 1) & 0xFFFF);
    for (int i = 2; i < 100; i++) {
      assertThat(s.stats.onPacket(jump + i, 0x9999_0000L + i * PACKET_TICKS,
          (10 + i) * PACKET_NANOS)).isTrue();
    }
    assertThat(s.stats.expected()).isEqualTo(99);
    assertThat(s.stats.cumulativeLost()).isZero();
    assertThat(s.stats.jitter()).isZero();
  }

  @ParameterizedTest(name = "start {0}")
  @ValueSource(ints = {0, 1, 32767, 32768, 65534, 65535})
  void aSingleStrayPacketDoesNotRestart(int start) {
    Stream s = new Stream(start);
    for (int k = 0; k < 10; k++) {
      s.deliver(k);
    }
    assertThat(s.stats.onPacket(s.seq(9) + 30_000, 0, 10 * PACKET_NANOS)).isFalse();
    assertThat(s.deliver(10)).isTrue();
    assertThat(s.stats.expected()).isEqualTo(10);
    assertThat(s.stats.cumulativeLost()).isZero();
    assertThat(s.stats.extendedHighestSeq()).isEqualTo(s.base() + 9L);
  }

  @Test
  void probationRestartsOnANonConsecutivePacket() {
    ReceiverStatistics stats = new ReceiverStatistics(1, VIDEO_CLOCK);
    assertThat(stats.onPacket(100, 0, 0)).isFalse();
    assertThat(stats.onPacket(200, 0, 0)).as("not consecutive: probation again").isFalse();
    assertThat(stats.isValid()).isFalse();
    assertThat(stats.expected()).isZero();
    assertThat(stats.cumulativeLost()).isZero();
    assertThat(stats.onPacket(201, 0, 0)).isTrue();
    assertThat(stats.isValid()).isTrue();
    assertThat(stats.extendedHighestSeq()).isEqualTo(201);
    assertThat(stats.expected()).isOne();
  }

  @Test
  void probationAcrossTheWrapEnds() {
    // RFC 3550 A.1 read literally compares seq with the int max_seq + 1 = 65536 here and never
    // leaves probation; this class compares modulo 2^16.
    ReceiverStatistics stats = new ReceiverStatistics(1, VIDEO_CLOCK);
    assertThat(stats.onPacket(65535, 0, 0)).isFalse();
    assertThat(stats.onPacket(0, 0, 0)).isTrue();
    assertThat(stats.onPacket(1, 0, 0)).isTrue();
    assertThat(stats.extendedHighestSeq()).isEqualTo(1);
    assertThat(stats.expected()).isEqualTo(2);
  }

  /**
   * A hand-computed A.8 example on an 8 kHz clock (one tick = 125 us): packets 20 ms (160 ticks)
   * apart, with arrival offsets of 0, 0, +1, 0, +2, 0 ms. The transit differences D are 0, 8, -8,
   * 16, -16 ticks, and the fixed-point J*16 runs 0, 8, 15, 30, 44 by J16 += |D| - (J16 + 8) >> 4.
   * Reported jitter 44 >> 4 = 2 ticks; exactly 44 / 16 = 2.75 ticks = 343.75 us. (The
   * floating-point form J += (|D| - J) / 16 gives 0, 0.5, 0.969, 1.908, 2.789.)
   */
  @Test
  void jitterMatchesAHandComputedExample() {
    ReceiverStatistics stats = new ReceiverStatistics(1, 8000);
    long[] offsetMillis = {0, 0, 1, 0, 2, 0};
    long[] expectedQ4 = {0, 0, 8, 15, 30, 44};
    for (int i = 0; i < offsetMillis.length; i++) {
      stats.onPacket(1000 + i, 5000 + 160L * i, 20_000_000L * i + offsetMillis[i] * 1_000_000L);
      assertThat(stats.jitterSeconds() * 16 * 8000).as("J*16 after packet %d", i)
          .isCloseTo(expectedQ4[i], within(1e-9));
    }
    assertThat(stats.jitter()).isEqualTo(2);
    assertThat(stats.jitterSeconds()).isCloseTo(343.75e-6, within(1e-12));
  }

  @Test
  void jitterIsZeroForAConstantRateStreamAcrossTheTimestampWrap() {
    ReceiverStatistics stats = new ReceiverStatistics(1, VIDEO_CLOCK);
    long ts = 0xFFFF_FFFFL - 50 * PACKET_TICKS;
    for (int k = 0; k < 100; k++) {
      stats.onPacket(k, (ts + k * PACKET_TICKS) & 0xFFFF_FFFFL, 123_456_789L + k * PACKET_NANOS);
    }
    assertThat(stats.jitter()).isZero();
  }

  @Test
  void jitterConvergesToAConstantTransitSwing() {
    // Every other packet arrives 10 ms late: |D| is always 900 ticks, and J converges to it.
    ReceiverStatistics stats = new ReceiverStatistics(1, VIDEO_CLOCK);
    for (int k = 0; k < 2000; k++) {
      long late = (k % 2) * 10_000_000L;
      stats.onPacket(k, k * PACKET_TICKS, k * PACKET_NANOS + late);
    }
    assertThat(stats.jitter()).isBetween(899L, 900L);
  }

  /** A report block of a stream that lost 10 of its last 100 packets, after an SR. */
  @Test
  void writesTheReportBlock() {
    Stream s = new Stream(65530);
    for (int k = 0; k < 2; k++) {
      s.deliver(k);
    }
    s.stats.reportBlock(0);
    for (int k = 2; k < 102; k++) {
      if (k % 10 != 5) {
        s.deliver(k);
      }
    }
    long srArrival = 3_000_000_000L;
    s.stats.onSenderReport(NtpTimeTest.RFC_SR_NTP, srArrival);
    ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(ReportBlock.SIZE);
    try {
      s.stats.writeReportBlock(out, srArrival + 5_250_000_000L);
      assertThat(ByteBufUtil.hexDump(out)).isEqualTo(""
          + "12345678" // SSRC
          + "19" //       fraction lost 25/256
          + "00000a" //   cumulative lost 10
          + "0001005f" // extended highest: 1 cycle, seq (65530 + 101) mod 65536 = 95
          + "00000000" // jitter
          + "b7052000" // LSR: middle 32 bits of the SR's NTP timestamp
          + "00054000"); // DLSR: 5.25 s
      assertThat(ReportBlock.read(out, 0)).isEqualTo(
          new ReportBlock(0x1234_5678L, 25, 10, 0x1_005fL, 0, 0xb705_2000L, 0x0005_4000L));
    } finally {
      assertThat(out.release()).isTrue();
    }
  }

  @Test
  void reportsNoLsrOrDlsrBeforeASenderReport() {
    ReceiverStatistics stats = new ReceiverStatistics(0xFFFF_FFFFL, VIDEO_CLOCK);
    stats.onPacket(1, 0, 0);
    stats.onPacket(2, 0, 0);
    ReportBlock block = stats.reportBlock(99_000_000_000L);
    assertThat(block).isEqualTo(new ReportBlock(0xFFFF_FFFFL, 0, 0, 2, 0, 0, 0));
    assertThat(stats.lastSr()).isZero();
    assertThat(stats.delaySinceLastSr(99_000_000_000L)).isZero();
  }

  @Test
  void clampsHugeCumulativeLossInTheBlock() {
    ReceiverStatistics stats = new ReceiverStatistics(7, VIDEO_CLOCK);
    stats.onPacket(0, 0, 0);
    stats.onPacket(1, 0, 0);
    for (int seq = 2999; seq < 3000 * 4000; seq += 2999) { // ~4000 jumps of 2999, 2998 lost each
      stats.onPacket(seq, 0, 0);
    }
    assertThat(stats.cumulativeLost()).isGreaterThan(0x7F_FFFF);
    assertThat(stats.reportBlock(0).cumulativeLost()).isEqualTo(0x7F_FFFF);
  }

  @Test
  void rejectsANonPositiveClockRate() {
    assertThatThrownBy(() -> new ReceiverStatistics(1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clock rate 0 Hz (expected: > 0)");
  }

  @Test
  void perPacketPathDoesNotAllocate() {
    ReceiverStatistics stats = new ReceiverStatistics(1, VIDEO_CLOCK);
    // Unpooled wrapper: leak detection would allocate a trace record on every write to a
    // tracked buffer and drown the measurement.
    ByteBuf out = Unpooled.wrappedBuffer(new byte[ReportBlock.SIZE]);
    int[] k = {0};
    try {
      long allocated = Allocations.allocatedBy(() -> {
        for (int i = 0; i < 100_000; i++, k[0]++) {
          stats.onPacket(k[0], k[0] * PACKET_TICKS, k[0] * PACKET_NANOS + (i % 7) * 100_000L);
          if (i % 100 == 0) {
            out.clear();
            stats.writeReportBlock(out, k[0] * PACKET_NANOS);
          }
        }
      });
      assertThat(allocated).as("bytes allocated by 100 000 packets").isLessThan(1024);
    } finally {
      assertThat(out.release()).isTrue();
    }
  }
}
