package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.Answerer;
import java.util.List;

/**
 * Answers WHIP publishers and WHEP viewers (RFC 3264 §6, RFC 8829 §5.3) for a node configured
 * with an {@link SdpConfig}.
 *
 * <p>What the answer says:
 *
 * <ul>
 *   <li>{@code a=ice-lite} (the node is an ICE-lite agent, RFC 8445 §2.5), the node's ICE
 *       credentials and candidates followed by {@code a=end-of-candidates}, and the default
 *       candidate in {@code c=} and the m-line port;
 *   <li>{@code a=fingerprint} of the node's certificate and {@code a=setup:passive} to an offer
 *       of {@code actpass} or {@code active}: the node is the DTLS server for browsers (RFC 5763
 *       §5);
 *   <li>{@code a=group:BUNDLE} with the accepted mids and {@code a=rtcp-mux} on every m-line;
 *   <li>per m-line, the offered codecs the node supports in the node's order of preference,
 *       with the offerer's payload types; RTX only for kept codecs; {@code a=rtcp-fb} cut to
 *       {@link SdpConfig#rtcpFeedback()}; the supported header extensions with the offerer's
 *       ids;
 *   <li>for a publisher ({@link #answerPublisher}), {@code recvonly}, and the simulcast layers
 *       (RFC 8853) mirrored as {@code recv}; for a viewer ({@link #answerViewer}),
 *       {@code sendonly} with the node's {@code a=msid}, {@code a=ssrc} and
 *       {@code a=ssrc-group:FID};
 *   <li>an m-line with nothing in common (no shared codec, not audio or video, not secure RTP)
 *       gets port 0; an m-line whose direction does not fit gets {@code inactive}.
 * </ul>
 *
 * <p>Transport parameters and candidates appear in every accepted m-line, as libwebrtc and most
 * SFUs write them, rather than only in the BUNDLE-tagged one (RFC 8843 §7.3.1): browsers accept
 * both and some other clients need the former.
 *
 * <p>An offer the node cannot serve at all is refused with {@link SdpNegotiationException}, whose
 * {@link SdpNegotiationException#reason() reason} names the rule and whose message can go into an
 * HTTP 4xx body. Instances are immutable and thread-safe.
 */
public final class SdpAnswerer {
  private final Answerer answerer;

  /** Creates an answerer for {@code config}. */
  public SdpAnswerer(SdpConfig config) {
    this.answerer = new Answerer(config);
  }

  /**
   * Answers a WHIP publisher: the node receives ({@code recvonly}) what the offer sends.
   *
   * @throws SdpNegotiationException if the offer cannot be served
   */
  public Negotiation answerPublisher(SessionDescription offer) {
    return answerer.answer(offer, Answerer.Role.PUBLISHER, List.of());
  }

  /**
   * Answers a WHEP viewer: the node sends ({@code sendonly}) {@code streams}, each on the first
   * m-line of its kind that receives; m-lines left without a stream are {@code inactive}.
   *
   * @throws SdpNegotiationException if the offer cannot be served
   */
  public Negotiation answerViewer(SessionDescription offer, List<SendStream> streams) {
    return answerer.answer(offer, Answerer.Role.VIEWER, streams);
  }
}
