package io.sluice.nack;

import static io.sluice.nack.Packets.MS;
import static io.sluice.nack.Packets.rtp;
import static io.sluice.nack.Packets.seqOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sluice.media.routing.RtpSequencer;
import io.sluice.media.rtcp.RtcpParseResult;
import io.sluice.media.rtcp.TransportLayerNack;
import io.sluice.media.stats.NtpTime;
import io.sluice.testing.Allocations;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetransmitterTest {
  private static final long SSRC = 0x1111;
  private static final long RTX_SSRC = 0x2222;
  private static final long INTERVAL = 1_000_000_000L / 260;

  /** What the sink was given: [seq or OSN, ts, ssrc, source seq, rtx seq or -1]. */
  private final List<long[]> resent = new ArrayList<>();
  private final Retransmitter.Sink sink = new Retransmitter.Sink() {
    @Override
    public void resend(ByteBuf source, int seq, long timestamp, long ssrc) {
      resent.add(new long[] {seq, timestamp, ssrc, seqOf(source), -1});
    }

    @Override
    public void resendRtx(ByteBuf source, int originalSeq, long timestamp, long rtxSsrc,
        int rtxSeq, int rtxPayloadType) {
      resent.add(new long[] {originalSeq, timestamp, rtxSsrc, seqOf(source), rtxSeq});
    }
  };
  private final List<Long> keyframes = new ArrayList<>();
  private final List<Boolean> cacheStates = new ArrayList<>();
  private final Retransmitter.Listener listener = new Retransmitter.Listener() {
    @Override
    public void onKeyframeNeeded(long nowNanos) {
      keyframes.add(nowNanos);
    }

    @Override
    public void onCacheStateChanged(boolean active, double smoothedLoss, long nowNanos) {
      cacheStates.add(active);
    }
  };

  private final SharedTrackRing ring = new SharedTrackRing();
  private final RtpSequencer sequencer = new RtpSequencer(90000, true, 65000, 1000);
  private Retransmitter rt = new Retransmitter(ring, SSRC, Retransmitter.NO_RTX, 0, 0,
      Retransmitter.Config.DEFAULT, listener);

  @AfterEach
  void close() {
    ring.close();
  }

  /** Publishes source seq {@code seq} and forwards it; returns the subscriber's seq, or -1. */
  private int publish(long ssrc, int seq, boolean keyframe, long now) {
    long ts = seq * 3000L;
    ByteBuf packet = rtp(seq, ts, ssrc, 30);
    long key = ring.put(seq, packet, now);
    packet.release();
    if (sequencer.map(ssrc, seq, ts, keyframe, now) != RtpSequencer.Decision.FORWARD) {
      return -1;
    }
    rt.onSent(sequencer.outSequence(), sequencer.outTimestamp(), key, ts, now);
    return sequencer.outSequence();
  }

  private void activate(long now) {
    rt.onReceiverReport(26, 0, 0, 0, now); // 10% lost, no LSR yet
    assertThat(rt.cache().isActive()).isTrue();
  }

  @Test
  void servesANackForAPacketSent300msBeforeActivation() {
    int[] out = new int[260];
    for (int i = 0; i < 260; i++) {
      out[i] = publish(SSRC, 30000 + i, i == 0, i * INTERVAL);
    }
    long sentAt = 100 * INTERVAL; // ~385 ms
    long activation = sentAt + 300 * MS;
    assertThat(rt.cache().memoryBytes()).isZero();
    activate(activation);
    assertThat(rt.cache().memoryBytes()).isPositive();
    assertThat(rt.onLost(out[100], activation + 20 * MS, sink)).isTrue();
    assertThat(resent).hasSize(1);
    long[] r = resent.get(0);
    assertThat(r[0]).isEqualTo(out[100]);
    assertThat(r[1]).isEqualTo(1000 + 100 * 3000L);
    assertThat(r[2]).isEqualTo(SSRC);
    assertThat(r[3]).isEqualTo(30100);
    assertThat(rt.servedMappedCount()).isEqualTo(1);
    assertThat(rt.missCount()).isZero();
  }

  @Test
  void cacheOffStillServesThroughTheRing() {
    int out = publish(SSRC, 5, true, 0);
    publish(SSRC, 6, false, INTERVAL);
    assertThat(rt.cache().isActive()).isFalse();
    assertThat(rt.onLost(out, 10 * MS, sink)).isTrue();
    assertThat(rt.cache().memoryBytes()).isZero();
  }

  @Test
  void aRebaseInTheWindowIsAMissNeverAWrongPacket() {
    int before = -1;
    for (int i = 0; i < 50; i++) {
      int o = publish(SSRC, 1000 + i, i == 0, i * INTERVAL);
      if (i == 40) {
        before = o;
      }
    }
    // The publisher reconnects: new SSRC, the ring starts over, the sequencer rebases.
    ring.reset();
    sequencer.switchSource();
    int after = -1;
    for (int i = 0; i < 50; i++) {
      int o = publish(0x3333, 20 + i, i == 0, (50 + i) * INTERVAL);
      if (i == 10) {
        after = o;
      }
    }
    long now = 100 * INTERVAL;
    assertThat(rt.onLost(before, now, sink)).isFalse();
    assertThat(rt.onLost(after, now, sink)).isTrue();
    assertThat(resent.get(0)[3]).isEqualTo(30);
    assertThat(keyframes).containsExactly(now);
    // Same with the cache on (entries keep their keys, which the ring no longer holds).
    activate(now);
    for (int i = 50; i < 60; i++) {
      publish(0x3333, 20 + i, false, (50 + i) * INTERVAL);
    }
    sequencer.switchSource();
    ring.reset();
    int rebased = publish(0x4444, 7, true, 111 * INTERVAL);
    int old = sequencer.lastOutSequence() - 3 & 0xFFFF;
    assertThat(rt.onLost(old, 112 * INTERVAL, sink)).isFalse();
    assertThat(rt.onLost(rebased, 112 * INTERVAL, sink)).isTrue();
    assertThat(resent.get(1)[3]).isEqualTo(7);
  }

  @Test
  void aDeliberateDropInTheWindowKeepsCachedPacketsExact() {
    activate(0);
    int[] out = new int[20];
    for (int i = 0; i < 20; i++) {
      out[i] = publish(SSRC, 500 + i, i == 0, i * INTERVAL);
      if (i == 10) {
        sequencer.dropLast(); // not sent: the sequencer closes the gap
        out[i] = -1;
      }
    }
    for (int i = 0; i < 20; i++) {
      if (out[i] >= 0) {
        assertThat(rt.onLost(out[i], 20 * INTERVAL, sink)).isTrue();
        assertThat(resent.get(resent.size() - 1)[3]).isEqualTo(500 + i);
      }
    }
  }

  @Test
  void suppressedWithinOneRttFromTheReceiverReport() {
    activate(0);
    int out = publish(SSRC, 1, true, 0);
    // RTT 30 ms: A - LSR - DLSR in compact NTP units.
    long lsr = 0x1000_0000L;
    long dlsr = 0x8000;
    rt.onReceiverReport(26, lsr, dlsr, lsr + dlsr + NtpTime.nanosToCompact(30 * MS), 0);
    assertThat(rt.roundTripNanos()).isBetween(29 * MS, 31 * MS);
    assertThat(rt.onLost(out, 10 * MS, sink)).isTrue();
    assertThat(rt.onLost(out, 25 * MS, sink)).isFalse();
    assertThat(rt.suppressedByRttCount()).isEqualTo(1);
    assertThat(rt.onLost(out, 41 * MS, sink)).isTrue();
  }

  @Test
  void atMostThreeResends() {
    activate(0);
    int out = publish(SSRC, 1, true, 0);
    int served = 0;
    for (int i = 0; i < 6; i++) {
      served += rt.onLost(out, (i + 1) * 150 * MS, sink) ? 1 : 0;
    }
    assertThat(served).isEqualTo(Retransmitter.DEFAULT_MAX_RESENDS);
    assertThat(rt.suppressedByLimitCount()).isEqualTo(3);
    assertThat(keyframes).as("a limited packet is not a miss").isEmpty();
  }

  @Test
  void missesAskForKeyframesRateLimited() {
    int out = publish(SSRC, 1, true, 0);
    publish(SSRC, 2, false, 0);
    long late = 1500 * MS; // out of the window
    rt.onLost(out, late, sink);
    rt.onLost(out, late + 100 * MS, sink);
    rt.onLost(out, late + 499 * MS, sink);
    rt.onLost(out, late + 500 * MS, sink);
    rt.onLost((out + 100) & 0xFFFF, late + 600 * MS, sink); // never sent
    assertThat(rt.missCount()).isEqualTo(5);
    assertThat(keyframes).containsExactly(late, late + 500 * MS);
  }

  @Test
  void rtxUsesItsOwnSequenceAcrossTheWrapAndCarriesTheOsn() {
    rt = new Retransmitter(ring, SSRC, RTX_SSRC, 97, 65535, Retransmitter.Config.DEFAULT, listener);
    activate(0);
    int a = publish(SSRC, 10, true, 0);
    int b = publish(SSRC, 11, false, INTERVAL);
    RtxPacket writer = new RtxPacket();
    List<ByteBuf> written = new ArrayList<>();
    Retransmitter.Sink rtxSink = new Retransmitter.Sink() {
      @Override
      public void resend(ByteBuf source, int seq, long timestamp, long ssrc) {
        throw new AssertionError("RTX negotiated");
      }

      @Override
      public void resendRtx(ByteBuf source, int originalSeq, long timestamp, long rtxSsrc,
          int rtxSeq, int rtxPayloadType) {
        written.add(writer.writeRtx(PooledByteBufAllocator.DEFAULT, source, originalSeq,
            timestamp, rtxSsrc, rtxSeq, rtxPayloadType));
      }
    };
    // Through a real NACK on the wire.
    ByteBuf nack = Unpooled.buffer();
    TransportLayerNack.write(nack, 9, SSRC, new int[] {a, b}, 0, 2);
    TransportLayerNack.View view = new TransportLayerNack.View();
    assertThat(view.tryWrap(nack)).isEqualTo(RtcpParseResult.OK);
    assertThat(rt.onNack(view, 10 * MS, rtxSink)).isEqualTo(2);
    assertThat(nack.release()).isTrue();
    assertThat(written).hasSize(2);
    assertThat(written.get(0).getUnsignedShort(2)).isEqualTo(65535);
    assertThat(written.get(1).getUnsignedShort(2)).isZero();
    assertThat(written.get(0).getUnsignedInt(8)).isEqualTo(RTX_SSRC);
    assertThat(written.get(0).getUnsignedShort(12)).as("OSN").isEqualTo(a);
    assertThat(written.get(1).getUnsignedShort(12)).as("OSN").isEqualTo(b);
    assertThat(written.get(1).getUnsignedInt(4)).isEqualTo(1000 + 3000);
    for (ByteBuf w : written) {
      assertThat(w.release()).isTrue();
    }
  }

  @Test
  void sendAndNackPathsDoNotAllocate() {
    // wrappedBuffer: not leak-tracked, so retain/release record nothing.
    ByteBuf packet = Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 96, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 1, 1, 2, 3});
    Retransmitter.Sink noop = new Retransmitter.Sink() {
      @Override
      public void resend(ByteBuf source, int seq, long timestamp, long ssrc) {}

      @Override
      public void resendRtx(ByteBuf source, int originalSeq, long timestamp, long rtxSsrc,
          int rtxSeq, int rtxPayloadType) {}
    };
    long[] now = {0};
    int[] seq = {0};
    Runnable round = () -> {
      for (int i = 0; i < 2000; i++) {
        long t = now[0] += INTERVAL;
        int s = seq[0]++ & 0xFFFF;
        long key = ring.put(s, packet, t);
        rt.onSent(s + 7 & 0xFFFF, s * 3000L, key, s * 3000L, t);
        rt.onLost(s - 20 + 7 & 0xFFFF, t, noop);
        rt.onLost(s - 5000 & 0xFFFF, t, noop); // miss
      }
    };
    round.run(); // ring growth, if any, happens here
    assertThat(Allocations.allocatedBy(round)).as("cache off").isLessThan(1024);
    activate(now[0]);
    round.run();
    assertThat(Allocations.allocatedBy(round)).as("cache on").isLessThan(1024);
    ring.close();
    assertThat(packet.release()).isTrue();
  }
}
