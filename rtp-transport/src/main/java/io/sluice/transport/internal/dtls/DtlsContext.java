package io.sluice.transport.internal.dtls;

import io.sluice.transport.dtls.DtlsCertificate;
import io.sluice.transport.dtls.DtlsFingerprint;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The node-wide DTLS-SRTP state: the certificate, BouncyCastle's crypto, the handshake timeout,
 * and the limit on concurrent handshakes. Creates one {@link DtlsSession} per peer.
 *
 * <p>The limit ({@link #DEFAULT_MAX_CONCURRENT_HANDSHAKES}) bounds the CPU and memory that
 * handshakes in flight can take, whatever the rate of new peers: each holds a virtual thread, a
 * datagram queue and about 5 ms of CPU. Overflow policy: a handshake beyond the limit is refused at
 * once ({@link DtlsHandshakeResult.Reason#REFUSED}), never queued; the peer's retransmitted
 * ClientHello, or a new session, can try again once others finish. A slot is held from
 * {@link #newSession} until the handshake ends (success, failure or timeout), not for the
 * session's life.
 *
 * <p>Thread-safe.
 */
public final class DtlsContext {
  /** Default handshake timeout. Browsers give up after a similar time. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  /** Default limit on handshakes in progress per node. */
  public static final int DEFAULT_MAX_CONCURRENT_HANDSHAKES = 256;

  private final DtlsCertificate certificate;
  private final BcTlsCrypto crypto;
  private final DtlsCredentials credentials;
  private final int handshakeTimeoutMillis;
  private final int maxConcurrentHandshakes;
  private final int mtu;
  private final int queueCapacity;
  private final Semaphore handshakePermits;
  private final DTLSServerProtocol serverProtocol;
  private final DTLSClientProtocol clientProtocol = new DTLSClientProtocol();
  private final AtomicLong ids = new AtomicLong();
  private final LongAdder refused = new LongAdder();

  private DtlsContext(Builder b) {
    this.certificate = b.certificate;
    this.crypto = new BcTlsCrypto(new SecureRandom());
    this.credentials = new DtlsCredentials(crypto, certificate);
    this.handshakeTimeoutMillis = Math.toIntExact(b.handshakeTimeout.toMillis());
    this.maxConcurrentHandshakes = b.maxConcurrentHandshakes;
    this.mtu = b.mtu;
    this.queueCapacity = b.queueCapacity;
    this.handshakePermits = new Semaphore(maxConcurrentHandshakes);
    this.serverProtocol = new DTLSServerProtocol();
    // No HelloVerifyRequest cookie round trip: ICE connectivity checks have already proved that
    // the peer receives at its address (RFC 8842 §4 ties DTLS to the ICE-selected pair).
    serverProtocol.setVerifyRequests(false);
  }

  /** A builder with the defaults, presenting {@code certificate} in every handshake. */
  public static Builder builder(DtlsCertificate certificate) {
    return new Builder(certificate);
  }

  /**
   * Starts a DTLS-SRTP handshake with one peer on a new virtual thread and returns at once. The
   * caller feeds the peer's DTLS datagrams to {@link DtlsSession#offer} and learns the outcome from
   * {@link DtlsSession#handshake()}. If {@link #maxConcurrentHandshakes()} handshakes are already in
   * progress, the returned session has failed with {@link DtlsHandshakeResult.Reason#REFUSED} and
   * sends nothing.
   *
   * @param remoteFingerprint the peer's SDP {@code a=fingerprint}; its certificate must match
   * @param sink where the session's outgoing datagrams go
   */
  public DtlsSession newSession(DtlsRole role, DtlsFingerprint remoteFingerprint, DatagramSink sink) {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(remoteFingerprint, "remoteFingerprint");
    Objects.requireNonNull(sink, "sink");
    long id = ids.incrementAndGet();
    QueueDatagramTransport transport = new QueueDatagramTransport(sink, mtu, queueCapacity);
    if (!handshakePermits.tryAcquire()) {
      refused.increment();
      return DtlsSession.refused(id, role, transport, maxConcurrentHandshakes);
    }
    DtlsSrtpPeer peer = new DtlsSrtpPeer(role, remoteFingerprint, credentials, handshakeTimeoutMillis);
    DtlsSession session = new DtlsSession(id, role, transport, peer, this);
    session.start();
    return session;
  }

  /** The certificate presented in every handshake. */
  public DtlsCertificate certificate() {
    return certificate;
  }

  /** The limit on handshakes in progress. */
  public int maxConcurrentHandshakes() {
    return maxConcurrentHandshakes;
  }

  /** Handshakes in progress now. */
  public int activeHandshakes() {
    return maxConcurrentHandshakes - handshakePermits.availablePermits();
  }

  /** Handshakes refused because of the limit, since start. */
  public long refusedHandshakes() {
    return refused.sum();
  }

  BcTlsCrypto crypto() {
    return crypto;
  }

  DTLSServerProtocol serverProtocol() {
    return serverProtocol;
  }

  DTLSClientProtocol clientProtocol() {
    return clientProtocol;
  }

  Duration handshakeTimeout() {
    return Duration.ofMillis(handshakeTimeoutMillis);
  }

  /** Called once by each admitted session when its handshake ends. */
  void handshakeEnded() {
    handshakePermits.release();
  }

  /** Configuration for a {@link DtlsContext}. */
  public static final class Builder {
    private final DtlsCertificate certificate;
    private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private int maxConcurrentHandshakes = DEFAULT_MAX_CONCURRENT_HANDSHAKES;
    private int mtu = QueueDatagramTransport.DEFAULT_MTU;
    private int queueCapacity = QueueDatagramTransport.DEFAULT_QUEUE_CAPACITY;

    private Builder(DtlsCertificate certificate) {
      this.certificate = Objects.requireNonNull(certificate, "certificate");
    }

    /** How long a handshake may take from start to finish (default 10 s). */
    public Builder handshakeTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("DTLS handshake timeout: " + timeout + " (expected: 1 ms to 24 days)");
      }
      this.handshakeTimeout = timeout;
      return this;
    }

    /** The limit on handshakes in progress per node (default 256). */
    public Builder maxConcurrentHandshakes(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("DTLS max concurrent handshakes: " + max + " (expected: 1+)");
      }
      this.maxConcurrentHandshakes = max;
      return this;
    }

    /** The largest datagram a session sends (default 1200 bytes). */
    public Builder mtu(int mtu) {
      if (mtu < 256 || mtu > QueueDatagramTransport.RECEIVE_LIMIT) {
        throw new IllegalArgumentException("DTLS MTU: " + mtu + " (expected: 256.." + QueueDatagramTransport.RECEIVE_LIMIT + ")");
      }
      this.mtu = mtu;
      return this;
    }

    /** Received datagrams that may wait per session (default 64). */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("DTLS queue capacity: " + capacity + " (expected: 1+)");
      }
      this.queueCapacity = capacity;
      return this;
    }

    public DtlsContext build() {
      return new DtlsContext(this);
    }
  }
}
