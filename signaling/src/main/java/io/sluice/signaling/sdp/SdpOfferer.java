package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.Offerer;
import java.util.List;

/**
 * Makes the node's own offers (RFC 3264 §5, RFC 8829 §5.2) and checks the answers to them: for
 * the node's WHEP client when an edge pulls a stream from an origin ({@link #createRecvOffer}),
 * and for the case where the node offers to send ({@link #createSendOffer}).
 *
 * <p>An offer has one BUNDLEd m-line per stream (mids {@code 0}, {@code 1}, ...), {@code
 * a=rtcp-mux}, {@code a=setup:actpass}, the node's ICE credentials, fingerprint and candidates,
 * every configured codec with RTX for video (payload types unique across the offer, Opus at
 * 111 and video from 96 as browsers do) and the configured header extensions with ids from 1.
 *
 * <p>Because the offer says {@code actpass}, the node must be able to take either DTLS role, and
 * an ICE-lite node ({@link SdpConfig#iceLite()}) can only offer to a full ICE agent: set
 * {@code iceLite(false)} in the config of a node that pulls from another Sluice node.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SdpOfferer {
  private final Offerer offerer;

  /** Creates an offerer for {@code config}. */
  public SdpOfferer(SdpConfig config) {
    this.offerer = new Offerer(config);
  }

  /** Returns a {@code recvonly} offer with one m-line per kind, in order. */
  public SessionDescription createRecvOffer(List<MediaKind> kinds) {
    return offerer.offer(kinds, List.of());
  }

  /** Returns a {@code sendonly} offer with one m-line per stream, announcing its SSRCs. */
  public SessionDescription createSendOffer(List<SendStream> streams) {
    return offerer.offer(List.of(), streams);
  }

  /**
   * Checks {@code answer} against {@code offer} (one of this offerer's) and returns what was
   * agreed, with {@link Negotiation#localDescription()} being the offer.
   *
   * @throws SdpNegotiationException if the answer does not fit the offer ({@code
   *     INVALID_ANSWER}) or cannot be served (the same reasons as for offers)
   */
  public Negotiation processAnswer(SessionDescription offer, SessionDescription answer) {
    return offerer.processAnswer(offer, answer);
  }
}
