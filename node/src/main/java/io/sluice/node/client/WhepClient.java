package io.sluice.node.client;

import io.sluice.signaling.sdp.CodecCapability;
import io.sluice.signaling.sdp.MediaKind;
import io.sluice.transport.internal.session.TransportSession;
import io.sluice.transport.internal.session.TransportSessionListener;
import io.sluice.transport.internal.session.WebRtcClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A WHEP client (draft-ietf-wish-whep, over the WHIP protocol of RFC 9725) on Sluice's own
 * transport in the controlling role: it POSTs a {@code recvonly} offer, checks the answer, and
 * runs ICE, DTLS-SRTP and SRTP towards the server's candidate. An edge node pulls a stream from
 * an origin with it; the load tool's bees are WHEP clients too.
 *
 * <p>{@link #play} blocks for the HTTP exchange only: it returns once the transport is started,
 * and the listener hears {@code onConnected} when DTLS completes. Received media goes to that
 * listener, decrypted, on the session's event loop; RTCP (receiver reports, NACK, PLI) goes back
 * with {@code session.transport().sendRtcp(...)}.
 *
 * <p>{@link TransportSession}, {@link TransportSessionListener} and {@link WebRtcClient} are
 * transport internals exported only to this module; they appear in this API until the transport
 * has a public session API, so code outside Sluice cannot call these methods yet.
 *
 * <p>Thread-safe. {@link #close()} ends every session this client opened (DELETE, then the
 * transport) and the HTTP client if this created it; it does not close the {@link WebRtcClient}.
 */
public final class WhepClient extends ClientBase {
  /**
   * The codecs a WHEP offer lists, in order of preference: Opus; VP8; H.264 Constrained
   * Baseline, Baseline, Main and High (level 3.1, packetization-mode 1). Video with RTX, and
   * {@code nack}, {@code nack pli}, {@code ccm fir} and {@code transport-cc} feedback.
   */
  public static final List<CodecCapability> CODECS = List.of(CodecCapability.opus(),
      CodecCapability.vp8(), CodecCapability.h264("42e01f", 1),
      CodecCapability.h264("42001f", 1), CodecCapability.h264("4d001f", 1),
      CodecCapability.h264("64001f", 1));

  /** Creates a client with its own {@link HttpClient} (closed with this client). */
  public WhepClient(WebRtcClient rtc) {
    this(rtc, WhipWhepHttp.newHttpClient(), true);
  }

  /**
   * Creates a client that uses {@code http}, which the caller keeps owning. Redirects are followed
   * by this client whatever {@code http}'s own policy.
   */
  public WhepClient(WebRtcClient rtc, HttpClient http) {
    this(rtc, http, false);
  }

  private WhepClient(WebRtcClient rtc, HttpClient http, boolean ownsHttp) {
    super(rtc, http, ownsHttp);
  }

  /**
   * Plays audio and video from a WHEP endpoint. Blocking: POSTs a {@code recvonly} offer (audio
   * and video; {@link #CODECS}, RTX, nack/pli), applies the answer and starts ICE and DTLS.
   *
   * @param endpoint the WHEP endpoint, for example {@code http://origin:8080/whep/live}
   * @param bearerToken sent as {@code Authorization: Bearer}, or null
   * @param listener receives the session's events and media
   * @throws WhipWhepException if the server refuses (status and body inside)
   * @throws IOException if the request fails or the answer is unusable (the resource has then
   *     been DELETEd)
   */
  public Session play(URI endpoint, @Nullable String bearerToken,
      TransportSessionListener listener) throws IOException, InterruptedException {
    return play(endpoint, bearerToken, List.of(MediaKind.AUDIO, MediaKind.VIDEO), listener);
  }

  /** Like {@link #play(URI, String, TransportSessionListener)}, with one m-line per kind. */
  public Session play(URI endpoint, @Nullable String bearerToken, List<MediaKind> kinds,
      TransportSessionListener listener) throws IOException, InterruptedException {
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("no media kind to receive");
    }
    return new Session(establish(endpoint, bearerToken, CODECS,
        offerer -> offerer.createRecvOffer(kinds), listener));
  }

  /** One playing session. */
  /**
   * One playing session: {@link #negotiation()} says what was agreed (codecs, payload types, the
   * sender's SSRCs per m-line), {@link #transport()} sends RTCP (RR, NACK, PLI), {@link #close()}
   * DELETEs the resource and closes the transport.
   */
  public final class Session extends SessionBase {
    Session(ClientSessions.Handle handle) {
      super(handle);
    }
  }
}
