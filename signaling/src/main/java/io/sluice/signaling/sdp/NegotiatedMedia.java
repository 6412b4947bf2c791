package io.sluice.signaling.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What offer/answer (RFC 3264, RFC 8829) settled for one accepted m-line: the values the media
 * path needs to receive, forward and send its RTP.
 *
 * <ul>
 *   <li>identity: {@link #mid()} (RFC 8843), {@link #kind()}, and the node's {@link #direction()}
 *   <li>codecs: payload types, clock rates, fmtp, RTCP feedback and RTX payload types
 *   <li>RTP header extension ids by URI (RFC 8285)
 *   <li>the remote sources: SSRCs and their FID/SIM groups (RFC 5576), rids and simulcast (RFC
 *       8851, RFC 8853)
 *   <li>the remote transport: ICE credentials and candidates (RFC 8839), DTLS fingerprints (RFC
 *       8122) and setup role (RFC 4145); with BUNDLE these are the same on every m-line
 *   <li>for a sending m-line, the node's own {@link SendStream}
 * </ul>
 *
 * <p>Immutable; {@link #newBuilder()} derives a changed copy.
 */
public final class NegotiatedMedia {
  private final int mLineIndex;
  private final String mid;
  private final MediaKind kind;
  private final Direction direction;
  private final List<NegotiatedCodec> codecs;
  private final Map<String, Integer> extensionIds;
  private final List<Long> remoteSsrcs;
  private final List<SsrcGroup> remoteSsrcGroups;
  private final @Nullable String remoteCname;
  private final @Nullable Msid remoteMsid;
  private final List<Rid> remoteRids;
  private final @Nullable Simulcast simulcast;
  private final String remoteIceUfrag;
  private final String remoteIcePwd;
  private final List<Candidate> remoteCandidates;
  private final boolean remoteIceLite;
  private final List<Fingerprint> remoteFingerprints;
  private final Setup remoteSetup;
  private final @Nullable SendStream sendStream;

  private NegotiatedMedia(Builder b) {
    this.mLineIndex = b.mLineIndex;
    this.mid = Objects.requireNonNull(b.mid, "mid == null");
    this.kind = Objects.requireNonNull(b.kind, "kind == null");
    this.direction = Objects.requireNonNull(b.direction, "direction == null");
    this.codecs = List.copyOf(b.codecs);
    this.extensionIds = Collections.unmodifiableMap(new LinkedHashMap<>(b.extensionIds));
    this.remoteSsrcs = List.copyOf(b.remoteSsrcs);
    this.remoteSsrcGroups = List.copyOf(b.remoteSsrcGroups);
    this.remoteCname = b.remoteCname;
    this.remoteMsid = b.remoteMsid;
    this.remoteRids = List.copyOf(b.remoteRids);
    this.simulcast = b.simulcast;
    this.remoteIceUfrag = Objects.requireNonNull(b.remoteIceUfrag, "remoteIceUfrag == null");
    this.remoteIcePwd = Objects.requireNonNull(b.remoteIcePwd, "remoteIcePwd == null");
    this.remoteCandidates = List.copyOf(b.remoteCandidates);
    this.remoteIceLite = b.remoteIceLite;
    this.remoteFingerprints = List.copyOf(b.remoteFingerprints);
    this.remoteSetup = Objects.requireNonNull(b.remoteSetup, "remoteSetup == null");
    if (remoteSetup != Setup.ACTIVE && remoteSetup != Setup.PASSIVE) {
      throw new IllegalArgumentException("remote setup must be active or passive: " + remoteSetup);
    }
    this.sendStream = b.sendStream;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder initialised with this value. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** Returns the 0-based index of the m-line in the descriptions. */
  public int mLineIndex() {
    return mLineIndex;
  }

  /** Returns the m-line's {@code a=mid}. */
  public String mid() {
    return mid;
  }

  /** Returns audio or video. */
  public MediaKind kind() {
    return kind;
  }

  /** Returns the node's direction on this m-line, as written in the node's description. */
  public Direction direction() {
    return direction;
  }

  /** Returns the agreed codecs, most preferred first (RTX is folded into each codec). */
  public List<NegotiatedCodec> codecs() {
    return codecs;
  }

  /** Returns the codec with payload type {@code pt}, or null. */
  public @Nullable NegotiatedCodec codec(int pt) {
    for (NegotiatedCodec c : codecs) {
      if (c.payloadType() == pt) {
        return c;
      }
    }
    return null;
  }

  /** Returns the codec whose RTX payload type is {@code rtxPt}, or null. */
  public @Nullable NegotiatedCodec codecForRtx(int rtxPt) {
    for (NegotiatedCodec c : codecs) {
      if (c.hasRtx() && c.rtxPayloadType() == rtxPt) {
        return c;
      }
    }
    return null;
  }

  /** Returns RTX payload type to associated payload type ({@code apt}, RFC 4588 §8). */
  public Map<Integer, Integer> rtxPayloadTypes() {
    Map<Integer, Integer> map = new LinkedHashMap<>();
    for (NegotiatedCodec c : codecs) {
      if (c.hasRtx()) {
        map.put(c.rtxPayloadType(), c.payloadType());
      }
    }
    return Collections.unmodifiableMap(map);
  }

  /** Returns the agreed header extension ids by URI (RFC 8285). */
  public Map<String, Integer> extensionIds() {
    return extensionIds;
  }

  /** Returns the id of extension {@code uri}, or 0 if it was not agreed. */
  public int extensionId(String uri) {
    Integer id = extensionIds.get(uri);
    return id == null ? 0 : id;
  }

  /** Returns the SSRCs the remote side announced on this m-line ({@code a=ssrc}). */
  public List<Long> remoteSsrcs() {
    return remoteSsrcs;
  }

  /** Returns the remote {@code a=ssrc-group} lines (FID for RTX, SIM for simulcast). */
  public List<SsrcGroup> remoteSsrcGroups() {
    return remoteSsrcGroups;
  }

  /** Returns the remote CNAME from {@code a=ssrc:<id> cname:}, or null. */
  public @Nullable String remoteCname() {
    return remoteCname;
  }

  /** Returns the remote {@code a=msid} (or {@code a=ssrc:<id> msid:}), or null. */
  public @Nullable Msid remoteMsid() {
    return remoteMsid;
  }

  /** Returns the remote rids that were accepted, in simulcast order. */
  public List<Rid> remoteRids() {
    return remoteRids;
  }

  /** Returns the accepted simulcast streams from the remote side's point of view, or null. */
  public @Nullable Simulcast simulcast() {
    return simulcast;
  }

  /** Returns the remote {@code a=ice-ufrag}. */
  public String remoteIceUfrag() {
    return remoteIceUfrag;
  }

  /** Returns the remote {@code a=ice-pwd}. */
  public String remoteIcePwd() {
    return remoteIcePwd;
  }

  /** Returns the remote candidates known from the description (more may trickle). */
  public List<Candidate> remoteCandidates() {
    return remoteCandidates;
  }

  /** Returns true if the remote side is ICE-lite. */
  public boolean remoteIceLite() {
    return remoteIceLite;
  }

  /** Returns the remote certificate fingerprints; the DTLS handshake must match one. */
  public List<Fingerprint> remoteFingerprints() {
    return remoteFingerprints;
  }

  /** Returns the remote DTLS role: {@link Setup#ACTIVE} (client) or {@link Setup#PASSIVE}. */
  public Setup remoteSetup() {
    return remoteSetup;
  }

  /** Returns the node's DTLS role, the opposite of {@link #remoteSetup()}. */
  public Setup localSetup() {
    return remoteSetup == Setup.ACTIVE ? Setup.PASSIVE : Setup.ACTIVE;
  }

  /** Returns the stream the node sends on this m-line, or null if it sends none. */
  public @Nullable SendStream sendStream() {
    return sendStream;
  }

  @Override
  public String toString() {
    return "NegotiatedMedia{mid=" + mid + ", " + kind + ", " + direction + ", codecs=" + codecs
        + ", extensions=" + extensionIds + ", remoteSsrcs=" + remoteSsrcs + "}";
  }

  /** Builds a {@link NegotiatedMedia}. */
  public static final class Builder {
    private int mLineIndex;
    private @Nullable String mid;
    private @Nullable MediaKind kind;
    private @Nullable Direction direction;
    private final List<NegotiatedCodec> codecs = new ArrayList<>();
    private final Map<String, Integer> extensionIds = new LinkedHashMap<>();
    private final List<Long> remoteSsrcs = new ArrayList<>();
    private final List<SsrcGroup> remoteSsrcGroups = new ArrayList<>();
    private @Nullable String remoteCname;
    private @Nullable Msid remoteMsid;
    private final List<Rid> remoteRids = new ArrayList<>();
    private @Nullable Simulcast simulcast;
    private @Nullable String remoteIceUfrag;
    private @Nullable String remoteIcePwd;
    private final List<Candidate> remoteCandidates = new ArrayList<>();
    private boolean remoteIceLite;
    private final List<Fingerprint> remoteFingerprints = new ArrayList<>();
    private @Nullable Setup remoteSetup;
    private @Nullable SendStream sendStream;

    Builder() {}

    Builder(NegotiatedMedia m) {
      mLineIndex = m.mLineIndex;
      mid = m.mid;
      kind = m.kind;
      direction = m.direction;
      codecs.addAll(m.codecs);
      extensionIds.putAll(m.extensionIds);
      remoteSsrcs.addAll(m.remoteSsrcs);
      remoteSsrcGroups.addAll(m.remoteSsrcGroups);
      remoteCname = m.remoteCname;
      remoteMsid = m.remoteMsid;
      remoteRids.addAll(m.remoteRids);
      simulcast = m.simulcast;
      remoteIceUfrag = m.remoteIceUfrag;
      remoteIcePwd = m.remoteIcePwd;
      remoteCandidates.addAll(m.remoteCandidates);
      remoteIceLite = m.remoteIceLite;
      remoteFingerprints.addAll(m.remoteFingerprints);
      remoteSetup = m.remoteSetup;
      sendStream = m.sendStream;
    }

    /** Sets the m-line index. */
    public Builder mLineIndex(int mLineIndex) {
      this.mLineIndex = mLineIndex;
      return this;
    }

    /** Sets the mid. */
    public Builder mid(String mid) {
      this.mid = mid;
      return this;
    }

    /** Sets the kind. */
    public Builder kind(MediaKind kind) {
      this.kind = kind;
      return this;
    }

    /** Sets the node's direction. */
    public Builder direction(Direction direction) {
      this.direction = direction;
      return this;
    }

    /** Replaces the codecs. */
    public Builder codecs(List<NegotiatedCodec> codecs) {
      this.codecs.clear();
      this.codecs.addAll(codecs);
      return this;
    }

    /** Replaces the extension ids. */
    public Builder extensionIds(Map<String, Integer> extensionIds) {
      this.extensionIds.clear();
      this.extensionIds.putAll(extensionIds);
      return this;
    }

    /** Replaces the remote SSRCs. */
    public Builder remoteSsrcs(List<Long> remoteSsrcs) {
      this.remoteSsrcs.clear();
      this.remoteSsrcs.addAll(remoteSsrcs);
      return this;
    }

    /** Replaces the remote SSRC groups. */
    public Builder remoteSsrcGroups(List<SsrcGroup> remoteSsrcGroups) {
      this.remoteSsrcGroups.clear();
      this.remoteSsrcGroups.addAll(remoteSsrcGroups);
      return this;
    }

    /** Sets the remote CNAME, or null. */
    public Builder remoteCname(@Nullable String remoteCname) {
      this.remoteCname = remoteCname;
      return this;
    }

    /** Sets the remote msid, or null. */
    public Builder remoteMsid(@Nullable Msid remoteMsid) {
      this.remoteMsid = remoteMsid;
      return this;
    }

    /** Replaces the remote rids. */
    public Builder remoteRids(List<Rid> remoteRids) {
      this.remoteRids.clear();
      this.remoteRids.addAll(remoteRids);
      return this;
    }

    /** Sets the accepted simulcast streams, or null. */
    public Builder simulcast(@Nullable Simulcast simulcast) {
      this.simulcast = simulcast;
      return this;
    }

    /** Sets the remote ICE username fragment. */
    public Builder remoteIceUfrag(String remoteIceUfrag) {
      this.remoteIceUfrag = remoteIceUfrag;
      return this;
    }

    /** Sets the remote ICE password. */
    public Builder remoteIcePwd(String remoteIcePwd) {
      this.remoteIcePwd = remoteIcePwd;
      return this;
    }

    /** Replaces the remote candidates. */
    public Builder remoteCandidates(List<Candidate> remoteCandidates) {
      this.remoteCandidates.clear();
      this.remoteCandidates.addAll(remoteCandidates);
      return this;
    }

    /** Sets whether the remote side is ICE-lite. */
    public Builder remoteIceLite(boolean remoteIceLite) {
      this.remoteIceLite = remoteIceLite;
      return this;
    }

    /** Replaces the remote fingerprints. */
    public Builder remoteFingerprints(List<Fingerprint> remoteFingerprints) {
      this.remoteFingerprints.clear();
      this.remoteFingerprints.addAll(remoteFingerprints);
      return this;
    }

    /** Sets the remote DTLS role (active or passive). */
    public Builder remoteSetup(Setup remoteSetup) {
      this.remoteSetup = remoteSetup;
      return this;
    }

    /** Sets the node's stream on this m-line, or null. */
    public Builder sendStream(@Nullable SendStream sendStream) {
      this.sendStream = sendStream;
      return this;
    }

    /**
     * Returns the value.
     *
     * @throws NullPointerException if mid, kind, direction, ICE credentials or setup are missing
     * @throws IllegalArgumentException if the remote setup is not active or passive
     */
    public NegotiatedMedia build() {
      return new NegotiatedMedia(this);
    }
  }
}
