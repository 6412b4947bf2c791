package io.sluice.node.internal;

import io.sluice.media.routing.MediaSink;
import io.sluice.media.routing.MediaSource;
import io.sluice.media.routing.Stream;
import io.sluice.media.routing.StreamListener;
import io.sluice.media.routing.StreamRegistry;
import io.sluice.media.routing.Track;
import io.sluice.nack.Retransmitter;
import io.sluice.node.NodeListener;
import io.sluice.node.Role;
import io.sluice.signaling.http.Authorizer;
import io.sluice.signaling.http.SignalingServer;
import io.sluice.signaling.sdp.Fingerprint;
import io.sluice.signaling.sdp.SdpConfig;
import io.sluice.transport.dtls.DtlsCertificate;
import io.sluice.transport.internal.dtls.DtlsContext;
import io.sluice.transport.internal.session.WebRtcClient;
import io.sluice.transport.internal.session.WebRtcTransportServer;
import io.sluice.transport.internal.srtp.SrtpSession;
import io.sluice.transport.internal.udp.UdpEndpointConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a running {@link io.sluice.node.SluiceNode}, started and closed in order. Not part
 * of the API; {@code SluiceNode} is.
 */
public final class NodeRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeRuntime.class);
  /** RFC 7675: a session with no valid ICE check for 30 s expires. */
  static final Duration CONSENT_TIMEOUT = Duration.ofSeconds(30);

  /** The node's settings, as the builder collected them. */
  public record Options(InetSocketAddress httpAddress, InetSocketAddress udpAddress,
      @Nullable String publicAddress, Role role, List<URI> origins, int eventLoops,
      int maxSessions, Authorizer authorizer, @Nullable DtlsCertificate certificate,
      NodeListener listener, long publishBitrate, Retransmitter.Config retransmit,
      StreamRegistry.Config streams, boolean demoPage, @Nullable InetSocketAddress rtpIngest,
      String rtpIngestStream, @Nullable String rtpIngestSdp) {}

  private final Options options;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<AutoCloseable> forwards = new ArrayList<>();
  private volatile @Nullable ScheduledExecutorService timer;
  private volatile @Nullable StreamRegistry registry;
  private volatile @Nullable NodeContext context;
  private volatile @Nullable WebRtcTransportServer server;
  private volatile @Nullable WebRtcClient client;
  private volatile @Nullable EdgeRelays edge;
  private volatile @Nullable NodeBackend backend;
  private volatile @Nullable SignalingServer signaling;
  private volatile @Nullable PlainIngest ingest;

  public NodeRuntime(Options options) {
    this.options = options;
  }

  public Options options() {
    return options;
  }

  public void start() throws IOException, InterruptedException {
    if (closed.get() || !started.compareAndSet(false, true)) {
      throw new IllegalStateException("already started or closed");
    }
    try {
      startParts();
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void startParts() throws IOException, InterruptedException {
    Duration warm = SrtpSession.warmUp();
    log.debug("SRTP warm-up took {}", warm);
    DtlsCertificate cert = options.certificate() != null ? options.certificate()
        : DtlsCertificate.generate();
    DtlsContext dtls = DtlsContext.builder(cert).build();
    WebRtcTransportServer srv = WebRtcTransportServer.start(
        UdpEndpointConfig.defaults(options.udpAddress()).withEventLoops(options.eventLoops()),
        dtls, options.maxSessions(), CONSENT_TIMEOUT);
    server = srv;
    ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread th = new Thread(r, "sluice-node-timer");
      th.setDaemon(true);
      return th;
    });
    timer = t;
    NodeSettings settings = new NodeSettings(options.publishBitrate(), options.retransmit(),
        Duration.ofSeconds(5));
    Events events = new Events();
    StreamRegistry reg = new StreamRegistry(options.streams(), events, t);
    registry = reg;
    NodeContext ctx = new NodeContext(settings, reg, events);
    context = ctx;
    t.scheduleAtFixedRate(ctx::sampleBitrates, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    // The active side of node-to-node relays (an edge's pulls, pushes with relayTo): sockets
    // of its own, on the media port's event loops.
    WebRtcClient c = new WebRtcClient(srv.udp().group(), srv.udp().isEpoll(), dtls,
        CONSENT_TIMEOUT, srv.localAddress().getAddress().isAnyLocalAddress()
            ? java.net.InetAddress.getLoopbackAddress() : srv.localAddress().getAddress());
    client = c;
    if (options.role() == Role.EDGE) {
      edge = new EdgeRelays(ctx, c, options.origins(), settings.relayConnectTimeout());
    }
    String host = options.publicAddress() != null ? options.publicAddress()
        : srv.localAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1"
        : srv.localAddress().getAddress().getHostAddress();
    SdpConfig base = SdpConfig.builder()
        .iceUfrag(SdpConfig.randomIceUfrag())
        .icePwd(SdpConfig.randomIcePwd())
        .fingerprint(Fingerprint.parse(cert.sdpFingerprint()))
        .addHostCandidate(host, srv.localAddress().getPort())
        .build();
    NodeBackend b = new NodeBackend(ctx, srv, base, edge);
    backend = b;
    SignalingServer.Builder sb = SignalingServer.builder(b)
        .bindAddress(options.httpAddress())
        .adminBackend(b)
        .authorizer(options.authorizer())
        .maxSessions(options.maxSessions());
    if (options.demoPage()) {
      byte[] page = demoPage();
      if (page != null) {
        sb.staticResource("/", page, "text/html; charset=utf-8");
      }
    }
    SignalingServer sig = sb.build().start();
    signaling = sig;
    b.onSessionEnded(sig::sessionEnded);
    if (options.rtpIngest() != null) {
      Stream s = ctx.stream(options.rtpIngestStream());
      ingest = new PlainIngest(s, options.rtpIngest(),
          options.rtpIngestSdp() != null ? options.rtpIngestSdp() : PlainIngest.DEFAULT_SDP);
    }
    log.info("Sluice node ({}) on http://{} and udp {}", options.role(),
        sig.localAddress(), srv.localAddress());
  }

  private static byte @Nullable [] demoPage() throws IOException {
    try (InputStream in = NodeRuntime.class.getResourceAsStream("/io/sluice/node/demo/index.html")) {
      return in == null ? null : in.readAllBytes();
    }
  }

  public InetSocketAddress httpAddress() {
    return require(signaling).localAddress();
  }

  public InetSocketAddress udpAddress() {
    return require(server).localAddress();
  }

  /** The plain RTP ingest address, or null. */
  public @Nullable InetSocketAddress rtpIngestAddress() {
    PlainIngest i = ingest;
    return i == null ? null : i.localAddress();
  }

  public StreamRegistry registry() {
    return require(registry);
  }

  public Stream openStream(String id) {
    return require(context).stream(id);
  }

  public NodeBackend backend() {
    return require(backend);
  }

  public int sessionCount() {
    NodeBackend b = backend;
    return b == null ? 0 : b.sessionCount();
  }

  public io.sluice.transport.metrics.TransportCounters.Snapshot mediaCounters() {
    return require(server).counters().snapshot();
  }

  /** Transport sessions (ICE/DTLS/SRTP) now, for leak checks. */
  public int transportSessionCount() {
    WebRtcTransportServer s = server;
    return s == null ? 0 : s.sessionCount();
  }

  /** Edge pulls now. */
  public int relayCount() {
    EdgeRelays e = edge;
    return e == null ? 0 : e.relayCount();
  }

  public AutoCloseable forwardRtp(String id, @Nullable InetSocketAddress video,
      @Nullable InetSocketAddress audio) {
    Stream s = registry().get(id);
    if (s == null) {
      throw new IllegalArgumentException("no stream " + id);
    }
    NodeContext ctx = require(context);
    RtpForward f = new RtpForward(s, video, audio, ctx.randomSsrc(), ctx.randomSsrc());
    s.subscribe(f);
    synchronized (forwards) {
      forwards.add(f);
    }
    return f;
  }

  public AutoCloseable relayTo(String id, URI whipEndpoint, @Nullable String bearerToken)
      throws IOException, InterruptedException {
    Stream s = registry().get(id);
    if (s == null || !s.isLive()) {
      throw new IllegalArgumentException("no live stream " + id);
    }
    WhipRelay relay = WhipRelay.start(require(context), require(client), s, whipEndpoint,
        bearerToken);
    synchronized (forwards) {
      forwards.add(relay);
    }
    return relay;
  }

  private static <T> T require(@Nullable T part) {
    if (part == null) {
      throw new IllegalStateException("the node is not started");
    }
    return part;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closeQuietly(signaling);
    closeQuietly(ingest);
    closeQuietly(edge);
    synchronized (forwards) {
      forwards.forEach(NodeRuntime::closeQuietly);
    }
    closeQuietly(registry);
    closeQuietly(client);
    closeQuietly(server);
    ScheduledExecutorService t = timer;
    if (t != null) {
      t.shutdownNow();
    }
  }

  private static void closeQuietly(@Nullable AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      log.warn("closing {}: {}", c, e.toString());
    }
  }

  /** Stream and session events, to the application's listener. */
  private final class Events implements StreamListener, NodeEvents {
    private void call(Runnable r) {
      try {
        r.run();
      } catch (RuntimeException e) {
        log.warn("node listener threw", e);
      }
    }

    @Override
    public void onStreamUp(Stream stream, MediaSource source) {
      log.info("stream {} up: {}", stream.id(), source.describe());
      call(() -> options.listener().onStreamUp(stream.id()));
    }

    @Override
    public void onStreamDown(Stream stream, MediaSource source) {
      log.info("stream {} down: {} left", stream.id(), source.describe());
      call(() -> options.listener().onStreamDown(stream.id()));
    }

    @Override
    public void onSinkRemoved(Stream stream, MediaSink sink) {
      EdgeRelays e = edge;
      if (e != null) {
        e.sinkRemoved(stream);
      }
    }

    @Override
    public void onStreamClosed(Stream stream) {
      NodeContext ctx = context;
      if (ctx != null) {
        ctx.forget(stream);
      }
      EdgeRelays e = edge;
      if (e != null) {
        e.streamClosed(stream);
      }
      log.info("stream {} closed", stream.id());
      call(() -> options.listener().onStreamClosed(stream.id()));
    }

    @Override
    public void viewerJoined(String streamId, String sessionId) {
      call(() -> options.listener().onViewerJoined(streamId, sessionId));
    }

    @Override
    public void viewerLeft(String streamId, String sessionId) {
      call(() -> options.listener().onViewerLeft(streamId, sessionId));
    }

    @Override
    public void viewerLoss(String streamId, String sessionId, boolean high, double loss) {
      log.info("viewer {} of {}: retransmit cache {} (smoothed loss {})", sessionId, streamId,
          high ? "on" : "off", String.format("%.3f", loss));
      call(() -> options.listener().onViewerLoss(streamId, sessionId, high, loss));
    }

    @Override
    public void sessionEnded(String sessionId) {
      NodeBackend b = backend;
      if (b != null) {
        b.sessionEnded(sessionId);
      }
    }
  }

  /** Track lookups for tests. */
  static @Nullable Track video(Stream s) {
    return s.track(Track.Kind.VIDEO);
  }
}
