package io.sluice.node.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.sluice.signaling.http.Authorizer;
import io.sluice.signaling.http.RequestContext;
import io.sluice.signaling.http.SessionAnswer;
import io.sluice.signaling.http.SignalingException;
import io.sluice.signaling.http.SignalingServer;
import io.sluice.signaling.http.WhipWhepBackend;
import io.sluice.signaling.sdp.Fingerprint;
import io.sluice.signaling.sdp.MediaDescription;
import io.sluice.signaling.sdp.MediaKind;
import io.sluice.signaling.sdp.Msid;
import io.sluice.signaling.sdp.NegotiatedCodec;
import io.sluice.signaling.sdp.NegotiatedMedia;
import io.sluice.signaling.sdp.Negotiation;
import io.sluice.signaling.sdp.SdpAnswerer;
import io.sluice.signaling.sdp.SdpConfig;
import io.sluice.signaling.sdp.SendStream;
import io.sluice.signaling.sdp.SessionDescription;
import io.sluice.transport.dtls.DtlsCertificate;
import io.sluice.transport.dtls.DtlsFingerprint;
import io.sluice.transport.internal.dtls.DtlsContext;
import io.sluice.transport.internal.dtls.DtlsRole;
import io.sluice.transport.internal.session.CloseReason;
import io.sluice.transport.internal.session.TransportSession;
import io.sluice.transport.internal.session.TransportSessionListener;
import io.sluice.transport.internal.session.WebRtcTransportServer;
import io.sluice.transport.internal.srtp.SrtpSession;
import io.sluice.transport.internal.udp.UdpEndpointConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A small SFU made of the real components, on 127.0.0.1: a {@link SignalingServer} whose backend
 * answers with {@link SdpAnswerer} and creates sessions on a {@link WebRtcTransportServer}. The
 * publisher's RTP is forwarded to every viewer of the stream, with the SSRC the viewer's answer
 * announced and the payload type the viewer negotiated for the same codec; RTCP from viewers is
 * recorded.
 */
class LoopbackSfu implements WhipWhepBackend, AutoCloseable {
  static final long VIEWER_AUDIO_SSRC = 0x0A0A0A0AL;
  static final long VIEWER_VIDEO_SSRC = 0x0B0B0B0BL;
  static final long VIEWER_VIDEO_RTX_SSRC = 0x0C0C0C0CL;

  private final DtlsCertificate certificate = DtlsCertificate.generate();
  private final WebRtcTransportServer transport;
  private final SignalingServer http;
  private final Map<String, Publisher> publishers = new ConcurrentHashMap<>();
  private final Map<String, Viewer> viewers = new ConcurrentHashMap<>();
  final BlockingQueue<byte[]> viewerRtcp = new ArrayBlockingQueue<>(1000);
  final List<String> deleted = new CopyOnWriteArrayList<>();
  final List<TransportSession> closedSessions = new CopyOnWriteArrayList<>();

  LoopbackSfu(UnaryOperator<SignalingServer.Builder> config) throws IOException, InterruptedException {
    transport = WebRtcTransportServer.start(
        UdpEndpointConfig.defaults(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .withEventLoops(1),
        DtlsContext.builder(certificate).handshakeTimeout(Duration.ofSeconds(5)).build(),
        100, Duration.ofSeconds(30));
    http = config.apply(SignalingServer.builder(this)
        .bindAddress(new InetSocketAddress("127.0.0.1", 0))).build().start();
  }

  LoopbackSfu() throws IOException, InterruptedException {
    this(b -> b);
  }

  URI whip(String stream) {
    return URI.create("http://127.0.0.1:" + http.localAddress().getPort() + "/whip/" + stream);
  }

  URI whep(String stream) {
    return URI.create("http://127.0.0.1:" + http.localAddress().getPort() + "/whep/" + stream);
  }

  int transportSessions() {
    return transport.sessionCount();
  }

  @Override
  public SessionAnswer publish(String streamId, SessionDescription offer, RequestContext context)
      throws SignalingException {
    Publisher p = new Publisher();
    Negotiation n = answer(offer, p, (answerer, o) -> answerer.answerPublisher(o));
    p.negotiation = n;
    String id = SessionAnswer.newSessionId();
    p.id = id;
    p.stream = streamId;
    publishers.put(id, p);
    return new SessionAnswer(id, n.localDescription());
  }

  @Override
  public SessionAnswer play(String streamId, SessionDescription offer, RequestContext context)
      throws SignalingException {
    if (publishers.values().stream().noneMatch(p -> p.stream.equals(streamId))) {
      throw SignalingException.notFound("no publisher for stream " + streamId);
    }
    List<SendStream> streams = List.of(
        SendStream.of(MediaKind.AUDIO, VIEWER_AUDIO_SSRC, "sfu", new Msid(streamId, "audio")),
        SendStream.of(MediaKind.VIDEO, VIEWER_VIDEO_SSRC, "sfu", new Msid(streamId, "video"))
            .withRtx(VIEWER_VIDEO_RTX_SSRC));
    Viewer v = new Viewer();
    v.negotiation = answer(offer, v, (answerer, o) -> answerer.answerViewer(o, streams));
    v.stream = streamId;
    String id = SessionAnswer.newSessionId();
    viewers.put(id, v);
    return new SessionAnswer(id, v.negotiation.localDescription());
  }

  private interface AnswerFn {
    Negotiation apply(SdpAnswerer answerer, SessionDescription offer);
  }

  private Negotiation answer(SessionDescription offer, Peer peer, AnswerFn fn)
      throws SignalingException {
    MediaDescription m0 = offer.media().get(0);
    String ufrag = m0.iceUfrag() != null ? m0.iceUfrag() : offer.iceUfrag();
    List<Fingerprint> fps = m0.fingerprints().isEmpty() ? offer.fingerprints() : m0.fingerprints();
    if (ufrag == null || fps.isEmpty()) {
      throw SignalingException.unprocessable("offer without ice-ufrag or fingerprint");
    }
    TransportSession session = transport.createSession(ufrag,
        DtlsFingerprint.parse(fps.get(0).toValue()), DtlsRole.SERVER, peer);
    if (session == null) {
      throw SignalingException.unavailable("full", Duration.ofSeconds(1));
    }
    peer.session = session;
    SdpConfig config = SdpConfig.builder()
        .iceUfrag(session.localCredentials().ufrag())
        .icePwd(session.localCredentials().pwd())
        .fingerprint(new Fingerprint("sha-256", certificate.sdpFingerprint().split(" ", 2)[1]))
        .addHostCandidate("127.0.0.1", transport.localAddress().getPort())
        .build();
    try {
      return fn.apply(new SdpAnswerer(config), offer);
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  @Override
  public void delete(String sessionId) {
    deleted.add(sessionId);
    Peer p = publishers.remove(sessionId);
    if (p == null) {
      p = viewers.remove(sessionId);
    }
    if (p != null && p.session != null) {
      p.session.close();
    }
  }

  @Override
  public void close() {
    http.close();
    transport.close();
  }

  /** A session on the transport server. */
  private abstract class Peer implements TransportSessionListener {
    volatile @Nullable TransportSession session;
    volatile Negotiation negotiation;
    volatile String stream = "";

    @Override
    public void onClosed(TransportSession s, CloseReason reason, String detail) {
      closedSessions.add(s);
    }
  }

  private final class Publisher extends Peer {
    volatile String id = "";

    /** Forwards to each viewer: the viewer's SSRC and payload type for the same codec. */
    @Override
    public void onRtp(TransportSession from, ByteBuf packet) {
      try {
        int pt = packet.getUnsignedByte(1) & 0x7F;
        NegotiatedCodec codec = null;
        MediaKind kind = null;
        for (NegotiatedMedia m : negotiation.media()) {
          if (m.codec(pt) != null) {
            codec = m.codec(pt);
            kind = m.kind();
          }
        }
        if (codec == null) {
          return;
        }
        for (Viewer v : viewers.values()) {
          TransportSession to = v.session;
          if (!v.stream.equals(stream) || to == null || !to.isConnected()) {
            continue;
          }
          for (NegotiatedMedia m : v.negotiation.media()) {
            if (m.kind() != kind || m.sendStream() == null) {
              continue;
            }
            for (NegotiatedCodec c : m.codecs()) {
              if (c.name().equalsIgnoreCase(codec.name())) {
                ByteBuf copy = SrtpSession.heapCopy(packet, PooledByteBufAllocator.DEFAULT);
                copy.setByte(1, (copy.getByte(1) & 0x80) | c.payloadType());
                copy.setInt(8, (int) m.sendStream().ssrc());
                to.sendRtp(copy, true);
                break;
              }
            }
          }
        }
      } finally {
        packet.release();
      }
    }
  }

  private final class Viewer extends Peer {
    @Override
    public void onRtcp(TransportSession from, ByteBuf packet) {
      viewerRtcp.offer(ByteBufUtil.getBytes(packet));
      packet.release();
    }
  }

  /** Streams of all publishers, for assertions. */
  List<String> publishedStreams() {
    List<String> s = new ArrayList<>();
    publishers.values().forEach(p -> s.add(p.stream));
    return s;
  }
}
