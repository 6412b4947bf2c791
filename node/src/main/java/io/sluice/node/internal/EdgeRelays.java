package io.sluice.node.internal;

import io.netty.buffer.ByteBuf;
import io.sluice.media.routing.MediaSink;
import io.sluice.media.routing.Stream;
import io.sluice.media.routing.Track;
import io.sluice.node.client.WhepClient;
import io.sluice.signaling.http.SignalingException;
import io.sluice.transport.internal.session.CloseReason;
import io.sluice.transport.internal.session.TransportSession;
import io.sluice.transport.internal.session.TransportSessionListener;
import io.sluice.transport.internal.session.WebRtcClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An edge's pulls from its origins: the first viewer of a stream starts a WHEP session to an
 * origin (over Sluice's own ICE/DTLS-SRTP in the active role) whose packets become the stream's
 * source; the last viewer leaving ends it. Origins are tried in order; when a pull fails or its
 * session ends while viewers remain, the next origin takes over, and the viewers' sequencers keep
 * their output continuous across the switch.
 */
final class EdgeRelays implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EdgeRelays.class);
  /** Pull attempts (over all origins) before a relay gives up and its viewers are released. */
  static final int MAX_ATTEMPTS = 6;
  private static final long RETRY_PAUSE_MILLIS = 300;
  /** A pull that delivers no RTP for this long is taken for dead and failed over: 2 s. */
  static final long MEDIA_TIMEOUT_NANOS = 2_000_000_000L;

  private final NodeContext node;
  private final WhepClient client;
  private final List<URI> origins;
  private final Duration connectTimeout;
  private final Map<String, Relay> relays = new ConcurrentHashMap<>();
  private volatile boolean closed;

  EdgeRelays(NodeContext node, WebRtcClient rtc, List<URI> origins, Duration connectTimeout) {
    this.node = node;
    this.client = new WhepClient(rtc);
    this.origins = List.copyOf(origins);
    this.connectTimeout = connectTimeout;
  }

  /**
   * Returns the stream, pulling it from an origin first if the edge does not carry it yet. Blocks
   * (on a signaling virtual thread) until the stream is live or the connect timeout passes.
   *
   * @throws SignalingException 404 if no origin has the stream, 503 if it could not be reached
   */
  Stream pull(String streamId) throws SignalingException {
    if (closed) {
      throw SignalingException.unavailable("the edge is shutting down", Duration.ofSeconds(5));
    }
    Stream stream;
    try {
      stream = node.stream(streamId);
    } catch (IllegalStateException full) {
      throw SignalingException.unavailable(full.getMessage(), Duration.ofSeconds(5));
    }
    if (stream.isLive()) {
      return stream;
    }
    Relay relay = relays.computeIfAbsent(streamId, id -> new Relay(id, stream));
    relay.startOnce();
    long deadline = System.nanoTime() + connectTimeout.toNanos();
    while (!stream.isLive() && System.nanoTime() < deadline && !relay.failed) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (stream.isLive()) {
      return stream;
    }
    if (!relay.failed) {
      relay.stop(); // connected but no media in time: do not leave the pull behind
      relays.remove(streamId, relay);
    }
    String why = relay.lastError;
    if (relay.notFound) {
      throw SignalingException.notFound("no origin has stream " + streamId);
    }
    throw SignalingException.unavailable("could not pull " + streamId + " from an origin"
        + (why == null ? "" : ": " + why), Duration.ofSeconds(2));
  }

  /** A viewer left {@code stream}: stop pulling if it was the last one. */
  void sinkRemoved(Stream stream) {
    Relay r = relays.get(stream.id());
    if (r != null && r.stream == stream && !hasViewers(stream)) {
      r.stop();
      relays.remove(stream.id(), r);
      node.registry().close(stream);
    }
  }

  /** The stream closed (grace expired, node closing): forget its relay. */
  void streamClosed(Stream stream) {
    Relay r = relays.get(stream.id());
    if (r != null && r.stream == stream) {
      r.stop();
      relays.remove(stream.id(), r);
    }
  }

  private static boolean hasViewers(Stream stream) {
    for (MediaSink s : stream.sinks()) {
      if (!(s instanceof RingTap)) {
        return true;
      }
    }
    return false;
  }

  int relayCount() {
    return relays.size();
  }

  @Override
  public void close() {
    closed = true;
    for (Relay r : relays.values()) {
      r.stop();
    }
    relays.clear();
  }

  /** One stream's pull, with failover between origins. */
  private final class Relay implements TransportSessionListener {
    final String streamId;
    final Stream stream;
    private volatile @Nullable WebRtcSource source;
    private volatile WhepClient.@Nullable Session session;
    private volatile boolean started;
    private volatile boolean stopped;
    volatile boolean failed;
    volatile boolean notFound;
    volatile @Nullable String lastError;
    private int nextOrigin;

    Relay(String streamId, Stream stream) {
      this.streamId = streamId;
      this.stream = stream;
    }

    synchronized void startOnce() {
      if (!started) {
        started = true;
        Thread.ofVirtual().name("sluice-edge-pull-" + streamId).start(this::connectLoop);
      }
    }

    /** Tries the origins in turn until one serves the stream, or the attempts run out. */
    private void connectLoop() {
      List<String> errors = new ArrayList<>();
      int notFoundCount = 0;
      for (int attempt = 0; attempt < MAX_ATTEMPTS && !stopped && !closed; attempt++) {
        URI origin = origins.get(nextOrigin % origins.size());
        nextOrigin++;
        URI endpoint = origin.resolve("/whep/" + streamId);
        try {
          WhepClient.Session s = client.play(endpoint, null, this);
          List<Track> tracks = Codecs.publishedTracks(s.negotiation());
          WebRtcSource src = new WebRtcSource(node, stream, tracks, "edge pull " + endpoint,
              this::onSourceEnded, true, MEDIA_TIMEOUT_NANOS);
          src.attach(s.transport());
          source = src;
          session = s;
          if (stopped) {
            s.close();
          }
          log.info("edge: pulling {} from {}", streamId, endpoint);
          return;
        } catch (Exception e) {
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            break;
          }
          String msg = endpoint + ": " + e.getMessage();
          errors.add(msg);
          lastError = msg;
          if (e instanceof io.sluice.node.client.WhipWhepException w && w.status() == 404) {
            notFoundCount++;
            if (notFoundCount >= origins.size()) {
              notFound = true;
              break;
            }
          }
          log.warn("edge: pull of {} failed: {}", streamId, msg);
          sleep(RETRY_PAUSE_MILLIS);
        }
      }
      failed = true;
      log.warn("edge: giving up on {} after {}", streamId, errors);
      relays.remove(streamId, this);
      if (!stream.isLive()) {
        node.registry().close(stream);
      }
    }

    /** The pull's session ended: fail over while viewers remain. */
    private void onSourceEnded() {
      session = null;
      source = null;
      if (stopped || closed || !hasViewers(stream)) {
        return;
      }
      log.info("edge: pull of {} ended; failing over", streamId);
      Thread.ofVirtual().name("sluice-edge-failover-" + streamId).start(this::connectLoop);
    }

    void stop() {
      stopped = true;
      WhepClient.Session s = session;
      if (s != null) {
        Thread.ofVirtual().start(s::close); // DELETE at the origin, off the caller's thread
      }
    }

    // The transport listener given to the WHEP client: delegates to the source once it exists.

    @Override
    public void onConnected(TransportSession s) {
      WebRtcSource src = source;
      if (src != null) {
        src.onConnected(s);
      }
    }

    @Override
    public void onRtp(TransportSession s, ByteBuf packet) {
      WebRtcSource src = source;
      if (src == null) {
        packet.release();
      } else {
        src.onRtp(s, packet);
      }
    }

    @Override
    public void onRtcp(TransportSession s, ByteBuf packet) {
      WebRtcSource src = source;
      if (src == null) {
        packet.release();
      } else {
        src.onRtcp(s, packet);
      }
    }

    @Override
    public void onClosed(TransportSession s, CloseReason reason, String detail) {
      WebRtcSource src = source;
      if (src != null) {
        src.onClosed(s, reason, detail);
      } else if (session == null) {
        return;
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
