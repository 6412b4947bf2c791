package io.sluice.nack;

import static io.sluice.nack.Packets.MS;
import static io.sluice.nack.Packets.rtp;
import static io.sluice.nack.Packets.seqOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SharedTrackRingTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 32767, 32768, 65000, 65534, 65535})
  void storesAndLendsAcrossTheWrap(int start) {
    try (SharedTrackRing ring = new SharedTrackRing()) {
      ByteBuf[] mine = new ByteBuf[600];
      long[] keys = new long[600];
      for (int i = 0; i < 600; i++) {
        int seq = (start + i) & 0xFFFF;
        mine[i] = rtp(seq, i * 3000L, 1, 20);
        keys[i] = ring.put(seq, mine[i], i * MS);
        assertThat(mine[i].refCnt()).isEqualTo(2);
      }
      for (int i = 1; i < 600; i++) {
        assertThat(keys[i]).isEqualTo(keys[i - 1] + 1);
      }
      long now = 599 * MS;
      for (int i = 0; i < 600; i++) {
        int seq = (start + i) & 0xFFFF;
        ByteBuf got = ring.getBySequence(seq, now);
        assertThat(got).isSameAs(mine[i]);
        assertThat(seqOf(got)).isEqualTo(seq);
      }
      ring.close();
      for (ByteBuf b : mine) {
        assertThat(b.release()).isTrue();
      }
    }
  }

  @Test
  void agesOutAfterOneSecondAndReleases() {
    SharedTrackRing ring = new SharedTrackRing();
    ByteBuf first = rtp(10, 0, 1, 10);
    ring.put(10, first, 0);
    assertThat(ring.get(ring.keyOf(10), 1000 * MS)).isSameAs(first);
    assertThat(ring.get(ring.keyOf(10), 1001 * MS)).isNull();
    ring.expire(1001 * MS);
    assertThat(ring.size()).isZero();
    assertThat(first.release()).as("ring released its reference").isTrue();
    ring.close();
  }

  @Test
  void duplicatesAreStoredOnceAndLateOnesRefused() {
    SharedTrackRing ring = new SharedTrackRing();
    ByteBuf a = rtp(5, 0, 1, 10);
    ByteBuf dup = rtp(5, 0, 1, 10);
    long k = ring.put(5, a, 0);
    assertThat(ring.put(5, dup, MS)).isEqualTo(k);
    assertThat(dup.refCnt()).isEqualTo(1);
    assertThat(ring.duplicateCount()).isEqualTo(1);
    // Let seq 5 age out, then a packet older than anything held is refused.
    ByteBuf later = rtp(6, 0, 1, 10);
    ring.put(6, later, 2000 * MS);
    ByteBuf late = rtp(4, 0, 1, 10);
    assertThat(ring.put(4, late, 2000 * MS)).isEqualTo(-1);
    assertThat(ring.tooOldCount()).isEqualTo(1);
    ring.close();
    assertThat(a.release()).isTrue();
    assertThat(dup.release()).isTrue();
    assertThat(later.release()).isTrue();
    assertThat(late.release()).isTrue();
  }

  @Test
  void reorderedPacketsWithinTheWindowAreStored() {
    SharedTrackRing ring = new SharedTrackRing();
    int[] order = {100, 102, 101, 104, 103};
    ByteBuf[] bufs = new ByteBuf[order.length];
    for (int i = 0; i < order.length; i++) {
      bufs[i] = rtp(order[i], 0, 1, 4);
      ring.put(order[i], bufs[i], i * MS);
    }
    for (int i = 0; i < order.length; i++) {
      assertThat(ring.getBySequence(order[i], 10 * MS)).isSameAs(bufs[i]);
    }
    ring.close();
    for (ByteBuf b : bufs) {
      assertThat(b.release()).isTrue();
    }
  }

  @Test
  void growsWithThePacketRateUpToTheHardCap() {
    SharedTrackRing ring = new SharedTrackRing(SharedTrackRing.DEFAULT_MAX_AGE_NANOS, 64, 256);
    // 1000 packets/s: one second needs 1000 slots, more than the cap of 256.
    for (int i = 0; i < 2000; i++) {
      ByteBuf b = rtp(i, 0, 1, 4);
      ring.put(i, b, i * MS);
      b.release();
    }
    assertThat(ring.capacity()).isEqualTo(256);
    assertThat(ring.growCount()).isEqualTo(2);
    assertThat(ring.size()).isEqualTo(256);
    assertThat(ring.overwrittenYoungCount()).isEqualTo(2000 - 256);
    ring.close();
    assertThat(ring.size()).isZero();
  }

  @Test
  void sizedFromTheRateOf2point5MbpsVideo() {
    SharedTrackRing ring = new SharedTrackRing(SharedTrackRing.DEFAULT_MAX_AGE_NANOS, 64, 8192);
    long interval = 1_000_000_000L / 260;
    for (int i = 0; i < 2600; i++) {
      ByteBuf b = rtp(i, 0, 1, 1);
      ring.put(i, b, i * interval);
      b.release();
    }
    assertThat(ring.capacity()).isEqualTo(512);
    assertThat(ring.size()).isBetween(260, 262);
    ring.close();
  }

  @Test
  void aJumpRestartsTheStreamWithNewKeys() {
    SharedTrackRing ring = new SharedTrackRing();
    ByteBuf a = rtp(1000, 0, 1, 4);
    long oldKey = ring.put(1000, a, 0);
    ByteBuf b = rtp(40000, 0, 1, 4);
    long newKey = ring.put(40000, b, MS);
    assertThat(ring.restartCount()).isEqualTo(1);
    assertThat(newKey).isGreaterThan(oldKey);
    assertThat(ring.get(oldKey, MS)).isNull();
    assertThat(a.refCnt()).as("released at restart").isEqualTo(1);
    ring.reset();
    ByteBuf c = rtp(1000, 0, 1, 4);
    long afterReset = ring.put(1000, c, 2 * MS);
    assertThat(afterReset).isGreaterThan(newKey);
    assertThat(ring.get(oldKey, 2 * MS)).isNull();
    ring.close();
    assertThat(a.release()).isTrue();
    assertThat(b.release()).isTrue();
    assertThat(c.release()).isTrue();
  }
}
