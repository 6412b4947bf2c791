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
 * once ({@link DtlsHandshakeResult.Reason#REFUSED}), never queued; a new session can try again
 * once others finish. A slot is held from {@link DtlsSession#start()} until the handshake ends
 * (success, failure or timeout), not for the session's life.
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
    // No HelloVerifyRequest cookie round trip (RFC 6347 §4.2.1): it proves that the client
    // receives at its address, which ICE connectivity checks with the SDP's credentials have
    // already done before any DTLS datagram reaches a session. It saves one round trip.
    serverProtocol.setVerifyRequests(false);
  }

  /** A builder with the defaults, presenting {@code certificate} in every handshake. */
  public static Builder builder(DtlsCertificate certificate) {
    return new Builder(certificate);
  }

  /**
   * Creates a DTLS-SRTP session with one peer, not yet started. Register it wherever the network
   * thread looks sessions up, then call {@link DtlsSession#start()}: started first, the peer's
   * answer to our first flight could arrive before the session is found, be dropped, and cost a
   * retransmission timeout (one second).
   *
   * @param remoteFingerprint the peer's SDP {@code a=fingerprint}; its certificate must match
   * @param sink where the session's outgoing datagrams go
   */
  public DtlsSession newSession(DtlsRole role, DtlsFingerprint remoteFingerprint, DatagramSink sink) {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(remoteFingerprint, "remoteFingerprint");
    Objects.requireNonNull(sink, "sink");
    QueueDatagramTransport transport = new QueueDatagramTransport(sink, mtu, queueCapacity);
    DtlsSrtpPeer peer = new DtlsSrtpPeer(role, remoteFingerprint, credentials, handshakeTimeoutMillis);
    return new DtlsSession(ids.incrementAndGet(), role, transport, peer, this);
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

  /** Takes a handshake slot, or counts a refusal. Never blocks. */
  boolean tryStartHandshake() {
    if (handshakePermits.tryAcquire()) {
      return true;
    }
    refused.increment();
    return false;
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
