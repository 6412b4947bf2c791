package io.sluice.signaling.sdp;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a node puts into its own SDP and accepts from peers: its ICE credentials (RFC 8839 §5.4)
 * and candidates, its DTLS certificate fingerprint (RFC 8122), the codecs, RTP header extensions
 * (RFC 8285) and RTCP feedback (RFC 4585) it supports, and a few policy switches.
 *
 * <p>Immutable. ICE credentials are per session: derive a session's config from a node-wide one
 * with {@code newBuilder().iceUfrag(...).icePwd(...).build()}, for example with
 * {@link #randomIceUfrag()} and {@link #randomIcePwd()}.
 */
public final class SdpConfig {
  /** The header extensions Sluice understands, in the order offers list them. */
  public static final List<String> DEFAULT_HEADER_EXTENSIONS = List.of(
      ExtMap.SDES_MID,
      ExtMap.ABS_SEND_TIME,
      ExtMap.TRANSPORT_WIDE_CC,
      ExtMap.SDES_RTP_STREAM_ID,
      ExtMap.SDES_REPAIRED_RTP_STREAM_ID);

  /**
   * The RTCP feedback Sluice acts on: generic NACK (RFC 4585 §6.2.1), PLI (RFC 4585 §6.3.1), FIR
   * (RFC 5104 §4.3.1) and transport-wide congestion control. {@code goog-remb} can be added.
   */
  public static final Set<String> DEFAULT_RTCP_FEEDBACK = Collections.unmodifiableSet(
      new LinkedHashSet<>(List.of("transport-cc", "ccm fir", "nack", "nack pli")));

  /** The address of the default host candidate, for tests and single-host setups. */
  public static final String DEFAULT_HOST_ADDRESS = "127.0.0.1";

  private static final String ICE_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String iceUfrag;
  private final String icePwd;
  private final Fingerprint fingerprint;
  private final List<Candidate> candidates;
  private final List<CodecCapability> codecs;
  private final List<String> headerExtensions;
  private final Set<String> rtcpFeedback;
  private final boolean iceLite;
  private final boolean trickleIce;
  private final boolean allowDtlsClientRole;
  private final boolean extmapAllowMixed;
  private final boolean acceptSimulcast;
  private final String sessionId;

  private SdpConfig(Builder b) {
    if (b.iceUfrag == null || b.icePwd == null) {
      throw new IllegalStateException("ICE credentials not set (iceUfrag and icePwd)");
    }
    if (b.fingerprint == null) {
      throw new IllegalStateException("DTLS fingerprint not set");
    }
    if (b.candidates.isEmpty()) {
      throw new IllegalStateException("no local candidate (addHostCandidate)");
    }
    if (b.codecs.isEmpty()) {
      throw new IllegalStateException("no codec");
    }
    this.iceUfrag = b.iceUfrag;
    this.icePwd = b.icePwd;
    this.fingerprint = b.fingerprint;
    this.candidates = List.copyOf(b.candidates);
    this.codecs = List.copyOf(b.codecs);
    this.headerExtensions = List.copyOf(b.headerExtensions);
    this.rtcpFeedback = Collections.unmodifiableSet(new LinkedHashSet<>(b.rtcpFeedback));
    this.iceLite = b.iceLite;
    this.trickleIce = b.trickleIce;
    this.allowDtlsClientRole = b.allowDtlsClientRole;
    this.extmapAllowMixed = b.extmapAllowMixed;
    this.acceptSimulcast = b.acceptSimulcast;
    this.sessionId = b.sessionId != null ? b.sessionId
        : Long.toString(RANDOM.nextLong() & Long.MAX_VALUE);
  }

  /** Returns a builder with the defaults and no credentials, fingerprint or candidates. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder initialised with this config. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** Returns a random 8-character ICE username fragment (RFC 8839 §5.4: at least 24 bits). */
  public static String randomIceUfrag() {
    return randomIceChars(8);
  }

  /** Returns a random 24-character ICE password (RFC 8839 §5.4: at least 128 bits). */
  public static String randomIcePwd() {
    return randomIceChars(24);
  }

  private static String randomIceChars(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(ICE_CHARS.charAt(RANDOM.nextInt(ICE_CHARS.length())));
    }
    return sb.toString();
  }

  /** Returns the node's {@code a=ice-ufrag}. */
  public String iceUfrag() {
    return iceUfrag;
  }

  /** Returns the node's {@code a=ice-pwd}. */
  public String icePwd() {
    return icePwd;
  }

  /** Returns the fingerprint of the node's DTLS certificate. */
  public Fingerprint fingerprint() {
    return fingerprint;
  }

  /** Returns the node's candidates; the first is the default candidate ({@code c=}, port). */
  public List<Candidate> candidates() {
    return candidates;
  }

  /** Returns the supported codecs, most preferred first. */
  public List<CodecCapability> codecs() {
    return codecs;
  }

  /** Returns the supported header extension URIs. */
  public List<String> headerExtensions() {
    return headerExtensions;
  }

  /** Returns the supported RTCP feedback ids, for example {@code "nack pli"}, in offer order. */
  public Set<String> rtcpFeedback() {
    return rtcpFeedback;
  }

  /** Returns true if the node is an ICE-lite agent ({@code a=ice-lite}, default true). */
  public boolean iceLite() {
    return iceLite;
  }

  /** Returns true if the node accepts trickled candidates ({@code a=ice-options:trickle}). */
  public boolean trickleIce() {
    return trickleIce;
  }

  /**
   * Returns true if the node may be the DTLS client, answering {@code a=setup:active} to an offer
   * that says {@code a=setup:passive} (FFmpeg's WHIP muxer does). Default false: the node is
   * always the DTLS server for browsers and rejects such offers.
   */
  public boolean allowDtlsClientRole() {
    return allowDtlsClientRole;
  }

  /** Returns true to answer {@code a=extmap-allow-mixed} when offered (RFC 8285 §6). */
  public boolean extmapAllowMixed() {
    return extmapAllowMixed;
  }

  /** Returns true to accept simulcast (RFC 8853) from publishers. */
  public boolean acceptSimulcast() {
    return acceptSimulcast;
  }

  /** Returns the {@code o=} session id of the node's descriptions. */
  public String sessionId() {
    return sessionId;
  }

  /** Builds an {@link SdpConfig}. */
  public static final class Builder {
    private @Nullable String iceUfrag;
    private @Nullable String icePwd;
    private @Nullable Fingerprint fingerprint;
    private final List<Candidate> candidates = new ArrayList<>();
    private final List<CodecCapability> codecs = new ArrayList<>(CodecCapability.defaults());
    private final List<String> headerExtensions = new ArrayList<>(DEFAULT_HEADER_EXTENSIONS);
    private final Set<String> rtcpFeedback = new LinkedHashSet<>(DEFAULT_RTCP_FEEDBACK);
    private boolean iceLite = true;
    private boolean trickleIce;
    private boolean allowDtlsClientRole;
    private boolean extmapAllowMixed = true;
    private boolean acceptSimulcast = true;
    private @Nullable String sessionId;

    Builder() {}

    Builder(SdpConfig c) {
      iceUfrag = c.iceUfrag;
      icePwd = c.icePwd;
      fingerprint = c.fingerprint;
      candidates.addAll(c.candidates);
      codecs.clear();
      codecs.addAll(c.codecs);
      headerExtensions.clear();
      headerExtensions.addAll(c.headerExtensions);
      rtcpFeedback.clear();
      rtcpFeedback.addAll(c.rtcpFeedback);
      iceLite = c.iceLite;
      trickleIce = c.trickleIce;
      allowDtlsClientRole = c.allowDtlsClientRole;
      extmapAllowMixed = c.extmapAllowMixed;
      acceptSimulcast = c.acceptSimulcast;
      sessionId = c.sessionId;
    }

    /**
     * Sets the ICE username fragment: 4..256 of {@code A-Z a-z 0-9 + /} (RFC 8839 §5.4).
     *
     * @throws IllegalArgumentException otherwise
     */
    public Builder iceUfrag(String iceUfrag) {
      this.iceUfrag = checkIceChars(iceUfrag, 4, "ice-ufrag");
      return this;
    }

    /**
     * Sets the ICE password: 22..256 of {@code A-Z a-z 0-9 + /} (RFC 8839 §5.4).
     *
     * @throws IllegalArgumentException otherwise
     */
    public Builder icePwd(String icePwd) {
      this.icePwd = checkIceChars(icePwd, 22, "ice-pwd");
      return this;
    }

    /** Sets the DTLS certificate fingerprint. */
    public Builder fingerprint(Fingerprint fingerprint) {
      this.fingerprint = fingerprint;
      return this;
    }

    /** Sets a SHA-256 fingerprint from hex, with or without colons. */
    public Builder fingerprint(String sha256Hex) {
      return fingerprint(Fingerprint.sha256(sha256Hex));
    }

    /** Appends a UDP host candidate on {@code address:port}. */
    public Builder addHostCandidate(String address, int port) {
      return addCandidate(Candidate.host(Integer.toString(candidates.size() + 1), address, port));
    }

    /** Appends a UDP host candidate on {@value SdpConfig#DEFAULT_HOST_ADDRESS}:{@code port}. */
    public Builder addHostCandidate(int port) {
      return addHostCandidate(DEFAULT_HOST_ADDRESS, port);
    }

    /** Appends a candidate. */
    public Builder addCandidate(Candidate candidate) {
      candidates.add(candidate);
      return this;
    }

    /** Replaces the candidates. */
    public Builder candidates(List<Candidate> candidates) {
      this.candidates.clear();
      this.candidates.addAll(candidates);
      return this;
    }

    /** Replaces the codecs (default {@link CodecCapability#defaults()}), most preferred first. */
    public Builder codecs(List<CodecCapability> codecs) {
      this.codecs.clear();
      this.codecs.addAll(codecs);
      return this;
    }

    /** Replaces the header extension URIs (default {@link #DEFAULT_HEADER_EXTENSIONS}). */
    public Builder headerExtensions(List<String> headerExtensions) {
      this.headerExtensions.clear();
      this.headerExtensions.addAll(headerExtensions);
      return this;
    }

    /** Replaces the RTCP feedback ids (default {@link #DEFAULT_RTCP_FEEDBACK}). */
    public Builder rtcpFeedback(Set<String> rtcpFeedback) {
      this.rtcpFeedback.clear();
      this.rtcpFeedback.addAll(rtcpFeedback);
      return this;
    }

    /** Adds an RTCP feedback id, for example {@code "goog-remb"}. */
    public Builder addRtcpFeedback(String id) {
      rtcpFeedback.add(id);
      return this;
    }

    /** Sets whether the node is ICE-lite (default true). */
    public Builder iceLite(boolean iceLite) {
      this.iceLite = iceLite;
      return this;
    }

    /** Sets whether to announce {@code a=ice-options:trickle} (default false). */
    public Builder trickleIce(boolean trickleIce) {
      this.trickleIce = trickleIce;
      return this;
    }

    /** Sets whether the node may take the DTLS client role (default false). */
    public Builder allowDtlsClientRole(boolean allowDtlsClientRole) {
      this.allowDtlsClientRole = allowDtlsClientRole;
      return this;
    }

    /** Sets whether to answer {@code a=extmap-allow-mixed} (default true). */
    public Builder extmapAllowMixed(boolean extmapAllowMixed) {
      this.extmapAllowMixed = extmapAllowMixed;
      return this;
    }

    /** Sets whether to accept simulcast from publishers (default true). */
    public Builder acceptSimulcast(boolean acceptSimulcast) {
      this.acceptSimulcast = acceptSimulcast;
      return this;
    }

    /** Sets the {@code o=} session id (digits); by default a random one per config. */
    public Builder sessionId(String sessionId) {
      if (sessionId.isEmpty() || !sessionId.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("session id is not digits: " + sessionId);
      }
      this.sessionId = sessionId;
      return this;
    }

    /**
     * Returns the config.
     *
     * @throws IllegalStateException if credentials, fingerprint, candidates or codecs are missing
     */
    public SdpConfig build() {
      return new SdpConfig(this);
    }

    private static String checkIceChars(String s, int min, String what) {
      if (s.length() < min || s.length() > 256) {
        throw new IllegalArgumentException(what + " has " + s.length() + " characters (expected: "
            + min + "..256)");
      }
      for (int i = 0; i < s.length(); i++) {
        if (ICE_CHARS.indexOf(s.charAt(i)) < 0) {
          throw new IllegalArgumentException(what + " has '" + s.charAt(i)
              + "' (expected: A-Z a-z 0-9 + /)");
        }
      }
      return s;
    }
  }
}
