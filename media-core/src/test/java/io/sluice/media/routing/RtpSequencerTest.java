package io.sluice.media.routing;

import static io.sluice.media.routing.RtpSequencer.Decision.DROP_AWAITING_KEYFRAME;
import static io.sluice.media.routing.RtpSequencer.Decision.DROP_TOO_OLD;
import static io.sluice.media.routing.RtpSequencer.Decision.FORWARD;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.media.rtp.SequenceMath;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RtpSequencerTest {
  private static final long MS = 1_000_000L;
  private static final int[] STARTS = {0, 1, 32767, 32768, 65534, 65535};

  /** Input and output both start at every wrap-sensitive point; output stays +1 per packet. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 32767, 32768, 65534, 65535})
  void passesThroughContinuouslyAcrossWraps(int inStart) {
    for (int outStart : STARTS) {
      RtpSequencer s = new RtpSequencer(90000, true, outStart, 0xFFFF_FF00L);
      long now = 0;
      long ts = 0xFFFF_0000L;
      for (int i = 0; i < 70_000; i++) {
        int seq = SequenceMath.seqAdd(inStart, i);
        assertThat(s.map(0xAAAA, seq, ts, i == 0, now)).isEqualTo(FORWARD);
        int expectedSeq = SequenceMath.seqAdd(outStart, i);
        if (s.outSequence() != expectedSeq) {
          throw new AssertionError("in " + inStart + " out " + outStart + " step " + i + ": " + s.outSequence());
        }
        long expectedTs = SequenceMath.tsAdd(0xFFFF_FF00L, ts - 0xFFFF_0000L);
        assertThat(s.outTimestamp()).isEqualTo(expectedTs);
        if (i % 3 == 2) {
          ts += 3000;
          now += 33 * MS;
        }
      }
    }
  }

  @Test
  void videoWaitsForTheFirstKeyframe() {
    RtpSequencer s = new RtpSequencer(90000, true, 100, 5000);
    assertThat(s.isAwaitingKeyframe()).isTrue();
    assertThat(s.map(1, 10, 900, false, 0)).isEqualTo(DROP_AWAITING_KEYFRAME);
    assertThat(s.map(1, 11, 900, false, 0)).isEqualTo(DROP_AWAITING_KEYFRAME);
    assertThat(s.map(1, 12, 3900, true, 0)).isEqualTo(FORWARD);
    assertThat(s.outSequence()).isEqualTo(100);
    assertThat(s.outTimestamp()).isEqualTo(5000);
    assertThat(s.isAwaitingKeyframe()).isFalse();
    assertThat(s.map(1, 13, 3900, false, 0)).isEqualTo(FORWARD);
    assertThat(s.outSequence()).isEqualTo(101);
    // Packets from before the keyframe cannot be mapped any more.
    assertThat(s.map(1, 11, 900, false, 0)).isEqualTo(DROP_TOO_OLD);
  }

  @Test
  void audioIsNotKeyframeGated() {
    RtpSequencer s = new RtpSequencer(48000, false, 7, 70);
    assertThat(s.map(9, 500, 960, false, 0)).isEqualTo(FORWARD);
    assertThat(s.outSequence()).isEqualTo(7);
    assertThat(s.outTimestamp()).isEqualTo(70);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 32767, 32768, 65534, 65535})
  void publisherReplacementContinuesAtTheNextKeyframe(int newStart) {
    RtpSequencer s = new RtpSequencer(90000, true, 65530, 0xFFFF_FFF0L);
    long now = 1_000 * MS;
    for (int i = 0; i < 10; i++) {
      assertThat(s.map(0x1111, 40_000 + i, 1_000_000 + 3000L * (i / 2), i == 0, now)).isEqualTo(FORWARD);
    }
    int lastSeq = s.lastOutSequence();
    long lastTs = s.lastOutTimestamp();
    assertThat(lastSeq).isEqualTo(SequenceMath.seqAdd(65530, 9));

    // A new publisher (failover): different SSRC, unrelated seq and ts spaces.
    now += 200 * MS;
    assertThat(s.map(0x2222, newStart, 77, false, now)).isEqualTo(DROP_AWAITING_KEYFRAME);
    now += 50 * MS;
    assertThat(s.map(0x2222, SequenceMath.seqAdd(newStart, 1), 3077, true, now)).isEqualTo(FORWARD);
    assertThat(s.outSequence()).isEqualTo(SequenceMath.seqAdd(lastSeq, 1));
    // 250 ms at 90 kHz since the last packet sent.
    assertThat(s.outTimestamp()).isEqualTo(SequenceMath.tsAdd(lastTs, 22_500));
    assertThat(s.map(0x2222, SequenceMath.seqAdd(newStart, 2), 3077, false, now)).isEqualTo(FORWARD);
    assertThat(s.outSequence()).isEqualTo(SequenceMath.seqAdd(lastSeq, 2));
    assertThat(s.outTimestamp()).isEqualTo(SequenceMath.tsAdd(lastTs, 22_500));
  }

  @Test
  void reconnectWithTheSameSsrcRebasesOnRequest() {
    RtpSequencer s = new RtpSequencer(90000, true, 0, 0);
    s.map(5, 1000, 90_000, true, 0);
    s.map(5, 1001, 93_000, false, 33 * MS);
    s.switchSource();
    assertThat(s.map(5, 1, 10, false, 40 * MS)).isEqualTo(DROP_AWAITING_KEYFRAME);
    assertThat(s.map(5, 2, 10, true, 40 * MS)).isEqualTo(FORWARD);
    assertThat(s.outSequence()).isEqualTo(2);
    assertThat(s.outTimestamp()).isEqualTo(3000 + 630); // 7 ms at 90 kHz after the last packet
  }

  @Test
  void aLargeJumpInTheSameSourceWaitsForAKeyframe() {
    RtpSequencer s = new RtpSequencer(90000, true, 0, 0);
    s.map(5, 100, 0, true, 0);
    s.map(5, 101, 0, false, 0);
    assertThat(s.map(5, 101 + RtpSequencer.MAX_JUMP + 1, 3000, false, 0)).isEqualTo(DROP_AWAITING_KEYFRAME);
    assertThat(s.map(5, 101 + RtpSequencer.MAX_JUMP + 2, 3000, true, 10 * MS)).isEqualTo(FORWARD);
    assertThat(s.outSequence()).isEqualTo(2);
    // A jump within MAX_JUMP is ordinary loss and is kept as a gap.
    assertThat(s.map(5, 101 + RtpSequencer.MAX_JUMP + 102, 3000, false, 10 * MS)).isEqualTo(FORWARD);
    assertThat(s.outSequence()).isEqualTo(102);
  }

  @Test
  void deliberateDropsLeaveNoGap() {
    RtpSequencer s = new RtpSequencer(90000, true, 65535, 0);
    s.map(1, 10, 0, true, 0);
    assertThat(s.outSequence()).isEqualTo(65535);
    s.map(1, 11, 0, false, 0);
    s.dropLast();
    s.map(1, 12, 0, false, 0);
    s.dropLast();
    s.dropLast(); // a second call for the same packet changes nothing
    assertThat(s.map(1, 13, 0, false, 0)).isEqualTo(FORWARD);
    assertThat(s.outSequence()).isEqualTo(0);
    assertThat(s.map(1, 14, 0, false, 0)).isEqualTo(FORWARD);
    assertThat(s.outSequence()).isEqualTo(1);
  }

  @Test
  void reorderedPacketsKeepTheirPlace() {
    RtpSequencer s = new RtpSequencer(90000, true, 500, 0);
    s.map(1, 65534, 0, true, 0); // out 500
    s.map(1, 1, 3000, false, 0); // out 503 (65535 and 0 late)
    assertThat(s.outSequence()).isEqualTo(503);
    assertThat(s.map(1, 65535, 0, false, 0)).isEqualTo(FORWARD);
    assertThat(s.outSequence()).isEqualTo(501);
    assertThat(s.map(1, 0, 3000, false, 0)).isEqualTo(FORWARD);
    assertThat(s.outSequence()).isEqualTo(502);
    assertThat(s.lastOutSequence()).isEqualTo(503);
    assertThat(s.lastOutTimestamp()).isEqualTo(3000);
    assertThat(s.toOutput(65535)).isEqualTo(501);
    assertThat(s.toInput(502)).isEqualTo(0);
    assertThat(s.toInput(499)).isEqualTo(-1);
    assertThat(s.toInput(504)).isEqualTo(-1);
    assertThat(s.toOutput(65533)).isEqualTo(-1);
  }

  /** Random sources, switches, drops and reordering: output is never reused or sent backwards. */
  @Test
  void outputNeverRepeatsOrGoesBackAcrossRandomSwitches() {
    SplittableRandom r = new SplittableRandom(42);
    RtpSequencer s = new RtpSequencer(90000, true, r.nextInt(65536), r.nextLong() & 0xFFFF_FFFFL);
    long now = 0;
    long ssrc = 1;
    int seq = r.nextInt(65536);
    long ts = r.nextLong() & 0xFFFF_FFFFL;
    long prevOutSeqExt = -1;
    long prevOutTsExt = -1;
    io.sluice.media.rtp.SequenceUnwrapper seqs = new io.sluice.media.rtp.SequenceUnwrapper();
    io.sluice.media.rtp.TimestampUnwrapper tss = new io.sluice.media.rtp.TimestampUnwrapper();
    for (int i = 0; i < 200_000; i++) {
      if (r.nextInt(5000) == 0) {
        ssrc++;
        seq = r.nextInt(65536);
        ts = r.nextLong() & 0xFFFF_FFFFL;
      }
      boolean key = r.nextInt(60) == 0;
      now += r.nextInt(5) * MS;
      if (r.nextInt(4) == 0) {
        ts = SequenceMath.tsAdd(ts, 3000);
      }
      seq = SequenceMath.seqAdd(seq, 1);
      if (s.map(ssrc, seq, ts, key, now) == FORWARD) {
        if (r.nextInt(20) == 0) {
          s.dropLast();
          continue;
        }
        long outExt = seqs.unwrap(s.outSequence());
        long tsExt = tss.unwrap(s.outTimestamp());
        assertThat(outExt).isEqualTo(prevOutSeqExt < 0 ? outExt : prevOutSeqExt + 1);
        assertThat(tsExt).isGreaterThanOrEqualTo(prevOutTsExt);
        prevOutSeqExt = outExt;
        prevOutTsExt = tsExt;
      }
    }
    assertThat(prevOutSeqExt).isPositive();
  }
}
