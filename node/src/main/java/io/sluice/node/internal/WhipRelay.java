package io.sluice.node.internal;

import io.netty.buffer.ByteBuf;
import io.sluice.media.routing.MediaSink;
import io.sluice.media.routing.RtpSequencer;
import io.sluice.media.routing.Stream;
import io.sluice.media.routing.Track;
import io.sluice.media.rtcp.RtcpCompoundIterator;
import io.sluice.media.rtcp.RtcpHeader;
import io.sluice.media.rtcp.RtcpParseResult;
import io.sluice.media.rtp.RtpPacket;
import io.sluice.node.client.WhipClient;
import io.sluice.signaling.sdp.CodecCapability;
import io.sluice.signaling.sdp.Msid;
import io.sluice.signaling.sdp.NegotiatedCodec;
import io.sluice.signaling.sdp.SendStream;
import io.sluice.transport.internal.session.CloseReason;
import io.sluice.transport.internal.session.TransportSession;
import io.sluice.transport.internal.session.TransportSessionListener;
import io.sluice.transport.internal.session.WebRtcClient;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A sink that pushes a stream to another node (or any WHIP endpoint) as a WHIP publisher, over
 * Sluice's own ICE/DTLS-SRTP in the active role: the push side of relaying between nodes, for
 * redundancy (an origin feeding a standby origin) or for a tier of nodes fed from one publisher.
 * The other node's PLI and FIR become keyframe requests on this stream. Its output is continuous
 * like a viewer's ({@link RtpSequencer}).
 */
final class WhipRelay implements MediaSink, TransportSessionListener, AutoCloseable {
  private final NodeContext node;
  private final Stream stream;
  private final WhipClient.Session session;
  private final int[] payloadTypes = new int[Stream.MAX_TRACKS];
  private final long[] ssrcs = new long[Stream.MAX_TRACKS];
  private final RtpSequencer[] sequencers = new RtpSequencer[Stream.MAX_TRACKS];
  private final RtcpCompoundIterator rtcp = new RtcpCompoundIterator();
  private final AtomicBoolean closed = new AtomicBoolean();
  volatile long sent;

  private WhipRelay(NodeContext node, Stream stream, WhipClient.Session session,
      List<Track> tracks, long[] ssrcs) {
    this.node = node;
    this.stream = stream;
    this.session = session;
    java.util.Arrays.fill(payloadTypes, -1);
    for (Track t : tracks) {
      NegotiatedCodec c = session.codec(Codecs.kind(t.kind()));
      if (c != null && c.is(t.codec())) {
        payloadTypes[t.index()] = c.payloadType();
        this.ssrcs[t.index()] = ssrcs[t.index()];
        sequencers[t.index()] = new RtpSequencer(t.clockRate(), t.kind() == Track.Kind.VIDEO,
            node.randomInt(), node.randomInt());
      }
    }
  }

  /**
   * Publishes {@code stream} to {@code endpoint} and subscribes the relay to the stream. Blocks
   * for the WHIP exchange.
   *
   * @throws IOException if the endpoint refuses or cannot be reached
   * @throws IllegalArgumentException if the stream has no tracks yet
   */
  static WhipRelay start(NodeContext node, WebRtcClient rtc, Stream stream, URI endpoint,
      @Nullable String bearerToken) throws IOException, InterruptedException {
    List<Track> tracks = stream.tracks();
    if (tracks.isEmpty()) {
      throw new IllegalArgumentException("stream " + stream.id() + " has no tracks yet");
    }
    List<SendStream> sends = new ArrayList<>();
    List<CodecCapability> codecs = new ArrayList<>();
    long[] ssrcs = new long[Stream.MAX_TRACKS];
    String cname = "sluice-relay-" + Integer.toHexString(node.randomInt());
    java.util.Set<Track.Kind> kinds = java.util.EnumSet.noneOf(Track.Kind.class);
    for (Track t : tracks) {
      if (!kinds.add(t.kind())) {
        continue;
      }
      ssrcs[t.index()] = node.randomSsrc();
      sends.add(SendStream.of(Codecs.kind(t.kind()), ssrcs[t.index()], cname,
          new Msid(stream.id(), t.kind().name().toLowerCase(java.util.Locale.ROOT))));
      CodecCapability c = Codecs.capability(t);
      // No RTX on the push leg: the relay answers no NACKs (the receiving node repairs its
      // viewers from its own ring).
      codecs.add(new CodecCapability(c.kind(), c.name(), c.clockRate(), c.channels(),
          c.parameters(), false));
    }
    Holder holder = new Holder();
    WhipClient.Session s = new WhipClient(rtc).publish(endpoint, bearerToken, sends, codecs,
        holder);
    WhipRelay relay = new WhipRelay(node, stream, s, tracks, ssrcs);
    holder.relay = relay;
    try {
      stream.subscribe(relay);
    } catch (IllegalStateException closed) {
      relay.close();
      throw new IOException("stream " + stream.id() + " closed", closed);
    }
    return relay;
  }

  /** Forwards the session's events to the relay once it exists. */
  private static final class Holder implements TransportSessionListener {
    volatile @Nullable WhipRelay relay;

    @Override
    public void onRtcp(TransportSession s, ByteBuf packet) {
      WhipRelay r = relay;
      if (r == null) {
        packet.release();
      } else {
        r.onRtcp(s, packet);
      }
    }

    @Override
    public void onClosed(TransportSession s, CloseReason reason, String detail) {
      WhipRelay r = relay;
      if (r != null) {
        r.onClosed(s, reason, detail);
      }
    }
  }

  @Override
  public void onRtp(Track track, RtpPacket packet, boolean keyframe, long nowNanos) {
    int i = track.index();
    RtpSequencer seq = sequencers[i];
    TransportSession t = session.transport();
    if (seq == null || !t.isConnected()) {
      return;
    }
    RtpSequencer.Decision d = seq.map(packet.ssrc(), packet.sequenceNumber(), packet.timestamp(),
        keyframe, nowNanos);
    if (d != RtpSequencer.Decision.FORWARD) {
      if (d == RtpSequencer.Decision.DROP_AWAITING_KEYFRAME) {
        stream.requestKeyframe(track);
      }
      return;
    }
    ByteBuf copy = PacketWriter.write(node.alloc(), packet, payloadTypes[i], packet.marker(),
        seq.outSequence(), seq.outTimestamp(), ssrcs[i], -1);
    if (t.sendRtp(copy, true)) {
      sent++;
    }
  }

  @Override
  public void onRtcp(TransportSession s, ByteBuf packet) {
    try {
      if (rtcp.tryWrap(packet) != RtcpParseResult.OK) {
        return;
      }
      while (rtcp.next()) {
        int fmt = RtcpHeader.count(rtcp.buffer(), rtcp.index());
        if (rtcp.packetType() == RtcpHeader.PT_PSFB && (fmt == 1 || fmt == 4)) {
          Track video = stream.track(Track.Kind.VIDEO);
          if (video != null) {
            stream.requestKeyframe(video);
          }
        }
      }
    } finally {
      rtcp.clear();
      packet.release();
    }
  }

  @Override
  public void onClosed(TransportSession s, CloseReason reason, String detail) {
    close();
  }

  @Override
  public void removed(Stream from) {
    close();
  }

  /** Stops relaying: unsubscribes and DELETEs the WHIP session at the other end. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stream.unsubscribe(this);
    Thread.ofVirtual().name("sluice-relay-close").start(session::close);
  }

  @Override
  public String toString() {
    return "WhipRelay(" + stream.id() + " -> " + session.resource() + ")";
  }
}
