package io.sluice.nack;

import io.netty.buffer.ByteBuf;
import io.sluice.media.rtcp.TransportLayerNack;
import io.sluice.media.rtp.SequenceMath;
import io.sluice.media.stats.RoundTripTime;

/**
 * Serves one subscriber's NACKs (RFC 4585 §6.2.1) for one outgoing SSRC: decides, for each lost
 * sequence number, whether to resend, from where, and on which stream (RFC 4588 RTX or the
 * original SSRC). It owns the subscriber's {@link RetransmitCache} and {@link LossPolicy}, and
 * reads packet bytes from the track's {@link SharedTrackRing}.
 *
 * <p><b>Per lost sequence number:</b>
 * <ol>
 *   <li>Look it up in the cache (if on). If not there, map it through the offsets the cache
 *       followed while sending ({@link RetransmitCache#mappedSourceKey}), which serves packets sent
 *       before activation, as long as the sequencing was not rebased since.
 *   <li>Fetch the bytes from the ring. Nothing found: a <em>miss</em>, counted. When
 *       {@link Config#keyframeMissThreshold()} misses fall within
 *       {@link Config#missPeriodNanos()}, the {@link Listener} is asked for a keyframe from the
 *       publisher, at most once per {@link Config#keyframeMinIntervalNanos()}: Chrome only decodes
 *       complete frames when NACK is negotiated, so an unanswered NACK freezes video until the next
 *       keyframe.
 *   <li>From the cache: suppress if resent less than one RTT ago (the resend may still be in
 *       flight), or if already resent {@link Config#maxResends()} times (default
 *       {@link #DEFAULT_MAX_RESENDS}, as LiveKit). Packets served through the mapping have no
 *       per-packet state, so neither limit applies to them; they are at most one window of packets
 *       sent while the leg was clean.
 *   <li>Hand the packet to the {@link Sink}: with the RTX SSRC, the RTX stream's next sequence
 *       number and the original sequence number as OSN if the subscriber negotiated RTX; otherwise
 *       with the subscriber's own sequence number, timestamp and SSRC.
 * </ol>
 *
 * <p><b>RTT.</b> From the subscriber's receiver reports (LSR/DLSR, RFC 3550 §6.4.1), via
 * {@link #onReceiverReport}; {@link #DEFAULT_RTT_NANOS} until the first one.
 *
 * <p>Not thread-safe: one instance per subscriber and outgoing SSRC, on its event loop. Sending and
 * NACK handling are allocation-free (the cache's arrays are allocated when the policy switches it
 * on). The {@link Sink} decides whether a resend allocates (writing a packet does, once).
 */
public final class Retransmitter {
  /** Default resend limit per packet. */
  public static final int DEFAULT_MAX_RESENDS = 3;
  /** RTT assumed before the first receiver report with LSR/DLSR: 100 ms. */
  public static final long DEFAULT_RTT_NANOS = 100_000_000L;
  /** Smallest RTT used for suppression, against clock error in reports: 5 ms. */
  public static final long MIN_RTT_NANOS = 5_000_000L;
  /** Default misses within {@link #DEFAULT_MISS_PERIOD_NANOS} that ask for a keyframe: one. */
  public static final int DEFAULT_KEYFRAME_MISS_THRESHOLD = 1;
  /** Default period over which misses are counted: 1 s. */
  public static final long DEFAULT_MISS_PERIOD_NANOS = 1_000_000_000L;
  /** Default minimum interval between keyframe requests: 500 ms. */
  public static final long DEFAULT_KEYFRAME_MIN_INTERVAL_NANOS = 500_000_000L;
  /** Marks "no RTX" for the RTX SSRC. */
  public static final long NO_RTX = -1;

  /**
   * Immutable settings.
   *
   * @param maxResends resends per packet, 1..127
   * @param keyframeMissThreshold misses within {@code missPeriodNanos} that ask for a keyframe, ≥ 1
   * @param missPeriodNanos the miss-counting period, > 0
   * @param keyframeMinIntervalNanos minimum time between keyframe requests, ≥ 0
   * @param cacheMaxAgeNanos the subscriber cache's age bound, > 0
   * @param lossPolicy when to switch the cache on and off
   */
  public record Config(int maxResends, int keyframeMissThreshold, long missPeriodNanos,
      long keyframeMinIntervalNanos, long cacheMaxAgeNanos, LossPolicy.Config lossPolicy) {
    /** The defaults named on {@link Retransmitter}, {@link RetransmitCache} and {@link LossPolicy}. */
    public static final Config DEFAULT = new Config(DEFAULT_MAX_RESENDS,
        DEFAULT_KEYFRAME_MISS_THRESHOLD, DEFAULT_MISS_PERIOD_NANOS,
        DEFAULT_KEYFRAME_MIN_INTERVAL_NANOS, RetransmitCache.DEFAULT_MAX_AGE_NANOS,
        LossPolicy.Config.DEFAULT);

    /** Validates the ranges above. */
    public Config {
      if (maxResends < 1 || maxResends > Byte.MAX_VALUE) {
        throw new IllegalArgumentException("maxResends: " + maxResends + " (expected: 1..127)");
      }
      if (keyframeMissThreshold < 1) {
        throw new IllegalArgumentException(
            "keyframeMissThreshold: " + keyframeMissThreshold + " (expected: >= 1)");
      }
      if (missPeriodNanos <= 0 || keyframeMinIntervalNanos < 0 || cacheMaxAgeNanos <= 0) {
        throw new IllegalArgumentException("missPeriodNanos " + missPeriodNanos
            + ", keyframeMinIntervalNanos " + keyframeMinIntervalNanos + ", cacheMaxAgeNanos "
            + cacheMaxAgeNanos + " (expected: > 0, >= 0, > 0)");
      }
    }

    /** Returns a copy with another resend limit. */
    public Config withMaxResends(int value) {
      return new Config(value, keyframeMissThreshold, missPeriodNanos, keyframeMinIntervalNanos,
          cacheMaxAgeNanos, lossPolicy);
    }

    /** Returns a copy with another loss policy. */
    public Config withLossPolicy(LossPolicy.Config value) {
      return new Config(maxResends, keyframeMissThreshold, missPeriodNanos,
          keyframeMinIntervalNanos, cacheMaxAgeNanos, value);
    }
  }

  /**
   * Receives the packets to resend. The source buffer is lent by the ring: use it within the call
   * (for example write it with {@link RtxPacket}) and do not release or modify it.
   */
  public interface Sink {
    /** Resend on the original SSRC with the subscriber's sequence number and timestamp. */
    void resend(ByteBuf source, int seq, long timestamp, long ssrc);

    /**
     * Resend as RTX (RFC 4588): on {@code rtxSsrc} with {@code rtxSeq}, OSN {@code originalSeq},
     * and the subscriber's timestamp.
     */
    void resendRtx(ByteBuf source, int originalSeq, long timestamp, long rtxSsrc, int rtxSeq,
        int rtxPayloadType);
  }

  /** Events for the node: keyframe requests and cache changes. */
  public interface Listener {
    /** NACKs went unanswered: ask the publisher for a keyframe (PLI or FIR). */
    void onKeyframeNeeded(long nowNanos);

    /** The loss policy switched the subscriber's cache on or off. */
    default void onCacheStateChanged(boolean active, double smoothedLoss, long nowNanos) {}
  }

  private final SharedTrackRing ring;
  private final long ssrc;
  private final long rtxSsrc;
  private final int rtxPayloadType;
  private final Config config;
  private final Listener listener;
  private final RetransmitCache cache;
  private final LossPolicy policy;
  private final NackVisitor visitor = new NackVisitor();

  private int rtxSeq;
  private long rttNanos = DEFAULT_RTT_NANOS;
  private long missPeriodStart = Long.MIN_VALUE;
  private int missesInPeriod;
  private long lastKeyframeRequest = Long.MIN_VALUE;

  private long served;
  private long servedMapped;
  private long misses;
  private long suppressedRtt;
  private long suppressedLimit;
  private long keyframeRequests;

  /**
   * Creates a retransmitter with its cache off.
   *
   * @param ring the published track's packets
   * @param ssrc the subscriber's SSRC for this track
   * @param rtxSsrc the subscriber's RTX SSRC, or {@link #NO_RTX}
   * @param rtxPayloadType the RTX payload type (ignored without RTX)
   * @param initialRtxSeq the RTX stream's first sequence number (RFC 3550: random)
   * @param config the settings
   * @param listener keyframe requests and cache changes
   */
  public Retransmitter(SharedTrackRing ring, long ssrc, long rtxSsrc, int rtxPayloadType,
      int initialRtxSeq, Config config, Listener listener) {
    this.ring = ring;
    this.ssrc = ssrc;
    this.rtxSsrc = rtxSsrc;
    this.rtxPayloadType = rtxPayloadType;
    this.rtxSeq = initialRtxSeq & 0xFFFF;
    this.config = config;
    this.listener = listener;
    this.cache = new RetransmitCache(config.cacheMaxAgeNanos());
    this.policy = new LossPolicy(config.lossPolicy(), this::onPolicy);
  }

  private void onPolicy(boolean active, double loss, long nowNanos) {
    if (active) {
      cache.activate(ring.capacity());
    } else {
      cache.deactivate();
    }
    listener.onCacheStateChanged(active, loss, nowNanos);
  }

  /**
   * The send path: records a packet sent to the subscriber. Allocation-free.
   *
   * @param outSeq the sequence number the subscriber saw
   * @param outTimestamp the timestamp the subscriber saw
   * @param sourceKey the packet's key in the ring, from {@link SharedTrackRing#put}
   * @param sourceTimestamp the packet's timestamp as published
   * @param nowNanos the send time
   */
  public void onSent(int outSeq, long outTimestamp, long sourceKey, long sourceTimestamp,
      long nowNanos) {
    cache.onSent(outSeq, outTimestamp, sourceKey, sourceTimestamp, nowNanos);
    policy.onSent(1);
  }

  /**
   * Feeds a receiver report block about this stream: loss for the policy, LSR/DLSR for the RTT.
   *
   * @param fractionLost 8-bit fixed point (0..255)
   * @param lastSr the block's LSR
   * @param delaySinceLastSr the block's DLSR
   * @param arrivalCompactNtp the compact NTP time the report arrived
   */
  public void onReceiverReport(int fractionLost, long lastSr, long delaySinceLastSr,
      long arrivalCompactNtp, long nowNanos) {
    long rtt = RoundTripTime.nanos(arrivalCompactNtp, lastSr, delaySinceLastSr);
    if (rtt != RoundTripTime.UNKNOWN) {
      setRoundTripNanos(rtt);
    }
    policy.onReceiverReport(fractionLost, nowNanos);
  }

  /** Sets the RTT used for suppression, when the node measures it another way. */
  public void setRoundTripNanos(long rttNanos) {
    this.rttNanos = Math.max(MIN_RTT_NANOS, rttNanos);
  }

  /** Timer hook: lets the policy switch the cache off after its hold time. */
  public void evaluate(long nowNanos) {
    policy.evaluate(nowNanos);
  }

  /**
   * The NACK path: handles every lost sequence number of a NACK about this stream.
   * Allocation-free, apart from what the sink does. Feeds the loss policy with the sequence
   * numbers newer than any NACKed before, so that a receiver's repeated NACKs for one loss count
   * once.
   *
   * @param nack a view bound to the subscriber's NACK; borrowed
   * @param sink receives the resends, synchronously
   * @return the number of packets handed to the sink
   */
  public int onNack(TransportLayerNack.View nack, long nowNanos, Sink sink) {
    visitor.begin(nowNanos, sink);
    nack.forEachLost(visitor);
    policy.onNack(visitor.newlyLost, nowNanos);
    return visitor.resent;
  }

  /**
   * Handles one lost sequence number; see the class javadoc. Does not feed the loss policy.
   *
   * @return true if a packet was handed to {@code sink}
   */
  public boolean onLost(int outSeq, long nowNanos, Sink sink) {
    int slot = cache.find(outSeq, nowNanos);
    long key;
    long timestamp;
    if (slot != RetransmitCache.NOT_FOUND) {
      if (cache.resendCount(slot) >= config.maxResends()) {
        suppressedLimit++;
        return false;
      }
      if (cache.resendCount(slot) > 0 && nowNanos - cache.lastResendNanos(slot) < rttNanos) {
        suppressedRtt++;
        return false;
      }
      key = cache.sourceKey(slot);
      timestamp = cache.timestamp(slot);
    } else {
      key = cache.mappedSourceKey(outSeq);
      timestamp = -1;
    }
    ByteBuf source = key < 0 ? null : ring.get(key, nowNanos);
    if (source == null) {
      miss(nowNanos);
      return false;
    }
    if (slot != RetransmitCache.NOT_FOUND) {
      cache.markResent(slot, nowNanos);
    } else {
      // RTP timestamp: bytes 4..7 of the fixed header.
      timestamp = SequenceMath.tsAdd(source.getUnsignedInt(source.readerIndex() + 4),
          cache.timestampOffset());
      servedMapped++;
    }
    served++;
    if (rtxSsrc == NO_RTX) {
      sink.resend(source, outSeq & 0xFFFF, timestamp, ssrc);
    } else {
      int seq = rtxSeq;
      rtxSeq = SequenceMath.seqAdd(rtxSeq, 1);
      sink.resendRtx(source, outSeq & 0xFFFF, timestamp, rtxSsrc, seq, rtxPayloadType);
    }
    return true;
  }

  private void miss(long nowNanos) {
    misses++;
    if (nowNanos - missPeriodStart >= config.missPeriodNanos()
        || missPeriodStart == Long.MIN_VALUE) {
      missPeriodStart = nowNanos;
      missesInPeriod = 0;
    }
    missesInPeriod++;
    if (missesInPeriod >= config.keyframeMissThreshold()
        && (lastKeyframeRequest == Long.MIN_VALUE
            || nowNanos - lastKeyframeRequest >= config.keyframeMinIntervalNanos())) {
      lastKeyframeRequest = nowNanos;
      missesInPeriod = 0;
      keyframeRequests++;
      listener.onKeyframeNeeded(nowNanos);
    }
  }

  /** Reused across NACKs so that visiting allocates nothing. */
  private final class NackVisitor implements TransportLayerNack.LostPacketVisitor {
    long now;
    Sink sink;
    int newlyLost;
    int resent;
    /** The newest sequence number NACKed so far: older ones are repeats, for the policy. */
    int highestNacked = -1;

    void begin(long nowNanos, Sink s) {
      now = nowNanos;
      sink = s;
      newlyLost = 0;
      resent = 0;
    }

    @Override
    public void onLost(int sequenceNumber) {
      if (highestNacked < 0 || SequenceMath.isSeqNewer(sequenceNumber, highestNacked)) {
        highestNacked = sequenceNumber;
        newlyLost++;
      }
      if (Retransmitter.this.onLost(sequenceNumber, now, sink)) {
        resent++;
      }
    }
  }

  /** The subscriber's cache (for inspection and memory accounting). */
  public RetransmitCache cache() {
    return cache;
  }

  /** The subscriber's loss policy. */
  public LossPolicy policy() {
    return policy;
  }

  /** The RTT used for suppression. */
  public long roundTripNanos() {
    return rttNanos;
  }

  /** Packets handed to the sink. */
  public long servedCount() {
    return served;
  }

  /** Of those, packets served through the offset mapping rather than the cache. */
  public long servedMappedCount() {
    return servedMapped;
  }

  /** Lost sequence numbers that could not be served. */
  public long missCount() {
    return misses;
  }

  /** Resends suppressed because the last one was less than an RTT ago. */
  public long suppressedByRttCount() {
    return suppressedRtt;
  }

  /** Resends suppressed by the resend limit. */
  public long suppressedByLimitCount() {
    return suppressedLimit;
  }

  /** Keyframe requests made. */
  public long keyframeRequestCount() {
    return keyframeRequests;
  }
}
