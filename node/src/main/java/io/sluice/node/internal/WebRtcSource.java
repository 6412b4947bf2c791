package io.sluice.node.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import io.sluice.media.codec.KeyframeDetector;
import io.sluice.media.codec.VideoCodec;
import io.sluice.media.routing.MediaSource;
import io.sluice.media.routing.Stream;
import io.sluice.media.routing.Track;
import io.sluice.media.rtcp.FullIntraRequest;
import io.sluice.media.rtcp.PictureLossIndication;
import io.sluice.media.rtcp.ReceiverEstimatedMaxBitrate;
import io.sluice.media.rtcp.ReceiverReport;
import io.sluice.media.rtcp.ReportBlock;
import io.sluice.media.rtcp.RtcpCompoundIterator;
import io.sluice.media.rtcp.RtcpHeader;
import io.sluice.media.rtcp.RtcpParseResult;
import io.sluice.media.rtcp.SenderReport;
import io.sluice.media.rtcp.TransportLayerNack;
import io.sluice.media.rtp.RtpPacket;
import io.sluice.media.stats.NtpTime;
import io.sluice.media.stats.ReceiverStatistics;
import io.sluice.nack.NackGenerator;
import io.sluice.transport.internal.session.CloseReason;
import io.sluice.transport.internal.session.TransportSession;
import io.sluice.transport.internal.session.TransportSessionListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A stream's source over WebRTC: a WHIP publisher, or an edge's pull from an origin. It receives
 * decrypted RTP on the session's event loop, which becomes the stream thread, and:
 *
 * <ul>
 *   <li>maps each packet to its track by SSRC (learned by payload type when the SDP named none),
 *       unwraps RTX retransmissions (RFC 4588) back into the original packet;
 *   <li>keeps RFC 3550 receive statistics per track and sends the publisher a receiver report
 *       (with REMB, so a browser sends at the configured bitrate) every second;
 *   <li>repairs the uplink: gaps in video sequence numbers become NACKs to the publisher, retried
 *       by RTT ({@link NackGenerator});
 *   <li>detects keyframes and forwards every media packet to the stream, once;
 *   <li>sends PLI or FIR when the stream asks for a keyframe.
 * </ul>
 *
 * <p>The publication starts with the first RTP packet, so that the stream thread is the loop that
 * receives the session. Allocation-free per packet except RTX unwrapping (one buffer per repaired
 * packet).
 */
final class WebRtcSource implements MediaSource, TransportSessionListener {
  private static final long RTCP_INTERVAL_NANOS = 1_000_000_000L;
  private static final long NACK_INTERVAL_NANOS = 20_000_000L;

  private final NodeContext node;
  private final Stream stream;
  private final String description;
  private final long localSsrc;
  private final Track[] tracks;
  private final ReceiverStatistics[] stats;
  private final @Nullable NackGenerator[] nacks;
  private final @Nullable VideoCodec[] codecs;
  private final RtpPacket view = new RtpPacket();
  private final RtpPacket rtxView = new RtpPacket();
  private final RtcpCompoundIterator rtcp = new RtcpCompoundIterator();
  private final int[] nackBatch = new int[256];
  private final long[] rembSsrcs;
  private final AtomicBoolean detached = new AtomicBoolean();
  private final AtomicBoolean pending = new AtomicBoolean();
  private final Runnable onEnd;
  private final boolean flushAfterForward;
  private final long mediaTimeoutNanos;
  private long lastPacketNanos;
  private volatile @Nullable TransportSession session;
  private boolean published;
  private long lastRtcpNanos;
  private volatile @Nullable ScheduledFuture<?> timer;
  private int firSeq;

  // Counters, written on the stream thread.
  volatile long malformed;
  volatile long unknownSsrc;
  volatile long rtxRecovered;
  volatile long packets;

  /**
   * @param onEnd runs once when the session ends or the source is detached (the node frees the
   *     session's resources there)
   */
  WebRtcSource(NodeContext node, Stream stream, List<Track> tracks, String description,
      Runnable onEnd) {
    this(node, stream, tracks, description, onEnd, false, 0);
  }

  /**
   * @param flushAfterForward true for a session on its own socket (an edge's pull): the media
   *     port's channels, which viewers write through, are not flushed by its read batches
   * @param mediaTimeout close the session when no RTP arrived for this long (nanoseconds; 0:
   *     never), so that an edge fails over from a dead origin in seconds rather than at the ICE
   *     consent timeout
   */
  WebRtcSource(NodeContext node, Stream stream, List<Track> tracks, String description,
      Runnable onEnd, boolean flushAfterForward, long mediaTimeout) {
    this.flushAfterForward = flushAfterForward;
    this.mediaTimeoutNanos = mediaTimeout;
    this.node = node;
    this.stream = stream;
    this.description = description;
    this.onEnd = onEnd;
    this.localSsrc = node.randomSsrc();
    int n = tracks.size();
    this.tracks = tracks.toArray(new Track[0]);
    this.stats = new ReceiverStatistics[n];
    this.nacks = new NackGenerator[n];
    this.codecs = new VideoCodec[n];
    List<Long> video = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Track t = tracks.get(i);
      stats[i] = new ReceiverStatistics(t.ssrc() == Track.UNKNOWN_SSRC ? 0 : t.ssrc(),
          t.clockRate());
      if (t.kind() == Track.Kind.VIDEO) {
        codecs[i] = t.videoCodec();
        Track track = t;
        nacks[i] = new NackGenerator(now -> stream.requestKeyframe(track));
        if (t.ssrc() != Track.UNKNOWN_SSRC) {
          video.add(t.ssrc());
        }
      }
    }
    this.rembSsrcs = video.stream().mapToLong(Long::longValue).toArray();
  }

  void attach(TransportSession session) {
    this.session = session;
  }

  /** Marks this source pending on its stream until it publishes or ends. */
  void markPending() {
    if (pending.compareAndSet(false, true)) {
      stream.sourcePending();
    }
  }

  private void settle() {
    if (pending.compareAndSet(true, false)) {
      stream.sourceSettled();
    }
  }

  Stream stream() {
    return stream;
  }

  List<Track> tracks() {
    return List.of(tracks);
  }

  @Nullable TransportSession session() {
    return session;
  }

  @Override
  public String describe() {
    return description;
  }

  // ---- packets from the publisher (its event loop) ------------------------------------------

  @Override
  public void onRtp(TransportSession s, ByteBuf packet) {
    try {
      if (view.tryWrap(packet) != RtpPacket.Result.OK) {
        malformed++;
        return;
      }
      long now = System.nanoTime();
      lastPacketNanos = now;
      if (!published) {
        if (detached.get()) {
          return;
        }
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (loop == null) {
          return; // not on an event loop: cannot happen for transport sessions
        }
        published = true;
        settle();
        try {
          stream.publish(this, List.of(tracks), loop);
        } catch (IllegalStateException closed) {
          // The stream was closed while we connected (an admin ended it, the node is closing).
          TransportSession ts = session;
          if (ts != null) {
            ts.close();
          }
          return;
        }
        lastRtcpNanos = now;
        // RTCP and NACK retries run on a timer of the stream thread, so they go on when the
        // publisher's packets stall (which is when NACKs and reports matter most).
        timer = loop.scheduleAtFixedRate(this::tick, NACK_INTERVAL_NANOS, NACK_INTERVAL_NANOS,
            TimeUnit.NANOSECONDS);
      }
      int i = trackIndex(view.ssrc(), view.payloadType());
      if (i < 0) {
        unknownSsrc++;
        return;
      }
      Track t = tracks[i];
      if (t.hasRtx() && view.payloadType() == t.rtxPayloadType()) {
        receiveRtx(i, now);
      } else if (view.payloadType() == t.payloadType()) {
        receive(i, view, now);
      } else {
        unknownSsrc++;
      }
    } finally {
      packet.release();
    }
  }

  /** The stream thread's timer: NACK retries, and a receiver report every second. */
  private void tick() {
    if (detached.get()) {
      return;
    }
    long now = System.nanoTime();
    if (mediaTimeoutNanos > 0 && now - lastPacketNanos > mediaTimeoutNanos) {
      TransportSession s = session;
      if (s != null) {
        s.close(); // onClosed follows: the stream goes down and the owner may fail over
      }
      return;
    }
    sendNacks(now);
    if (now - lastRtcpNanos >= RTCP_INTERVAL_NANOS) {
      lastRtcpNanos = now;
      sendReceiverReport(now);
    }
  }

  private void receive(int i, RtpPacket p, long now) {
    packets++;
    Track t = tracks[i];
    stats[i].onPacket(p.sequenceNumber(), p.timestamp(), now);
    NackGenerator nack = nacks[i];
    if (nack != null) {
      nack.onReceived(p.sequenceNumber(), now);
    }
    if (p.payloadLength() == 0) {
      return; // padding only (bandwidth probing): nothing for viewers
    }
    VideoCodec codec = codecs[i];
    boolean keyframe = codec != null
        && KeyframeDetector.isKeyframe(codec, p.buffer(), p.payloadOffset(), p.payloadLength());
    stream.forward(this, t, p, keyframe, now);
    if (flushAfterForward) {
      stream.flush();
    }
  }

  /** RFC 4588: the payload starts with the original sequence number; rebuild the original. */
  private void receiveRtx(int i, long now) {
    if (view.payloadLength() < PacketWriter.OSN) {
      return; // RTX padding probe
    }
    Track t = tracks[i];
    int osn = view.buffer().getUnsignedShort(view.payloadOffset());
    ByteBufAllocator alloc = node.alloc();
    int payload = view.payloadLength() - PacketWriter.OSN;
    ByteBuf original = alloc.heapBuffer(PacketWriter.HEADER + payload);
    try {
      original.writeByte(0x80);
      original.writeByte((view.marker() ? 0x80 : 0) | t.payloadType());
      original.writeShort(osn);
      original.writeInt((int) view.timestamp());
      original.writeInt((int) t.ssrc());
      original.writeBytes(view.buffer(), view.payloadOffset() + PacketWriter.OSN, payload);
      if (rtxView.tryWrap(original) == RtpPacket.Result.OK) {
        rtxRecovered++;
        receive(i, rtxView, now);
      }
    } finally {
      rtxView.clear();
      original.release();
    }
  }

  /** The track of a packet: by SSRC, or by payload type for a track whose SSRC is not known. */
  private int trackIndex(long ssrc, int pt) {
    for (int i = 0; i < tracks.length; i++) {
      Track t = tracks[i];
      if (t.ssrc() == ssrc || t.rtxSsrc() == ssrc) {
        return i;
      }
    }
    for (int i = 0; i < tracks.length; i++) {
      Track t = tracks[i];
      if (t.ssrc() == Track.UNKNOWN_SSRC && pt == t.payloadType()) {
        tracks[i] = t = t.withSsrcs(ssrc, t.rtxSsrc());
        stats[i] = new ReceiverStatistics(ssrc, t.clockRate());
        return i;
      }
      if (t.rtxSsrc() == Track.UNKNOWN_SSRC && t.hasRtx() && pt == t.rtxPayloadType()
          && t.ssrc() != Track.UNKNOWN_SSRC) {
        tracks[i] = t.withSsrcs(t.ssrc(), ssrc);
        return i;
      }
    }
    return -1;
  }

  @Override
  public void onRtcp(TransportSession s, ByteBuf packet) {
    try {
      if (rtcp.tryWrap(packet) != RtcpParseResult.OK) {
        malformed++;
        return;
      }
      long now = System.nanoTime();
      while (rtcp.next()) {
        if (rtcp.packetType() == RtcpHeader.PT_SR) {
          SenderReport sr = SenderReport.parse(rtcp.buffer(), rtcp.index(), rtcp.length());
          for (int i = 0; i < tracks.length; i++) {
            if (tracks[i].ssrc() == sr.ssrc()) {
              stats[i].onSenderReport(sr.ntpTimestamp(), now);
            }
          }
        }
      }
    } catch (RuntimeException e) {
      malformed++; // a malformed report inside a valid compound: counted, never thrown
    } finally {
      rtcp.clear();
      packet.release();
    }
  }

  @Override
  public void onClosed(TransportSession s, CloseReason reason, String detail) {
    stream.unpublish(this);
    end();
  }

  // ---- RTCP to the publisher ---------------------------------------------------------------

  private void sendReceiverReport(long now) {
    TransportSession s = session;
    if (s == null) {
      return;
    }
    List<ReportBlock> blocks = new ArrayList<>(tracks.length);
    for (ReceiverStatistics st : stats) {
      if (st.isValid()) {
        blocks.add(st.reportBlock(now));
      }
    }
    ByteBuf out = node.alloc().heapBuffer(256);
    ReceiverReport.write(out, localSsrc, blocks);
    if (rembSsrcs.length > 0 && node.config().rembBitrate() > 0) {
      ReceiverEstimatedMaxBitrate.write(out, localSsrc, node.config().rembBitrate(), rembSsrcs, 0,
          rembSsrcs.length);
    }
    s.sendRtcp(out, true);
  }

  private void sendNacks(long now) {
    TransportSession s = session;
    if (s == null) {
      return;
    }
    for (int i = 0; i < tracks.length; i++) {
      NackGenerator g = nacks[i];
      if (g == null || g.missingCount() == 0) {
        continue;
      }
      int n = g.poll(now, nackBatch);
      if (n > 0) {
        ByteBuf out = node.alloc().heapBuffer(64 + 4 * n);
        TransportLayerNack.write(out, localSsrc, tracks[i].ssrc(), nackBatch, 0, n);
        s.sendRtcp(out, true);
      }
    }
  }

  /** Called on the stream thread, rate-limited by the stream. */
  @Override
  public void requestKeyframe(Track track) {
    TransportSession s = session;
    Track t = tracks[track.index()];
    if (s == null || t.ssrc() == Track.UNKNOWN_SSRC) {
      return;
    }
    ByteBuf out = node.alloc().heapBuffer(64);
    PictureLossIndication.write(out, localSsrc, t.ssrc());
    FullIntraRequest.write(out, localSsrc, t.ssrc(), firSeq++ & 0xFF);
    s.sendRtcp(out, true);
  }

  @Override
  public void detached(Stream from) {
    TransportSession s = session;
    if (s != null) {
      s.close();
    }
    end();
  }

  private void end() {
    settle();
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
    if (detached.compareAndSet(false, true)) {
      onEnd.run();
    }
  }

  /** Receive statistics of each track, for the admin API (read racily). */
  ReceiverStatistics stats(int index) {
    return stats[index];
  }

  @Override
  public String toString() {
    return "WebRtcSource(" + description + ")";
  }
}
