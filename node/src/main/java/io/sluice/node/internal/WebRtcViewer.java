package io.sluice.node.internal;

import io.netty.buffer.ByteBuf;
import io.sluice.media.routing.MediaSink;
import io.sluice.media.routing.RtpSequencer;
import io.sluice.media.routing.Stream;
import io.sluice.media.routing.Track;
import io.sluice.media.rtcp.ReceiverReport;
import io.sluice.media.rtcp.ReportBlock;
import io.sluice.media.rtcp.RtcpCompoundIterator;
import io.sluice.media.rtcp.RtcpHeader;
import io.sluice.media.rtcp.RtcpParseResult;
import io.sluice.media.rtcp.SenderReport;
import io.sluice.media.rtcp.SourceDescription;
import io.sluice.media.rtcp.TransportLayerNack;
import io.sluice.media.rtp.RtpPacket;
import io.sluice.media.stats.NtpTime;
import io.sluice.media.stats.RoundTripTime;
import io.sluice.media.stats.SenderStatistics;
import io.sluice.nack.Retransmitter;
import io.sluice.nack.SharedTrackRing;
import io.sluice.transport.internal.session.CloseReason;
import io.sluice.transport.internal.session.TransportSession;
import io.sluice.transport.internal.session.TransportSessionListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A stream's sink over WebRTC: a WHEP viewer (or an edge pulling from this node). Per track it
 * has its own SSRC, payload type, sequence numbers and timestamps ({@link RtpSequencer}), so its
 * output stays continuous when the publisher reconnects or is replaced; it sends sender reports
 * with its own timestamps, reads the viewer's receiver reports (loss, jitter, RTT), answers NACKs
 * through a {@link Retransmitter} (RTX when negotiated) and turns PLI/FIR into rate-limited
 * keyframe requests to the publisher.
 *
 * <p>Media methods run on the stream thread. RTCP from the viewer arrives on the viewer's loop and
 * is handed to the stream thread ({@link Stream#execute}), because the SRTP send context and the
 * retransmitter belong to the stream thread.
 */
final class WebRtcViewer implements MediaSink, TransportSessionListener {
  private static final long SR_INTERVAL_NANOS = 1_000_000_000L;
  /** The longest wait, after DTLS, for the viewer to show it has its keys (see onConnected). */
  static final Duration SUBSCRIBE_DELAY = Duration.ofMillis(100);

  /** What the viewer sees of one published track. */
  static final class Out {
    final Track.Kind kind;
    final int payloadType;
    final int rtxPayloadType;
    final long ssrc;
    final long rtxSsrc;
    final int clockRate;
    final RtpSequencer sequencer;
    final SenderStatistics sender;
    @Nullable Retransmitter retransmitter;
    long lastSrNanos;
    // Receiver-report figures, written on the viewer's loop.
    volatile int fractionLost;
    volatile long cumulativeLost;
    volatile long jitter;
    volatile long rttNanos = -1;
    volatile long nacks;
    volatile long retransmitted;

    Out(Track.Kind kind, int payloadType, int rtxPayloadType, long ssrc, long rtxSsrc,
        int clockRate, int randomSeq, long randomTs) {
      this.kind = kind;
      this.payloadType = payloadType;
      this.rtxPayloadType = rtxPayloadType;
      this.ssrc = ssrc;
      this.rtxSsrc = rtxSsrc;
      this.clockRate = clockRate;
      this.sequencer = new RtpSequencer(clockRate, kind == Track.Kind.VIDEO, randomSeq & 0xFFFF,
          randomTs & 0xFFFF_FFFFL);
      this.sender = new SenderStatistics(ssrc, clockRate);
    }
  }

  private final NodeContext node;
  private final Stream stream;
  private final String sessionId;
  private final String cname;
  private final Out[] outs = new Out[Stream.MAX_TRACKS];
  private final List<Out> outList;
  private final RtpPacket resendView = new RtpPacket();
  private final RtcpCompoundIterator rtcp = new RtcpCompoundIterator();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final AtomicBoolean subscribing = new AtomicBoolean();
  private final Retransmitter.Sink resendSink = new Retransmitter.Sink() {
    @Override
    public void resend(ByteBuf source, int seq, long timestamp, long ssrc) {
      Out o = outBySsrc(ssrc);
      if (o != null) {
        send(source, o.payloadType, seq, timestamp, ssrc, -1, o);
      }
    }

    @Override
    public void resendRtx(ByteBuf source, int originalSeq, long timestamp, long rtxSsrc,
        int rtxSeq, int rtxPayloadType) {
      Out o = outBySsrc(rtxSsrc);
      if (o != null) {
        send(source, rtxPayloadType, rtxSeq, timestamp, rtxSsrc, originalSeq, o);
      }
    }
  };
  private volatile @Nullable TransportSession session;
  private volatile boolean subscribed;
  private volatile long sentPackets;
  private volatile long sentBytes;
  private volatile long connectedNanos;
  private volatile long firstPacketNanos;
  private final long createdNanos = System.nanoTime();

  /**
   * @param outs what the viewer negotiated for each published track, by track index (null for
   *     tracks it does not receive)
   */
  WebRtcViewer(NodeContext node, Stream stream, String sessionId, String cname, Out[] outs) {
    this.node = node;
    this.stream = stream;
    this.sessionId = sessionId;
    this.cname = cname;
    System.arraycopy(outs, 0, this.outs, 0, Math.min(outs.length, this.outs.length));
    java.util.ArrayList<Out> list = new java.util.ArrayList<>();
    for (Out o : this.outs) {
      if (o != null) {
        list.add(o);
      }
    }
    this.outList = List.copyOf(list);
  }

  void attach(TransportSession session) {
    this.session = session;
  }

  String sessionId() {
    return sessionId;
  }

  Stream stream() {
    return stream;
  }

  List<Out> outs() {
    return outList;
  }

  long sentPackets() {
    return sentPackets;
  }

  long sentBytes() {
    return sentBytes;
  }

  /** Time from the session's creation (the WHEP POST) to the first media packet sent, or -1. */
  long joinNanos() {
    long f = firstPacketNanos;
    return f == 0 ? -1 : f - createdNanos;
  }

  @Nullable TransportSession session() {
    return session;
  }

  // ---- transport events ----------------------------------------------------------------------

  @Override
  public void onConnected(TransportSession s) {
    connectedNanos = System.nanoTime();
    if (stream.isClosed()) {
      s.close();
      return;
    }
    // Subscribe only once the viewer can decrypt: the GOP cache is replayed on subscription,
    // and a key frame that arrives before the viewer has its SRTP keys is lost until the next
    // one. Our DTLS side may finish before the viewer's (it sends the last flight), so wait for
    // the viewer's first SRTCP packet, or SUBSCRIBE_DELAY, whichever comes first.
    CompletableFuture.delayedExecutor(SUBSCRIBE_DELAY.toMillis(), TimeUnit.MILLISECONDS)
        .execute(this::subscribeOnce);
  }

  private void subscribeOnce() {
    if (!subscribing.compareAndSet(false, true) || ended.get()) {
      return;
    }
    TransportSession s = session;
    try {
      stream.subscribe(this);
      subscribed = true;
    } catch (IllegalStateException closed) {
      if (s != null) {
        s.close();
      }
      return;
    }
    node.events().viewerJoined(stream.id(), sessionId);
  }

  @Override
  public void onClosed(TransportSession s, CloseReason reason, String detail) {
    end();
  }

  /** Ends the viewer: unsubscribes and tells signaling. Idempotent. */
  void end() {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    stream.unsubscribe(this);
    TransportSession s = session;
    if (s != null) {
      s.close();
    }
    if (subscribed) {
      node.events().viewerLeft(stream.id(), sessionId);
    }
    node.events().sessionEnded(sessionId);
  }

  // ---- media (stream thread) -----------------------------------------------------------------

  @Override
  public void onRtp(Track track, RtpPacket packet, boolean keyframe, long nowNanos) {
    Out o = outs[track.index()];
    TransportSession s = session;
    if (o == null || s == null) {
      return;
    }
    RtpSequencer.Decision d = o.sequencer.map(packet.ssrc(), packet.sequenceNumber(),
        packet.timestamp(), keyframe, nowNanos);
    if (d != RtpSequencer.Decision.FORWARD) {
      if (d == RtpSequencer.Decision.DROP_AWAITING_KEYFRAME) {
        stream.requestKeyframe(track); // rate-limited per publisher
      }
      return;
    }
    int outSeq = o.sequencer.outSequence();
    long outTs = o.sequencer.outTimestamp();
    ByteBuf header = PacketWriter.header(node.alloc(), s.protectsIntoDirectBuffers(), packet,
        o.payloadType, packet.marker(), outSeq, outTs, o.ssrc);
    Retransmitter r = o.retransmitter;
    if (r != null) {
      RingTap tap = node.tap(stream);
      long key = tap == null ? -1 : tap.lastKey(track.index());
      r.onSent(outSeq, outTs, key, packet.timestamp(), nowNanos);
    }
    o.sender.onPacketSent(outTs, packet.payloadLength(), nowNanos);
    int bytes = PacketWriter.HEADER + packet.payloadLength();
    if (s.sendRtp(header, packet.buffer(), packet.payloadOffset(), packet.payloadLength(), false)) {
      if (firstPacketNanos == 0) {
        firstPacketNanos = nowNanos;
      }
      sentPackets++;
      sentBytes += bytes;
    }
    if (nowNanos - o.lastSrNanos >= SR_INTERVAL_NANOS) {
      o.lastSrNanos = nowNanos;
      sendSenderReport(s, o, nowNanos);
      if (r != null) {
        r.evaluate(nowNanos);
      }
    }
  }

  @Override
  public void flush() {
    TransportSession s = session;
    if (s != null) {
      s.flush();
    }
  }

  @Override
  public void onSourceChanged(Stream from) {
    for (Out o : outList) {
      o.sequencer.switchSource(); // rebase at the new source's next keyframe, keep ts monotonic
    }
  }

  @Override
  public void removed(Stream from) {
    end();
  }

  private void sendSenderReport(TransportSession s, Out o, long now) {
    long ntp = NtpTime.fromUnixNanos(System.currentTimeMillis() * 1_000_000L);
    ByteBuf out = node.alloc().heapBuffer(128);
    SenderReport.write(out, o.ssrc, ntp, o.sender.rtpTimestampAt(now), o.sender.packetCount(),
        o.sender.octetCount(), List.of());
    SourceDescription.ofCname(o.ssrc, cname).write(out);
    s.sendRtcp(out, false);
  }

  private void send(ByteBuf source, int payloadType, int seq, long timestamp, long ssrc, int osn,
      Out o) {
    TransportSession s = session;
    if (s == null || resendView.tryWrap(source) != RtpPacket.Result.OK) {
      return;
    }
    try {
      ByteBuf copy = PacketWriter.write(node.alloc(), resendView, payloadType,
          resendView.marker(), seq, timestamp, ssrc, osn);
      if (s.sendRtp(copy, true)) {
        o.retransmitted++;
      }
    } finally {
      resendView.clear();
    }
  }

  private @Nullable Out outBySsrc(long ssrc) {
    for (Out o : outList) {
      if (o.ssrc == ssrc || o.rtxSsrc == ssrc) {
        return o;
      }
    }
    return null;
  }

  /** Sets up NACK service for a video out, reading the stream's ring of {@code track}. */
  void enableRetransmission(Track track, SharedTrackRing ring) {
    Out o = outs[track.index()];
    if (o == null) {
      return;
    }
    o.retransmitter = new Retransmitter(ring, o.ssrc,
        o.rtxPayloadType >= 0 ? o.rtxSsrc : Retransmitter.NO_RTX, Math.max(0, o.rtxPayloadType),
        node.randomInt(), node.config().retransmit(), new Retransmitter.Listener() {
          @Override
          public void onKeyframeNeeded(long nowNanos) {
            stream.requestKeyframe(track);
          }

          @Override
          public void onCacheStateChanged(boolean active, double smoothedLoss, long nowNanos) {
            node.events().viewerLoss(stream.id(), sessionId, active, smoothedLoss);
          }
        });
  }

  // ---- RTCP from the viewer (its loop) -------------------------------------------------------

  @Override
  public void onRtcp(TransportSession s, ByteBuf packet) {
    if (!subscribing.get() && session != null && session.isConnected()) {
      subscribeOnce(); // the viewer decrypts and encrypts: it has its keys
    }
    try {
      if (rtcp.tryWrap(packet) != RtcpParseResult.OK) {
        return;
      }
      long now = System.nanoTime();
      long arrival = NtpTime.compact(NtpTime.fromUnixNanos(System.currentTimeMillis() * 1_000_000L));
      while (rtcp.next()) {
        int type = rtcp.packetType();
        ByteBuf buf = rtcp.buffer();
        int index = rtcp.index();
        int length = rtcp.length();
        int fmt = RtcpHeader.count(buf, index);
        if (type == RtcpHeader.PT_RR) {
          onReportBlocks(ReceiverReport.parse(buf, index, length).reportBlocks(), arrival, now);
        } else if (type == RtcpHeader.PT_SR) {
          onReportBlocks(SenderReport.parse(buf, index, length).reportBlocks(), arrival, now);
        } else if (type == RtcpHeader.PT_RTPFB && fmt == TransportLayerNack.FMT) {
          TransportLayerNack nack = TransportLayerNack.parse(buf, index, length);
          Out o = outBySsrc(nack.mediaSsrc());
          if (o != null) {
            int[] lost = nack.lostSequenceNumbers();
            o.nacks += lost.length;
            stream.execute(() -> serveNack(o, lost));
          }
        } else if (type == RtcpHeader.PT_PSFB && (fmt == 1 || fmt == 4)) {
          Track video = stream.track(Track.Kind.VIDEO);
          if (video != null) {
            stream.requestKeyframe(video);
          }
        }
      }
    } catch (RuntimeException malformed) {
      // A malformed report inside an authenticated compound: dropped, the session goes on.
    } finally {
      rtcp.clear();
      packet.release();
    }
  }

  private void onReportBlocks(List<ReportBlock> blocks, long arrivalCompactNtp, long now) {
    for (ReportBlock b : blocks) {
      Out o = outBySsrc(b.ssrc());
      if (o == null) {
        continue;
      }
      o.fractionLost = b.fractionLost();
      o.cumulativeLost = b.cumulativeLost();
      o.jitter = b.jitter();
      long rtt = RoundTripTime.nanos(arrivalCompactNtp, b.lastSr(), b.delaySinceLastSr());
      if (rtt != RoundTripTime.UNKNOWN) {
        o.rttNanos = rtt;
      }
      Retransmitter r = o.retransmitter;
      if (r != null) {
        stream.execute(() -> r.onReceiverReport(b.fractionLost(), b.lastSr(),
            b.delaySinceLastSr(), arrivalCompactNtp, now));
      }
    }
  }

  private void serveNack(Out o, int[] lost) {
    Retransmitter r = o.retransmitter;
    if (r == null) {
      return;
    }
    long now = System.nanoTime();
    r.policy().onNack(lost.length, now);
    for (int seq : lost) {
      r.onLost(seq, now, resendSink);
    }
  }

  @Override
  public String toString() {
    return "WebRtcViewer(" + sessionId + ", " + stream.id() + ")";
  }
}
