package io.sluice.nack;

import static io.sluice.nack.Packets.MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.Allocations;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NackGeneratorTest {
  private int keyframes;
  private final NackGenerator gen = new NackGenerator(now -> keyframes++);
  private final int[] batch = new int[64];

  private int[] poll(long now) {
    return Arrays.copyOf(batch, gen.poll(now, batch));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 32767, 32768, 65000, 65533, 65534, 65535})
  void findsGapsAcrossTheWrapAndForgetsRecoveredOnes(int start) {
    gen.onReceived(start, 0);
    assertThat(gen.onReceived((start + 1) & 0xFFFF, MS)).isFalse();
    assertThat(gen.onReceived((start + 4) & 0xFFFF, 2 * MS)).isTrue();
    assertThat(poll(2 * MS)).containsExactly((start + 2) & 0xFFFF, (start + 3) & 0xFFFF);
    // Not due again within one RTT (default 100 ms).
    assertThat(poll(50 * MS)).isEmpty();
    gen.onReceived((start + 3) & 0xFFFF, 60 * MS); // retransmission arrives
    assertThat(gen.recoveredCount()).isEqualTo(1);
    assertThat(poll(102 * MS)).containsExactly((start + 2) & 0xFFFF);
    gen.onReceived((start + 3) & 0xFFFF, 103 * MS); // duplicate: nothing changes
    assertThat(gen.missingCount()).isEqualTo(1);
  }

  @Test
  void retriesFollowTheRttAndStopAtTheLimit() {
    gen.setRoundTripNanos(30 * MS);
    gen.onReceived(10, 0);
    gen.onReceived(12, 0);
    int nacks = 0;
    for (long t = 0; t < 2000 * MS; t += 10 * MS) {
      nacks += gen.poll(t, batch);
    }
    assertThat(nacks).isEqualTo(NackGenerator.MAX_RETRIES);
    assertThat(gen.givenUpByRetriesCount()).isEqualTo(1);
    assertThat(gen.missingCount()).isZero();
  }

  @Test
  void aBigJumpResetsAndAsksForAKeyframe() {
    gen.onReceived(100, 0);
    gen.onReceived(105, 0);
    gen.onReceived(30000, MS);
    assertThat(gen.missingCount()).isZero();
    assertThat(gen.resetCount()).isEqualTo(1);
    assertThat(keyframes).isEqualTo(1);
    gen.onReceived(30002, 2 * MS);
    assertThat(poll(2 * MS)).containsExactly(30001);
  }

  @Test
  void theListIsBoundedAndOverflowAsksForAKeyframe() {
    gen.onReceived(0, 0);
    gen.onReceived(1500, MS); // 1499 missing: the oldest 499 are dropped
    assertThat(gen.missingCount()).isEqualTo(NackGenerator.MAX_NACK_PACKETS);
    assertThat(gen.overflowCount()).isEqualTo(499);
    assertThat(keyframes).isEqualTo(1);
    assertThat(gen.isMissing(499)).isFalse();
    assertThat(gen.isMissing(500)).isTrue();
  }

  @Test
  void allocationFreePerPacket() {
    int[] seq = {0};
    long bytes = Allocations.allocatedBy(() -> {
      for (int i = 0; i < 10_000; i++) {
        int s = seq[0];
        seq[0] = (s + (i % 7 == 0 ? 3 : 1)) & 0xFFFF;
        gen.onReceived(seq[0], i * MS);
        if (i % 7 == 3) {
          gen.onReceived((seq[0] - 5) & 0xFFFF, i * MS);
        }
        gen.poll(i * MS, batch);
      }
    });
    assertThat(bytes).isLessThan(1024);
  }
}
