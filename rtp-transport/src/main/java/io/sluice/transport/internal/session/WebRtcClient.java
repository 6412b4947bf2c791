package io.sluice.transport.internal.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.transport.dtls.DtlsFingerprint;
import io.sluice.transport.metrics.TransportCounters;
import io.sluice.transport.metrics.TransportMetricsListener;
import io.sluice.transport.internal.dtls.DtlsContext;
import io.sluice.transport.internal.dtls.DtlsRole;
import io.sluice.transport.internal.dtls.DtlsSession;
import io.sluice.transport.internal.ice.IceClientSession;
import io.sluice.transport.internal.ice.IceCredentials;
import io.sluice.transport.internal.srtp.SrtpSession;
import io.sluice.transport.internal.udp.DatagramSink;
import io.sluice.transport.internal.udp.PacketClass;
import io.sluice.transport.internal.udp.UdpChannel;
import io.sluice.transport.internal.udp.UdpEndpoint;
import io.sluice.transport.internal.udp.UdpEndpointConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The active end of WebRTC transport: connects to an ICE-lite peer (another Sluice node, or any
 * WHEP/WHIP server that answers ice-lite), as an edge does when it pulls from an origin and as the
 * load tool's bees do.
 *
 * <p>Each session binds its own ephemeral UDP port, as a browser's peer connection does, so that
 * many sessions to the same server port stay apart; all of them share this client's event loops.
 * A session first offers its credentials ({@link #prepare}), then, with the peer's answer,
 * {@link Pending#connect connects}: it sends checks with USE-CANDIDATE, and on the first valid
 * response starts DTLS (as client, when the peer answered {@code setup:passive}). Consent checks
 * follow every 5 s; without a valid response for the consent timeout the session closes.
 *
 * <p>Datagrams are accepted only from the peer's address; everything else is counted and dropped.
 */
public final class WebRtcClient implements TransportSession.Owner, AutoCloseable {
  /** How long a closing session's socket waits for DTLS to send close_notify. */
  static final Duration CLOSE_NOTIFY_WAIT = Duration.ofMillis(500);

  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final boolean epoll;
  private final DtlsContext dtls;
  private final Duration consentTimeout;
  private final InetAddress localAddress;
  private final SecureRandom random = new SecureRandom();
  private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private final Set<Conn> connections = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final TransportCounters counters =
      new TransportCounters();
  private volatile boolean decryptRtp = true;
  private volatile TransportMetricsListener metrics =
      TransportMetricsListener.NONE;

  /**
   * Creates a client.
   *
   * @param eventLoops event loops shared by all sessions
   * @param localAddress the address each session's socket binds (127.0.0.1 in tests)
   */
  public WebRtcClient(int eventLoops, DtlsContext dtls, Duration consentTimeout,
      InetAddress localAddress) {
    SrtpSession.warmUp(); // once per JVM, so the first session does not pay for it
    this.epoll = Epoll.isAvailable();
    this.group = UdpEndpoint.newGroup(eventLoops, epoll);
    this.ownsGroup = true;
    this.dtls = dtls;
    this.consentTimeout = consentTimeout;
    this.localAddress = localAddress;
  }

  /**
   * Creates a client whose sessions run on {@code group}, which the caller owns and shuts down:
   * a node passes its server's loops, so that packets a session receives can be forwarded to the
   * server's sessions on the same thread.
   *
   * @param epoll whether {@code group} is an epoll group (see {@link UdpEndpoint#newGroup})
   */
  public WebRtcClient(EventLoopGroup group, boolean epoll, DtlsContext dtls,
      Duration consentTimeout, InetAddress localAddress) {
    this.epoll = epoll;
    this.group = group;
    this.ownsGroup = false;
    this.dtls = dtls;
    this.consentTimeout = consentTimeout;
    this.localAddress = localAddress;
  }

  /** Node-level counters: every session's packets, bytes and drops. */
  @Override
  public TransportCounters counters() {
    return counters;
  }

  @Override
  public TransportMetricsListener metrics() {
    return metrics;
  }

  /** Sets the listener for handshake and session events (metrics, alerts). */
  public void metrics(TransportMetricsListener listener) {
    this.metrics = listener;
  }

  @Override
  public DtlsContext dtlsContext() {
    return dtls;
  }

  /** The address each session's socket binds, for the host candidate of an offer. */
  public InetAddress localAddress() {
    return localAddress;
  }

  /**
   * Whether sessions connected from now on unprotect received RTP (default true); see
   * {@link TransportSession#decryptRtp(boolean)}. For the load tool's count-only bees.
   */
  public void decryptRtp(boolean decrypt) {
    this.decryptRtp = decrypt;
  }

  /** Live sessions. */
  public int sessionCount() {
    return connections.size();
  }

  /**
   * Generates local ICE credentials for an offer. Nothing is bound until {@link Pending#connect}.
   */
  public Pending prepare() {
    return new Pending(IceCredentials.generate(random));
  }

  /** Credentials offered, waiting for the answer. */
  public final class Pending {
    private final IceCredentials local;

    Pending(IceCredentials local) {
      this.local = local;
    }

    /** Our ICE credentials, for the offer. */
    public IceCredentials localCredentials() {
      return local;
    }

    /** Our DTLS fingerprint, for the offer ({@code sha-256 AB:...}). */
    public String localFingerprintSdp() {
      return dtls.certificate().sdpFingerprint();
    }

    /**
     * Binds a socket and starts checks towards the answerer's candidate.
     *
     * @param remote the answerer's host candidate
     * @param remoteUfrag the answer's {@code a=ice-ufrag}
     * @param remotePwd the answer's {@code a=ice-pwd}
     * @param remoteFingerprint the answer's {@code a=fingerprint}
     * @param role our DTLS role: {@link DtlsRole#CLIENT} when the answer says {@code setup:passive}
     * @throws InterruptedException if interrupted while binding
     */
    public TransportSession connect(InetSocketAddress remote, String remoteUfrag, String remotePwd,
        DtlsFingerprint remoteFingerprint, DtlsRole role, TransportSessionListener listener)
        throws InterruptedException {
      if (closed.get()) {
        throw new IllegalStateException("WebRtcClient is closed");
      }
      IceClientSession ice = new IceClientSession(local, remoteUfrag, remotePwd, remote,
          consentTimeout, random, System.nanoTime());
      Conn conn = new Conn(ice);
      DtlsSession handshake = dtls.newSession(role, remoteFingerprint, conn::sendDtls);
      conn.session = new TransportSession(WebRtcClient.this,
          new TransportSession.ControllingPath(ice), handshake, remoteFingerprint, listener);
      conn.session.decryptRtp(decryptRtp);
      conn.endpoint = UdpEndpoint.bindShared(
          UdpEndpointConfig.defaults(new InetSocketAddress(localAddress, 0)).withEventLoops(1),
          conn, group, epoll);
      conn.channel = conn.endpoint.channels().get(0);
      conn.session.useChannel(conn.channel);
      connections.add(conn);
      conn.channel.eventLoop().execute(conn::check);
      return conn.session;
    }
  }

  @Override
  public void forget(TransportSession session) {
    for (Conn c : connections) {
      if (c.session == session) {
        connections.remove(c);
        c.shutdown();
      }
    }
  }

  /** Closes every session and the event loops. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Conn c : connections) {
      c.session.close(CloseReason.SERVER_CLOSED, "client closed");
    }
    if (ownsGroup) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }

  /** One session's socket, checks and routing. */
  private final class Conn implements DatagramSink {
    final IceClientSession ice;
    volatile TransportSession session;
    volatile UdpEndpoint endpoint;
    volatile UdpChannel channel;
    volatile @Nullable ScheduledFuture<?> timer;

    Conn(IceClientSession ice) {
      this.ice = ice;
    }

    /** Sends a check and schedules the next one (runs on the channel's event loop). */
    void check() {
      if (session.isClosed()) {
        return;
      }
      long now = System.nanoTime();
      if (ice.tick(now) == IceClientSession.State.FAILED) {
        session.close(CloseReason.CONSENT_EXPIRED,
            "no valid ICE response for " + consentTimeout + " (last error " + ice.lastErrorCode() + ")");
        return;
      }
      ByteBuf out = alloc.directBuffer(128);
      ice.writeCheck(out);
      channel.writeAndFlush(out, ice.remoteAddress());
      long delay = ice.nextCheckDelayNanos();
      if (delay > 0) {
        timer = channel.eventLoop().schedule(this::check, delay, TimeUnit.NANOSECONDS);
      }
    }

    void sendDtls(byte[] data, int offset, int length) {
      ByteBuf buf = alloc.directBuffer(length).writeBytes(data, offset, length);
      channel.writeAndFlush(buf, ice.remoteAddress());
    }

    @Override
    public void onDatagram(UdpChannel ch, PacketClass kind, ByteBuf content,
        InetSocketAddress sender) {
      try {
        if (!sender.equals(ice.remoteAddress()) || session.isClosed()) {
          return; // only the peer we checked may talk to this socket
        }
        switch (kind) {
          case STUN -> {
            if (ice.onResponse(content, System.nanoTime())) {
              session.startHandshake();
            }
          }
          case DTLS -> {
            if (ice.state() == IceClientSession.State.CONNECTED) {
              session.dtls().offer(content);
            }
          }
          case RTP, RTCP -> session.receive(SrtpSession.heapCopy(content, alloc), kind == PacketClass.RTCP);
          default -> { }
        }
      } finally {
        content.release();
      }
    }

    @Override
    public void onReadComplete(UdpChannel ch) {
      ch.flush();
    }

    void shutdown() {
      ScheduledFuture<?> t = timer;
      if (t != null) {
        t.cancel(false);
      }
      UdpEndpoint e = endpoint;
      if (e != null) {
        // DTLS sends close_notify from its own thread after close(): keep the socket until it has
        // (or for at most CLOSE_NOTIFY_WAIT), then free the port.
        session.dtls().closed().copy()
            .completeOnTimeout(null, CLOSE_NOTIFY_WAIT.toMillis(), TimeUnit.MILLISECONDS)
            .whenComplete((closure, error) -> e.close());
      }
    }
  }
}
