package io.sluice.media.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sluice.testing.Allocations;
import org.junit.jupiter.api.Test;

class SenderStatisticsTest {

  @Test
  void countsPacketsAndPayloadOctets() {
    SenderStatistics stats = new SenderStatistics(0xCAFE_BABEL, 90_000);
    assertThat(stats.hasSent()).isFalse();
    stats.onPacketSent(1000, 100, 0);
    stats.onPacketSent(1000, 200, 1_000_000);
    stats.onPacketSent(4000, 300, 33_000_000);
    assertThat(stats.hasSent()).isTrue();
    assertThat(stats.packetCount()).isEqualTo(3);
    assertThat(stats.octetCount()).isEqualTo(600);
    assertThat(stats.ssrc()).isEqualTo(0xCAFE_BABEL);
  }

  /** One packet at RTP time 0x1000, then an SR one second later at the RFC 3550 example time. */
  @Test
  void writesTheSenderInfo() {
    SenderStatistics stats = new SenderStatistics(1, 90_000);
    long sentAt = 5_000_000_000L;
    stats.onPacketSent(0x1000, 1200, sentAt);
    stats.onPacketSent(0x1000, 1200, sentAt + 100_000);
    stats.onPacketSent(0x1000, 600, sentAt + 200_000);
    ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(SenderStatistics.SENDER_INFO_SIZE);
    try {
      stats.writeSenderInfo(out, NtpTimeTest.RFC_SR_NTP, sentAt + 1_000_000_000L);
      assertThat(ByteBufUtil.hexDump(out)).isEqualTo(""
          + "b44db705" // NTP timestamp, seconds
          + "20000000" // NTP timestamp, fraction (.125)
          + "00016f90" // RTP timestamp: 0x1000 + 90 000 ticks (one second at 90 kHz)
          + "00000003" // packet count
          + "00000bb8"); // octet count 3000
    } finally {
      assertThat(out.release()).isTrue();
    }
  }

  @Test
  void extrapolatesTheRtpTimestampFromTheNewestTimestamp() {
    SenderStatistics stats = new SenderStatistics(1, 48_000);
    assertThat(stats.rtpTimestampAt(123)).isZero();
    stats.onPacketSent(48_000, 160, 1_000_000_000L);
    assertThat(stats.rtpTimestampAt(1_000_000_000L)).isEqualTo(48_000);
    assertThat(stats.rtpTimestampAt(1_020_000_000L)).isEqualTo(48_960);
    assertThat(stats.rtpTimestampAt(990_000_000L)).as("before the anchor").isEqualTo(47_520);
    // An older timestamp (a B-frame, a late packet) is counted but does not move the anchor.
    stats.onPacketSent(47_040, 160, 1_010_000_000L);
    assertThat(stats.rtpTimestampAt(1_020_000_000L)).isEqualTo(48_960);
    assertThat(stats.packetCount()).isEqualTo(2);
  }

  @Test
  void rtpTimestampWrapsAt32Bits() {
    SenderStatistics stats = new SenderStatistics(1, 90_000);
    stats.onPacketSent(0xFFFF_FF00L, 10, 0);
    assertThat(stats.rtpTimestampAt(1_000_000_000L)).isEqualTo(90_000 - 0x100);
    stats.onPacketSent(0x10, 10, 2_000_000);
    assertThat(stats.rtpTimestampAt(2_000_000)).as("0x10 is newer than 0xffffff00").isEqualTo(0x10);
  }

  @Test
  void countsWrapOnTheWire() {
    SenderStatistics stats = new SenderStatistics(1, 90_000);
    for (int i = 0; i < 3; i++) {
      stats.onPacketSent(0, Integer.MAX_VALUE, 0);
    }
    assertThat(stats.octetCount()).isEqualTo(3L * Integer.MAX_VALUE);
    ByteBuf out = Unpooled.buffer(SenderStatistics.SENDER_INFO_SIZE);
    try {
      stats.writeSenderInfo(out, 0, 0);
      assertThat(out.getUnsignedInt(16)).isEqualTo((3L * Integer.MAX_VALUE) & 0xFFFF_FFFFL);
    } finally {
      assertThat(out.release()).isTrue();
    }
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> new SenderStatistics(1, -8000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clock rate -8000 Hz (expected: > 0)");
    SenderStatistics stats = new SenderStatistics(1, 8000);
    assertThatThrownBy(() -> stats.onPacketSent(0, -1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("payload -1 bytes (expected: >= 0)");
    assertThat(stats.packetCount()).isZero();
  }

  @Test
  void perPacketPathDoesNotAllocate() {
    SenderStatistics stats = new SenderStatistics(1, 90_000);
    ByteBuf out = Unpooled.wrappedBuffer(new byte[SenderStatistics.SENDER_INFO_SIZE]);
    long[] t = {0};
    try {
      long allocated = Allocations.allocatedBy(() -> {
        for (int i = 0; i < 100_000; i++, t[0] += 1_000_000) {
          stats.onPacketSent(t[0] / 11_111, 1000, t[0]);
          if (i % 100 == 0) {
            out.clear();
            stats.writeSenderInfo(out, t[0], t[0]);
          }
        }
      });
      assertThat(allocated).isLessThan(1024);
    } finally {
      assertThat(out.release()).isTrue();
    }
  }
}
