package io.sluice.transport.internal.dtls;

import io.netty.buffer.ByteBuf;
import io.sluice.transport.dtls.DtlsFingerprint;
import io.sluice.transport.internal.dtls.DtlsHandshakeResult.Failure;
import io.sluice.transport.internal.dtls.DtlsHandshakeResult.Reason;
import io.sluice.transport.internal.dtls.DtlsHandshakeResult.Success;
import io.sluice.transport.internal.srtp.SrtpKeys;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer's DTLS-SRTP session (RFC 5764): a handshake on its own virtual thread, then a reader
 * that stays on that thread until the peer closes, sends a fatal alert, or {@link #close()} is
 * called.
 *
 * <p><b>Life cycle.</b> {@link DtlsContext#newSession} creates it; the owner registers it where
 * the network thread will find it, then calls {@link #start()}.
 *
 * <p><b>Input.</b> The network thread hands every DTLS datagram from the peer to {@link #offer},
 * which copies it into a bounded queue and never blocks. <b>Output.</b> Datagrams go to the
 * {@link DatagramSink} given to {@link DtlsContext#newSession}, on the session thread.
 *
 * <p><b>Events.</b> {@link #handshake()} completes once, never exceptionally, with
 * {@link Success} (SRTP keys and the peer's fingerprint) or {@link Failure} (a reason). Then
 * {@link #closed()} completes once with how the session ended, so its owner can tear the media
 * session down. Dependent actions added before completion run on the session's virtual thread;
 * use the {@code *Async} variants to leave it.
 *
 * <p>Application data (a data channel's SCTP) is not handled yet: it is counted and dropped.
 */
public final class DtlsSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DtlsSession.class);
  /** How long the post-handshake reader waits per receive call; it wakes sooner on close. */
  private static final int READ_WAIT_MILLIS = 60_000;

  private final long id;
  private final DtlsRole role;
  private final QueueDatagramTransport transport;
  private final DtlsSrtpPeer peer;
  private final DtlsContext context;
  private final CompletableFuture<DtlsHandshakeResult> handshake = new CompletableFuture<>();
  private final CompletableFuture<DtlsClosure> closed = new CompletableFuture<>();
  private final LongAdder applicationData = new LongAdder();
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean localClose;

  DtlsSession(long id, DtlsRole role, QueueDatagramTransport transport, DtlsSrtpPeer peer, DtlsContext context) {
    this.id = id;
    this.role = role;
    this.transport = transport;
    this.peer = peer;
    this.context = context;
  }

  /**
   * Starts the handshake on a new virtual thread and returns at once. Datagrams offered before
   * this call wait in the queue. If the node's limit on concurrent handshakes is reached, the
   * handshake fails at once with {@link Reason#REFUSED} and nothing is sent. Only the first call
   * has an effect, and none after {@link #close()}.
   *
   * @return {@link #handshake()}
   */
  public CompletableFuture<DtlsHandshakeResult> start() {
    if (!started.compareAndSet(false, true)) {
      return handshake;
    }
    if (!context.tryStartHandshake()) {
      int limit = context.maxConcurrentHandshakes();
      String message = limit + " DTLS handshakes already in progress (limit: " + limit + ")";
      // Debug, not warn: refusals come in floods; DtlsContext.refusedHandshakes() counts them.
      LOG.debug("DTLS session {} ({}) refused: {}", id, role, message);
      fail(new Failure(Reason.REFUSED, message, Duration.ZERO));
    } else {
      Thread.ofVirtual().name("dtls-" + role.name().toLowerCase(Locale.ROOT) + "-" + id).start(this::run);
    }
    return handshake;
  }

  /** Which side of the handshake we take. */
  public DtlsRole role() {
    return role;
  }

  /**
   * Queues a copy of the readable bytes of {@code datagram}, a DTLS datagram from the peer
   * (borrowed: neither retained nor released; indexes untouched). Never blocks.
   *
   * @return false if it was dropped: the queue is full, the datagram too large, or the session over
   */
  public boolean offer(ByteBuf datagram) {
    return transport.offer(datagram);
  }

  /** Same as {@link #offer(ByteBuf)}, for {@code length} bytes of {@code data} from {@code offset}. */
  public boolean offer(byte[] data, int offset, int length) {
    return transport.offer(data, offset, length);
  }

  /** The handshake's outcome; completes once and never exceptionally. */
  public CompletableFuture<DtlsHandshakeResult> handshake() {
    return handshake;
  }

  /** How the session ended; completes once, after {@link #handshake()}, never exceptionally. */
  public CompletableFuture<DtlsClosure> closed() {
    return closed;
  }

  /** Datagrams dropped by {@link #offer}. */
  public long droppedDatagrams() {
    return transport.dropped();
  }

  /** True if the session thread has processed every datagram offered and waits for more; for tests. */
  boolean idle() {
    return transport.idle();
  }

  /** Application data records received after the handshake and dropped (no data channel yet). */
  public long droppedApplicationData() {
    return applicationData.sum();
  }

  /**
   * Ends the session without blocking: stops the handshake if it is in progress, or sends
   * close_notify from the session thread if it completed. Before {@link #start()}, fails the
   * handshake with {@link Reason#CLOSED}. Idempotent.
   */
  @Override
  public void close() {
    if (localClose) {
      return;
    }
    localClose = true;
    transport.close();
    if (started.compareAndSet(false, true)) {
      fail(new Failure(Reason.CLOSED, "closed before start", Duration.ZERO));
    }
  }

  @Override
  public String toString() {
    return "DtlsSession[" + id + ", " + role + "]";
  }

  /** Ends a session whose handshake never ran or failed. */
  private void fail(Failure failure) {
    transport.close();
    handshake.complete(failure);
    closed.complete(localClose
        ? new DtlsClosure(DtlsClosure.Reason.LOCAL_CLOSE, "closed before the handshake completed")
        : new DtlsClosure(DtlsClosure.Reason.HANDSHAKE_FAILED, failure.reason() + ": " + failure.message()));
  }

  // ---- The session thread. ----

  private void run() {
    long start = System.nanoTime();
    DTLSTransport dtls = null;
    DtlsHandshakeResult result;
    try {
      dtls = role == DtlsRole.SERVER
          ? context.serverProtocol().accept(new DtlsSrtpServer(context.crypto(), peer), transport)
          : context.clientProtocol().connect(new DtlsSrtpClient(context.crypto(), peer), transport);
      SrtpKeys keys = peer.keys();
      DtlsFingerprint fingerprint = peer.peerFingerprint();
      if (keys == null || fingerprint == null) {
        throw new IllegalStateException("handshake completed without keys");
      }
      result = new Success(keys, fingerprint, elapsed(start));
    } catch (Exception e) {
      result = classify(e, start);
    } finally {
      context.handshakeEnded();
    }

    if (result instanceof Failure failure) {
      if (failure.reason() == Reason.ERROR) {
        LOG.warn("DTLS session {} ({}) handshake failed: {}", id, role, failure.message());
      } else {
        LOG.debug("DTLS session {} ({}) handshake failed: {} {}", id, role, failure.reason(), failure.message());
      }
      fail(failure);
      return;
    }
    LOG.debug("DTLS session {} ({}) established in {} ms: {}", id, role, result.elapsed().toMillis(),
        ((Success) result).keys().profile());
    handshake.complete(result);
    closed.complete(readUntilClosed(dtls));
  }

  /**
   * Keeps reading after the handshake, which lets BouncyCastle retransmit its last flight if the
   * peer asks again, answer close_notify, and surface a fatal alert.
   */
  private DtlsClosure readUntilClosed(DTLSTransport dtls) {
    try {
      byte[] buf = new byte[dtls.getReceiveLimit()];
      while (true) {
        int n = dtls.receive(buf, 0, buf.length, READ_WAIT_MILLIS);
        if (n >= 0) {
          applicationData.increment();
        }
        if (peer.closeNotifyReceived()) {
          return closeNotify();
        }
      }
    } catch (TlsFatalAlertReceived e) {
      String alert = AlertDescription.getText(e.getAlertDescription());
      LOG.debug("DTLS session {} ({}): peer sent fatal alert {}", id, role, alert);
      return new DtlsClosure(DtlsClosure.Reason.FATAL_ALERT_RECEIVED, "peer sent fatal alert " + alert);
    } catch (InterruptedIOException e) {
      if (peer.closeNotifyReceived()) {
        return closeNotify();
      }
      if (localClose) {
        closeQuietly(dtls);
        return new DtlsClosure(DtlsClosure.Reason.LOCAL_CLOSE, "closed locally; close_notify sent");
      }
      return error(e);
    } catch (TlsFatalAlert e) {
      String alert = AlertDescription.getText(e.getAlertDescription());
      return new DtlsClosure(DtlsClosure.Reason.FATAL_ALERT_SENT, "sent fatal alert " + alert + ": " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      return error(e);
    } finally {
      transport.close();
    }
  }

  private DtlsClosure closeNotify() {
    LOG.debug("DTLS session {} ({}): peer sent close_notify", id, role);
    return new DtlsClosure(DtlsClosure.Reason.CLOSE_NOTIFY_RECEIVED, "peer sent close_notify");
  }

  private DtlsClosure error(Exception e) {
    LOG.warn("DTLS session {} ({}) ended by an error", id, role, e);
    return new DtlsClosure(DtlsClosure.Reason.ERROR, String.valueOf(e));
  }

  private static void closeQuietly(DTLSTransport dtls) {
    try {
      dtls.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("DTLS close_notify not sent", e);
    }
  }

  private Failure classify(Exception e, long start) {
    Duration elapsed = elapsed(start);
    if (localClose) {
      return new Failure(Reason.CLOSED, "closed locally during the handshake", elapsed);
    }
    if (e instanceof TlsTimeoutException) {
      return new Failure(Reason.TIMEOUT, "no handshake within " + context.handshakeTimeout().toMillis() + " ms", elapsed);
    }
    if (peer.fingerprintMismatch()) {
      return new Failure(Reason.FINGERPRINT_MISMATCH, String.valueOf(e.getMessage()), elapsed);
    }
    if (peer.noCommonProfile()) {
      return new Failure(Reason.NO_COMMON_SRTP_PROFILE, String.valueOf(e.getMessage()), elapsed);
    }
    if (e instanceof TlsFatalAlertReceived received) {
      return new Failure(Reason.ALERT_RECEIVED,
          "peer sent fatal alert " + AlertDescription.getText(received.getAlertDescription()), elapsed);
    }
    if (e instanceof TlsFatalAlert sent) {
      return new Failure(Reason.PROTOCOL_ERROR,
          "sent fatal alert " + AlertDescription.getText(sent.getAlertDescription()) + ": " + sent.getMessage(), elapsed);
    }
    if (e instanceof IOException && !(e instanceof QueueDatagramTransport.SinkException)
        && !(e instanceof InterruptedIOException)) {
      // Not from our transport, which only reads a queue: BouncyCastle parsing what the peer
      // sent, e.g. an ASN.1 error in its certificate ("unknown tag 13 encountered"), which it
      // passes on as a plain IOException after sending internal_error (found by fuzzing).
      return new Failure(Reason.PROTOCOL_ERROR, "malformed message from the peer: " + e, elapsed);
    }
    return new Failure(Reason.ERROR, String.valueOf(e), elapsed);
  }

  private static Duration elapsed(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
