package io.sluice.node.client;

import io.sluice.signaling.sdp.CodecCapability;
import io.sluice.signaling.sdp.MediaKind;
import io.sluice.signaling.sdp.NegotiatedCodec;
import io.sluice.signaling.sdp.NegotiatedMedia;
import io.sluice.signaling.sdp.SendStream;
import io.sluice.transport.internal.session.TransportSession;
import io.sluice.transport.internal.session.TransportSessionListener;
import io.sluice.transport.internal.session.WebRtcClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A WHIP client (RFC 9725) on Sluice's own transport in the controlling role: it POSTs a
 * {@code sendonly} offer announcing the caller's streams (kinds, SSRCs, RTX SSRCs, CNAME, msid),
 * checks the answer, and runs ICE, DTLS-SRTP and SRTP towards the server's candidate. The load
 * tool's publisher mode uses it.
 *
 * <p>{@link #publish} blocks for the HTTP exchange only; the listener hears {@code onConnected}
 * when DTLS completes, and from then on {@code session.transport().sendRtp(...)} sends media with
 * the payload types in {@link Session#negotiation()}. RTCP from the server (NACK, PLI, REMB)
 * arrives at the listener.
 *
 * <p>{@link TransportSession}, {@link TransportSessionListener} and {@link WebRtcClient} are
 * transport internals exported only to this module; they appear in this API until the transport
 * has a public session API.
 *
 * <p>Thread-safe. {@link #close()} ends every session this client opened and the HTTP client if
 * this created it; it does not close the {@link WebRtcClient}.
 */
public final class WhipClient extends ClientBase {
  /** The codecs offered by default: Opus, and VP8 with RTX. */
  public static final List<CodecCapability> CODECS =
      List.of(CodecCapability.opus(), CodecCapability.vp8());

  /** Creates a client with its own {@link HttpClient} (closed with this client). */
  public WhipClient(WebRtcClient rtc) {
    this(rtc, WhipWhepHttp.newHttpClient(), true);
  }

  /** Creates a client that uses {@code http}, which the caller keeps owning. */
  public WhipClient(WebRtcClient rtc, HttpClient http) {
    this(rtc, http, false);
  }

  private WhipClient(WebRtcClient rtc, HttpClient http, boolean ownsHttp) {
    super(rtc, http, ownsHttp);
  }

  /** Publishes {@code streams} offering {@link #CODECS}; see the full overload. */
  public Session publish(URI endpoint, @Nullable String bearerToken, List<SendStream> streams,
      TransportSessionListener listener) throws IOException, InterruptedException {
    return publish(endpoint, bearerToken, streams, CODECS, listener);
  }

  /**
   * Publishes to a WHIP endpoint. Blocking: POSTs a {@code sendonly} offer with one m-line per
   * stream, applies the answer and starts ICE and DTLS.
   *
   * @param endpoint the WHIP endpoint, for example {@code http://node:8080/whip/live}
   * @param bearerToken sent as {@code Authorization: Bearer}, or null
   * @param streams what will be sent, one m-line each (RTX is dropped from a stream whose kind
   *     has no codec with RTX)
   * @param codecs the codecs to offer, most preferred first; the answer picks among them
   * @param listener receives the session's events and the server's RTCP
   * @throws WhipWhepException if the server refuses (status and body inside)
   * @throws IOException if the request fails or the answer is unusable (the resource has then
   *     been DELETEd)
   */
  public Session publish(URI endpoint, @Nullable String bearerToken, List<SendStream> streams,
      List<CodecCapability> codecs, TransportSessionListener listener)
      throws IOException, InterruptedException {
    if (streams.isEmpty()) {
      throw new IllegalArgumentException("no stream to publish");
    }
    return new Session(establish(endpoint, bearerToken, codecs,
        offerer -> offerer.createSendOffer(streams), listener));
  }

  /** One publishing session. */
  /**
   * One publishing session: {@link #negotiation()} says what was agreed (per m-line the codecs
   * and our {@code sendStream()}), {@link #transport()} sends RTP, {@link #close()} DELETEs the
   * resource and closes the transport.
   */
  public final class Session extends SessionBase {
    Session(ClientSessions.Handle handle) {
      super(handle);
    }

    /**
     * The codec to send for {@code kind}: the answer's first (RFC 3264 §6.1: the answerer's
     * preference), or null if no m-line of that kind was accepted.
     */
    public @Nullable NegotiatedCodec codec(MediaKind kind) {
      NegotiatedMedia m = media(kind);
      return m == null || m.codecs().isEmpty() ? null : m.codecs().get(0);
    }
  }
}
