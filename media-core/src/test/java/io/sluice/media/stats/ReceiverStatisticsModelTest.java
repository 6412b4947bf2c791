package io.sluice.media.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compares {@link ReceiverStatistics} with a reference model that knows the truth: a generated
 * stream with loss, duplicates and reordering whose packets carry their index in send order, so
 * that expected, received, loss and the extended sequence number follow from counting, with no
 * sequence-number arithmetic at all; and jitter from the floating-point A.8 formula.
 *
 * <p>The generator stays inside what A.1 accepts as one stream (gaps well below MAX_DROPOUT,
 * reordering well below MAX_MISORDER), and delivers the first two packets in order so probation
 * ends on the second.
 */
class ReceiverStatisticsModelTest {

  private static final int CLOCK = 90_000;
  private static final long SEND_INTERVAL_NANOS = 20_000_000L;
  private static final long TICKS_PER_PACKET = 1800;

  private record Arrival(int index, long arrivalNanos) {}

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 0xC0FFEE, 0x5EED_5EEDL})
  void matchesTheReferenceModel(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int start = random.nextInt(1 << 16);
    long tsBase = random.nextLong(1L << 32);
    int packets = 150_000; // more than two sequence-number cycles

    List<Arrival> arrivals = new ArrayList<>();
    for (int k = 0; k < packets; k++) {
      if (k >= 2 && random.nextInt(100) < 3) {
        continue; // 3 % loss
      }
      long sent = k * SEND_INTERVAL_NANOS;
      long delay = 10_000_000L + random.nextLong(3_000_000L);
      if (k >= 2 && random.nextInt(100) < 5) {
        delay += random.nextLong(60_000_000L); // reordered by up to 3 packets
      }
      arrivals.add(new Arrival(k, sent + delay));
      if (k >= 2 && random.nextInt(100) < 1) {
        arrivals.add(new Arrival(k, sent + delay + 1 + random.nextLong(30_000_000L)));
      }
    }
    arrivals.sort(Comparator.comparingLong(Arrival::arrivalNanos));
    assertThat(arrivals.get(0).index()).isZero();
    assertThat(arrivals.get(1).index()).isOne();

    ReceiverStatistics stats = new ReceiverStatistics(seed, CLOCK);
    int maxIndex = 0;
    long received = 0;
    long expectedPrior = 0;
    long receivedPrior = 0;
    double jitter = 0;
    long previousTransit = 0;
    long firstArrival = arrivals.get(0).arrivalNanos();
    for (int i = 0; i < arrivals.size(); i++) {
      Arrival a = arrivals.get(i);
      long ts = (tsBase + a.index() * TICKS_PER_PACKET) & 0xFFFF_FFFFL;
      boolean counted = stats.onPacket((start + a.index()) & 0xFFFF, ts, a.arrivalNanos());

      // Reference model.
      long arrivalTicks = (a.arrivalNanos() - firstArrival) * CLOCK / 1_000_000_000L;
      long transit = arrivalTicks - a.index() * TICKS_PER_PACKET; // unwrapped timestamps
      if (i > 0) {
        received++;
        maxIndex = Math.max(maxIndex, a.index());
        jitter += (Math.abs(transit - previousTransit) - jitter) / 16;
      }
      previousTransit = transit;
      long expected = maxIndex; // base is packet 1, highest is packet maxIndex

      assertThat(counted).isEqualTo(i > 0);
      assertThat(stats.received()).isEqualTo(received);
      assertThat(stats.expected()).isEqualTo(expected);
      assertThat(stats.cumulativeLost()).isEqualTo(expected - received);
      assertThat(stats.extendedHighestSeq())
          .isEqualTo(((start + 1) & 0xFFFF) + (long) maxIndex - 1);
      // The fixed-point J*16 of A.8 stays within half a tick of the floating-point J.
      assertThat(stats.jitterSeconds() * CLOCK).isCloseTo(jitter, within(0.5));

      if (i > 0 && random.nextInt(500) == 0) {
        long expectedInterval = expected - expectedPrior;
        long lostInterval = expectedInterval - (received - receivedPrior);
        int fraction = expectedInterval == 0 || lostInterval <= 0
            ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        assertThat(stats.reportBlock(a.arrivalNanos()).fractionLost()).isEqualTo(fraction);
        expectedPrior = expected;
        receivedPrior = received;
      }
    }
    assertThat(stats.cumulativeLost()).isPositive();
  }
}
