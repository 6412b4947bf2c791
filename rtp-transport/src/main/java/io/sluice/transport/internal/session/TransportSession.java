package io.sluice.transport.internal.session;

import io.netty.buffer.ByteBuf;
import io.sluice.transport.dtls.DtlsFingerprint;
import io.sluice.transport.internal.dtls.DtlsContext;
import io.sluice.transport.internal.dtls.DtlsHandshakeResult;
import io.sluice.transport.internal.dtls.DtlsRole;
import io.sluice.transport.internal.dtls.DtlsSession;
import io.sluice.transport.internal.ice.IceClientSession;
import io.sluice.transport.internal.ice.IceCredentials;
import io.sluice.transport.internal.ice.IceSession;
import io.sluice.transport.internal.srtp.SrtpSession;
import io.sluice.transport.internal.srtp.SrtpStatus;
import io.sluice.transport.internal.udp.UdpChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import io.sluice.transport.metrics.DropReason;
import io.sluice.transport.metrics.TransportCounters;
import io.sluice.transport.metrics.TransportMetricsListener;
import org.jspecify.annotations.Nullable;

/**
 * One WebRTC peer on the shared UDP port: its ICE-lite session, its DTLS-SRTP handshake and its
 * SRTP contexts. Created by {@link WebRtcTransportServer#createSession}; the local ICE credentials
 * and the node's fingerprint go into the SDP answer.
 *
 * <p>Life cycle: created → ICE check from the peer validated (the address becomes known) → DTLS
 * handshake on a virtual thread, started by the first DTLS record from a validated address
 * (passive role) or by nomination (active role) → {@link #isConnected()} → closed by the
 * application, consent expiry, a DTLS failure or close_notify. Closing frees the ICE entry, the
 * DTLS thread and the SRTP contexts.
 *
 * <p>Thread-safety: fields the packet path reads are volatile; sending may be called from any
 * thread (Netty queues a write from another thread onto the channel's loop).
 */
public final class TransportSession {
  /**
   * The ICE side of a session: the lite agent's view of a peer that checks us (browsers), or our
   * controlling agent towards a lite peer (an edge pulling from an origin).
   */
  interface Path {
    long id();

    IceCredentials localCredentials();

    /** Where media goes, or null while no pair is usable. */
    @Nullable InetSocketAddress mediaAddress();

    /** The best known address of the peer, for DTLS before nomination. */
    @Nullable InetSocketAddress remoteAddress();
  }

  /** A peer that checks us: ICE-lite. */
  record LitePath(IceSession ice) implements Path {
    @Override
    public long id() {
      return ice.id();
    }

    @Override
    public IceCredentials localCredentials() {
      return ice.localCredentials();
    }

    @Override
    public @Nullable InetSocketAddress mediaAddress() {
      return ice.selectedAddress();
    }

    @Override
    public @Nullable InetSocketAddress remoteAddress() {
      InetSocketAddress a = ice.selectedAddress();
      if (a == null) {
        var validated = ice.validatedAddresses();
        a = validated.isEmpty() ? null : validated.get(validated.size() - 1);
      }
      return a;
    }
  }

  /** A lite peer we check: we are the controlling agent. */
  record ControllingPath(IceClientSession ice) implements Path {
    @Override
    public long id() {
      return System.identityHashCode(ice);
    }

    @Override
    public IceCredentials localCredentials() {
      return ice.localCredentials();
    }

    @Override
    public @Nullable InetSocketAddress mediaAddress() {
      return ice.state() == IceClientSession.State.CONNECTED ? ice.remoteAddress() : null;
    }

    @Override
    public @Nullable InetSocketAddress remoteAddress() {
      return ice.remoteAddress();
    }
  }

  /** What created the session: frees its tables' entries and holds the DTLS context. */
  interface Owner {
    void forget(TransportSession session);

    DtlsContext dtlsContext();

    /** Node-level counters; each session's counters add to them. */
    TransportCounters counters();

    TransportMetricsListener metrics();

    /**
     * The owner's channel served by the calling thread's event loop, or null if the caller is not
     * on one (or the owner has one socket per session). All of a server's channels share one port
     * (SO_REUSEPORT), so a packet sent through any of them leaves from the same address.
     */
    default @Nullable UdpChannel currentLoopChannel() {
      return null;
    }
  }

  /**
   * Packets per second a session may send us before the excess is dropped (and counted as
   * {@link DropReason#RATE_LIMIT}). A 2.5 Mb/s video stream is about 260 packets/s and 4K about
   * 2,000; the limit is there to bound what one peer can make the node decrypt.
   */
  public static final int MAX_RECEIVE_PACKETS_PER_SECOND = 5_000;

  private final Owner server;
  private final Path path;
  private final DtlsSession dtls;
  private final DtlsFingerprint remoteFingerprint;
  private final TransportSessionListener listener;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean handshakeStarted = new AtomicBoolean();
  private final TransportCounters counters;
  /** Receive rate limit: a one-second window, touched only by the peer's event loop. */
  private long windowStartNanos;
  private int windowPackets;

  /** False to hand received SRTP to the listener as it came (see {@link #decryptRtp(boolean)}). */
  private volatile boolean decryptRtp = true;
  private volatile @Nullable SrtpSession srtp;
  private volatile @Nullable UdpChannel channel;

  TransportSession(Owner server, Path path, DtlsSession dtls,
      DtlsFingerprint remoteFingerprint, TransportSessionListener listener) {
    this.server = server;
    this.path = path;
    this.dtls = dtls;
    this.remoteFingerprint = remoteFingerprint;
    this.listener = listener;
    this.counters = new TransportCounters(server.counters());
    server.metrics().onSessionOpened();
  }

  /** This session's counters (they also add to the node's). */
  public TransportCounters counters() {
    return counters;
  }

  /** The local ICE ufrag and password, for the SDP answer. */
  public IceCredentials localCredentials() {
    return path.localCredentials();
  }

  /** The node's DTLS fingerprint, for the SDP answer. */
  public String localFingerprintSdp() {
    return server.dtlsContext().certificate().sdpFingerprint();
  }

  /** The fingerprint the peer's certificate must match (from its SDP). */
  public DtlsFingerprint remoteFingerprint() {
    return remoteFingerprint;
  }

  /** Our DTLS role: server for browsers (we answered {@code a=setup:passive}). */
  public DtlsRole dtlsRole() {
    return dtls.role();
  }

  /** The peer's address: the nominated one, or before nomination the last validated one. */
  public @Nullable InetSocketAddress remoteAddress() {
    return path.remoteAddress();
  }

  /** True once DTLS completed and SRTP contexts exist, until closed. */
  public boolean isConnected() {
    return srtp != null && !closed.get();
  }

  /** True once closed. */
  public boolean isClosed() {
    return closed.get();
  }

  /** The node-unique id of the ICE session, for logs. */
  public long id() {
    return path.id();
  }

  /** Packets dropped on send (not connected, SRTP failure, channel full). */
  public long sendDrops() {
    return counters.drops(DropReason.SEND_FAILED) + counters.drops(DropReason.NOT_CONNECTED);
  }

  /** Packets dropped on receive (not connected yet, SRTP authentication or replay failure). */
  public long receiveDrops() {
    return counters.drops(DropReason.AUTH_FAIL) + counters.drops(DropReason.REPLAY)
        + counters.drops(DropReason.MALFORMED) + counters.drops(DropReason.RATE_LIMIT);
  }

  /** Failed SRTP/SRTCP authentication checks on receive. */
  public long authFailures() {
    SrtpSession s = srtp;
    return s == null ? 0 : s.authFailures();
  }

  /**
   * Protects and queues an RTP packet for the peer. Takes ownership of {@code packet}, which must
   * be a heap buffer with at least 16 bytes of tail room for the SRTP tag (for example one from
   * {@link SrtpSession#heapCopy}). Dropped and counted when the session is not connected. The
   * outgoing SRTP contexts are not thread-safe: send RTP and RTCP from one thread at a time (the
   * node sends on the stream thread).
   *
   * @param flush true to flush now; false when the caller flushes a batch with {@link #flush()}
   * @return true if queued
   */
  public boolean sendRtp(ByteBuf packet, boolean flush) {
    return send(packet, false, flush);
  }

  /**
   * Protects and queues an RTP packet assembled on the way, without a plain copy of its payload:
   * {@code header}'s readable bytes are the RTP header, and the payload is {@code payloadLength}
   * bytes of {@code payload} at {@code payloadIndex}, encrypted straight into {@code header}'s
   * buffer (see {@link SrtpSession#protectRtp(ByteBuf, ByteBuf, int, int)}). Takes ownership of
   * {@code header}, which needs room for the payload and the SRTP tag, and must be a heap buffer
   * unless {@link #protectsIntoDirectBuffers()}; borrows {@code payload}. Otherwise like
   * {@link #sendRtp(ByteBuf, boolean)}.
   */
  public boolean sendRtp(ByteBuf header, ByteBuf payload, int payloadIndex, int payloadLength, boolean flush) {
    SrtpSession s = srtp;
    if (s == null || !connected()) {
      header.release();
      counters.dropped(DropReason.NOT_CONNECTED);
      return false;
    }
    if (s.protectRtp(header, payload, payloadIndex, payloadLength) != SrtpStatus.OK) {
      header.release();
      counters.dropped(DropReason.SEND_FAILED);
      return false;
    }
    return queue(header, flush);
  }

  /**
   * Whether {@link #sendRtp(ByteBuf, ByteBuf, int, int, boolean)} takes a direct buffer, which
   * reaches the socket without another copy (the negotiated SRTP profile is AES-CM). False before
   * the keys are known.
   */
  public boolean protectsIntoDirectBuffers() {
    SrtpSession s = srtp;
    return s != null && s.protectsIntoDirectBuffers();
  }

  /** Protects and queues an RTCP compound packet; like {@link #sendRtp}. */
  public boolean sendRtcp(ByteBuf packet, boolean flush) {
    return send(packet, true, flush);
  }

  private boolean send(ByteBuf packet, boolean rtcp, boolean flush) {
    SrtpSession s = srtp;
    if (s == null || !connected()) {
      packet.release();
      counters.dropped(DropReason.NOT_CONNECTED);
      return false;
    }
    SrtpStatus status = rtcp ? s.protectRtcp(packet) : s.protectRtp(packet);
    if (status != SrtpStatus.OK) {
      packet.release();
      counters.dropped(DropReason.SEND_FAILED);
      return false;
    }
    return queue(packet, flush);
  }

  private boolean connected() {
    return channel != null && path.mediaAddress() != null && !closed.get();
  }

  /** Queues a protected packet on the calling loop's channel (or the session's own). */
  private boolean queue(ByteBuf packet, boolean flush) {
    UdpChannel ch = channel;
    if (ch != null && !ch.eventLoop().inEventLoop()) {
      // Sent from another loop (a viewer fed by a publisher on another loop): write through
      // that loop's channel, which it flushes at the end of its read batch, instead of handing
      // the packet to our loop as a task.
      UdpChannel local = server.currentLoopChannel();
      if (local != null) {
        ch = local;
      }
    }
    InetSocketAddress to = path.mediaAddress();
    if (ch == null || to == null || closed.get()) {
      packet.release();
      counters.dropped(DropReason.NOT_CONNECTED);
      return false;
    }
    int bytes = packet.readableBytes();
    boolean queued = ch.write(packet, to);
    if (flush) {
      ch.flush();
    }
    if (queued) {
      counters.sent(bytes);
    } else {
      counters.dropped(DropReason.SEND_FAILED);
    }
    return queued;
  }

  /**
   * Whether received RTP is unprotected (the default). With {@code false}, a load-test receiver
   * that only counts packets skips the SRTP work: each received SRTP packet goes to
   * {@link TransportSessionListener#onRtp} as it came off the wire, neither authenticated nor
   * decrypted nor replay-checked. Its RTP header is in the clear (RFC 3711 §3.1); the payload is
   * ciphertext and the authentication tag is still appended. RTCP is always unprotected. Only
   * for tools: a node must never accept unauthenticated media.
   */
  public void decryptRtp(boolean decrypt) {
    this.decryptRtp = decrypt;
  }

  /**
   * Flushes packets queued with {@code flush=false}: those queued on the calling event loop's
   * channel (see {@link #sendRtp}), or on the session's own channel.
   */
  public void flush() {
    UdpChannel ch = channel;
    if (ch != null && !ch.eventLoop().inEventLoop()) {
      UdpChannel local = server.currentLoopChannel();
      if (local != null) {
        ch = local;
      }
    }
    if (ch != null) {
      ch.flush();
    }
  }

  /** Closes the session and frees its resources. Idempotent. */
  public void close() {
    close(CloseReason.LOCAL, "closed by the application");
  }

  // ---- called by the server ----------------------------------------------------------------

  Path path() {
    return path;
  }

  DtlsSession dtls() {
    return dtls;
  }

  /**
   * Starts the DTLS handshake once (later calls do nothing): on success SRTP contexts are created
   * and the listener hears {@code onConnected}; on failure, or on close_notify or a fatal alert
   * later, the session closes.
   */
  void startHandshake() {
    if (closed.get() || !handshakeStarted.compareAndSet(false, true)) {
      return;
    }
    dtls.start().whenComplete((result, error) -> {
      if (result instanceof DtlsHandshakeResult.Success ok) {
        server.metrics().onHandshake(true, ok.elapsed(), "SUCCESS");
        connected(new SrtpSession(ok.keys()));
      } else if (result instanceof DtlsHandshakeResult.Failure f) {
        server.metrics().onHandshake(false, f.elapsed(), f.reason().name());
        close(CloseReason.DTLS_HANDSHAKE_FAILED, f.reason() + ": " + f.message());
      } else {
        close(CloseReason.DTLS_HANDSHAKE_FAILED, String.valueOf(error));
      }
    });
    dtls.closed().whenComplete((closure, error) -> close(CloseReason.DTLS_CLOSED,
        closure == null ? String.valueOf(error) : closure.reason() + ": " + closure.message()));
  }

  void useChannel(UdpChannel channel) {
    this.channel = channel;
  }

  @Nullable UdpChannel channel() {
    return channel;
  }

  void connected(SrtpSession srtp) {
    if (closed.get()) {
      srtp.close();
      return;
    }
    this.srtp = srtp;
    listener.onConnected(this);
    if (closed.get()) {
      // close() raced with us: make sure the contexts are freed.
      this.srtp = null;
      srtp.close();
    }
  }

  /** Unprotects a received RTP or RTCP packet (heap copy, owned) and hands it to the listener. */
  void receive(ByteBuf heapPacket, boolean rtcp) {
    SrtpSession s = srtp;
    if (s == null) {
      heapPacket.release();
      counters.dropped(DropReason.NOT_CONNECTED);
      return;
    }
    long now = System.nanoTime();
    if (now - windowStartNanos >= 1_000_000_000L) {
      windowStartNanos = now;
      windowPackets = 0;
    }
    if (++windowPackets > MAX_RECEIVE_PACKETS_PER_SECOND) {
      heapPacket.release();
      counters.dropped(DropReason.RATE_LIMIT);
      return;
    }
    int bytes = heapPacket.readableBytes();
    if (!rtcp && !decryptRtp) {
      counters.received(bytes);
      listener.onRtp(this, heapPacket);
      return;
    }
    SrtpStatus status = rtcp ? s.unprotectRtcp(heapPacket) : s.unprotectRtp(heapPacket);
    if (status != SrtpStatus.OK) {
      heapPacket.release();
      counters.dropped(switch (status) {
        case AUTH_FAIL -> DropReason.AUTH_FAIL;
        case REPLAY -> DropReason.REPLAY;
        default -> DropReason.MALFORMED;
      });
      return;
    }
    counters.received(bytes);
    if (rtcp) {
      listener.onRtcp(this, heapPacket);
    } else {
      listener.onRtp(this, heapPacket);
    }
  }

  void close(CloseReason reason, String detail) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    dtls.close(); // sends close_notify, so it goes before the owner closes the socket
    server.forget(this);
    SrtpSession s = srtp;
    srtp = null;
    if (s != null) {
      s.close();
    }
    server.metrics().onSessionClosed(reason.name());
    listener.onClosed(this, reason, detail);
  }

  @Override
  public String toString() {
    return "TransportSession(" + path.id() + ", " + dtls.role() + ", " + remoteAddress()
        + (isConnected() ? ", connected" : "") + (isClosed() ? ", closed" : "") + ")";
  }
}
