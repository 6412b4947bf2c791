package io.sluice.benchmarks.bees;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.sluice.media.rtcp.PictureLossIndication;
import io.sluice.media.rtcp.RtcpCompoundIterator;
import io.sluice.media.rtcp.RtcpHeader;
import io.sluice.media.rtcp.SenderReport;
import io.sluice.media.rtcp.TransportLayerNack;
import io.sluice.media.rtp.RtpPacket;
import io.sluice.media.stats.ReceiverStatistics;
import io.sluice.nack.NackGenerator;
import io.sluice.node.client.WhepClient;
import io.sluice.signaling.sdp.MediaKind;
import io.sluice.signaling.sdp.NegotiatedCodec;
import io.sluice.signaling.sdp.NegotiatedMedia;
import io.sluice.transport.internal.session.CloseReason;
import io.sluice.transport.internal.session.TransportSession;
import io.sluice.transport.internal.session.TransportSessionListener;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * One pseudo-subscriber: a WHEP session whose received RTP feeds RFC 3550 receiver statistics
 * and a NACK generator, as a browser's would, and which sends what a browser sends back: a
 * receiver report every second, generic NACKs for gaps (RFC 4585 §6.2.1) and a PLI when repair
 * is hopeless.
 *
 * <p>Threading: media callbacks run on the session's event loop, and everything they touch is
 * owned by that thread. The counters the progress line and the time series read from another
 * thread are volatile with that one writer. RTCP goes out from the receive path, so a bee whose
 * stream stops also stops reporting (a browser's RR would report the silence; nothing here needs
 * that).
 *
 * <p>Allocation: none per received packet (the view, statistics, NACK list and histogram are
 * preallocated). Each RTCP packet sent is one pooled heap buffer: one per second for RRs, and one
 * per NACK batch.
 *
 * <p>Count-only mode ({@code decrypt=false}): packets arrive still encrypted, so only the clear
 * RTP header is read. Retransmissions are counted but cannot be matched to what they repair (the
 * original sequence number is in the encrypted payload), and latency cannot be read.
 */
final class Bee implements TransportSessionListener {
  /** Receiver reports are sent at most this often. */
  static final long RR_INTERVAL_NANOS = 1_000_000_000L;
  /** PLIs are sent at most this often. */
  static final long PLI_INTERVAL_NANOS = 1_000_000_000L;
  /** Sequence numbers per NACK packet at most; more wait for the next poll. */
  static final int NACK_BATCH = 128;

  final int index;
  private final boolean decrypt;
  private final long localSsrc = ThreadLocalRandom.current().nextLong(1, 0xFFFF_FFFFL);

  // Life cycle (written by the joining thread or the loop, read by anyone).
  volatile long postNanos;
  volatile long answeredNanos;
  volatile long connectedNanos;
  volatile long firstRtpNanos;
  volatile long lastRtpNanos;
  volatile long closedNanos;
  volatile @Nullable String error;
  volatile @Nullable String closeReason;
  volatile WhepClient.@Nullable Session session;

  // Counters: one writer (the loop), read by the sampler.
  volatile long packets;
  volatile long bytes;
  volatile long rtxPackets;
  volatile long malformed;
  volatile long unknownPackets;
  /** Packets sent before the transport connected (a node's cached GOP); not in the latency. */
  volatile long replayedPackets;
  volatile long nackPackets;
  volatile long nackedSeqs;
  volatile long plisSent;
  volatile long rrsSent;
  volatile long expectedSnapshot;
  volatile long lostSnapshot;

  // Owned by the loop.
  private volatile @Nullable Media media;
  private final RtpPacket rtp = new RtpPacket();
  private final RtcpCompoundIterator rtcp = new RtcpCompoundIterator();
  private final SenderReport.View sr = new SenderReport.View();
  private final NackGenerator nack = new NackGenerator(now -> keyframeNeeded = true);
  private final int[] nackBatch = new int[NACK_BATCH];
  final LatencyHistogram latency = new LatencyHistogram();
  private @Nullable ReceiverStatistics video;
  private @Nullable ReceiverStatistics audio;
  private boolean keyframeNeeded;
  private long lastRrNanos;
  private long lastNackPollNanos;
  private long lastPliNanos;

  /** What the answer said: payload types by role, and clock rates. */
  record Media(boolean[] videoPt, boolean[] rtxPt, boolean[] audioPt, int audioClock) {
    static Media of(WhepClient.Session s) {
      boolean[] v = new boolean[128];
      boolean[] r = new boolean[128];
      boolean[] a = new boolean[128];
      int audioClock = 48000;
      for (NegotiatedMedia m : s.negotiation().media()) {
        for (NegotiatedCodec c : m.codecs()) {
          if (m.kind() == MediaKind.VIDEO) {
            v[c.payloadType()] = true;
            if (c.hasRtx()) {
              r[c.rtxPayloadType()] = true;
            }
          } else {
            a[c.payloadType()] = true;
            audioClock = c.clockRate();
          }
        }
      }
      return new Media(v, r, a, audioClock);
    }
  }

  Bee(int index, boolean decrypt) {
    this.index = index;
    this.decrypt = decrypt;
  }

  /** Called by the joining thread once {@code play} returned. */
  void attach(WhepClient.Session s) {
    answeredNanos = System.nanoTime();
    media = Media.of(s);
    session = s;
  }

  void fail(String reason) {
    error = reason;
    closedNanos = System.nanoTime();
  }

  boolean isReceiving() {
    return firstRtpNanos != 0 && closedNanos == 0;
  }

  @Override
  public void onConnected(TransportSession s) {
    connectedNanos = System.nanoTime();
  }

  @Override
  public void onClosed(TransportSession s, CloseReason reason, String detail) {
    closeReason = reason.name();
    if (closedNanos == 0) {
      closedNanos = System.nanoTime();
    }
  }

  @Override
  public void onRtp(TransportSession s, ByteBuf packet) {
    try {
      long now = System.nanoTime();
      if (rtp.tryWrap(packet) != RtpPacket.Result.OK) {
        malformed++;
        return;
      }
      packets++;
      bytes += packet.readableBytes();
      lastRtpNanos = now;
      if (firstRtpNanos == 0) {
        firstRtpNanos = now;
      }
      Media m = media;
      if (m == null) {
        unknownPackets++; // before the answer was applied here: counted, not classified
        return;
      }
      int pt = rtp.payloadType();
      if (m.rtxPt[pt]) {
        rtxPackets++;
        if (decrypt && rtp.payloadLength() >= 2) {
          // RFC 4588 §4: the original sequence number opens the payload.
          onVideo(packet.getUnsignedShort(rtp.payloadOffset()), rtp.timestamp(), rtp.ssrc(),
              now, true);
        }
      } else if (m.videoPt[pt]) {
        if (onVideo(rtp.sequenceNumber(), rtp.timestamp(), rtp.ssrc(), now, false) && decrypt) {
          long sent = SyntheticPayload.sendNanos(packet, rtp.payloadOffset(),
              rtp.payloadLength(), true);
          // Packets sent before this bee's transport was up can only be a node's buffer (its
          // cached GOP) replayed for a fast start, not live delay: they would put the join
          // time into the tail.
          long connected = connectedNanos;
          if (sent > 0 && connected != 0 && sent - connected >= 0) {
            latency.recordNanos(now - sent);
          } else if (sent > 0) {
            replayedPackets++;
          }
        }
      } else if (m.audioPt[pt]) {
        ReceiverStatistics a = audio;
        if (a == null) {
          a = audio = new ReceiverStatistics(rtp.ssrc(), m.audioClock);
        }
        if (a.ssrc() == rtp.ssrc()) {
          a.onPacket(rtp.sequenceNumber(), rtp.timestamp(), now);
        } else {
          unknownPackets++;
        }
      } else {
        unknownPackets++;
      }
      sendRtcp(s, now);
    } finally {
      packet.release();
    }
  }

  /** Returns true if the packet belongs to the video source. */
  private boolean onVideo(int seq, long ts, long ssrc, long now, boolean retransmission) {
    ReceiverStatistics v = video;
    if (v == null) {
      if (retransmission) {
        return false; // the RTX SSRC is not the media SSRC: wait for the first media packet
      }
      v = video = new ReceiverStatistics(ssrc, 90000);
    }
    if (!retransmission && v.ssrc() != ssrc) {
      unknownPackets++;
      return false;
    }
    // A retransmission counts as received under its original sequence number, as a browser
    // counts it for the loss it reports. It also enters the A.8 jitter estimate (the statistics
    // have no other entry point), which makes jitter pessimistic while repairs happen.
    v.onPacket(seq, ts, now);
    if (nack.onReceived(seq, now)) {
      lastNackPollNanos = 0;
    }
    return true;
  }

  private void sendRtcp(TransportSession s, long now) {
    ReceiverStatistics v = video;
    if (v != null && now - lastNackPollNanos >= NackGenerator.TIMER_INTERVAL_NANOS) {
      lastNackPollNanos = now;
      int n = nack.poll(now, nackBatch);
      if (n > 0) {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.heapBuffer(256);
        writeEmptyRr(out);
        TransportLayerNack.write(out, localSsrc, v.ssrc(), nackBatch, 0, n);
        s.sendRtcp(out, true);
        nackPackets++;
        nackedSeqs += n;
      }
    }
    if (v != null && keyframeNeeded && now - lastPliNanos >= PLI_INTERVAL_NANOS) {
      keyframeNeeded = false;
      lastPliNanos = now;
      ByteBuf out = PooledByteBufAllocator.DEFAULT.heapBuffer(64);
      writeEmptyRr(out);
      PictureLossIndication.write(out, localSsrc, v.ssrc());
      s.sendRtcp(out, true);
      plisSent++;
    }
    if (now - lastRrNanos >= RR_INTERVAL_NANOS) {
      lastRrNanos = now;
      ReceiverStatistics a = audio;
      boolean rv = v != null && v.isValid();
      boolean ra = a != null && a.isValid();
      int count = (rv ? 1 : 0) + (ra ? 1 : 0);
      if (count == 0) {
        return;
      }
      int size = 8 + 24 * count;
      ByteBuf out = PooledByteBufAllocator.DEFAULT.heapBuffer(size + 16);
      RtcpHeader.write(out, false, count, RtcpHeader.PT_RR, size);
      out.writeInt((int) localSsrc);
      if (rv) {
        v.writeReportBlock(out, now);
        expectedSnapshot = v.expected();
        lostSnapshot = Math.max(0, v.cumulativeLost());
      }
      if (ra) {
        a.writeReportBlock(out, now);
      }
      s.sendRtcp(out, true);
      rrsSent++;
    }
  }

  /** RFC 3550 §6.1: a compound packet starts with a report; an RR with no blocks will do. */
  private void writeEmptyRr(ByteBuf out) {
    RtcpHeader.write(out, false, 0, RtcpHeader.PT_RR, 8);
    out.writeInt((int) localSsrc);
  }

  @Override
  public void onRtcp(TransportSession s, ByteBuf packet) {
    try {
      if (!rtcp.tryWrap(packet).isOk()) {
        malformed++;
        return;
      }
      long now = System.nanoTime();
      while (rtcp.next()) {
        if (sr.tryWrap(rtcp).isOk()) {
          ReceiverStatistics v = video;
          ReceiverStatistics a = audio;
          if (v != null && v.ssrc() == sr.ssrc()) {
            v.onSenderReport(sr.ntpTimestamp(), now);
          } else if (a != null && a.ssrc() == sr.ssrc()) {
            a.onSenderReport(sr.ntpTimestamp(), now);
          }
        }
      }
      rtcp.clear();
    } finally {
      packet.release();
    }
  }

  // ---- results, read after the bee's session has closed -----------------------------------

  /** Video packets expected, or 0. */
  long expected() {
    ReceiverStatistics v = video;
    return v == null ? 0 : v.expected();
  }

  /** Video packets lost after repair (RFC 3550 A.3), or 0. */
  long lost() {
    ReceiverStatistics v = video;
    return v == null ? 0 : Math.max(0, v.cumulativeLost());
  }

  /** Video interarrival jitter in milliseconds, or -1. */
  double jitterMillis() {
    ReceiverStatistics v = video;
    return v == null || !v.isValid() ? -1 : v.jitterSeconds() * 1000;
  }

  long nackRecovered() {
    return nack.recoveredCount();
  }
}
