package io.sluice.node;

import io.sluice.media.routing.Stream;
import io.sluice.media.routing.StreamRegistry;
import io.sluice.nack.Retransmitter;
import io.sluice.node.internal.NodeRuntime;
import io.sluice.signaling.http.Authorizer;
import io.sluice.signaling.http.StreamInfo;
import io.sluice.transport.dtls.DtlsCertificate;
import io.sluice.transport.metrics.TransportCounters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A Sluice media node: WHIP and WHEP over HTTP, WebRTC media on one UDP port, streams fanned out
 * from each publisher to its viewers, and the JSON admin API.
 *
 * <pre>{@code
 * try (SluiceNode node = SluiceNode.builder()
 *     .httpAddress(new InetSocketAddress("0.0.0.0", 8080))
 *     .udpAddress(new InetSocketAddress("0.0.0.0", 10000))
 *     .publicAddress("203.0.113.7")
 *     .build()) {
 *   node.start();
 *   // publish:  POST http://host:8080/whip/{stream}   (WHIP, RFC 9725)
 *   // play:     POST http://host:8080/whep/{stream}   (WHEP)
 *   // admin:    GET  http://host:8080/api/streams
 * }
 * }</pre>
 *
 * <p>An edge node ({@link Role#EDGE}) pulls each stream from its origins on its first viewer's
 * request and stops when the last viewer leaves; it tries the origins in order, so a second origin
 * takes over when the first fails.
 *
 * <p>{@link #close()} ends every session and stream and frees every port, thread and buffer.
 * Thread-safe.
 */
public final class SluiceNode implements AutoCloseable {
  /** Default HTTP address: 127.0.0.1:8080. */
  public static final InetSocketAddress DEFAULT_HTTP = new InetSocketAddress("127.0.0.1", 8080);
  /** Default media (UDP) address: 127.0.0.1:10000. */
  public static final InetSocketAddress DEFAULT_UDP = new InetSocketAddress("127.0.0.1", 10000);
  /** Default bitrate asked of WebRTC publishers with REMB: 2.5 Mb/s. */
  public static final long DEFAULT_PUBLISH_BITRATE = 2_500_000;

  private final NodeRuntime runtime;

  private SluiceNode(Builder b) {
    this.runtime = new NodeRuntime(new NodeRuntime.Options(b.httpAddress, b.udpAddress,
        b.publicAddress, b.role, List.copyOf(b.origins), b.eventLoops, b.maxSessions,
        b.authorizer, b.certificate, b.listener, b.publishBitrate, b.retransmit,
        b.streams, b.demoPage, b.rtpIngest, b.rtpIngestStream, b.rtpIngestSdp));
  }

  /** Returns a builder with the defaults: an origin on 127.0.0.1:8080 (HTTP) and :10000 (UDP). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the ports and starts serving. Also warms up SRTP (about 2 s the first time in a JVM),
   * so that the first viewer does not wait for it.
   *
   * @return this node
   * @throws IOException if a port cannot be bound
   * @throws IllegalStateException if already started or closed
   */
  public SluiceNode start() throws IOException, InterruptedException {
    runtime.start();
    return this;
  }

  /** The bound HTTP address (the actual port when port 0 was asked for). */
  public InetSocketAddress httpAddress() {
    return runtime.httpAddress();
  }

  /** The bound media (UDP) address. */
  public InetSocketAddress udpAddress() {
    return runtime.udpAddress();
  }

  /** The plain RTP ingest address, or null if the node takes none. */
  public @Nullable InetSocketAddress rtpIngestAddress() {
    return runtime.rtpIngestAddress();
  }

  /** The node's role. */
  public Role role() {
    return runtime.options().role();
  }

  /** The node's base URL, for example {@code http://127.0.0.1:8080}. */
  public URI baseUri() {
    InetSocketAddress a = httpAddress();
    return URI.create("http://" + a.getHostString() + ":" + a.getPort());
  }

  /** Every stream, by id. */
  public List<Stream> streams() {
    return runtime.registry().streams();
  }

  /** The stream {@code id}, or null. */
  public @Nullable Stream stream(String id) {
    return runtime.registry().get(id);
  }

  /**
   * Returns the stream {@code id}, creating it if needed, for an application's own
   * {@link io.sluice.media.routing.MediaSource} ({@link Stream#publish}) or
   * {@link io.sluice.media.routing.MediaSink} ({@link Stream#subscribe}).
   *
   * @throws IllegalStateException at the stream limit
   */
  public Stream openStream(String id) {
    return runtime.openStream(id);
  }

  /**
   * Forwards stream {@code id} as plain RTP to {@code videoTarget} and {@code audioTarget} (either
   * may be null), for a recorder or another tool, from an ephemeral UDP port.
   *
   * @return a handle that stops the forwarding when closed
   * @throws IllegalArgumentException if there is no such stream
   */
  public AutoCloseable forwardRtp(String id, @Nullable InetSocketAddress videoTarget,
      @Nullable InetSocketAddress audioTarget) {
    return runtime.forwardRtp(id, videoTarget, audioTarget);
  }

  /**
   * The media port's counters: packets and bytes each way, and drops by reason (malformed,
   * unknown session, failed SRTP authentication, replay, rate limit, not connected, send failed),
   * for metrics and alerts.
   */
  public TransportCounters.Snapshot mediaCounters() {
    return runtime.mediaCounters();
  }

  /**
   * Every stream with its tracks, publisher session and viewer sessions and their figures
   * (packets, bytes, loss, jitter, RTT, NACKs, retransmit cache): what {@code GET /api/streams}
   * returns.
   */
  public List<StreamInfo> streamInfo() {
    return runtime.backend().streams();
  }

  /** One stream's figures, as {@code GET /api/streams/{id}} returns them, or null. */
  public @Nullable StreamInfo streamInfo(String id) {
    return runtime.backend().stream(id);
  }

  /**
   * Ends a session (a WHIP publisher or a WHEP viewer), as {@code DELETE /api/sessions/{id}}
   * does.
   *
   * @return true if the session existed
   */
  public boolean endSession(String sessionId) {
    return runtime.backend().deleteSession(sessionId);
  }

  /**
   * Pushes live stream {@code id} to another node, or any WHIP endpoint, as a WHIP publisher over
   * Sluice's own WebRTC stack: for redundancy (feeding a standby origin) or to feed another tier.
   * Blocks for the WHIP exchange. The other end's keyframe requests reach this stream's publisher.
   *
   * @param whipEndpoint for example {@code http://origin-b:8080/whip/live}
   * @param bearerToken sent as {@code Authorization: Bearer}, or null
   * @return a handle that stops the relay (and DELETEs the remote session) when closed
   * @throws IllegalArgumentException if there is no live stream {@code id}
   * @throws IOException if the endpoint refuses or cannot be reached
   */
  public AutoCloseable relayTo(String id, URI whipEndpoint, @Nullable String bearerToken)
      throws IOException, InterruptedException {
    return runtime.relayTo(id, whipEndpoint, bearerToken);
  }

  /** Signaling sessions (WHIP publishers and WHEP viewers) now. */
  public int sessionCount() {
    return runtime.sessionCount();
  }

  /** Ends every session and stream and frees every port, thread and buffer. Idempotent. */
  @Override
  public void close() {
    runtime.close();
  }

  /** Options of a {@link SluiceNode}. Not thread-safe. */
  public static final class Builder {
    private InetSocketAddress httpAddress = DEFAULT_HTTP;
    private InetSocketAddress udpAddress = DEFAULT_UDP;
    private @Nullable String publicAddress;
    private Role role = Role.ORIGIN;
    private final List<URI> origins = new ArrayList<>();
    private int eventLoops = Runtime.getRuntime().availableProcessors();
    private int maxSessions = 10_000;
    private Authorizer authorizer = Authorizer.loopbackOnly();
    private @Nullable DtlsCertificate certificate;
    private NodeListener listener = new NodeListener() {};
    private long publishBitrate = DEFAULT_PUBLISH_BITRATE;
    private Retransmitter.Config retransmit = Retransmitter.Config.DEFAULT;
    private StreamRegistry.Config streams = StreamRegistry.Config.DEFAULT;
    private boolean demoPage = true;
    private @Nullable InetSocketAddress rtpIngest;
    private String rtpIngestStream = "rtp";
    private @Nullable String rtpIngestSdp;

    private Builder() {}

    /** The HTTP address for WHIP, WHEP, the admin API and the demo page. */
    public Builder httpAddress(InetSocketAddress address) {
      this.httpAddress = address;
      return this;
    }

    /** The UDP address for all WebRTC media (ICE, DTLS, SRTP on one port). */
    public Builder udpAddress(InetSocketAddress address) {
      this.udpAddress = address;
      return this;
    }

    /**
     * The address to advertise in ICE candidates, when clients reach the node through another
     * address than the one it binds (NAT, 0.0.0.0). Default: the UDP bind address.
     */
    public Builder publicAddress(@Nullable String address) {
      this.publicAddress = address;
      return this;
    }

    /** Origin (default) or edge. */
    public Builder role(Role role) {
      this.role = role;
      return this;
    }

    /**
     * Adds an origin an edge pulls from: its base URL ({@code http://origin:8080}); the edge
     * plays {@code <origin>/whep/<stream>}. Repeat for failover, in order of preference.
     */
    public Builder addOrigin(URI origin) {
      this.origins.add(origin);
      return this;
    }

    /** UDP event loops (and channels on the media port). Default: the number of cores. */
    public Builder eventLoops(int loops) {
      if (loops < 1) {
        throw new IllegalArgumentException("eventLoops: " + loops + " (expected: >= 1)");
      }
      this.eventLoops = loops;
      return this;
    }

    /** The most WebRTC sessions at once; more get 503. Default 10,000. */
    public Builder maxSessions(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxSessions: " + max + " (expected: >= 1)");
      }
      this.maxSessions = max;
      return this;
    }

    /** Who may publish, play and use the admin API. Default: requests from loopback only. */
    public Builder authorizer(Authorizer authorizer) {
      this.authorizer = authorizer;
      return this;
    }

    /** The node's DTLS certificate. Default: a new self-signed ECDSA P-256 one. */
    public Builder certificate(DtlsCertificate certificate) {
      this.certificate = certificate;
      return this;
    }

    /** Node events. */
    public Builder listener(NodeListener listener) {
      this.listener = listener;
      return this;
    }

    /** The bitrate WebRTC publishers are asked (REMB) not to exceed; 0 sends no REMB. */
    public Builder publishBitrate(long bitsPerSecond) {
      if (bitsPerSecond < 0) {
        throw new IllegalArgumentException("publishBitrate: " + bitsPerSecond);
      }
      this.publishBitrate = bitsPerSecond;
      return this;
    }

    /** NACK service and retransmit-cache settings for viewers. */
    public Builder retransmit(Retransmitter.Config config) {
      this.retransmit = config;
      return this;
    }

    /** Stream limits, keyframe-request interval, GOP cache and grace time. */
    public Builder streams(StreamRegistry.Config config) {
      this.streams = config;
      return this;
    }

    /** Serve the demo page at {@code /}. Default: true. */
    public Builder demoPage(boolean serve) {
      this.demoPage = serve;
      return this;
    }

    /**
     * Takes plain RTP (ffmpeg {@code -f rtp}, GStreamer {@code udpsink}) on {@code address} as
     * stream {@code streamId}, described by {@code sdp} (the sender's SDP, for example ffmpeg's
     * {@code -sdp_file}); null uses {@link io.sluice.node.internal.PlainIngest#DEFAULT_SDP}.
     */
    public Builder rtpIngest(InetSocketAddress address, String streamId, @Nullable String sdp) {
      this.rtpIngest = address;
      this.rtpIngestStream = streamId;
      this.rtpIngestSdp = sdp;
      return this;
    }

    /** Creates the node; {@link SluiceNode#start()} binds its ports. */
    public SluiceNode build() {
      if (role == Role.EDGE && origins.isEmpty()) {
        throw new IllegalStateException("an edge needs at least one origin (addOrigin)");
      }
      return new SluiceNode(this);
    }
  }
}
