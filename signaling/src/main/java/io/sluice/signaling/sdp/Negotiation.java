package io.sluice.signaling.sdp;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one offer/answer exchange (RFC 3264): the node's description (its answer, or
 * its offer when it was the offerer), the remote one, what was agreed per accepted m-line and
 * which m-lines were rejected.
 *
 * @param localDescription the node's description, to send (an answer) or already sent (an offer)
 * @param remoteDescription the remote party's description
 * @param media the accepted m-lines, in m-line order
 * @param rejected the rejected m-lines, in m-line order
 */
public record Negotiation(SessionDescription localDescription,
    SessionDescription remoteDescription, List<NegotiatedMedia> media,
    List<RejectedMedia> rejected) {

  /** Copies the lists. */
  public Negotiation {
    media = List.copyOf(media);
    rejected = List.copyOf(rejected);
  }

  /** Returns the accepted m-line with {@code mid}, or null. */
  public @Nullable NegotiatedMedia media(String mid) {
    for (NegotiatedMedia m : media) {
      if (m.mid().equals(mid)) {
        return m;
      }
    }
    return null;
  }

  /** Returns the node's description as SDP text with CRLF line endings. */
  public String localSdp() {
    return localDescription.toSdp();
  }
}
