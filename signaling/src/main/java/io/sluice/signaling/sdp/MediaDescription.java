package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.SdpText;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A media description (RFC 8866 §5.14): an {@code m=} line and the {@code i=}, {@code c=},
 * {@code b=}, {@code k=} and {@code a=} lines that follow it, up to the next {@code m=} line.
 *
 * <pre>
 * m=&lt;media&gt; &lt;port&gt;[/&lt;number of ports&gt;] &lt;proto&gt; &lt;fmt&gt; ...
 * </pre>
 *
 * <p>Immutable; use {@link #newBuilder()} to derive a changed copy. Attributes are kept raw and in
 * order; the typed accessors ({@link #rtpMaps()}, {@link #candidates()}, ...) parse them on each
 * call and skip values that do not parse, which only a hand-built description can contain (the
 * parser rejects malformed values of the attributes it types). Attributes that may also appear at
 * session level (ICE, DTLS, direction) are resolved against the session by the overloads in
 * {@link SessionDescription}, for example {@link SessionDescription#iceUfrag(MediaDescription)}.
 */
public final class MediaDescription {
  private final String media;
  private final int port;
  private final int portCount;
  private final String protocol;
  private final List<String> formats;
  private final @Nullable String title;
  private final List<Connection> connections;
  private final List<Bandwidth> bandwidths;
  private final @Nullable String encryptionKey;
  private final List<Attribute> attributes;

  private MediaDescription(Builder b) {
    this.media = b.media;
    this.port = b.port;
    this.portCount = b.portCount;
    this.protocol = b.protocol;
    this.formats = List.copyOf(b.formats);
    this.title = b.title;
    this.connections = List.copyOf(b.connections);
    this.bandwidths = List.copyOf(b.bandwidths);
    this.encryptionKey = b.encryptionKey;
    this.attributes = List.copyOf(b.attributes);
  }

  /** Returns a builder for {@code m=<media> <port> <protocol> ...}; add formats before build. */
  public static Builder builder(String media, int port, String protocol) {
    return new Builder(media, port, protocol);
  }

  /** Returns a builder initialised with this description's lines. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** Returns the media type, for example {@code "audio"}, {@code "video"}, {@code "application"}. */
  public String media() {
    return media;
  }

  /** Returns the kind for audio or video, or null for other media types. */
  public @Nullable MediaKind kind() {
    return MediaKind.fromToken(media);
  }

  /** Returns the port; 0 rejects or disables the m-line unless it is bundle-only. */
  public int port() {
    return port;
  }

  /** Returns the {@code /<number of ports>} suffix of the port, or 0 if absent. */
  public int portCount() {
    return portCount;
  }

  /** Returns the transport protocol, for example {@code "UDP/TLS/RTP/SAVPF"}. */
  public String protocol() {
    return protocol;
  }

  /** Returns the formats (RTP payload types, as text), in the offerer's preference order. */
  public List<String> formats() {
    return formats;
  }

  /** Returns the formats that are RTP payload types 0..127, in order. */
  public List<Integer> payloadTypes() {
    List<Integer> out = new ArrayList<>(formats.size());
    for (String f : formats) {
      int pt = SdpText.parseInt(f, 127);
      if (pt >= 0) {
        out.add(pt);
      }
    }
    return out;
  }

  /** Returns the {@code i=} media title, or null. */
  public @Nullable String title() {
    return title;
  }

  /** Returns the {@code c=} lines. */
  public List<Connection> connections() {
    return connections;
  }

  /** Returns the first {@code c=} line, or null. */
  public @Nullable Connection connection() {
    return connections.isEmpty() ? null : connections.get(0);
  }

  /** Returns the {@code b=} lines. */
  public List<Bandwidth> bandwidths() {
    return bandwidths;
  }

  /** Returns the {@code k=} line's value (obsolete), or null. */
  public @Nullable String encryptionKey() {
    return encryptionKey;
  }

  /** Returns every {@code a=} line, in order. */
  public List<Attribute> attributes() {
    return attributes;
  }

  /** Returns the attributes named {@code name}, in order. */
  public List<Attribute> attributes(String name) {
    return SessionDescription.named(attributes, name);
  }

  /** Returns the first attribute named {@code name}, or null. */
  public @Nullable Attribute attribute(String name) {
    return SessionDescription.first(attributes, name);
  }

  /** Returns the value of the first attribute named {@code name}, or null. */
  public @Nullable String attributeValue(String name) {
    Attribute a = attribute(name);
    return a == null ? null : a.value();
  }

  /** Returns true if an attribute named {@code name} is present. */
  public boolean hasAttribute(String name) {
    return attribute(name) != null;
  }

  // ---- Typed accessors (media level only). ----

  /** Returns {@code a=mid} (RFC 5888 §4, RFC 8843), or null. */
  public @Nullable String mid() {
    return attributeValue("mid");
  }

  /** Returns the last direction attribute at media level (RFC 8866 §6.7), or null. */
  public @Nullable Direction direction() {
    return SessionDescription.direction(attributes);
  }

  /** Returns true if the port is 0 and the m-line is not {@code a=bundle-only} (RFC 8843 §6). */
  public boolean isRejected() {
    return port == 0 && !isBundleOnly();
  }

  /** Returns true for {@code a=bundle-only} (RFC 8843 §6). */
  public boolean isBundleOnly() {
    return hasAttribute("bundle-only");
  }

  /** Returns true for {@code a=rtcp-mux} (RFC 5761 §5.1.1) at media level. */
  public boolean isRtcpMux() {
    return hasAttribute("rtcp-mux");
  }

  /** Returns true for {@code a=rtcp-mux-only} (RFC 8858 §3) at media level. */
  public boolean isRtcpMuxOnly() {
    return hasAttribute("rtcp-mux-only");
  }

  /** Returns {@code a=ice-ufrag} (RFC 8839 §5.4) at media level, or null. */
  public @Nullable String iceUfrag() {
    return attributeValue("ice-ufrag");
  }

  /** Returns {@code a=ice-pwd} (RFC 8839 §5.4) at media level, or null. */
  public @Nullable String icePwd() {
    return attributeValue("ice-pwd");
  }

  /** Returns the {@code a=ice-options} tags (RFC 8839 §5.6) at media level, empty if none. */
  public List<String> iceOptions() {
    return SessionDescription.iceOptions(attributes);
  }

  /** Returns the {@code a=fingerprint} attributes (RFC 8122 §5) at media level. */
  public List<Fingerprint> fingerprints() {
    return typed(Fingerprint.NAME, Fingerprint::tryParse);
  }

  /** Returns {@code a=setup} (RFC 4145 §4) at media level, or null. */
  public @Nullable Setup setup() {
    String v = attributeValue(Setup.NAME);
    return v == null ? null : Setup.tryParse(v);
  }

  /** Returns the {@code a=candidate} attributes (RFC 8839 §5.1). */
  public List<Candidate> candidates() {
    return typed(Candidate.NAME, Candidate::tryParse);
  }

  /** Returns true for {@code a=end-of-candidates} (RFC 8838 §8.2) at media level. */
  public boolean isEndOfCandidates() {
    return hasAttribute(Candidate.END_OF_CANDIDATES);
  }

  /** Returns the first {@code a=msid} (RFC 8830 §2), or null. */
  public @Nullable Msid msid() {
    List<Msid> all = msids();
    return all.isEmpty() ? null : all.get(0);
  }

  /** Returns the {@code a=msid} attributes (RFC 8830 §2). */
  public List<Msid> msids() {
    return typed(Msid.NAME, Msid::tryParse);
  }

  /** Returns the {@code a=ssrc} source attributes (RFC 5576 §4.1), in order. */
  public List<Ssrc> ssrcs() {
    return typed(Ssrc.NAME, Ssrc::tryParse);
  }

  /** Returns the distinct SSRCs named by {@code a=ssrc} lines, in first-seen order. */
  public List<Long> ssrcIds() {
    List<Long> out = new ArrayList<>();
    for (Ssrc s : ssrcs()) {
      if (!out.contains(s.ssrc())) {
        out.add(s.ssrc());
      }
    }
    return out;
  }

  /** Returns the {@code a=ssrc-group} attributes (RFC 5576 §4.2). */
  public List<SsrcGroup> ssrcGroups() {
    return typed(SsrcGroup.NAME, SsrcGroup::tryParse);
  }

  /** Returns the {@code a=rid} attributes (RFC 8851 §10). */
  public List<Rid> rids() {
    return typed(Rid.NAME, Rid::tryParse);
  }

  /** Returns {@code a=simulcast} (RFC 8853 §5), or null. */
  public @Nullable Simulcast simulcast() {
    String v = attributeValue(Simulcast.NAME);
    return v == null ? null : Simulcast.tryParse(v);
  }

  /** Returns the {@code a=rtpmap} attributes (RFC 8866 §6.6). */
  public List<RtpMap> rtpMaps() {
    return typed(RtpMap.NAME, RtpMap::tryParse);
  }

  /** Returns the {@code a=rtpmap} for payload type {@code pt}, or null. */
  public @Nullable RtpMap rtpMap(int pt) {
    for (RtpMap m : rtpMaps()) {
      if (m.payloadType() == pt) {
        return m;
      }
    }
    return null;
  }

  /** Returns the {@code a=fmtp} attributes (RFC 8866 §6.15). */
  public List<Fmtp> fmtps() {
    return typed(Fmtp.NAME, Fmtp::tryParse);
  }

  /** Returns the {@code a=fmtp} for payload type {@code pt}, or null. */
  public @Nullable Fmtp fmtp(int pt) {
    for (Fmtp f : fmtps()) {
      if (f.payloadType() == pt) {
        return f;
      }
    }
    return null;
  }

  /** Returns the {@code a=rtcp-fb} attributes (RFC 4585 §4.2). */
  public List<RtcpFeedback> rtcpFeedback() {
    return typed(RtcpFeedback.NAME, RtcpFeedback::tryParse);
  }

  /** Returns the {@code a=rtcp-fb} attributes for {@code pt}, including {@code a=rtcp-fb:*}. */
  public List<RtcpFeedback> rtcpFeedback(int pt) {
    List<RtcpFeedback> out = new ArrayList<>();
    for (RtcpFeedback f : rtcpFeedback()) {
      if (f.appliesTo(pt)) {
        out.add(f);
      }
    }
    return out;
  }

  /** Returns the media-level {@code a=extmap} attributes (RFC 8285 §8). */
  public List<ExtMap> extMaps() {
    return typed(ExtMap.NAME, ExtMap::tryParse);
  }

  private <T> List<T> typed(String name, Function<String, @Nullable T> parser) {
    return SessionDescription.typed(attributes, name, parser);
  }

  /** Appends this description's lines to {@code sb}, each ended with CRLF. */
  void writeTo(StringBuilder sb) {
    sb.append("m=").append(media).append(' ').append(port);
    if (portCount > 0) {
      sb.append('/').append(portCount);
    }
    sb.append(' ').append(protocol);
    for (String f : formats) {
      sb.append(' ').append(f);
    }
    sb.append("\r\n");
    SessionDescription.line(sb, "i=", title);
    for (Connection c : connections) {
      SessionDescription.line(sb, "c=", c.toSdp());
    }
    for (Bandwidth b : bandwidths) {
      SessionDescription.line(sb, "b=", b.toSdp());
    }
    SessionDescription.line(sb, "k=", encryptionKey);
    for (Attribute a : attributes) {
      SessionDescription.line(sb, "a=", a.toSdp());
    }
  }

  /** Returns this media description's lines, CRLF-terminated. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    writeTo(sb);
    return sb.toString();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof MediaDescription m
        && media.equals(m.media)
        && port == m.port
        && portCount == m.portCount
        && protocol.equals(m.protocol)
        && formats.equals(m.formats)
        && Objects.equals(title, m.title)
        && connections.equals(m.connections)
        && bandwidths.equals(m.bandwidths)
        && Objects.equals(encryptionKey, m.encryptionKey)
        && attributes.equals(m.attributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(media, port, portCount, protocol, formats, title, connections, bandwidths,
        encryptionKey, attributes);
  }

  /** Builds a {@link MediaDescription}. Not thread-safe. */
  public static final class Builder {
    private String media;
    private int port;
    private int portCount;
    private String protocol;
    private final List<String> formats = new ArrayList<>();
    private @Nullable String title;
    private final List<Connection> connections = new ArrayList<>();
    private final List<Bandwidth> bandwidths = new ArrayList<>();
    private @Nullable String encryptionKey;
    private final List<Attribute> attributes = new ArrayList<>();

    Builder(String media, int port, String protocol) {
      media(media);
      port(port);
      protocol(protocol);
    }

    Builder(MediaDescription m) {
      this.media = m.media;
      this.port = m.port;
      this.portCount = m.portCount;
      this.protocol = m.protocol;
      this.formats.addAll(m.formats);
      this.title = m.title;
      this.connections.addAll(m.connections);
      this.bandwidths.addAll(m.bandwidths);
      this.encryptionKey = m.encryptionKey;
      this.attributes.addAll(m.attributes);
    }

    /** Sets the media type (one word). */
    public Builder media(String media) {
      this.media = SdpText.requireField(media, "media type");
      return this;
    }

    /** Sets the port, 0..65535. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port not in 0..65535: " + port);
      }
      this.port = port;
      return this;
    }

    /** Sets the {@code /<number of ports>} suffix, 1..65535, or 0 for none. */
    public Builder portCount(int portCount) {
      if (portCount < 0 || portCount > 65535) {
        throw new IllegalArgumentException("port count not in 0..65535: " + portCount);
      }
      this.portCount = portCount;
      return this;
    }

    /** Sets the transport protocol (one word). */
    public Builder protocol(String protocol) {
      this.protocol = SdpText.requireField(protocol, "protocol");
      return this;
    }

    /** Appends a format (one word). */
    public Builder addFormat(String format) {
      formats.add(SdpText.requireField(format, "format"));
      return this;
    }

    /** Appends an RTP payload type as a format. */
    public Builder addFormat(int payloadType) {
      return addFormat(Integer.toString(payloadType));
    }

    /** Replaces the formats. */
    public Builder formats(List<String> formats) {
      this.formats.clear();
      for (String f : formats) {
        addFormat(f);
      }
      return this;
    }

    /** Sets the {@code i=} line, or null for none. */
    public Builder title(@Nullable String title) {
      this.title = title == null ? null : SdpText.requireLineText(title, "title");
      return this;
    }

    /** Appends a {@code c=} line. */
    public Builder addConnection(Connection connection) {
      connections.add(connection);
      return this;
    }

    /** Replaces the {@code c=} lines with {@code connection}, or none if null. */
    public Builder connection(@Nullable Connection connection) {
      connections.clear();
      if (connection != null) {
        connections.add(connection);
      }
      return this;
    }

    /** Appends a {@code b=} line. */
    public Builder addBandwidth(Bandwidth bandwidth) {
      bandwidths.add(bandwidth);
      return this;
    }

    /** Sets the {@code k=} line, or null for none. */
    public Builder encryptionKey(@Nullable String encryptionKey) {
      this.encryptionKey =
          encryptionKey == null ? null : SdpText.requireLineText(encryptionKey, "key");
      return this;
    }

    /** Appends an attribute. */
    public Builder addAttribute(Attribute attribute) {
      attributes.add(attribute);
      return this;
    }

    /** Appends {@code a=<name>}. */
    public Builder addAttribute(String name) {
      return addAttribute(Attribute.of(name));
    }

    /** Appends {@code a=<name>:<value>}. */
    public Builder addAttribute(String name, String value) {
      return addAttribute(Attribute.of(name, value));
    }

    /** Appends attributes, in order. */
    public Builder addAttributes(List<Attribute> attributes) {
      this.attributes.addAll(attributes);
      return this;
    }

    /** Removes every attribute named {@code name}. */
    public Builder removeAttributes(String name) {
      attributes.removeIf(a -> a.name().equals(name));
      return this;
    }

    /** Replaces the attributes. */
    public Builder attributes(List<Attribute> attributes) {
      this.attributes.clear();
      this.attributes.addAll(attributes);
      return this;
    }

    /**
     * Returns the description.
     *
     * @throws IllegalStateException if there is no format (RFC 8866 requires at least one)
     */
    public MediaDescription build() {
      if (formats.isEmpty()) {
        throw new IllegalStateException("m=" + media + " has no format");
      }
      return new MediaDescription(this);
    }
  }
}
