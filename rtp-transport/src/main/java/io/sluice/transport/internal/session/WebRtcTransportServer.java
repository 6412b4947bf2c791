package io.sluice.transport.internal.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.transport.dtls.DtlsFingerprint;
import io.sluice.transport.metrics.DropReason;
import io.sluice.transport.metrics.TransportCounters;
import io.sluice.transport.metrics.TransportMetricsListener;
import io.sluice.transport.internal.dtls.DtlsContext;
import io.sluice.transport.internal.dtls.DtlsRole;
import io.sluice.transport.internal.dtls.DtlsSession;
import io.sluice.transport.internal.ice.IceCheckOutcome;
import io.sluice.transport.internal.ice.IceCredentials;
import io.sluice.transport.internal.ice.IceLiteAgent;
import io.sluice.transport.internal.ice.IceSession;
import io.sluice.transport.internal.ice.IceSessionListener;
import io.sluice.transport.internal.ice.IceSessionTable;
import io.sluice.transport.internal.srtp.SrtpSession;
import io.sluice.transport.internal.udp.DatagramSink;
import io.sluice.transport.internal.udp.PacketClass;
import io.sluice.transport.internal.udp.UdpChannel;
import io.sluice.transport.internal.udp.UdpEndpoint;
import io.sluice.transport.internal.udp.UdpEndpointConfig;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * WebRTC on one UDP port: the {@link UdpEndpoint} demultiplexes each datagram (RFC 7983), and this
 * class routes it.
 *
 * <ul>
 *   <li>STUN goes to the ICE-lite agent, which answers on the channel that received it. A check
 *       that fails any test changes nothing.
 *   <li>DTLS, RTP and RTCP are accepted only from an address that passed an ICE check: the session
 *       table is looked up by the remote address, and anything else is counted and dropped, so
 *       unauthenticated traffic can never reach a handshake or an SRTP context.
 *   <li>DTLS records go to the session's handshake, which runs on a virtual thread.
 *   <li>RTP and RTCP are copied once into a pooled heap buffer (jitsi-srtp works on arrays),
 *       unprotected, and handed to the session's listener.
 * </ul>
 *
 * <p>A sweep on one event loop expires sessions without a valid check for the consent timeout
 * (RFC 7675) and frees them.
 */
public final class WebRtcTransportServer
    implements DatagramSink, TransportSession.Owner, AutoCloseable {

  /** How often consent expiry is checked. */
  static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

  /** Counters of what the server dropped, by reason. */
  public enum Drop {
    /** DTLS, RTP or RTCP from an address no valid ICE check came from. */
    UNKNOWN_SOURCE,
    /** A DTLS record the session's queue could not take, or after the session closed. */
    DTLS_QUEUE_FULL,
    /** A STUN datagram the ICE agent dropped without an answer. */
    STUN_DROPPED,
    /** A STUN check answered with an error. */
    STUN_REJECTED
  }

  private final UdpEndpoint udp;
  private final DtlsContext dtls;
  private final IceSessionTable table;
  private final IceLiteAgent agent;
  private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private final Set<TransportSession> sessions = ConcurrentHashMap.newKeySet();
  private final Map<Drop, LongAdder> drops = new EnumMap<>(Drop.class);
  private final ScheduledFuture<?> sweep;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final TransportCounters counters =
      new TransportCounters();
  private volatile TransportMetricsListener metrics =
      TransportMetricsListener.NONE;

  private WebRtcTransportServer(UdpEndpointConfig udpConfig, DtlsContext dtls, int maxSessions,
      Duration consentTimeout) throws InterruptedException {
    for (Drop d : Drop.values()) {
      drops.put(d, new LongAdder());
    }
    this.dtls = dtls;
    this.table = new IceSessionTable(maxSessions, consentTimeout, new SecureRandom(),
        new IceSessionListener() {
          @Override
          public void onNominated(IceSession session, @Nullable InetSocketAddress previous,
              InetSocketAddress current) {
            if (session.attachment() instanceof TransportSession s) {
              // As DTLS client we speak first, to the nominated address. As server we wait for the
              // ClientHello, but the handshake timeout runs from here, so a peer that completes
              // ICE and never starts DTLS cannot hold a session.
              s.startHandshake();
            }
          }

          @Override
          public void onExpired(IceSession session) {
            if (session.attachment() instanceof TransportSession s) {
              s.close(CloseReason.CONSENT_EXPIRED, "no valid ICE check for " + consentTimeout);
            }
          }
        });
    this.agent = new IceLiteAgent(table);
    this.udp = UdpEndpoint.bind(udpConfig, this);
    long period = SWEEP_INTERVAL.toMillis();
    this.sweep = udp.channels().get(0).eventLoop().scheduleAtFixedRate(
        () -> table.expire(System.nanoTime()), period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Warms SRTP up (about 2 s, once per JVM: {@link SrtpSession#warmUp()}), binds the UDP port and
   * starts serving.
   *
   * @param maxSessions the node's session limit (ICE sessions, and so WebRTC peers)
   * @param consentTimeout how long a session lives without a valid ICE check (RFC 7675: 30 s)
   */
  public static WebRtcTransportServer start(UdpEndpointConfig udpConfig, DtlsContext dtls,
      int maxSessions, Duration consentTimeout) throws InterruptedException {
    SrtpSession.warmUp();
    return new WebRtcTransportServer(udpConfig, dtls, maxSessions, consentTimeout);
  }

  /**
   * Creates a session for a peer whose SDP gave {@code remoteUfrag} and {@code remoteFingerprint}.
   * Its local ICE credentials and the node fingerprint go into the answer.
   *
   * @param role our DTLS role: {@link DtlsRole#SERVER} when we answered {@code setup:passive}
   * @return the session, or null if the node is at its session limit (the caller answers 503)
   * @throws IllegalArgumentException if {@code remoteUfrag} is not a valid ice-ufrag (RFC 8839
   *     §5.4); signaling validates the SDP before it gets here
   */
  public @Nullable TransportSession createSession(@Nullable String remoteUfrag,
      DtlsFingerprint remoteFingerprint, DtlsRole role, TransportSessionListener listener) {
    if (closed.get()) {
      return null;
    }
    IceSession ice;
    try {
      ice = table.create(remoteUfrag, System.nanoTime());
    } catch (IllegalStateException full) {
      return null; // at maxSessions
    }
    DtlsSessionSink sink = new DtlsSessionSink();
    DtlsSession handshake = dtls.newSession(role, remoteFingerprint, sink);
    TransportSession session = new TransportSession(this, new TransportSession.LitePath(ice),
        handshake, remoteFingerprint, listener);
    sink.session = session;
    sessions.add(session);
    ice.attach(session);
    return session;
  }

  /**
   * ICE restart (RFC 8445 §9, as WHIP/WHEP PATCH requests it): new local credentials for
   * {@code session}; the old ufrag stops matching at once, while DTLS and SRTP carry on over the
   * pair the peer nominates with the new credentials.
   *
   * @param newRemoteUfrag the peer's new ufrag from its restart offer
   * @return the new local credentials, for the answer fragment
   * @throws IllegalArgumentException if the session is not one this server answered
   */
  public IceCredentials restartIce(TransportSession session, @Nullable String newRemoteUfrag) {
    if (!(session.path() instanceof TransportSession.LitePath lite)) {
      throw new IllegalArgumentException("ICE restart applies to sessions this server answered");
    }
    return table.restart(lite.ice(), newRemoteUfrag);
  }

  /** The bound UDP address (candidates in the SDP answer use its port). */
  public InetSocketAddress localAddress() {
    return udp.localAddress();
  }

  /** The UDP endpoint, for its counters. */
  public UdpEndpoint udp() {
    return udp;
  }

  /** The DTLS context (certificate, handshake limits). */
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

  /** Number of live sessions. */
  public int sessionCount() {
    return sessions.size();
  }

  /** Datagrams dropped for {@code reason}. */
  public long drops(Drop reason) {
    return drops.get(reason).sum();
  }

  @Override
  public void onDatagram(UdpChannel channel, PacketClass kind, ByteBuf content,
      InetSocketAddress sender) {
    try {
      if (kind == PacketClass.STUN) {
        handleStun(channel, content, sender);
        return;
      }
      IceSession ice = table.findByAddress(sender);
      if (ice == null || !(ice.attachment() instanceof TransportSession session)
          || session.isClosed()) {
        drops.get(Drop.UNKNOWN_SOURCE).increment();
        counters.dropped(DropReason.UNKNOWN_SESSION);
        return;
      }
      if (session.channel() == null) {
        session.useChannel(channel);
      }
      if (kind == PacketClass.DTLS) {
        if (!session.dtls().offer(content)) {
          drops.get(Drop.DTLS_QUEUE_FULL).increment();
        }
        session.startHandshake();
        return;
      }
      ByteBuf copy = SrtpSession.heapCopy(content, alloc);
      session.receive(copy, kind == PacketClass.RTCP);
    } finally {
      content.release();
    }
  }

  @Override
  public @Nullable UdpChannel currentLoopChannel() {
    List<UdpChannel> channels = udp.channels();
    for (int i = 0; i < channels.size(); i++) {
      UdpChannel c = channels.get(i);
      if (c.eventLoop().inEventLoop()) {
        return c;
      }
    }
    return null;
  }

  @Override
  public void onReadComplete(UdpChannel channel) {
    channel.flush();
  }

  private void handleStun(UdpChannel channel, ByteBuf request, InetSocketAddress sender) {
    ByteBuf response = alloc.directBuffer(IceLiteAgent.MAX_RESPONSE_SIZE);
    IceCheckOutcome outcome = agent.handle(request, sender, System.nanoTime(), response);
    if (!outcome.hasResponse()) {
      response.release();
      drops.get(Drop.STUN_DROPPED).increment();
      return;
    }
    if (outcome == IceCheckOutcome.SUCCESS) {
      IceSession ice = table.findByAddress(sender);
      if (ice != null && ice.attachment() instanceof TransportSession session) {
        // Answer and send media on the loop the kernel hashes this peer onto.
        session.useChannel(channel);
      }
    } else {
      drops.get(Drop.STUN_REJECTED).increment();
    }
    channel.write(response, sender); // flushed at the end of the read batch
  }

  /** Called by a session as it closes: removes it from the tables. */
  @Override
  public void forget(TransportSession session) {
    sessions.remove(session);
    if (session.path() instanceof TransportSession.LitePath lite) {
      table.remove(lite.ice());
      lite.ice().attach(null);
    }
  }

  /** Closes every session, the UDP port and its event loops. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    sweep.cancel(false);
    for (TransportSession s : sessions) {
      s.close(CloseReason.SERVER_CLOSED, "transport server closed");
    }
    udp.close();
  }

  /**
   * Sends the handshake's datagrams to the session's current address, through the channel that
   * last heard from the peer. Runs on the handshake's virtual thread; the copy is needed because
   * BouncyCastle reuses its array.
   */
  private final class DtlsSessionSink implements io.sluice.transport.internal.dtls.DatagramSink {
    volatile @Nullable TransportSession session;

    @Override
    public void send(byte[] data, int offset, int length) {
      TransportSession s = session;
      if (s == null) {
        return;
      }
      UdpChannel ch = s.channel();
      InetSocketAddress to = s.remoteAddress();
      if (ch == null || to == null) {
        return; // not reachable yet; DTLS retransmits
      }
      ByteBuf buf = alloc.directBuffer(length).writeBytes(data, offset, length);
      ch.writeAndFlush(buf, to);
    }
  }
}
