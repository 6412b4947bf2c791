package io.sluice.nack;

import static io.sluice.nack.Packets.MS;
import static io.sluice.nack.Packets.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sluice.media.routing.RtpSequencer;
import io.sluice.media.rtcp.TransportLayerNack;
import io.sluice.media.stats.NtpTime;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Deterministic end-to-end simulation of one subscriber leg: publisher → ring → sequencer →
 * lossy link → receiver (a {@link NackGenerator} playing Chrome's NACK module) → lossy NACKs →
 * {@link Retransmitter} → lossy resends. 260 packets/s of video for 20 s, one-way delay 25 ms,
 * RTT reported through LSR/DLSR, RR every second. Sequence numbers start at 65000 (source and
 * output), so the 16-bit wrap falls inside the window. A lost packet counts as repaired if any copy
 * arrives within the 1 s window after its original send.
 */
class NackSimulationTest {
  private static final long INTERVAL = 1_000_000_000L / 260;
  private static final long ONE_WAY = 25 * MS;
  private static final long DURATION = 20_000 * MS;
  private static final int PACKETS = (int) (DURATION / INTERVAL);
  private static final long SSRC = 0xAAAA;

  enum Loss { RANDOM, BURST }

  record Result(int lost, int repaired, long resends, boolean cacheOnAtEnd, long mapped) {
    double ratio() {
      return lost == 0 ? 1 : (double) repaired / lost;
    }
  }

  private record Event(long time, long order, Runnable action) {}

  static final class Sim {
    final SplittableRandom random;
    final double loss;
    final Loss model;
    final double reorder;
    final double duplicate;
    final boolean rtx;
    final boolean activateAtStart;
    final PriorityQueue<Event> queue = new PriorityQueue<>(
        (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.order, b.order));
    long order;
    boolean badState;

    final SharedTrackRing ring = new SharedTrackRing();
    final RtpSequencer sequencer = new RtpSequencer(90000, true, 65000, 0);
    final Retransmitter rt;
    final NackGenerator receiver = new NackGenerator(now -> { });
    final RtxPacket writer = new RtxPacket();
    final TransportLayerNack.View view = new TransportLayerNack.View();
    final int[] batch = new int[256];
    final long[] sentAt = new long[PACKETS];
    final boolean[] originalLost = new boolean[PACKETS];
    final boolean[] received = new boolean[PACKETS];
    int firstOut = -1;
    int repaired;
    int sentThisInterval;
    int lostThisInterval;

    Sim(long seed, double loss, Loss model, double reorder, double duplicate, boolean rtx,
        boolean activateAtStart) {
      this.random = new SplittableRandom(seed);
      this.loss = loss;
      this.model = model;
      this.reorder = reorder;
      this.duplicate = duplicate;
      this.rtx = rtx;
      this.activateAtStart = activateAtStart;
      this.rt = new Retransmitter(ring, SSRC, rtx ? 0xBBBB : Retransmitter.NO_RTX, 97, 100,
          Retransmitter.Config.DEFAULT, now -> { });
      receiver.setRoundTripNanos(2 * ONE_WAY);
    }

    void at(long time, Runnable action) {
      queue.add(new Event(time, order++, action));
    }

    boolean dropped() {
      if (model == Loss.RANDOM) {
        return random.nextDouble() < loss;
      }
      // Gilbert-Elliott: mean burst 4 packets, 80% lost in a burst; enter rate gives ~loss.
      double enter = loss / (0.8 * 4 - loss * 4 + loss);
      badState = badState ? random.nextDouble() >= 0.25 : random.nextDouble() < enter;
      return badState && random.nextDouble() < 0.8;
    }

    /** Sends one copy of output packet {@code i} down the subscriber leg. */
    void transmit(int i, long now) {
      if (dropped()) {
        return;
      }
      long delay = ONE_WAY + (random.nextDouble() < reorder ? random.nextLong(1, 30) * MS : 0);
      int outSeq = (firstOut + i) & 0xFFFF;
      at(now + delay, () -> deliver(i, outSeq, now + delay));
      if (random.nextDouble() < duplicate) {
        at(now + delay + MS, () -> deliver(i, outSeq, now + delay + MS));
      }
    }

    void deliver(int i, int outSeq, long now) {
      if (receiver.onReceived(outSeq, now)) {
        sendNack(now);
      }
      if (!received[i]) {
        received[i] = true;
        if (originalLost[i] && now - sentAt[i] <= 1000 * MS) {
          repaired++;
        }
      }
    }

    void sendNack(long now) {
      int n = receiver.poll(now, batch);
      if (n == 0 || dropped()) {
        return;
      }
      ByteBuf nack = Unpooled.buffer();
      TransportLayerNack.write(nack, 1, SSRC, batch, 0, n);
      at(now + ONE_WAY, () -> {
        view.tryWrap(nack);
        rt.onNack(view, now + ONE_WAY, sink);
        view.clear();
        assertThat(nack.release()).isTrue();
      });
    }

    final Retransmitter.Sink sink = new Retransmitter.Sink() {
      @Override
      public void resend(ByteBuf source, int seq, long timestamp, long ssrc) {
        ByteBuf copy = writer.writeOriginal(PooledByteBufAllocator.DEFAULT, source, seq,
            timestamp, ssrc);
        onWire(copy.getUnsignedShort(2));
        assertThat(copy.release()).isTrue();
      }

      @Override
      public void resendRtx(ByteBuf source, int originalSeq, long timestamp, long rtxSsrc,
          int rtxSeq, int rtxPayloadType) {
        ByteBuf packet = writer.writeRtx(PooledByteBufAllocator.DEFAULT, source, originalSeq,
            timestamp, rtxSsrc, rtxSeq, rtxPayloadType);
        onWire(packet.getUnsignedShort(12)); // the receiver restores the OSN
        assertThat(packet.release()).isTrue();
      }

      private void onWire(int outSeq) {
        int i = (outSeq - firstOut) & 0xFFFF;
        transmit(i, currentTime);
      }
    };
    long currentTime;

    Result run() {
      if (activateAtStart) {
        rt.onReceiverReport((int) Math.round(loss * 256), 0, 0, 0, 0);
      }
      for (int i = 0; i < PACKETS; i++) {
        int index = i;
        at(i * INTERVAL, () -> publish(index, index * INTERVAL));
      }
      for (long t = 10 * MS; t < DURATION + 2000 * MS; t += 10 * MS) {
        long tick = t;
        at(t, () -> sendNack(tick));
      }
      for (long t = 1000 * MS; t < DURATION + 2000 * MS; t += 1000 * MS) {
        long tick = t;
        at(t, () -> receiverReport(tick));
      }
      while (!queue.isEmpty()) {
        Event e = queue.poll();
        currentTime = e.time;
        e.action.run();
      }
      int lost = 0;
      for (boolean l : originalLost) {
        lost += l ? 1 : 0;
      }
      boolean on = rt.cache().isActive();
      ring.close();
      return new Result(lost, repaired, rt.servedCount(), on, rt.servedMappedCount());
    }

    void publish(int i, long now) {
      int seq = (65000 + i) & 0xFFFF;
      long ts = i * 3000L;
      ByteBuf packet = rtp(seq, ts, SSRC, 100);
      long key = ring.put(seq, packet, now);
      packet.release();
      assertThat(sequencer.map(SSRC, seq, ts, i == 0, now))
          .isEqualTo(RtpSequencer.Decision.FORWARD);
      if (firstOut < 0) {
        firstOut = sequencer.outSequence();
      }
      rt.onSent(sequencer.outSequence(), sequencer.outTimestamp(), key, ts, now);
      sentAt[i] = now;
      sentThisInterval++;
      int sizeBefore = queue.size();
      transmit(i, now);
      if (queue.size() == sizeBefore) { // transmit() scheduled no delivery: the link dropped it
        originalLost[i] = true;
        lostThisInterval++;
      }
    }

    void receiverReport(long now) {
      int fraction = sentThisInterval == 0 ? 0 : lostThisInterval * 256 / sentThisInterval;
      sentThisInterval = 0;
      lostThisInterval = 0;
      long lsr = 0x2000_0000L;
      long dlsr = 0x1000;
      rt.onReceiverReport(Math.min(255, fraction), lsr, dlsr,
          lsr + dlsr + NtpTime.nanosToCompact(2 * ONE_WAY), now);
    }
  }

  @ParameterizedTest(name = "{0} loss {1}, reorder {2}, dup {3}, rtx {4}")
  @CsvSource({
      "RANDOM, 0.01, 0,    0,    false, 0.99",
      "RANDOM, 0.05, 0,    0,    true,  0.99",
      "RANDOM, 0.10, 0,    0,    true,  0.99",
      "RANDOM, 0.10, 0.05, 0.02, false, 0.99",
      "RANDOM, 0.20, 0,    0,    true,  0.97",
      "BURST,  0.05, 0,    0,    true,  0.97",
      "BURST,  0.10, 0.05, 0.02, true,  0.95"})
  void repairsLossesWithinTheWindow(Loss model, double loss, double reorder, double duplicate,
      boolean rtx, double expected) {
    Result r = new Sim(42, loss, model, reorder, duplicate, rtx, false).run();
    System.out.printf("%s loss %.0f%% reorder %.0f%% dup %.0f%% rtx %s: lost %d repaired %d"
        + " (%.2f%%), resends %d (through mapping %d), cache on at end %s%n", model, loss * 100,
        reorder * 100, duplicate * 100, rtx, r.lost(), r.repaired(), 100 * r.ratio(),
        r.resends(), r.mapped(), r.cacheOnAtEnd());
    assertThat(r.lost()).isPositive();
    assertThat(r.ratio()).isGreaterThanOrEqualTo(expected);
    assertThat(r.cacheOnAtEnd()).isEqualTo(loss >= 0.05);
  }

  /** The headline: cache on, 10% random loss on the subscriber leg, ≥ 99% repaired. */
  @Test
  void cacheOnAt10PercentLossRepairsAtLeast99Percent() {
    int lost = 0;
    int repaired = 0;
    for (long seed = 1; seed <= 5; seed++) {
      Result r = new Sim(seed, 0.10, Loss.RANDOM, 0, 0, true, true).run();
      assertThat(r.cacheOnAtEnd()).isTrue();
      lost += r.lost();
      repaired += r.repaired();
      assertThat(r.ratio()).as("seed %d", seed).isGreaterThanOrEqualTo(0.99);
    }
    System.out.printf("headline: 10%% loss, cache on: lost %d repaired %d (%.2f%%)%n", lost,
        repaired, 100.0 * repaired / lost);
  }
}
