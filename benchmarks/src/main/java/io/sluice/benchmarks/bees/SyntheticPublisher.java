package io.sluice.benchmarks.bees;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.sluice.media.rtcp.RtcpCompoundIterator;
import io.sluice.media.rtcp.RtcpHeader;
import io.sluice.media.rtcp.TransportLayerNack;
import io.sluice.node.client.WhipClient;
import io.sluice.signaling.sdp.MediaKind;
import io.sluice.signaling.sdp.Msid;
import io.sluice.signaling.sdp.NegotiatedCodec;
import io.sluice.signaling.sdp.NegotiatedMedia;
import io.sluice.signaling.sdp.SendStream;
import io.sluice.transport.internal.session.CloseReason;
import io.sluice.transport.internal.session.TransportSession;
import io.sluice.transport.internal.session.TransportSessionListener;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Publishes a synthetic stream over WHIP: VP8-looking video at a chosen bitrate and frame rate
 * with a keyframe every few seconds (bigger, as real keyframes are), the marker bit on each
 * frame's last packet and full-size packets; optionally Opus-looking audio, 20 ms per packet.
 * Every payload carries a send timestamp ({@link SyntheticPayload}).
 *
 * <p>It answers the node as a browser would: a PLI or FIR makes the next frame a keyframe, and a
 * generic NACK is answered with RTX (RFC 4588) from a ring of the last {@link #RING} packets.
 *
 * <p>Frames go out whole, back to back, at the frame interval; the sender thread sleeps until the
 * next frame's deadline and skips nothing (a late frame goes out late).
 */
final class SyntheticPublisher implements TransportSessionListener, AutoCloseable {
  /** Payload bytes per full video packet: 1200-byte RTP packets. */
  static final int VIDEO_PAYLOAD = 1188;
  static final int PACKET_SIZE = 12 + VIDEO_PAYLOAD;
  /** A keyframe is this many times an average frame. */
  static final int KEYFRAME_FACTOR = 4;
  static final int FPS = 30;
  /** Packets kept for retransmission: over 3 s at 2.5 Mb/s. */
  static final int RING = 1024;
  static final int AUDIO_PAYLOAD = 120;

  private final long videoSsrc = ThreadLocalRandom.current().nextLong(1, 0xFFFF_FFFFL);
  private final long rtxSsrc = videoSsrc ^ 0x5A5A5A5AL;
  private final long audioSsrc = videoSsrc ^ 0x0F0F0F0FL;
  private final long bitrate;
  private final int keyframeIntervalFrames;
  private final boolean withAudio;
  private final CountDownLatch connected = new CountDownLatch(1);
  private final byte[][] ring = new byte[RING][];
  private final int[] ringLength = new int[RING];
  private final int[] ringSeq = new int[RING];
  private final RtcpCompoundIterator rtcp = new RtcpCompoundIterator();
  private final TransportLayerNack.View nackView = new TransportLayerNack.View();

  private volatile WhipClient.@Nullable Session session;
  private volatile boolean keyframeRequested;
  private volatile boolean stopped;
  private volatile @Nullable String closeReason;
  private int videoPt;
  private int rtxPt = -1;
  private int audioPt = -1;
  private int rtxSeq;
  volatile long videoPackets;
  volatile long audioPackets;
  volatile long bytesSent;
  volatile long frames;
  volatile long keyframes;
  volatile long nacksReceived;
  volatile long retransmitted;
  volatile long plisReceived;

  SyntheticPublisher(long bitrate, int keyframeIntervalSeconds, boolean withAudio) {
    this.bitrate = bitrate;
    this.keyframeIntervalFrames = Math.max(1, keyframeIntervalSeconds * FPS);
    this.withAudio = withAudio;
    for (int i = 0; i < RING; i++) {
      ring[i] = new byte[12 + VIDEO_PAYLOAD + 2];
      ringSeq[i] = -1;
    }
  }

  /** Publishes and waits for DTLS; throws if it does not connect within {@code timeoutMillis}. */
  void start(WhipClient whip, URI endpoint, @Nullable String token, long timeoutMillis)
      throws IOException, InterruptedException {
    List<SendStream> streams = new ArrayList<>();
    streams.add(SendStream.of(MediaKind.VIDEO, videoSsrc, "bees", new Msid("bees", "video"))
        .withRtx(rtxSsrc));
    if (withAudio) {
      streams.add(SendStream.of(MediaKind.AUDIO, audioSsrc, "bees", new Msid("bees", "audio")));
    }
    WhipClient.Session s = whip.publish(endpoint, token, streams, this);
    session = s;
    NegotiatedCodec video = s.codec(MediaKind.VIDEO);
    if (video == null || !video.name().equalsIgnoreCase("VP8")) {
      s.close();
      throw new IOException("the WHIP answer accepted no VP8 video: " + s.negotiation().media());
    }
    videoPt = video.payloadType();
    rtxPt = video.hasRtx() ? video.rtxPayloadType() : -1;
    NegotiatedCodec audio = s.codec(MediaKind.AUDIO);
    audioPt = audio == null ? -1 : audio.payloadType();
    if (!connected.await(timeoutMillis, TimeUnit.MILLISECONDS) || closeReason != null) {
      s.close();
      throw new IOException("WHIP session to " + endpoint + " did not connect within "
          + timeoutMillis + " ms (" + (closeReason != null ? closeReason : s.transport()) + ")");
    }
  }

  /** Sends until {@code deadlineNanos} or until the session closes. Blocks the caller. */
  void run(long deadlineNanos) {
    WhipClient.Session s = session;
    if (s == null) {
      throw new IllegalStateException("not started");
    }
    TransportSession t = s.transport();
    long frameBytes = bitrate / 8 / FPS;
    // Keep the average at the bitrate although keyframes are KEYFRAME_FACTOR times bigger.
    long deltaBytes = frameBytes * keyframeIntervalFrames
        / (keyframeIntervalFrames - 1 + KEYFRAME_FACTOR);
    long frameNanos = 1_000_000_000L / FPS;
    long audioNanos = 20_000_000L;
    long start = System.nanoTime();
    long nextFrame = start;
    long nextAudio = start;
    int seq = ThreadLocalRandom.current().nextInt(0x10000);
    int audioSeq = ThreadLocalRandom.current().nextInt(0x10000);
    long ts = ThreadLocalRandom.current().nextLong(0x1_0000_0000L);
    long audioTs = ThreadLocalRandom.current().nextLong(0x1_0000_0000L);
    long frame = 0;
    long owed = 0;
    while (!t.isClosed() && !stopped) {
      long now = System.nanoTime();
      if (now - deadlineNanos >= 0) {
        break;
      }
      if (now - nextFrame >= 0) {
        boolean key = frame % keyframeIntervalFrames == 0 || keyframeRequested;
        if (key) {
          keyframeRequested = false;
          keyframes++;
        }
        // Whole 1200-byte packets; the remainder carries to the next frame so that the
        // average stays at the bitrate.
        owed += key ? deltaBytes * KEYFRAME_FACTOR : deltaBytes;
        int count = (int) Math.max(1, Math.round(owed / (double) PACKET_SIZE));
        owed -= (long) count * PACKET_SIZE;
        for (int i = 0; i < count; i++) {
          boolean last = i == count - 1;
          ByteBuf p = PooledByteBufAllocator.DEFAULT.heapBuffer(12 + VIDEO_PAYLOAD + 16);
          writeHeader(p, last, videoPt, seq, ts, videoSsrc);
          SyntheticPayload.writeVideo(p, VIDEO_PAYLOAD, i == 0, key, System.nanoTime());
          remember(seq, p);
          bytesSent += p.readableBytes();
          t.sendRtp(p, last);
          videoPackets++;
          seq = (seq + 1) & 0xFFFF;
        }
        frames++;
        frame++;
        ts = (ts + 90000 / FPS) & 0xFFFF_FFFFL;
        nextFrame += frameNanos;
      }
      if (audioPt >= 0 && now - nextAudio >= 0) {
        ByteBuf p = PooledByteBufAllocator.DEFAULT.heapBuffer(12 + AUDIO_PAYLOAD + 16);
        writeHeader(p, audioPackets == 0, audioPt, audioSeq, audioTs, audioSsrc);
        SyntheticPayload.writeAudio(p, AUDIO_PAYLOAD, System.nanoTime());
        bytesSent += p.readableBytes();
        t.sendRtp(p, true);
        audioPackets++;
        audioSeq = (audioSeq + 1) & 0xFFFF;
        audioTs = (audioTs + 960) & 0xFFFF_FFFFL;
        nextAudio += audioNanos;
      }
      long next = audioPt >= 0 ? Math.min(nextFrame, nextAudio) - now
          : nextFrame - now;
      if (next > 0) {
        LockSupport.parkNanos(Math.min(next, deadlineNanos - now));
      }
    }
  }

  private static void writeHeader(ByteBuf p, boolean marker, int pt, int seq, long ts, long ssrc) {
    p.writeByte(0x80).writeByte((marker ? 0x80 : 0) | pt).writeShort(seq).writeInt((int) ts)
        .writeInt((int) ssrc);
  }

  private void remember(int seq, ByteBuf p) {
    int slot = seq & (RING - 1);
    synchronized (ring) {
      p.getBytes(p.readerIndex(), ring[slot], 0, p.readableBytes());
      ringLength[slot] = p.readableBytes();
      ringSeq[slot] = seq;
    }
  }

  /** RFC 4588 §4: RTX header with the original timestamp, OSN, then the original payload. */
  private void retransmit(TransportSession t, int seq) {
    if (rtxPt < 0) {
      return;
    }
    int slot = seq & (RING - 1);
    ByteBuf p = PooledByteBufAllocator.DEFAULT.heapBuffer(12 + 2 + VIDEO_PAYLOAD + 16);
    synchronized (ring) {
      if (ringSeq[slot] != seq) {
        p.release();
        return;
      }
      byte[] orig = ring[slot];
      boolean marker = (orig[1] & 0x80) != 0;
      long ts = ((orig[4] & 0xFFL) << 24) | ((orig[5] & 0xFF) << 16) | ((orig[6] & 0xFF) << 8)
          | (orig[7] & 0xFF);
      writeHeader(p, marker, rtxPt, rtxSeq, ts, rtxSsrc);
      rtxSeq = (rtxSeq + 1) & 0xFFFF;
      p.writeShort(seq);
      p.writeBytes(orig, 12, ringLength[slot] - 12);
    }
    bytesSent += p.readableBytes();
    retransmitted++;
    t.sendRtp(p, false);
  }

  @Override
  public void onConnected(TransportSession s) {
    connected.countDown();
  }

  @Override
  public void onRtcp(TransportSession s, ByteBuf packet) {
    try {
      if (!rtcp.tryWrap(packet).isOk()) {
        return;
      }
      while (rtcp.next()) {
        int type = RtcpHeader.packetType(packet, rtcp.index());
        int fmt = RtcpHeader.count(packet, rtcp.index());
        if (type == RtcpHeader.PT_PSFB && (fmt == 1 || fmt == 4)) { // PLI, FIR
          plisReceived++;
          keyframeRequested = true;
        } else if (nackView.tryWrap(rtcp).isOk() && nackView.mediaSsrc() == videoSsrc) {
          nacksReceived++;
          nackView.forEachLost(lost -> retransmit(s, lost));
        }
      }
      rtcp.clear();
      s.flush();
    } finally {
      packet.release();
    }
  }

  @Override
  public void onClosed(TransportSession s, CloseReason reason, String detail) {
    closeReason = reason + ": " + detail;
    connected.countDown();
  }

  @Nullable String closeReason() {
    return closeReason;
  }

  /** What the answer agreed, for the report. */
  @Nullable NegotiatedMedia videoMedia() {
    WhipClient.Session s = session;
    return s == null ? null : s.media(MediaKind.VIDEO);
  }

  /** Makes {@link #run} return after the frame it is sending. */
  void stop() {
    stopped = true;
  }

  boolean isClosed() {
    WhipClient.Session s = session;
    return s == null || s.transport().isClosed();
  }

  @Override
  public void close() {
    WhipClient.Session s = session;
    if (s != null) {
      s.close();
    }
  }
}
