package io.sluice.node.internal;

import io.sluice.media.routing.Track;
import io.sluice.signaling.sdp.CodecCapability;
import io.sluice.signaling.sdp.MediaKind;
import io.sluice.signaling.sdp.NegotiatedCodec;
import io.sluice.signaling.sdp.NegotiatedMedia;
import io.sluice.signaling.sdp.Negotiation;
import io.sluice.signaling.sdp.SsrcGroup;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Conversions between what SDP negotiated and the tracks a stream routes. */
final class Codecs {
  private Codecs() {}

  /**
   * The tracks a publisher will send, one per accepted m-line with a codec: its first codec (the
   * one the publisher sends with), its RTX payload type and, when the SDP names them, its SSRCs.
   */
  static List<Track> publishedTracks(Negotiation negotiation) {
    List<Track> tracks = new ArrayList<>();
    for (NegotiatedMedia m : negotiation.media()) {
      if (m.codecs().isEmpty() || (m.kind() != MediaKind.AUDIO && m.kind() != MediaKind.VIDEO)) {
        continue;
      }
      NegotiatedCodec c = m.codecs().get(0);
      long ssrc = Track.UNKNOWN_SSRC;
      long rtxSsrc = Track.UNKNOWN_SSRC;
      for (SsrcGroup g : m.remoteSsrcGroups()) {
        if (g.semantics().equals("FID") && g.ssrcs().size() == 2) {
          ssrc = g.ssrcs().get(0);
          rtxSsrc = g.ssrcs().get(1);
          break;
        }
      }
      if (ssrc == Track.UNKNOWN_SSRC && m.remoteSsrcs().size() == 1) {
        ssrc = m.remoteSsrcs().get(0);
      }
      tracks.add(new Track(tracks.size(),
          m.kind() == MediaKind.AUDIO ? Track.Kind.AUDIO : Track.Kind.VIDEO, c.name(),
          c.clockRate(), Math.max(1, c.channels()), c.payloadType(), ssrc,
          c.hasRtx() ? c.rtxPayloadType() : Track.NO_RTX, rtxSsrc, c.parameterMap()));
    }
    return tracks;
  }

  /** The first codec of each accepted m-line, as a capability, so a second answer keeps only it. */
  static List<CodecCapability> chosen(Negotiation negotiation) {
    List<CodecCapability> caps = new ArrayList<>();
    for (NegotiatedMedia m : negotiation.media()) {
      if (!m.codecs().isEmpty()
          && (m.kind() == MediaKind.AUDIO || m.kind() == MediaKind.VIDEO)) {
        NegotiatedCodec c = m.codecs().get(0);
        caps.add(new CodecCapability(m.kind(), c.name(), c.clockRate(), c.channels(),
            c.parameterMap(), c.hasRtx()));
      }
    }
    return caps;
  }

  /** The capability a viewer must share with a published track: the same codec, nothing else. */
  static CodecCapability capability(Track t) {
    return new CodecCapability(t.kind() == Track.Kind.AUDIO ? MediaKind.AUDIO : MediaKind.VIDEO,
        t.codec(), t.clockRate(), t.kind() == Track.Kind.AUDIO ? t.channels() : 0,
        t.parameters(), t.kind() == Track.Kind.VIDEO);
  }

  /** The viewer's negotiated codec matching a published track, or null. */
  static @Nullable NegotiatedCodec match(NegotiatedMedia m, Track t) {
    for (NegotiatedCodec c : m.codecs()) {
      if (c.is(t.codec()) && c.clockRate() == t.clockRate()) {
        return c;
      }
    }
    return null;
  }

  static MediaKind kind(Track.Kind kind) {
    return kind == Track.Kind.AUDIO ? MediaKind.AUDIO : MediaKind.VIDEO;
  }
}
