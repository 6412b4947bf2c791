package io.sluice.nack;

import static io.sluice.nack.Packets.MS;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetransmitCacheTest {

  @Test
  void offHoldsNoArrays() {
    RetransmitCache cache = new RetransmitCache();
    for (int i = 0; i < 1000; i++) {
      cache.onSent(i, i * 3000L, 5000 + i, i * 3000L, i * MS);
    }
    assertThat(cache.memoryBytes()).isZero();
    assertThat(cache.capacity()).isZero();
    assertThat(cache.find(999, 999 * MS)).isEqualTo(RetransmitCache.NOT_FOUND);
    cache.activate(512);
    assertThat(cache.memoryBytes()).isEqualTo(512L * RetransmitCache.BYTES_PER_ENTRY);
    cache.deactivate();
    assertThat(cache.memoryBytes()).isZero();
  }

  @Test
  void metadataIsAtMost32BytesPerPacket() {
    assertThat(RetransmitCache.BYTES_PER_ENTRY).isLessThanOrEqualTo(32);
  }

  @Test
  void capacityIsAPowerOfTwoWithinTheBounds() {
    RetransmitCache cache = new RetransmitCache();
    cache.activate(260);
    assertThat(cache.capacity()).isEqualTo(512);
    cache.deactivate();
    cache.activate(1);
    assertThat(cache.capacity()).isEqualTo(RetransmitCache.MIN_CAPACITY);
    cache.deactivate();
    cache.activate(1_000_000);
    assertThat(cache.capacity()).isEqualTo(RetransmitCache.MAX_CAPACITY);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 32767, 32768, 65000, 65534, 65535})
  void findsWhatWasSentAcrossTheWrap(int start) {
    RetransmitCache cache = new RetransmitCache();
    cache.activate(512);
    for (int i = 0; i < 300; i++) {
      cache.onSent((start + i) & 0xFFFF, 0xFFFF_FF00L + i, 70_000 + i, i, i * MS);
    }
    for (int i = 0; i < 300; i++) {
      int slot = cache.find((start + i) & 0xFFFF, 300 * MS);
      assertThat(slot).isNotNegative();
      assertThat(cache.sourceKey(slot)).isEqualTo(70_000 + i);
      assertThat(cache.timestamp(slot)).isEqualTo((0xFFFF_FF00L + i) & 0xFFFF_FFFFL);
      assertThat(cache.outSequence(slot)).isEqualTo((start + i) & 0xFFFF);
      assertThat(cache.sentNanos(slot)).isEqualTo(i * MS);
    }
    // Never sent, and too old.
    assertThat(cache.find((start + 300) & 0xFFFF, 300 * MS)).isEqualTo(RetransmitCache.NOT_FOUND);
    assertThat(cache.find(start, 1001 * MS)).isEqualTo(RetransmitCache.NOT_FOUND);
  }

  @Test
  void countBoundOverwritesTheOldest() {
    RetransmitCache cache = new RetransmitCache();
    cache.activate(64);
    for (int i = 0; i < 100; i++) {
      cache.onSent(i, 0, i, 0, i * MS);
    }
    assertThat(cache.find(35, 100 * MS)).isEqualTo(RetransmitCache.NOT_FOUND);
    assertThat(cache.find(36, 100 * MS)).isNotNegative();
  }

  @Test
  void resendBookkeeping() {
    RetransmitCache cache = new RetransmitCache();
    cache.activate(64);
    cache.onSent(7, 0, 1, 0, 10 * MS);
    int slot = cache.find(7, 20 * MS);
    cache.markResent(slot, 50 * MS);
    cache.markResent(slot, 90 * MS);
    assertThat(cache.resendCount(slot)).isEqualTo(2);
    assertThat(cache.lastResendNanos(slot)).isEqualTo(90 * MS);
  }

  @Test
  void mappingHoldsUntilTheOffsetChanges() {
    RetransmitCache cache = new RetransmitCache();
    // out = source key - 1000, ts offset 500 for out seqs 100..199.
    for (int i = 100; i < 200; i++) {
      cache.onSent(i, 500 + i, 1100 + i, i, i * MS);
    }
    assertThat(cache.mappedSourceKey(150)).isEqualTo(1250);
    assertThat(cache.timestampOffset()).isEqualTo(500);
    // A rebase: same out numbering continues, keys jump.
    for (int i = 200; i < 220; i++) {
      cache.onSent(i, 900 + i, 90_000 + i, i, i * MS);
    }
    assertThat(cache.mappedSourceKey(150)).isEqualTo(RetransmitCache.NOT_FOUND);
    assertThat(cache.mappedSourceKey(210)).isEqualTo(90_210);
    assertThat(cache.mappedSourceKey(220)).as("not sent yet").isEqualTo(RetransmitCache.NOT_FOUND);
  }
}
