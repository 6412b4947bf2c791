package io.sluice.node.client;

import io.sluice.signaling.sdp.CodecCapability;
import io.sluice.signaling.sdp.MediaKind;
import io.sluice.signaling.sdp.NegotiatedMedia;
import io.sluice.signaling.sdp.Negotiation;
import io.sluice.signaling.sdp.SdpOfferer;
import io.sluice.signaling.sdp.SessionDescription;
import io.sluice.transport.internal.session.TransportSession;
import io.sluice.transport.internal.session.TransportSessionListener;
import io.sluice.transport.internal.session.WebRtcClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** What {@link WhipClient} and {@link WhepClient} share: the transport, HTTP and the sessions. */
abstract class ClientBase implements AutoCloseable {
  private final WebRtcClient rtc;
  private final ClientSessions sessions;

  ClientBase(WebRtcClient rtc, HttpClient http, boolean ownsHttp) {
    this.rtc = rtc;
    this.sessions = new ClientSessions(http, ownsHttp);
  }

  /** Runs one exchange and registers the session. */
  final ClientSessions.Handle establish(URI endpoint, @Nullable String bearerToken,
      List<CodecCapability> codecs, Function<SdpOfferer, SessionDescription> offer,
      TransportSessionListener listener) throws IOException, InterruptedException {
    sessions.checkOpen(getClass().getSimpleName());
    ClientSessions.Tracker tracker = sessions.track(listener);
    WebRtcExchange.Established e = WebRtcExchange.run(rtc, sessions.http(), endpoint,
        bearerToken, codecs, offer, tracker);
    return sessions.open(tracker, e, bearerToken);
  }

  /** Sessions open and not yet ended. */
  public final int sessionCount() {
    return sessions.size();
  }

  /** Closes every open session (DELETE, then transport) and an own HTTP client. Idempotent. */
  @Override
  public final void close() {
    sessions.close();
  }

  /** What a WHIP or WHEP session offers its user. */
  abstract static class SessionBase implements AutoCloseable {
    private final ClientSessions.Handle handle;

    SessionBase(ClientSessions.Handle handle) {
      this.handle = handle;
    }

    /** What was agreed: per m-line the codecs and payload types, and the remote SSRCs. */
    public final Negotiation negotiation() {
      return handle.established.negotiation();
    }

    /** The first accepted m-line of {@code kind}, or null if the server rejected or lacks it. */
    public final @Nullable NegotiatedMedia media(MediaKind kind) {
      for (NegotiatedMedia m : negotiation().media()) {
        if (m.kind() == kind) {
          return m;
        }
      }
      return null;
    }

    /** The transport: send media and RTCP with {@code sendRtp} and {@code sendRtcp}. */
    public final TransportSession transport() {
      return handle.transport();
    }

    /** The session resource (the answer's {@code Location}), which {@link #close()} DELETEs. */
    public final URI resource() {
      return handle.resource();
    }

    /** DELETEs the resource (best effort, at most 2 s) and closes the transport. Idempotent. */
    @Override
    public final void close() {
      handle.close();
    }

    @Override
    public String toString() {
      return getClass().getSimpleName() + "(" + resource() + ", " + transport() + ")";
    }
  }
}
