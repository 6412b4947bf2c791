package io.sluice.node.client;

import io.sluice.signaling.sdp.Candidate;
import io.sluice.signaling.sdp.CodecCapability;
import io.sluice.signaling.sdp.Fingerprint;
import io.sluice.signaling.sdp.NegotiatedMedia;
import io.sluice.signaling.sdp.Negotiation;
import io.sluice.signaling.sdp.SdpConfig;
import io.sluice.signaling.sdp.SdpNegotiationException;
import io.sluice.signaling.sdp.SdpOfferer;
import io.sluice.signaling.sdp.SdpParseException;
import io.sluice.signaling.sdp.SessionDescription;
import io.sluice.signaling.sdp.Setup;
import io.sluice.transport.dtls.DtlsFingerprint;
import io.sluice.transport.internal.dtls.DtlsRole;
import io.sluice.transport.internal.session.TransportSession;
import io.sluice.transport.internal.session.TransportSessionListener;
import io.sluice.transport.internal.session.WebRtcClient;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One WHIP or WHEP exchange in the active role: offer with our own ICE credentials and
 * fingerprint, POST it, check the answer against the offer, and connect our transport to the
 * answerer's candidate. Shared by {@link WhipClient} and {@link WhepClient}.
 *
 * <p>Our candidate. A session's socket is bound only when it connects
 * ({@link WebRtcClient.Pending#connect}), after the answer, so the offer cannot name its port.
 * It carries one host candidate on the client's address with port 9, the discard port that JSEP
 * uses for "no candidate yet" (RFC 8829 §5.2.1). The answerer never needs it: an ICE-lite
 * answerer (any Sluice node, most SFUs) learns our address from our checks (RFC 8445 §2.5), and a
 * full agent learns it as a peer-reflexive candidate (§7.3.1.3) from the same checks.
 */
final class WebRtcExchange {
  /** Port of the placeholder candidate in our offers (see the class comment). */
  static final int PLACEHOLDER_PORT = 9;

  /** What an exchange produced. */
  record Established(Negotiation negotiation, TransportSession transport, URI resource) {}

  private WebRtcExchange() {}

  /**
   * Runs the exchange. If anything fails after the server created the session, the resource is
   * DELETEd before the exception propagates.
   *
   * @param offerFor makes the offer from a config that holds our credentials and candidate
   */
  static Established run(WebRtcClient rtc, HttpClient http, URI endpoint,
      @Nullable String bearerToken, List<CodecCapability> codecs,
      Function<SdpOfferer, SessionDescription> offerFor, TransportSessionListener listener)
      throws IOException, InterruptedException {
    WebRtcClient.Pending pending = rtc.prepare();
    SdpOfferer offerer = new SdpOfferer(offerConfig(pending, rtc.localAddress(), codecs));
    SessionDescription offer = offerFor.apply(offerer);
    WhipWhepHttp.Created created =
        WhipWhepHttp.postOffer(http, endpoint, bearerToken, offer.toSdp());
    boolean ok = false;
    try {
      Negotiation negotiation;
      try {
        negotiation = offerer.processAnswer(offer, SessionDescription.parse(created.answerSdp()));
      } catch (SdpParseException | SdpNegotiationException e) {
        throw new IOException("unusable answer from " + created.endpoint() + ": "
            + e.getMessage(), e);
      }
      NegotiatedMedia first = negotiation.media().get(0);
      InetSocketAddress remote = remoteCandidate(first.remoteCandidates(), rtc.localAddress());
      if (remote == null) {
        throw new IOException("answer from " + created.endpoint() + " has no UDP candidate on an"
            + " IP address of the client's family (candidates: " + first.remoteCandidates() + ")");
      }
      DtlsFingerprint fingerprint = remoteFingerprint(first.remoteFingerprints());
      if (fingerprint == null) {
        throw new IOException("answer from " + created.endpoint() + " has no usable"
            + " a=fingerprint (found: " + first.remoteFingerprints() + ")");
      }
      DtlsRole role = first.remoteSetup() == Setup.PASSIVE ? DtlsRole.CLIENT : DtlsRole.SERVER;
      TransportSession transport = pending.connect(remote, first.remoteIceUfrag(),
          first.remoteIcePwd(), fingerprint, role, listener);
      ok = true;
      return new Established(negotiation, transport, created.resource());
    } finally {
      if (!ok) {
        WhipWhepHttp.delete(http, created.resource(), bearerToken);
      }
    }
  }

  /** Our SDP config for one session: its ICE credentials, our fingerprint, not ICE-lite. */
  static SdpConfig offerConfig(WebRtcClient.Pending pending, InetAddress local,
      List<CodecCapability> codecs) {
    String[] fp = pending.localFingerprintSdp().split(" ", 2);
    return SdpConfig.builder()
        .iceUfrag(pending.localCredentials().ufrag())
        .icePwd(pending.localCredentials().pwd())
        .fingerprint(new Fingerprint(fp[0], fp[1]))
        .addHostCandidate(local.getHostAddress(), PLACEHOLDER_PORT)
        .codecs(codecs)
        // We send the checks: an ICE-lite offer to an ICE-lite answerer would never connect.
        .iceLite(false)
        .build();
  }

  /**
   * The candidate to check: the highest-priority UDP candidate for RTP on an IP literal of the
   * local address's family. Names (mDNS {@code .local}, host names) are not resolved.
   */
  static @Nullable InetSocketAddress remoteCandidate(List<Candidate> candidates,
      InetAddress local) {
    List<Candidate> usable = new ArrayList<>();
    for (Candidate c : candidates) {
      if (c.isUdp() && c.component() == 1 && c.port() > 0 && isIpLiteral(c.address())) {
        usable.add(c);
      }
    }
    usable.sort(Comparator.comparingLong(Candidate::priority).reversed());
    for (Candidate c : usable) {
      try {
        InetAddress a = InetAddress.getByName(c.address()); // a literal: no lookup
        if ((a instanceof Inet4Address) == (local instanceof Inet4Address)) {
          return new InetSocketAddress(a, c.port());
        }
      } catch (UnknownHostException e) {
        // not a literal after all: skip it
      }
    }
    return null;
  }

  private static boolean isIpLiteral(String address) {
    if (address.indexOf(':') >= 0) {
      return true; // IPv6 literals are the only addresses with colons
    }
    int dots = 0;
    for (int i = 0; i < address.length(); i++) {
      char ch = address.charAt(i);
      if (ch == '.') {
        dots++;
      } else if (ch < '0' || ch > '9') {
        return false;
      }
    }
    return dots == 3;
  }

  /** The first fingerprint our DTLS stack can check. */
  private static @Nullable DtlsFingerprint remoteFingerprint(List<Fingerprint> fingerprints) {
    for (Fingerprint f : fingerprints) {
      DtlsFingerprint d = DtlsFingerprint.tryParse(f.toValue());
      if (d != null) {
        return d;
      }
    }
    return null;
  }
}
