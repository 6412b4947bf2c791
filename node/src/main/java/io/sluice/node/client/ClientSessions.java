package io.sluice.node.client;

import io.netty.buffer.ByteBuf;
import io.sluice.transport.internal.session.CloseReason;
import io.sluice.transport.internal.session.TransportSession;
import io.sluice.transport.internal.session.TransportSessionListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The sessions of one {@link WhipClient} or {@link WhepClient}, and what their {@code close()}
 * does: DELETE the resource (best effort, bounded by {@link WhipWhepHttp#DELETE_TIMEOUT}), then
 * close the transport. A session whose transport ends on its own (consent expired, the server
 * closed DTLS) leaves the set at once; its resource is still DELETEd when the application
 * closes it.
 */
final class ClientSessions {
  private final HttpClient http;
  private final boolean ownsHttp;
  private final Set<Handle> live = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();

  ClientSessions(HttpClient http, boolean ownsHttp) {
    this.http = http;
    this.ownsHttp = ownsHttp;
  }

  HttpClient http() {
    return http;
  }

  void checkOpen(String what) {
    if (closed.get()) {
      throw new IllegalStateException(what + " is closed");
    }
  }

  int size() {
    return live.size();
  }

  /** A listener that forwards to {@code delegate} and drops the handle when the transport ends. */
  Tracker track(TransportSessionListener delegate) {
    return new Tracker(delegate);
  }

  /** Registers an established session. */
  Handle open(Tracker tracker, WebRtcExchange.Established e, @Nullable String bearerToken) {
    Handle h = new Handle(e, bearerToken);
    live.add(h);
    tracker.handle = h;
    if (e.transport().isClosed()) {
      live.remove(h);
    }
    return h;
  }

  /** Closes every session, then the HTTP client if this created it. */
  void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Handle h : live) {
      h.close();
    }
    if (ownsHttp) {
      http.close();
    }
  }

  /** One established session. */
  final class Handle {
    final WebRtcExchange.Established established;
    private final @Nullable String bearerToken;
    private final AtomicBoolean done = new AtomicBoolean();

    Handle(WebRtcExchange.Established established, @Nullable String bearerToken) {
      this.established = established;
      this.bearerToken = bearerToken;
    }

    URI resource() {
      return established.resource();
    }

    TransportSession transport() {
      return established.transport();
    }

    /** DELETE (bounded), then close the transport. Idempotent. */
    void close() {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      try {
        WhipWhepHttp.delete(http, established.resource(), bearerToken);
      } finally {
        established.transport().close();
        live.remove(this);
      }
    }
  }

  /** Forwards transport events and removes the handle when the transport ends. */
  final class Tracker implements TransportSessionListener {
    private final TransportSessionListener delegate;
    volatile @Nullable Handle handle;

    Tracker(TransportSessionListener delegate) {
      this.delegate = delegate;
    }

    @Override
    public void onConnected(TransportSession session) {
      delegate.onConnected(session);
    }

    @Override
    public void onRtp(TransportSession session, ByteBuf packet) {
      delegate.onRtp(session, packet);
    }

    @Override
    public void onRtcp(TransportSession session, ByteBuf packet) {
      delegate.onRtcp(session, packet);
    }

    @Override
    public void onClosed(TransportSession session, CloseReason reason, String detail) {
      Handle h = handle;
      if (h != null) {
        live.remove(h);
      }
      delegate.onClosed(session, reason, detail);
    }
  }
}
