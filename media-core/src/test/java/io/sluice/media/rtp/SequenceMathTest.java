package io.sluice.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SequenceMathTest {

  @Test
  void deltaAcrossWrap() {
    assertThat(SequenceMath.seqDelta(65535, 0)).isEqualTo(1);
    assertThat(SequenceMath.seqDelta(0, 65535)).isEqualTo(-1);
    assertThat(SequenceMath.seqDelta(100, 100)).isZero();
    assertThat(SequenceMath.seqDelta(0, 32767)).isEqualTo(32767);
    assertThat(SequenceMath.seqDelta(0, 32768)).isEqualTo(-32768);
    assertThat(SequenceMath.tsDelta(0xFFFF_FFF0L, 0x10L)).isEqualTo(0x20);
    assertThat(SequenceMath.tsDelta(0x10L, 0xFFFF_FFF0L)).isEqualTo(-0x20);
  }

  @Test
  void halfRangeIsOrderedByRawValue() {
    // Exactly half the range apart: the larger raw value counts as newer, so exactly one of the
    // two comparisons is true and compare() stays antisymmetric.
    assertThat(SequenceMath.isSeqNewer(32768, 0)).isTrue();
    assertThat(SequenceMath.isSeqNewer(0, 32768)).isFalse();
    assertThat(SequenceMath.compareSeq(0, 32768)).isEqualTo(-SequenceMath.compareSeq(32768, 0));
    assertThat(SequenceMath.isTsNewer(0x8000_0000L, 0)).isTrue();
    assertThat(SequenceMath.isTsNewer(0, 0x8000_0000L)).isFalse();
  }

  @Test
  void masksArguments() {
    assertThat(SequenceMath.isSeqNewer(0x1_0001, 0)).isTrue();
    assertThat(SequenceMath.compareSeq(0x1_0000, 0)).isZero();
    assertThat(SequenceMath.isSeqNewerOrEqual(5, 5 + 65536)).isTrue();
    assertThat(SequenceMath.seqAdd(65535, 2)).isEqualTo(1);
    assertThat(SequenceMath.seqAdd(0, -1)).isEqualTo(65535);
    assertThat(SequenceMath.tsAdd(0xFFFF_FFFFL, 2)).isEqualTo(1);
    assertThat(SequenceMath.compareTs(1, 0xFFFF_FFFFL)).isEqualTo(1);
    assertThat(SequenceMath.compareTs(7, 7 + (1L << 32))).isZero();
  }

  /** Pion's starting points: every wrap and half-range boundary is crossed. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 32767, 32768, 65534, 65535})
  void sweepsWrapFromStartingPoint(int start) {
    SequenceUnwrapper unwrapper = new SequenceUnwrapper();
    long first = unwrapper.unwrap(start);
    assertThat(first).isEqualTo(start);
    int seq = start;
    for (int i = 1; i <= 200_000; i++) {
      int prev = seq;
      seq = SequenceMath.seqAdd(seq, 1);
      assertThat(SequenceMath.isSeqNewer(seq, prev)).isTrue();
      assertThat(SequenceMath.isSeqNewer(prev, seq)).isFalse();
      assertThat(SequenceMath.seqDelta(prev, seq)).isEqualTo(1);
      long ext = unwrapper.unwrap(seq);
      if (ext != start + (long) i) {
        throw new AssertionError("start " + start + " step " + i + ": " + ext);
      }
      // A packet 100 behind (reordered) unwraps below the highest and does not move it back.
      if (i > 100 && i % 997 == 0) {
        assertThat(unwrapper.unwrap(SequenceMath.seqAdd(seq, -100))).isEqualTo(ext - 100);
        assertThat(unwrapper.highest()).isEqualTo(ext);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 32767, 32768, 65534, 65535})
  void unwrapIsNearestToReference(int start) {
    long ref = 3L * 65536 + start;
    for (int d = -32767; d <= 32767; d += 7) {
      int seq = SequenceMath.seqAdd(start, d);
      assertThat(SequenceMath.unwrapSeq(ref, seq)).isEqualTo(ref + d);
    }
  }

  @Test
  void unwrapNeverGoesNegative() {
    // Before the first wrap an "older" value stays in cycle 0 instead of going below zero.
    assertThat(SequenceMath.unwrapSeq(5, 65530)).isEqualTo(65530);
    assertThat(SequenceMath.unwrapTs(5, 0xFFFF_FFF0L)).isEqualTo(0xFFFF_FFF0L);
    SequenceUnwrapper u = new SequenceUnwrapper();
    assertThat(u.peek(9)).isEqualTo(9);
    assertThat(u.highest()).isEqualTo(-1);
    u.unwrap(5);
    assertThat(u.unwrap(65530)).isEqualTo(65530);
    u.reset();
    assertThat(u.highest()).isEqualTo(-1);
  }

  @Test
  void timestampsUnwrapAcrossWrapWithBFramesBackwards() {
    TimestampUnwrapper u = new TimestampUnwrapper();
    long ts = 0xFFFF_0000L;
    assertThat(u.unwrap(ts)).isEqualTo(ts);
    long ext = ts;
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      long step = 3000 + r.nextInt(100);
      ext += step;
      long wire = ext & 0xFFFF_FFFFL;
      assertThat(u.unwrap(wire)).isEqualTo(ext);
      // A B-frame slightly in the past.
      assertThat(u.unwrap((ext - 1500) & 0xFFFF_FFFFL)).isEqualTo(ext - 1500);
      assertThat(u.highest()).isEqualTo(ext);
    }
  }

  @Test
  void tsComparisonAgreesWithDelta() {
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 0; i < 100_000; i++) {
      long a = r.nextLong() & 0xFFFF_FFFFL;
      long b = r.nextLong() & 0xFFFF_FFFFL;
      int d = SequenceMath.tsDelta(b, a);
      if (d != Integer.MIN_VALUE) {
        assertThat(SequenceMath.isTsNewer(a, b)).isEqualTo(d > 0);
        assertThat(SequenceMath.compareTs(a, b)).isEqualTo(Integer.signum(d));
      }
      int sa = (int) (a & 0xFFFF);
      int sb = (int) (b & 0xFFFF);
      int sd = SequenceMath.seqDelta(sb, sa);
      if (sd != -32768) {
        assertThat(SequenceMath.compareSeq(sa, sb)).isEqualTo(Integer.signum(sd));
      }
    }
  }
}
