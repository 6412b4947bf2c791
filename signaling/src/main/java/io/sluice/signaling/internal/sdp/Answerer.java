package io.sluice.signaling.internal.sdp;

import io.sluice.signaling.sdp.Connection;
import io.sluice.signaling.sdp.Direction;
import io.sluice.signaling.sdp.ExtMap;
import io.sluice.signaling.sdp.MediaDescription;
import io.sluice.signaling.sdp.MediaKind;
import io.sluice.signaling.sdp.NegotiatedCodec;
import io.sluice.signaling.sdp.NegotiatedMedia;
import io.sluice.signaling.sdp.Negotiation;
import io.sluice.signaling.sdp.RejectedMedia;
import io.sluice.signaling.sdp.Rid;
import io.sluice.signaling.sdp.SdpConfig;
import io.sluice.signaling.sdp.SdpNegotiationException;
import io.sluice.signaling.sdp.SdpNegotiationException.Reason;
import io.sluice.signaling.sdp.SendStream;
import io.sluice.signaling.sdp.SessionDescription;
import io.sluice.signaling.sdp.Setup;
import io.sluice.signaling.sdp.Simulcast;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds the node's answer to a WHIP publisher's or WHEP viewer's offer (RFC 3264 §6, RFC 8829
 * §5.3): the checks, the per-m-line intersection and the answer text. See
 * {@link io.sluice.signaling.sdp.SdpAnswerer} for the rules.
 */
public final class Answerer {
  /** Whose offer is answered. */
  public enum Role {
    /** A WHIP publisher: it sends, the node answers recvonly. */
    PUBLISHER,
    /** A WHEP viewer: it receives, the node answers sendonly with its own streams. */
    VIEWER
  }

  private final SdpConfig config;

  /** Creates an answerer for the node's config. */
  public Answerer(SdpConfig config) {
    this.config = config;
  }

  /**
   * Answers {@code offer}.
   *
   * @param streams for {@link Role#VIEWER}, the streams to send; each goes to the first free
   *     m-line of its kind that receives
   * @throws SdpNegotiationException if the offer cannot be served
   */
  public Negotiation answer(SessionDescription offer, Role role, List<SendStream> streams) {
    if (config.iceLite() && offer.isIceLite()) {
      throw new SdpNegotiationException(Reason.ICE_LITE_CONFLICT, "offer is a=ice-lite and so is"
          + " Sluice: two ICE-lite agents never send connectivity checks (RFC 8445 §2.5)");
    }
    List<MediaDescription> media = offer.media();
    int n = media.size();
    List<@Nullable List<NegotiatedCodec>> codecs = new ArrayList<>(n);
    List<@Nullable String> reasons = new ArrayList<>(n);
    List<Integer> accepted = new ArrayList<>();
    boolean codecMismatch = false;
    for (int i = 0; i < n; i++) {
      MediaDescription m = media.get(i);
      MediaKind kind = m.kind();
      List<NegotiatedCodec> c = null;
      String reason = null;
      if (m.isRejected()) {
        reason = "rejected in the offer (port 0)";
      } else if (kind == null) {
        reason = "media type " + m.media() + " is not supported (expected: audio or video)";
      } else if (!CodecNegotiator.isSecureRtp(m.protocol())) {
        reason = "protocol " + m.protocol() + " is not supported (expected: UDP/TLS/RTP/SAVPF)";
      } else {
        c = CodecNegotiator.answer(m, kind, config);
        if (c.isEmpty()) {
          codecMismatch = true;
          c = null;
          reason = "no common codec (offered: " + CodecNegotiator.describeOffered(m)
              + "; Sluice supports: " + CodecNegotiator.describeSupported(config, kind) + ")";
        } else {
          accepted.add(i);
        }
      }
      codecs.add(c);
      reasons.add(reason);
    }
    if (accepted.isEmpty()) {
      throw noMedia(media, reasons, codecMismatch);
    }

    RemoteTransport remote = RemoteTransport.resolve(offer, accepted, "offer");
    Setup remoteSetup = remoteSetup(remote.setup());

    // Directions, and the streams a viewer gets.
    List<@Nullable Direction> directions = new ArrayList<>(n);
    List<@Nullable SendStream> sending = new ArrayList<>(n);
    List<SendStream> unused = new ArrayList<>(streams);
    boolean anyActive = false;
    for (int i = 0; i < n; i++) {
      Direction d = null;
      SendStream s = null;
      if (codecs.get(i) != null) {
        Direction offered = offer.direction(media.get(i));
        if (role == Role.PUBLISHER) {
          d = offered.sends() ? Direction.RECVONLY : Direction.INACTIVE;
        } else {
          s = offered.receives() ? take(unused, media.get(i).kind()) : null;
          d = s != null ? Direction.SENDONLY : Direction.INACTIVE;
        }
        anyActive |= d != Direction.INACTIVE;
      }
      directions.add(d);
      sending.add(s);
    }
    if (!anyActive) {
      throw wrongDirection(role, streams);
    }

    List<String> mids = new ArrayList<>();
    for (int i : accepted) {
      mids.add(media.get(i).mid());
    }
    SessionDescription.Builder answer =
        Sections.session(config, mids, offer.isExtmapAllowMixed() && config.extmapAllowMixed());

    Setup localSetup = remoteSetup == Setup.ACTIVE ? Setup.PASSIVE : Setup.ACTIVE;
    List<NegotiatedMedia> negotiated = new ArrayList<>();
    List<RejectedMedia> rejected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      MediaDescription m = media.get(i);
      List<NegotiatedCodec> c = codecs.get(i);
      Direction d = directions.get(i);
      if (c == null || d == null) {
        String reason = reasons.get(i);
        rejected.add(new RejectedMedia(i, m.media(), m.mid(), reason == null ? "" : reason));
        answer.addMedia(rejectedSection(m));
        continue;
      }
      MediaKind kind = m.kind();
      SendStream stream = sending.get(i);
      if (stream != null && stream.hasRtx() && c.stream().noneMatch(NegotiatedCodec::hasRtx)) {
        stream = stream.withoutRtx();
      }
      Map<String, Integer> extensionIds = new LinkedHashMap<>();
      List<ExtMap> extensions = extensions(offer, m, extensionIds);
      SimulcastAnswer simulcast = role == Role.PUBLISHER && kind == MediaKind.VIDEO
          && config.acceptSimulcast() && extensionIds.containsKey(ExtMap.SDES_RTP_STREAM_ID)
          ? SimulcastAnswer.of(m, c) : null;

      // RFC 8285 §6 allows extmap-allow-mixed per m-line too (Firefox writes it only there);
      // RFC 8829 §5.3.1 answers it where it was offered.
      boolean mixed = config.extmapAllowMixed() && !offer.isExtmapAllowMixed()
          && m.hasAttribute("extmap-allow-mixed");
      answer.addMedia(section(m, c, d, localSetup, extensions, mixed, simulcast, stream));
      negotiated.add(Sections.negotiated(m, remote, remoteSetup)
          .mLineIndex(i)
          .mid(m.mid())
          .kind(kind)
          .direction(d)
          .codecs(c)
          .extensionIds(extensionIds)
          .remoteRids(simulcast == null ? List.of() : simulcast.remoteRids)
          .simulcast(simulcast == null ? null : simulcast.remote)
          .sendStream(stream)
          .build());
    }
    return new Negotiation(answer.build(), offer, negotiated, rejected);
  }

  /**
   * Returns the offerer's DTLS role. {@code actpass} and {@code active} (also the default when
   * {@code a=setup} is absent, RFC 4145 §4.1) make the node the DTLS server, as browsers expect
   * (RFC 5763 §5); {@code passive} makes it the client only if the config allows it.
   */
  private Setup remoteSetup(@Nullable Setup offered) {
    Setup s = offered == null ? Setup.ACTIVE : offered;
    return switch (s) {
      case ACTPASS, ACTIVE -> Setup.ACTIVE;
      case PASSIVE -> {
        if (!config.allowDtlsClientRole()) {
          throw new SdpNegotiationException(Reason.SETUP_CONFLICT, "offer has a=setup:passive,"
              + " so Sluice would have to be the DTLS client; Sluice is the DTLS server"
              + " (a=setup:passive) and needs a=setup:actpass or a=setup:active (RFC 5763 §5)");
        }
        yield Setup.PASSIVE;
      }
      case HOLDCONN -> throw new SdpNegotiationException(Reason.SETUP_CONFLICT,
          "offer has a=setup:holdconn, which opens no DTLS connection (expected: a=setup:actpass,"
              + " RFC 5763 §5)");
    };
  }

  private static @Nullable SendStream take(List<SendStream> unused, @Nullable MediaKind kind) {
    for (int i = 0; i < unused.size(); i++) {
      if (unused.get(i).kind() == kind) {
        return unused.remove(i);
      }
    }
    return null;
  }

  /**
   * Returns the offered extensions the node supports, with the offerer's ids (RFC 8285 §7) and
   * the direction seen from the node's side; fills {@code ids} with URI to id.
   */
  private List<ExtMap> extensions(SessionDescription offer, MediaDescription m,
      Map<String, Integer> ids) {
    List<ExtMap> out = new ArrayList<>();
    for (ExtMap e : offer.extMaps(m)) {
      if (config.headerExtensions().contains(e.uri()) && !ids.containsKey(e.uri())
          && !ids.containsValue(e.id())) {
        ids.put(e.uri(), e.id());
        Direction d = e.direction();
        out.add(new ExtMap(e.id(), d == null ? null : d.reverse(), e.uri(), null));
      }
    }
    return out;
  }

  private MediaDescription section(MediaDescription offered, List<NegotiatedCodec> codecs,
      Direction direction, Setup localSetup, List<ExtMap> extensions, boolean extmapAllowMixed,
      @Nullable SimulcastAnswer simulcast, @Nullable SendStream stream) {
    MediaDescription.Builder b = Sections.begin(config, offered.media(), offered.protocol(),
        localSetup, offered.mid(), extensions, direction, codecs, stream);
    if (extmapAllowMixed) {
      b.addAttribute("extmap-allow-mixed");
    }
    if (simulcast != null) {
      for (Rid r : simulcast.answerRids) {
        b.addAttribute(r.toAttribute());
      }
      b.addAttribute(simulcast.answer.toAttribute());
    }
    return Sections.end(b, config, stream);
  }

  /**
   * Returns the answer for a rejected m-line: port 0, the offered formats (RFC 3264 §6), and the
   * mid (RFC 8829 §5.3.1).
   */
  private static MediaDescription rejectedSection(MediaDescription offered) {
    MediaDescription.Builder b = MediaDescription.builder(offered.media(), 0, offered.protocol())
        .formats(offered.formats())
        .connection(Connection.of("0.0.0.0"));
    String mid = offered.mid();
    if (mid != null) {
      b.addAttribute("mid", mid);
    }
    return b.build();
  }

  private static SdpNegotiationException noMedia(List<MediaDescription> media,
      List<@Nullable String> reasons, boolean codecMismatch) {
    StringBuilder sb = new StringBuilder(codecMismatch
        ? "offer has no m-line with a codec Sluice supports: "
        : "offer has no audio or video m-line Sluice can serve: ");
    if (media.isEmpty()) {
      sb.append("it has no m= line");
    }
    int described = 0;
    for (int i = 0; i < media.size(); i++) {
      if (described == RemoteTransport.MAX_DESCRIBED) {
        sb.append("; ...");
        break;
      }
      MediaDescription m = media.get(i);
      sb.append(described++ == 0 ? "" : "; ")
          .append(new RejectedMedia(i, m.media(), m.mid(), String.valueOf(reasons.get(i))));
    }
    return new SdpNegotiationException(codecMismatch ? Reason.NO_COMMON_CODEC : Reason.NO_MEDIA,
        sb.toString());
  }

  private static SdpNegotiationException wrongDirection(Role role, List<SendStream> streams) {
    if (role == Role.PUBLISHER) {
      return new SdpNegotiationException(Reason.WRONG_DIRECTION, "offer sends no media: every"
          + " m-line Sluice can take is recvonly or inactive (a WHIP publisher's m-lines must be"
          + " sendonly or sendrecv)");
    }
    List<String> kinds = new ArrayList<>();
    for (SendStream s : streams) {
      if (!kinds.contains(s.kind().token())) {
        kinds.add(s.kind().token());
      }
    }
    return new SdpNegotiationException(Reason.WRONG_DIRECTION, "offer receives nothing Sluice can"
        + " send: every m-line Sluice can take is sendonly or inactive, or has no stream of its"
        + " kind (Sluice sends: " + (kinds.isEmpty() ? "nothing" : String.join(", ", kinds))
        + "; a WHEP viewer's m-lines must be recvonly or sendrecv)");
  }

  /**
   * The answer to a publisher's simulcast (RFC 8853 §5): the offered send streams whose rids
   * are declared {@code send} and keep a payload type, mirrored as {@code recv}.
   */
  private static final class SimulcastAnswer {
    final List<Rid> remoteRids;
    final List<Rid> answerRids;
    final Simulcast remote;
    final Simulcast answer;

    private SimulcastAnswer(List<Rid> remoteRids, List<Rid> answerRids,
        List<List<Simulcast.Stream>> streams) {
      this.remoteRids = remoteRids;
      this.answerRids = answerRids;
      this.remote = new Simulcast(streams, List.of());
      this.answer = new Simulcast(List.of(), streams);
    }

    static @Nullable SimulcastAnswer of(MediaDescription m, List<NegotiatedCodec> codecs) {
      Simulcast offered = m.simulcast();
      if (offered == null || offered.send().isEmpty()) {
        return null;
      }
      List<Integer> pts = new ArrayList<>();
      for (NegotiatedCodec c : codecs) {
        pts.add(c.payloadType());
      }
      Map<String, Rid> sendRids = new LinkedHashMap<>();
      for (Rid r : m.rids()) {
        if (r.direction() == Rid.Direction.SEND && !sendRids.containsKey(r.id())) {
          sendRids.put(r.id(), r);
        }
      }
      List<Rid> remoteRids = new ArrayList<>();
      List<Rid> answerRids = new ArrayList<>();
      List<List<Simulcast.Stream>> streams = new ArrayList<>();
      for (List<Simulcast.Stream> alternatives : offered.send()) {
        List<Simulcast.Stream> kept = new ArrayList<>();
        for (Simulcast.Stream s : alternatives) {
          Rid rid = sendRids.get(s.rid());
          if (rid == null || remoteRids.contains(rid)) {
            continue;
          }
          List<Integer> ridPts = new ArrayList<>(rid.payloadTypes());
          ridPts.retainAll(pts);
          if (!rid.payloadTypes().isEmpty() && ridPts.isEmpty()) {
            continue;
          }
          kept.add(s);
          remoteRids.add(rid);
          answerRids.add(new Rid(rid.id(), Rid.Direction.RECV, ridPts, Map.of()));
        }
        if (!kept.isEmpty()) {
          streams.add(kept);
        }
      }
      return streams.isEmpty() ? null : new SimulcastAnswer(remoteRids, answerRids, streams);
    }
  }
}
