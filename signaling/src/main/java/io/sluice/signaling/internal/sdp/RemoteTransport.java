package io.sluice.signaling.internal.sdp;

import io.sluice.signaling.sdp.Candidate;
import io.sluice.signaling.sdp.Fingerprint;
import io.sluice.signaling.sdp.Group;
import io.sluice.signaling.sdp.MediaDescription;
import io.sluice.signaling.sdp.SdpNegotiationException;
import io.sluice.signaling.sdp.SdpNegotiationException.Reason;
import io.sluice.signaling.sdp.SessionDescription;
import io.sluice.signaling.sdp.Setup;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The remote side of the one bundled transport (RFC 8843): the BUNDLE group, ICE credentials and
 * candidates (RFC 8839), certificate fingerprints (RFC 8122) and {@code a=setup} (RFC 4145), taken
 * from the BUNDLE-tagged m-line, falling back to session level, after the checks that every
 * accepted m-line is bundled and multiplexes RTCP.
 *
 * @param bundle the remote BUNDLE group
 * @param iceUfrag the remote ICE username fragment
 * @param icePwd the remote ICE password
 * @param candidates the remote candidates from the description
 * @param iceLite whether the remote side is ICE-lite
 * @param fingerprints the remote fingerprints with a supported hash function
 * @param setup the remote {@code a=setup}, or null if absent
 */
record RemoteTransport(Group bundle, String iceUfrag, String icePwd, List<Candidate> candidates,
    boolean iceLite, List<Fingerprint> fingerprints, @Nullable Setup setup) {

  /** Most rejected m-lines described in one error message. */
  static final int MAX_DESCRIBED = 4;

  /**
   * Checks and resolves the transport of {@code sdp} for the accepted m-lines.
   *
   * @param what {@code "offer"} or {@code "answer"}, for messages
   * @param accepted indexes of the accepted m-lines, at least one
   * @throws SdpNegotiationException NOT_BUNDLED, NO_RTCP_MUX, MISSING_ICE_CREDENTIALS or
   *     MISSING_FINGERPRINT
   */
  static RemoteTransport resolve(SessionDescription sdp, List<Integer> accepted, String what) {
    List<MediaDescription> media = sdp.media();
    String firstMid = null;
    for (int i : accepted) {
      MediaDescription m = media.get(i);
      String mid = m.mid();
      if (mid == null) {
        throw new SdpNegotiationException(Reason.NOT_BUNDLED, what + " has no a=mid on m-line "
            + i + " (" + m.media() + "): Sluice needs every m-line in one BUNDLE group"
            + " (RFC 8843)");
      }
      if (firstMid == null) {
        firstMid = mid;
      }
    }
    Group bundle = firstMid == null ? null : sdp.bundleGroup(firstMid);
    if (bundle == null) {
      throw new SdpNegotiationException(Reason.NOT_BUNDLED, what
          + " has no a=group:BUNDLE with mid " + firstMid
          + ": Sluice needs all media on one transport (RFC 8843)");
    }
    for (int i : accepted) {
      String mid = media.get(i).mid();
      if (!bundle.mids().contains(mid)) {
        throw new SdpNegotiationException(Reason.NOT_BUNDLED, what + " puts mid " + mid
            + " outside the BUNDLE group \"" + bundle.toValue() + "\": Sluice needs all media"
            + " on one transport (RFC 8843)");
      }
    }
    for (int i : accepted) {
      MediaDescription m = media.get(i);
      if (!sdp.isRtcpMux(m)) {
        throw new SdpNegotiationException(Reason.NO_RTCP_MUX, what + " has no a=rtcp-mux on"
            + " m-line " + i + " (mid " + m.mid() + "): Sluice needs RTP and RTCP on one port"
            + " (RFC 5761, RFC 8858)");
      }
    }
    // RFC 8843 §7.2.1: the first mid of the group is the offerer's BUNDLE-tag, whose transport
    // parameters the whole bundle uses. If that m-line is missing or rejected, use the first
    // accepted one.
    MediaDescription tagged = sdp.media(bundle.mids().get(0));
    if (tagged == null || tagged.isRejected()) {
      tagged = media.get(accepted.get(0));
    }
    String tag = "mid " + tagged.mid();
    String ufrag = sdp.iceUfrag(tagged);
    String pwd = sdp.icePwd(tagged);
    if (ufrag == null || pwd == null) {
      throw new SdpNegotiationException(Reason.MISSING_ICE_CREDENTIALS, what + " has no a="
          + (ufrag == null ? "ice-ufrag" : "ice-pwd") + " for " + tag
          + " (the BUNDLE-tag) or at session level (RFC 8839 §5.4)");
    }
    List<Fingerprint> all = sdp.fingerprints(tagged);
    if (all.isEmpty()) {
      throw new SdpNegotiationException(Reason.MISSING_FINGERPRINT, what
          + " has no a=fingerprint for " + tag + " (the BUNDLE-tag) or at session level:"
          + " DTLS-SRTP needs the certificate fingerprint (RFC 8122, RFC 5763 §5)");
    }
    List<Fingerprint> supported = new ArrayList<>();
    List<String> unsupported = new ArrayList<>();
    for (Fingerprint f : all) {
      if (f.isSupportedHash()) {
        supported.add(f);
      } else if (!unsupported.contains(f.hashFunction())) {
        unsupported.add(f.hashFunction());
      }
    }
    if (supported.isEmpty()) {
      throw new SdpNegotiationException(Reason.MISSING_FINGERPRINT, what
          + " has a=fingerprint with " + String.join(", ", unsupported)
          + " only (expected: one of " + String.join(", ", Fingerprint.SUPPORTED_HASH_FUNCTIONS)
          + ", RFC 8122 §5)");
    }
    List<MediaDescription> bundled = new ArrayList<>();
    for (MediaDescription m : media) {
      if (m.mid() != null && bundle.mids().contains(m.mid())) {
        bundled.add(m);
      }
    }
    return new RemoteTransport(bundle, ufrag, pwd, Sections.candidates(sdp, bundled),
        sdp.isIceLite(), supported, sdp.setup(tagged));
  }
}
