package io.sluice.node.internal;

import io.sluice.media.routing.Stream;
import io.sluice.media.routing.Track;
import io.sluice.signaling.http.AdminBackend;
import io.sluice.signaling.http.HealthInfo;
import io.sluice.signaling.http.IceCredentials;
import io.sluice.signaling.http.RequestContext;
import io.sluice.signaling.http.SessionAnswer;
import io.sluice.signaling.http.SessionStats;
import io.sluice.signaling.http.SignalingException;
import io.sluice.signaling.http.StreamInfo;
import io.sluice.signaling.http.TrackInfo;
import io.sluice.signaling.http.WhipWhepBackend;
import io.sluice.signaling.sdp.Candidate;
import io.sluice.signaling.sdp.CodecCapability;
import io.sluice.signaling.sdp.Fingerprint;
import io.sluice.signaling.sdp.Msid;
import io.sluice.signaling.sdp.NegotiatedCodec;
import io.sluice.signaling.sdp.NegotiatedMedia;
import io.sluice.signaling.sdp.Negotiation;
import io.sluice.signaling.sdp.SdpAnswerer;
import io.sluice.signaling.sdp.SdpConfig;
import io.sluice.signaling.sdp.SendStream;
import io.sluice.signaling.sdp.SessionDescription;
import io.sluice.signaling.sdp.Setup;
import io.sluice.transport.dtls.DtlsFingerprint;
import io.sluice.transport.internal.dtls.DtlsRole;
import io.sluice.transport.internal.session.TransportSession;
import io.sluice.transport.internal.session.WebRtcTransportServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The node's answer to WHIP, WHEP and the admin API: turns an accepted offer into a transport
 * session plus a stream source (WHIP) or sink (WHEP), and reports streams and sessions.
 *
 * <p>Each offer is answered twice by {@link SdpAnswerer}: once to learn what the client offers
 * (its ICE ufrag, DTLS fingerprint and role, and the codec the node would pick), then, after the
 * transport session exists, with the session's own ICE credentials and only the picked codecs, so
 * a publisher sends exactly one codec per track and a viewer receives exactly the publisher's.
 */
public final class NodeBackend implements WhipWhepBackend, AdminBackend {
  /** RTCP feedback towards publishers: NACK for uplink repair, PLI/FIR, and REMB for rate. */
  static final Set<String> PUBLISHER_FEEDBACK =
      new LinkedHashSet<>(List.of("goog-remb", "ccm fir", "nack", "nack pli"));
  /** RTCP feedback towards viewers: NACK (served from the retransmit cache), PLI, FIR. */
  static final Set<String> VIEWER_FEEDBACK = new LinkedHashSet<>(List.of("ccm fir", "nack",
      "nack pli"));

  /** How long a viewer waits for a publisher that has posted its offer but sent no media yet. */
  static final Duration PUBLISHER_WAIT = Duration.ofSeconds(5);

  /** What one signaling session holds. */
  record Session(String id, String streamId, boolean publisher, TransportSession transport,
      @Nullable WebRtcSource source, @Nullable WebRtcViewer viewer) {}

  private final NodeContext node;
  private final WebRtcTransportServer server;
  private final SdpConfig base;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final @Nullable EdgeRelays edge;
  private volatile Consumer<String> sessionEnded = id -> {};

  NodeBackend(NodeContext node, WebRtcTransportServer server, SdpConfig base,
      @Nullable EdgeRelays edge) {
    this.node = node;
    this.server = server;
    this.base = base;
    this.edge = edge;
  }

  /** Where node-side session ends go (the signaling server's {@code sessionEnded}). */
  void onSessionEnded(Consumer<String> callback) {
    this.sessionEnded = callback;
  }

  void sessionEnded(String sessionId) {
    if (sessions.remove(sessionId) != null) {
      sessionEnded.accept(sessionId);
    }
  }

  int sessionCount() {
    return sessions.size();
  }

  List<Session> sessions() {
    return List.copyOf(sessions.values());
  }

  // ---- WHIP --------------------------------------------------------------------------------

  @Override
  public SessionAnswer publish(String streamId, SessionDescription offer, RequestContext context)
      throws SignalingException {
    SdpConfig probe = base.newBuilder().rtcpFeedback(PUBLISHER_FEEDBACK)
        .headerExtensions(List.of()).build();
    Negotiation pre = new SdpAnswerer(probe).answerPublisher(offer);
    NegotiatedMedia first = firstMedia(pre);
    List<Track> tracks = Codecs.publishedTracks(pre);
    if (tracks.isEmpty()) {
      throw SignalingException.unprocessable("the offer sends no audio or video the node takes");
    }
    Stream stream = openStream(streamId);
    String sessionId = SessionAnswer.newSessionId();
    WebRtcSource source = new WebRtcSource(node, stream, tracks,
        "whip " + context.remoteAddress(), () -> sessionEnded(sessionId));
    source.markPending(); // the stream waits for it beyond its grace time
    TransportSession transport;
    try {
      transport = createSession(first, source);
    } catch (SignalingException | RuntimeException e) {
      source.detached(stream); // settles the pending mark
      throw e;
    }
    source.attach(transport);
    try {
      SdpConfig config = probe.newBuilder()
          .iceUfrag(transport.localCredentials().ufrag())
          .icePwd(transport.localCredentials().pwd())
          .codecs(Codecs.chosen(pre))
          .build();
      Negotiation answer = new SdpAnswerer(config).answerPublisher(offer);
      sessions.put(sessionId, new Session(sessionId, streamId, true, transport, source, null));
      return new SessionAnswer(sessionId, answer.localDescription());
    } catch (RuntimeException e) {
      transport.close();
      throw e;
    }
  }

  // ---- WHEP --------------------------------------------------------------------------------

  @Override
  public SessionAnswer play(String streamId, SessionDescription offer, RequestContext context)
      throws SignalingException {
    Stream stream = edge != null ? edge.pull(streamId) : node.registry().get(streamId);
    if (stream != null && !stream.isLive() && stream.source() == null) {
      // A publisher whose WHIP POST is done but whose media has not arrived yet (ICE, DTLS):
      // a viewer that asks now waits for it, briefly, on its virtual thread.
      long deadline = System.nanoTime() + PUBLISHER_WAIT.toNanos();
      while (!stream.isLive() && !stream.isClosed() && System.nanoTime() < deadline
          && hasPendingPublisher(streamId)) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    if (stream == null || !stream.isLive() || stream.tracks().isEmpty()) {
      throw SignalingException.notFound("no stream " + streamId);
    }
    List<Track> tracks = stream.tracks();
    List<CodecCapability> caps = new ArrayList<>();
    List<SendStream> sends = new ArrayList<>();
    String cname = "sluice-" + Integer.toHexString(node.randomInt());
    long[] ssrcs = new long[tracks.size()];
    long[] rtxSsrcs = new long[tracks.size()];
    Set<Track.Kind> kinds = new LinkedHashSet<>();
    for (Track t : tracks) {
      if (!kinds.add(t.kind())) {
        continue; // one track per kind for a WHEP viewer
      }
      caps.add(Codecs.capability(t));
      ssrcs[t.index()] = node.randomSsrc();
      SendStream s = SendStream.of(Codecs.kind(t.kind()), ssrcs[t.index()], cname,
          new Msid(streamId, t.kind().name().toLowerCase(java.util.Locale.ROOT)));
      if (t.kind() == Track.Kind.VIDEO) {
        rtxSsrcs[t.index()] = node.randomSsrc();
        s = s.withRtx(rtxSsrcs[t.index()]);
      }
      sends.add(s);
    }
    SdpConfig probe = base.newBuilder().codecs(caps).rtcpFeedback(VIEWER_FEEDBACK)
        .headerExtensions(List.of()).build();
    Negotiation pre = new SdpAnswerer(probe).answerViewer(offer, sends);
    NegotiatedMedia first = firstMedia(pre);

    WebRtcViewer.Out[] outs = new WebRtcViewer.Out[tracks.size()];
    List<Track> nackTracks = new ArrayList<>();
    for (Track t : tracks) {
      if (!kinds.contains(t.kind())) {
        continue;
      }
      for (NegotiatedMedia m : pre.media()) {
        NegotiatedCodec c = m.kind() == Codecs.kind(t.kind()) && m.sendStream() != null
            && m.sendStream().ssrc() == ssrcs[t.index()] ? Codecs.match(m, t) : null;
        if (c != null) {
          int rtxPt = c.hasRtx() ? c.rtxPayloadType() : -1;
          outs[t.index()] = new WebRtcViewer.Out(t.kind(), c.payloadType(), rtxPt,
              ssrcs[t.index()], rtxSsrcs[t.index()], t.clockRate(), node.randomInt(),
              node.randomInt());
          if (t.kind() == Track.Kind.VIDEO && c.hasFeedback("nack")) {
            nackTracks.add(t);
          }
          break;
        }
      }
    }
    if (java.util.Arrays.stream(outs).allMatch(java.util.Objects::isNull)) {
      throw SignalingException.unprocessable(
          "the offer receives none of the stream's codecs " + describe(tracks));
    }
    String sessionId = SessionAnswer.newSessionId();
    WebRtcViewer viewer = new WebRtcViewer(node, stream, sessionId, cname, outs);
    RingTap tap = node.tap(stream);
    for (Track t : nackTracks) {
      if (tap != null) {
        viewer.enableRetransmission(t, tap.ring(t.index()));
      }
    }
    TransportSession transport = createSession(first, viewer);
    viewer.attach(transport);
    try {
      SdpConfig config = probe.newBuilder()
          .iceUfrag(transport.localCredentials().ufrag())
          .icePwd(transport.localCredentials().pwd())
          .build();
      Negotiation answer = new SdpAnswerer(config).answerViewer(offer, sends);
      sessions.put(sessionId, new Session(sessionId, streamId, false, transport, null, viewer));
      return new SessionAnswer(sessionId, answer.localDescription());
    } catch (RuntimeException e) {
      transport.close();
      throw e;
    }
  }

  /** True if a WHIP session for {@code streamId} exists whose transport is still setting up. */
  private boolean hasPendingPublisher(String streamId) {
    for (Session x : sessions.values()) {
      if (x.publisher() && x.streamId().equals(streamId) && !x.transport().isClosed()) {
        return true;
      }
    }
    return false;
  }

  private static String describe(List<Track> tracks) {
    List<String> names = new ArrayList<>();
    for (Track t : tracks) {
      names.add(t.codec() + "/" + t.clockRate());
    }
    return names.toString();
  }

  // ---- both ----------------------------------------------------------------------------------

  private Stream openStream(String streamId) throws SignalingException {
    try {
      return node.stream(streamId);
    } catch (IllegalStateException full) {
      throw SignalingException.unavailable(full.getMessage(), Duration.ofSeconds(5));
    }
  }

  private static NegotiatedMedia firstMedia(Negotiation n) throws SignalingException {
    if (n.media().isEmpty()) {
      throw SignalingException.unprocessable("no m-line accepted");
    }
    return n.media().get(0);
  }

  private TransportSession createSession(NegotiatedMedia first,
      io.sluice.transport.internal.session.TransportSessionListener listener)
      throws SignalingException {
    DtlsFingerprint remote = null;
    for (Fingerprint f : first.remoteFingerprints()) {
      remote = DtlsFingerprint.tryParse(f.toValue());
      if (remote != null) {
        break;
      }
    }
    if (remote == null) {
      throw SignalingException.unprocessable("no supported a=fingerprint in the offer");
    }
    DtlsRole role = first.localSetup() == Setup.ACTIVE ? DtlsRole.CLIENT : DtlsRole.SERVER;
    TransportSession t = server.createSession(first.remoteIceUfrag(), remote, role, listener);
    if (t == null) {
      throw SignalingException.unavailable("the node is at its session limit",
          Duration.ofSeconds(5));
    }
    return t;
  }

  @Override
  public void delete(String sessionId) {
    Session s = sessions.remove(sessionId);
    if (s != null) {
      s.transport().close();
      if (s.viewer() != null) {
        s.viewer().end();
      }
    }
  }

  @Override
  public void patchTrickle(String sessionId, List<Candidate> candidates, boolean endOfCandidates)
      throws SignalingException {
    if (!sessions.containsKey(sessionId)) {
      throw SignalingException.notFound("no session " + sessionId);
    }
    // ICE-lite: the node never checks towards candidates; the client's checks reach us. Nothing
    // to do, and accepting keeps trickling clients working (RFC 9725 §4.3.1).
  }

  @Override
  public IceCredentials iceRestart(String sessionId, IceCredentials remote,
      List<Candidate> candidates) throws SignalingException {
    Session s = sessions.get(sessionId);
    if (s == null) {
      throw SignalingException.notFound("no session " + sessionId);
    }
    io.sluice.transport.internal.ice.IceCredentials local =
        server.restartIce(s.transport(), remote.ufrag());
    return new IceCredentials(local.ufrag(), local.pwd());
  }

  // ---- admin -------------------------------------------------------------------------------

  @Override
  public List<StreamInfo> streams() {
    List<StreamInfo> all = new ArrayList<>();
    for (Stream s : node.registry().streams()) {
      all.add(info(s));
    }
    return all;
  }

  @Override
  public @Nullable StreamInfo stream(String streamId) {
    Stream s = node.registry().get(streamId);
    return s == null ? null : info(s);
  }

  private StreamInfo info(Stream s) {
    List<TrackInfo> tracks = new ArrayList<>();
    for (Track t : s.tracks()) {
      tracks.add(new TrackInfo(t.kind().name().toLowerCase(java.util.Locale.ROOT), t.codec(),
          t.ssrc() < 0 ? 0 : t.ssrc()));
    }
    SessionStats publisher = null;
    List<SessionStats> viewers = new ArrayList<>();
    for (Session x : sessions.values()) {
      if (!x.streamId().equals(s.id())) {
        continue;
      }
      if (x.publisher() && s.source() == x.source()) {
        var c = x.transport().counters().snapshot();
        publisher = SessionStats.builder(x.id()).packets(c.packetsIn()).bytes(c.bytesIn()).build();
      } else if (x.viewer() != null) {
        viewers.add(viewerStats(x.viewer()));
      }
    }
    return new StreamInfo(s.id(), tracks, publisher, viewers.size(), node.ingestBitrate(s),
        viewers);
  }

  static SessionStats viewerStats(WebRtcViewer v) {
    long lost = 0;
    double fraction = 0;
    double jitterMs = 0;
    double rttMs = 0;
    long nacks = 0;
    boolean cacheOn = false;
    for (WebRtcViewer.Out o : v.outs()) {
      lost += Math.max(0, o.cumulativeLost);
      fraction = Math.max(fraction, o.fractionLost / 256.0);
      jitterMs = Math.max(jitterMs, o.jitter * 1000.0 / o.clockRate);
      if (o.rttNanos > 0) {
        rttMs = Math.max(rttMs, o.rttNanos / 1e6);
      }
      nacks += o.nacks;
      if (o.retransmitter != null && o.retransmitter.cache().isActive()) {
        cacheOn = true;
      }
    }
    return SessionStats.builder(v.sessionId()).packets(v.sentPackets()).bytes(v.sentBytes())
        .packetsLost(lost).fractionLost(fraction).jitterMs(jitterMs).rttMs(rttMs).nacks(nacks)
        .retransmitCacheOn(cacheOn).build();
  }

  @Override
  public boolean deleteSession(String sessionId) {
    boolean existed = sessions.containsKey(sessionId);
    delete(sessionId);
    if (existed) {
      sessionEnded.accept(sessionId);
    }
    return existed;
  }

  @Override
  public HealthInfo health() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("streams", node.registry().size());
    details.put("sessions", sessions.size());
    details.put("transportSessions", server.sessionCount());
    return new HealthInfo(HealthInfo.OK, details);
  }
}
