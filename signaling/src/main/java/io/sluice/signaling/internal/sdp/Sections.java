package io.sluice.signaling.internal.sdp;

import io.sluice.signaling.sdp.Attribute;
import io.sluice.signaling.sdp.Candidate;
import io.sluice.signaling.sdp.Connection;
import io.sluice.signaling.sdp.Direction;
import io.sluice.signaling.sdp.ExtMap;
import io.sluice.signaling.sdp.Fmtp;
import io.sluice.signaling.sdp.Group;
import io.sluice.signaling.sdp.MediaDescription;
import io.sluice.signaling.sdp.Msid;
import io.sluice.signaling.sdp.NegotiatedCodec;
import io.sluice.signaling.sdp.NegotiatedMedia;
import io.sluice.signaling.sdp.Origin;
import io.sluice.signaling.sdp.RtcpFeedback;
import io.sluice.signaling.sdp.RtpMap;
import io.sluice.signaling.sdp.SdpConfig;
import io.sluice.signaling.sdp.SendStream;
import io.sluice.signaling.sdp.SessionDescription;
import io.sluice.signaling.sdp.Setup;
import io.sluice.signaling.sdp.Ssrc;
import io.sluice.signaling.sdp.SsrcGroup;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes the parts of a session and media section both the answerer and the offerer produce, and
 * reads the remote source and transport information both record.
 */
final class Sections {
  private Sections() {}

  /**
   * Starts the node's session description: its origin, {@code a=ice-lite} if configured, the
   * BUNDLE group of {@code mids} (RFC 8843), and {@code a=extmap-allow-mixed} (RFC 8285 §6) if
   * {@code extmapAllowMixed}.
   */
  static SessionDescription.Builder session(SdpConfig config, List<String> mids,
      boolean extmapAllowMixed) {
    SessionDescription.Builder b = SessionDescription.builder(
        new Origin("-", config.sessionId(), "2", "IN", "IP4", "127.0.0.1"));
    if (config.iceLite()) {
      b.addAttribute("ice-lite");
    }
    b.addAttribute(Group.bundle(mids).toAttribute());
    if (extmapAllowMixed) {
      b.addAttribute("extmap-allow-mixed");
    }
    return b;
  }

  /**
   * Starts one of the node's media sections, in an offer or an answer: the m= line on the first
   * configured candidate's port with the codecs' payload types, its {@code c=} line, the
   * transport attributes, {@code a=mid}, the extensions, the direction, the msid of
   * {@code stream} if there is one, {@code a=rtcp-mux} and the codecs. The caller adds what
   * follows the codecs in its kind of section (an answer's simulcast), then calls {@link #end}.
   */
  static MediaDescription.Builder begin(SdpConfig config, String media, String protocol,
      Setup setup, String mid, List<ExtMap> extensions, Direction direction,
      List<NegotiatedCodec> codecs, @Nullable SendStream stream) {
    Candidate defaultCandidate = config.candidates().get(0);
    MediaDescription.Builder b =
        MediaDescription.builder(media, defaultCandidate.port(), protocol);
    formats(b, codecs);
    b.connection(Connection.of(defaultCandidate.address()));
    transport(b, config, setup);
    b.addAttribute("mid", mid);
    for (ExtMap e : extensions) {
      b.addAttribute(e.toAttribute());
    }
    b.addAttribute(direction.toAttribute());
    if (stream != null) {
      b.addAttribute(stream.msid().toAttribute());
    }
    // RFC 8858 §4.3: in an answer, rtcp-mux answers rtcp-mux-only as well.
    b.addAttribute("rtcp-mux");
    codecs(b, codecs);
    return b;
  }

  /**
   * Ends a section started with {@link #begin}: the source attributes of {@code stream} if there
   * is one, and the node's candidates.
   */
  static MediaDescription end(MediaDescription.Builder b, SdpConfig config,
      @Nullable SendStream stream) {
    if (stream != null) {
      ssrcs(b, stream);
    }
    candidates(b, config);
    return b.build();
  }

  /**
   * Starts the record of one negotiated m-line with what the answerer and the offerer both take
   * from the remote side: the sources {@code remoteMedia} announces (SSRCs, SSRC groups, CNAME,
   * msid) and the bundled transport, with {@code remoteSetup} as the remote DTLS role.
   */
  static NegotiatedMedia.Builder negotiated(MediaDescription remoteMedia, RemoteTransport remote,
      Setup remoteSetup) {
    return NegotiatedMedia.builder()
        .remoteSsrcs(remoteMedia.ssrcIds())
        .remoteSsrcGroups(remoteMedia.ssrcGroups())
        .remoteCname(cname(remoteMedia))
        .remoteMsid(msid(remoteMedia))
        .remoteIceUfrag(remote.iceUfrag())
        .remoteIcePwd(remote.icePwd())
        .remoteCandidates(remote.candidates())
        .remoteIceLite(remote.iceLite())
        .remoteFingerprints(remote.fingerprints())
        .remoteSetup(remoteSetup);
  }

  /** Appends the payload types: each codec, then its RTX payload type. */
  static void formats(MediaDescription.Builder b, List<NegotiatedCodec> codecs) {
    for (NegotiatedCodec c : codecs) {
      b.addFormat(c.payloadType());
      if (c.hasRtx()) {
        b.addFormat(c.rtxPayloadType());
      }
    }
  }

  /**
   * Appends the node's ICE credentials (RFC 8839 §5.4), {@code a=ice-options:trickle} if
   * configured, the DTLS fingerprint (RFC 8122) and setup role (RFC 4145).
   */
  static void transport(MediaDescription.Builder b, SdpConfig config, Setup setup) {
    b.addAttribute("ice-ufrag", config.iceUfrag());
    b.addAttribute("ice-pwd", config.icePwd());
    if (config.trickleIce()) {
      b.addAttribute("ice-options", "trickle");
    }
    b.addAttribute(config.fingerprint().toAttribute());
    b.addAttribute(setup.toAttribute());
  }

  /** Appends {@code a=rtpmap}, {@code a=rtcp-fb} and {@code a=fmtp} for each codec and its RTX. */
  static void codecs(MediaDescription.Builder b, List<NegotiatedCodec> codecs) {
    for (NegotiatedCodec c : codecs) {
      b.addAttribute(c.rtpMap().toAttribute());
      for (String fb : c.rtcpFeedback()) {
        b.addAttribute(RtcpFeedback.of(c.payloadType(), fb).toAttribute());
      }
      if (!c.parameters().isEmpty()) {
        b.addAttribute(new Fmtp(Integer.toString(c.payloadType()), c.parameters()).toAttribute());
      }
      if (c.hasRtx()) {
        b.addAttribute(new RtpMap(c.rtxPayloadType(), "rtx", c.clockRate(), 0).toAttribute());
        b.addAttribute(new Fmtp(Integer.toString(c.rtxPayloadType()), "apt=" + c.payloadType())
            .toAttribute());
      }
    }
  }

  /**
   * Appends {@code a=ssrc-group:FID} (RFC 5576 §4.2, RFC 4588 §8) when the stream has RTX, and
   * the {@code cname} and {@code msid} source attributes of each SSRC.
   */
  static void ssrcs(MediaDescription.Builder b, SendStream s) {
    if (s.hasRtx()) {
      b.addAttribute(new SsrcGroup(SsrcGroup.FID, List.of(s.ssrc(), s.rtxSsrc())).toAttribute());
    }
    for (long ssrc : s.hasRtx() ? List.of(s.ssrc(), s.rtxSsrc()) : List.of(s.ssrc())) {
      b.addAttribute(new Ssrc(ssrc, Ssrc.CNAME, s.cname()).toAttribute());
      b.addAttribute(new Ssrc(ssrc, Ssrc.MSID, s.msid().toValue()).toAttribute());
    }
  }

  /** Appends the node's candidates and {@code a=end-of-candidates} (RFC 8838 §8.2). */
  static void candidates(MediaDescription.Builder b, SdpConfig config) {
    for (Candidate c : config.candidates()) {
      b.addAttribute(c.toAttribute());
    }
    b.addAttribute(Attribute.of(Candidate.END_OF_CANDIDATES));
  }

  /** Returns the CNAME from the first {@code a=ssrc:<id> cname:} line, or null. */
  static @Nullable String cname(MediaDescription m) {
    for (Ssrc s : m.ssrcs()) {
      if (s.attribute().equals(Ssrc.CNAME) && s.value() != null) {
        return s.value();
      }
    }
    return null;
  }

  /** Returns {@code a=msid}, else the first {@code a=ssrc:<id> msid:}, else null. */
  static @Nullable Msid msid(MediaDescription m) {
    Msid msid = m.msid();
    if (msid != null) {
      return msid;
    }
    for (Ssrc s : m.ssrcs()) {
      String v = s.value();
      if (s.attribute().equals(Ssrc.MSID) && v != null) {
        Msid parsed = Msid.tryParse(v);
        if (parsed != null) {
          return parsed;
        }
      }
    }
    return null;
  }

  /**
   * Returns the candidates of the session and of the given m-lines, without duplicates. Chrome
   * with max-bundle lists them on the first m-line only, Firefox on every one.
   */
  static List<Candidate> candidates(SessionDescription sdp, List<MediaDescription> media) {
    List<Candidate> out = new ArrayList<>(sdp.candidates());
    for (MediaDescription m : media) {
      for (Candidate c : m.candidates()) {
        if (!out.contains(c)) {
          out.add(c);
        }
      }
    }
    return out;
  }
}
