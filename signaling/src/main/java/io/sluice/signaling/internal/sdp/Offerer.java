package io.sluice.signaling.internal.sdp;

import io.sluice.signaling.sdp.CodecCapability;
import io.sluice.signaling.sdp.Direction;
import io.sluice.signaling.sdp.ExtMap;
import io.sluice.signaling.sdp.MediaDescription;
import io.sluice.signaling.sdp.MediaKind;
import io.sluice.signaling.sdp.Msid;
import io.sluice.signaling.sdp.NegotiatedCodec;
import io.sluice.signaling.sdp.NegotiatedMedia;
import io.sluice.signaling.sdp.Negotiation;
import io.sluice.signaling.sdp.RejectedMedia;
import io.sluice.signaling.sdp.SdpConfig;
import io.sluice.signaling.sdp.SdpNegotiationException;
import io.sluice.signaling.sdp.SdpNegotiationException.Reason;
import io.sluice.signaling.sdp.SendStream;
import io.sluice.signaling.sdp.SessionDescription;
import io.sluice.signaling.sdp.Setup;
import io.sluice.signaling.sdp.SsrcGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds the node's offers and checks the answers to them (RFC 3264 §5, §7; RFC 8829 §5.2). See
 * {@link io.sluice.signaling.sdp.SdpOfferer}.
 */
public final class Offerer {
  /** Dynamic payload types (RFC 3551 §6) for audio, Opus first at 111 as browsers do. */
  private static final int[][] AUDIO_RANGES = {{111, 127}, {96, 110}, {35, 63}};
  /** Dynamic payload types for video; 35..63 is the range browsers use when 96..127 runs out. */
  private static final int[][] VIDEO_RANGES = {{96, 127}, {35, 63}};

  private final SdpConfig config;

  /** Creates an offerer for the node's config. */
  public Offerer(SdpConfig config) {
    this.config = config;
  }

  /**
   * Returns an offer with one m-line per entry of {@code kinds}, receiving only, or one per entry
   * of {@code streams}, sending only.
   */
  public SessionDescription offer(List<MediaKind> kinds, List<SendStream> streams) {
    List<NegotiatedCodec> audio = new ArrayList<>();
    List<NegotiatedCodec> video = new ArrayList<>();
    allocate(audio, video);
    List<ExtMap> extensions = new ArrayList<>();
    int id = 1;
    for (String uri : config.headerExtensions()) {
      extensions.add(ExtMap.of(id++, uri));
    }

    int count = kinds.size() + streams.size();
    List<String> mids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      mids.add(Integer.toString(i));
    }
    SessionDescription.Builder offer = Sections.session(config, mids, config.extmapAllowMixed());
    int i = 0;
    for (MediaKind kind : kinds) {
      offer.addMedia(section(mids.get(i++), kind, Direction.RECVONLY,
          kind == MediaKind.AUDIO ? audio : video, extensions, null));
    }
    for (SendStream s : streams) {
      List<NegotiatedCodec> codecs = s.kind() == MediaKind.AUDIO ? audio : video;
      SendStream stream = s.hasRtx() && codecs.stream().noneMatch(NegotiatedCodec::hasRtx)
          ? s.withoutRtx() : s;
      offer.addMedia(section(mids.get(i++), s.kind(), Direction.SENDONLY, codecs, extensions,
          stream));
    }
    return offer.build();
  }

  /**
   * Assigns each configured codec (and its RTX) a payload type, unique across the offer so that
   * BUNDLE can demultiplex by payload type (RFC 8843 §9.1).
   */
  private void allocate(List<NegotiatedCodec> audio, List<NegotiatedCodec> video) {
    Set<Integer> used = new HashSet<>();
    for (MediaKind kind : MediaKind.values()) {
      for (CodecCapability cap : config.codecs()) {
        if (cap.kind() != kind) {
          continue;
        }
        int[][] ranges = kind == MediaKind.AUDIO ? AUDIO_RANGES : VIDEO_RANGES;
        int pt = next(ranges, used);
        int rtx = cap.rtx() ? next(ranges, used) : NegotiatedCodec.NO_RTX;
        if (pt < 0 || (cap.rtx() && rtx < 0)) {
          throw new IllegalStateException("too many codecs for the dynamic payload types: "
              + config.codecs().size());
        }
        List<String> feedback = new ArrayList<>();
        for (String fb : config.rtcpFeedback()) {
          // Browsers use only transport-wide feedback on audio.
          if (kind == MediaKind.VIDEO || fb.equals("transport-cc")) {
            feedback.add(fb);
          }
        }
        String params = cap.fmtpParameters();
        NegotiatedCodec c = new NegotiatedCodec(pt, cap.name(), cap.clockRate(), cap.channels(),
            params == null ? "" : params, feedback, rtx);
        (kind == MediaKind.AUDIO ? audio : video).add(c);
      }
    }
  }

  private static int next(int[][] ranges, Set<Integer> used) {
    for (int[] r : ranges) {
      for (int pt = r[0]; pt <= r[1]; pt++) {
        if (used.add(pt)) {
          return pt;
        }
      }
    }
    return -1;
  }

  private MediaDescription section(String mid, MediaKind kind, Direction direction,
      List<NegotiatedCodec> codecs, List<ExtMap> extensions, @Nullable SendStream stream) {
    // RFC 5763 §5: the offerer says actpass and lets the answerer choose.
    MediaDescription.Builder b = Sections.begin(config, kind.token(), "UDP/TLS/RTP/SAVPF",
        Setup.ACTPASS, mid, extensions, direction, codecs, stream);
    return Sections.end(b, config, stream);
  }

  /**
   * Checks {@code answer} against the node's {@code offer} and returns what was agreed.
   *
   * @throws SdpNegotiationException if the answer does not fit the offer or cannot be served
   */
  public Negotiation processAnswer(SessionDescription offer, SessionDescription answer) {
    List<MediaDescription> offered = offer.media();
    List<MediaDescription> answered = answer.media();
    if (offered.size() != answered.size()) {
      throw invalid("answer has " + answered.size() + " m-lines for the offer's "
          + offered.size() + " (RFC 3264 §6)");
    }
    if (config.iceLite() && answer.isIceLite()) {
      throw new SdpNegotiationException(Reason.ICE_LITE_CONFLICT, "answer is a=ice-lite and so is"
          + " the offer: two ICE-lite agents never send connectivity checks (RFC 8445 §2.5)");
    }
    int n = offered.size();
    List<@Nullable List<NegotiatedCodec>> codecs = new ArrayList<>(n);
    List<@Nullable String> reasons = new ArrayList<>(n);
    List<Integer> accepted = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      MediaDescription o = offered.get(i);
      MediaDescription a = answered.get(i);
      if (!o.media().equals(a.media())) {
        throw invalid("answer m-line " + i + " is " + a.media() + " for the offer's "
            + o.media() + " (RFC 3264 §6)");
      }
      if (a.mid() != null && o.mid() != null && !a.mid().equals(o.mid())) {
        throw invalid("answer m-line " + i + " has mid " + a.mid() + " for the offer's "
            + o.mid() + " (RFC 8843 §7.3)");
      }
      MediaKind kind = o.kind();
      List<NegotiatedCodec> c = null;
      String reason = null;
      if (a.isRejected() || o.isRejected()) {
        reason = "rejected in the answer (port 0)";
      } else if (kind == null) {
        reason = "media type " + o.media() + " is not supported (expected: audio or video)";
      } else {
        try {
          c = CodecNegotiator.fromAnswer(o, a, kind, config);
        } catch (IllegalArgumentException e) {
          throw invalid(e.getMessage());
        }
        if (c.isEmpty()) {
          c = null;
          reason = "no common codec in the answer (answered: "
              + CodecNegotiator.describeOffered(a) + ")";
        } else {
          accepted.add(i);
        }
      }
      codecs.add(c);
      reasons.add(reason);
    }
    if (accepted.isEmpty()) {
      List<String> described = new ArrayList<>();
      for (int i = 0; i < n && described.size() < RemoteTransport.MAX_DESCRIBED; i++) {
        MediaDescription a = answered.get(i);
        described.add(new RejectedMedia(i, a.media(), a.mid(), String.valueOf(reasons.get(i)))
            .toString());
      }
      throw new SdpNegotiationException(Reason.NO_COMMON_CODEC, "answer accepts no m-line with a"
          + " codec Sluice supports: " + String.join("; ", described));
    }

    RemoteTransport remote = RemoteTransport.resolve(answer, accepted, "answer");
    Setup remoteSetup = remote.setup() == null ? Setup.ACTIVE : remote.setup();
    if (remoteSetup != Setup.ACTIVE && remoteSetup != Setup.PASSIVE) {
      throw new SdpNegotiationException(Reason.SETUP_CONFLICT, "answer has a=setup:"
          + remoteSetup.token() + " (expected: active or passive, RFC 5763 §5)");
    }

    List<NegotiatedMedia> negotiated = new ArrayList<>();
    List<RejectedMedia> rejected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      MediaDescription o = offered.get(i);
      MediaDescription a = answered.get(i);
      List<NegotiatedCodec> c = codecs.get(i);
      if (c == null) {
        String reason = reasons.get(i);
        rejected.add(new RejectedMedia(i, o.media(), o.mid(), reason == null ? "" : reason));
        continue;
      }
      Direction mine = offer.direction(o);
      Direction theirs = answer.direction(a);
      Direction d = Direction.of(mine.sends() && theirs.receives(),
          mine.receives() && theirs.sends());
      Map<String, Integer> ids = new LinkedHashMap<>();
      for (ExtMap e : answer.extMaps(a)) {
        if (config.headerExtensions().contains(e.uri()) && !ids.containsKey(e.uri())) {
          ids.put(e.uri(), e.id());
        }
      }
      SendStream stream = d.sends() ? sendStream(o, c) : null;
      negotiated.add(Sections.negotiated(a, remote, remoteSetup)
          .mLineIndex(i)
          .mid(o.mid())
          .kind(o.kind())
          .direction(d)
          .codecs(c)
          .extensionIds(ids)
          .remoteRids(a.rids())
          .simulcast(a.simulcast())
          .sendStream(stream)
          .build());
    }
    return new Negotiation(offer, answer, negotiated, rejected);
  }

  /** Recovers the stream the node announced on one of its own m-lines. */
  private static @Nullable SendStream sendStream(MediaDescription m, List<NegotiatedCodec> codecs) {
    List<Long> ids = m.ssrcIds();
    Msid msid = Sections.msid(m);
    String cname = Sections.cname(m);
    MediaKind kind = m.kind();
    if (ids.isEmpty() || msid == null || cname == null || kind == null) {
      return null;
    }
    long ssrc = ids.get(0);
    long rtx = SendStream.NO_RTX;
    for (SsrcGroup g : m.ssrcGroups()) {
      if (g.semantics().equals(SsrcGroup.FID) && g.ssrcs().size() == 2 && g.ssrcs().get(0) == ssrc) {
        rtx = g.ssrcs().get(1);
      }
    }
    if (codecs.stream().noneMatch(NegotiatedCodec::hasRtx) || rtx == ssrc) {
      rtx = SendStream.NO_RTX;
    }
    return SdpText.isField(cname) ? new SendStream(kind, ssrc, rtx, cname, msid) : null;
  }

  private static SdpNegotiationException invalid(String message) {
    return new SdpNegotiationException(Reason.INVALID_ANSWER, message);
  }
}
