package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.SdpParser;
import io.sluice.signaling.internal.sdp.SdpText;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A session description (RFC 8866 §5): the session-level lines and the {@link MediaDescription
 * media descriptions}, in the order RFC 8866 §5 fixes.
 *
 * <pre>
 * v=0                                   version (required)
 * o=&lt;origin&gt;                            (required)
 * s=&lt;session name&gt;                      (required)
 * i= u= e=* p=* c= b=*                  optional
 * t=&lt;start&gt; &lt;stop&gt;  r=*                one or more time descriptions
 * z= k= a=*                             optional
 * m=... (media descriptions)            zero or more
 * </pre>
 *
 * <p>Two entry points read SDP off the wire: {@link #parse} throws {@link SdpParseException}
 * with the line number and problem, {@link #tryParse} returns {@code null}. Both accept CRLF or LF
 * line endings; {@link #toSdp()} always writes CRLF. Every attribute is kept, in order, including
 * unknown ones, so {@code parse(s).toSdp()} reproduces the lines of {@code s}.
 *
 * <p>Input is bounded: at most {@link #MAX_LENGTH} characters, {@link #MAX_LINES} lines,
 * {@link #MAX_MEDIA} m-lines and {@link #MAX_CANDIDATES} candidates; beyond that the parser
 * rejects the description rather than building a large object from untrusted input.
 *
 * <p>Immutable; derive changed copies with {@link #newBuilder()}.
 */
public final class SessionDescription {
  /**
   * Longest SDP accepted, in characters: 64 KiB. A browser offer is about 6 KiB. The HTTP layer
   * should refuse a longer body before decoding it.
   */
  public static final int MAX_LENGTH = 64 * 1024;
  /** Most lines accepted. A browser offer for audio and video has about 150. */
  public static final int MAX_LINES = 4096;
  /** Most m-lines accepted. */
  public static final int MAX_MEDIA = 64;
  /** Most {@code a=candidate} lines accepted, over the whole description. */
  public static final int MAX_CANDIDATES = 256;

  private final Origin origin;
  private final String sessionName;
  private final @Nullable String information;
  private final @Nullable String uri;
  private final List<String> emails;
  private final List<String> phones;
  private final @Nullable Connection connection;
  private final List<Bandwidth> bandwidths;
  private final List<Timing> timings;
  private final @Nullable String timeZones;
  private final @Nullable String encryptionKey;
  private final List<Attribute> attributes;
  private final List<MediaDescription> media;

  private SessionDescription(Builder b) {
    this.origin = Objects.requireNonNull(b.origin, "origin == null");
    this.sessionName = b.sessionName;
    this.information = b.information;
    this.uri = b.uri;
    this.emails = List.copyOf(b.emails);
    this.phones = List.copyOf(b.phones);
    this.connection = b.connection;
    this.bandwidths = List.copyOf(b.bandwidths);
    this.timings = b.timings.isEmpty() ? List.of(Timing.PERMANENT) : List.copyOf(b.timings);
    this.timeZones = b.timeZones;
    this.encryptionKey = b.encryptionKey;
    this.attributes = List.copyOf(b.attributes);
    this.media = List.copyOf(b.media);
  }

  /**
   * Parses SDP text.
   *
   * @throws SdpParseException naming the 1-based line and the problem, for example
   *     {@code line 7: m= line "m=video 9" has 2 fields (expected: at least 4)}
   */
  public static SessionDescription parse(String sdp) {
    return SdpParser.parse(sdp);
  }

  /** Parses SDP text, or returns null if it is malformed or exceeds the limits. */
  public static @Nullable SessionDescription tryParse(String sdp) {
    try {
      return SdpParser.parse(sdp);
    } catch (SdpParseException e) {
      return null;
    }
  }

  /** Returns a builder with the given origin, {@code s=-} and {@code t=0 0}. */
  public static Builder builder(Origin origin) {
    return new Builder().origin(origin);
  }

  /** Returns a builder initialised with this description's lines. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** Returns the {@code o=} line. */
  public Origin origin() {
    return origin;
  }

  /** Returns the {@code s=} line's value ({@code "-"} in WebRTC). */
  public String sessionName() {
    return sessionName;
  }

  /** Returns the {@code i=} line's value, or null. */
  public @Nullable String information() {
    return information;
  }

  /** Returns the {@code u=} line's value, or null. */
  public @Nullable String uri() {
    return uri;
  }

  /** Returns the {@code e=} lines' values. */
  public List<String> emails() {
    return emails;
  }

  /** Returns the {@code p=} lines' values. */
  public List<String> phones() {
    return phones;
  }

  /** Returns the session-level {@code c=} line, or null. */
  public @Nullable Connection connection() {
    return connection;
  }

  /** Returns the session-level {@code b=} lines. */
  public List<Bandwidth> bandwidths() {
    return bandwidths;
  }

  /** Returns the time descriptions (at least one). */
  public List<Timing> timings() {
    return timings;
  }

  /** Returns the {@code z=} line's value, or null. */
  public @Nullable String timeZones() {
    return timeZones;
  }

  /** Returns the session-level {@code k=} line's value (obsolete), or null. */
  public @Nullable String encryptionKey() {
    return encryptionKey;
  }

  /** Returns the session-level {@code a=} lines, in order. */
  public List<Attribute> attributes() {
    return attributes;
  }

  /** Returns the media descriptions, in order. */
  public List<MediaDescription> media() {
    return media;
  }

  /** Returns the media description with {@code a=mid:<mid>}, or null. */
  public @Nullable MediaDescription media(String mid) {
    for (MediaDescription m : media) {
      if (mid.equals(m.mid())) {
        return m;
      }
    }
    return null;
  }

  /** Returns the session-level attributes named {@code name}, in order. */
  public List<Attribute> attributes(String name) {
    return named(attributes, name);
  }

  /** Returns the first session-level attribute named {@code name}, or null. */
  public @Nullable Attribute attribute(String name) {
    return first(attributes, name);
  }

  /** Returns the value of the first session-level attribute named {@code name}, or null. */
  public @Nullable String attributeValue(String name) {
    Attribute a = attribute(name);
    return a == null ? null : a.value();
  }

  /** Returns true if a session-level attribute named {@code name} is present. */
  public boolean hasAttribute(String name) {
    return attribute(name) != null;
  }

  // ---- Typed accessors, session level. ----

  /** Returns the {@code a=group} attributes (RFC 5888 §5). */
  public List<Group> groups() {
    return typed(attributes, Group.NAME, Group::tryParse);
  }

  /** Returns the {@code a=group:BUNDLE} groups (RFC 8843 §7.1). */
  public List<Group> bundleGroups() {
    List<Group> out = new ArrayList<>();
    for (Group g : groups()) {
      if (g.isBundle()) {
        out.add(g);
      }
    }
    return out;
  }

  /** Returns the BUNDLE group that contains {@code mid}, or null. */
  public @Nullable Group bundleGroup(String mid) {
    for (Group g : bundleGroups()) {
      if (g.mids().contains(mid)) {
        return g;
      }
    }
    return null;
  }

  /** Returns true for {@code a=ice-lite} (RFC 8839 §5.3). */
  public boolean isIceLite() {
    return hasAttribute("ice-lite");
  }

  /** Returns true for {@code a=extmap-allow-mixed} (RFC 8285 §6). */
  public boolean isExtmapAllowMixed() {
    return hasAttribute("extmap-allow-mixed");
  }

  /** Returns true for {@code a=rtcp-mux} at session level (libdatachannel writes it there). */
  public boolean isRtcpMux() {
    return hasAttribute("rtcp-mux");
  }

  /** Returns true for {@code a=rtcp-mux-only} (RFC 8858 §3) at session level. */
  public boolean isRtcpMuxOnly() {
    return hasAttribute("rtcp-mux-only");
  }

  /** Returns {@code a=ice-ufrag} at session level, or null. */
  public @Nullable String iceUfrag() {
    return attributeValue("ice-ufrag");
  }

  /** Returns {@code a=ice-pwd} at session level, or null. */
  public @Nullable String icePwd() {
    return attributeValue("ice-pwd");
  }

  /**
   * Returns the {@code a=ice-options} tags (RFC 8839 §5.6) at session level, for example
   * {@code trickle} (RFC 8838) or {@code ice2} (RFC 8445).
   */
  public List<String> iceOptions() {
    return iceOptions(attributes);
  }

  /** Returns the session-level {@code a=fingerprint} attributes. */
  public List<Fingerprint> fingerprints() {
    return typed(attributes, Fingerprint.NAME, Fingerprint::tryParse);
  }

  /** Returns {@code a=setup} at session level, or null. */
  public @Nullable Setup setup() {
    String v = attributeValue(Setup.NAME);
    return v == null ? null : Setup.tryParse(v);
  }

  /** Returns session-level {@code a=candidate} attributes (unusual; they belong to m-lines). */
  public List<Candidate> candidates() {
    return typed(attributes, Candidate.NAME, Candidate::tryParse);
  }

  /** Returns true for {@code a=end-of-candidates} at session level (RFC 8838 §8.2). */
  public boolean isEndOfCandidates() {
    return hasAttribute(Candidate.END_OF_CANDIDATES);
  }

  /** Returns the session-level direction attribute, or null. */
  public @Nullable Direction direction() {
    return direction(attributes);
  }

  /** Returns the session-level {@code a=extmap} attributes (RFC 8285 §8). */
  public List<ExtMap> extMaps() {
    return typed(attributes, ExtMap.NAME, ExtMap::tryParse);
  }

  // ---- Resolved accessors: media level first, then session level. ----

  /** Returns {@code a=ice-ufrag} of {@code m}, else of the session, else null. */
  public @Nullable String iceUfrag(MediaDescription m) {
    String v = m.iceUfrag();
    return v != null ? v : iceUfrag();
  }

  /** Returns {@code a=ice-pwd} of {@code m}, else of the session, else null. */
  public @Nullable String icePwd(MediaDescription m) {
    String v = m.icePwd();
    return v != null ? v : icePwd();
  }

  /** Returns the {@code a=ice-options} of {@code m}, else of the session. */
  public List<String> iceOptions(MediaDescription m) {
    List<String> v = m.iceOptions();
    return !v.isEmpty() ? v : iceOptions();
  }

  /** Returns the fingerprints of {@code m}, else of the session. */
  public List<Fingerprint> fingerprints(MediaDescription m) {
    List<Fingerprint> v = m.fingerprints();
    return !v.isEmpty() ? v : fingerprints();
  }

  /** Returns {@code a=setup} of {@code m}, else of the session, else null. */
  public @Nullable Setup setup(MediaDescription m) {
    Setup v = m.setup();
    return v != null ? v : setup();
  }

  /** Returns the direction of {@code m}, else of the session, else {@link Direction#SENDRECV}. */
  public Direction direction(MediaDescription m) {
    Direction v = m.direction();
    if (v == null) {
      v = direction();
    }
    return v != null ? v : Direction.SENDRECV;
  }

  /** Returns true if {@code m} or the session has {@code a=rtcp-mux}. */
  public boolean isRtcpMux(MediaDescription m) {
    return m.isRtcpMux() || isRtcpMux();
  }

  /** Returns the session-level extmaps followed by those of {@code m} (RFC 8285 §8). */
  public List<ExtMap> extMaps(MediaDescription m) {
    List<ExtMap> out = new ArrayList<>(extMaps());
    out.addAll(m.extMaps());
    return out;
  }

  // ---- Writing. ----

  /** Returns the SDP text with CRLF line endings. */
  public String toSdp() {
    StringBuilder sb = new StringBuilder(1024);
    sb.append("v=0\r\n");
    sb.append("o=").append(origin.toSdp()).append("\r\n");
    sb.append("s=").append(sessionName).append("\r\n");
    line(sb, "i=", information);
    line(sb, "u=", uri);
    for (String e : emails) {
      line(sb, "e=", e);
    }
    for (String p : phones) {
      line(sb, "p=", p);
    }
    if (connection != null) {
      line(sb, "c=", connection.toSdp());
    }
    for (Bandwidth b : bandwidths) {
      line(sb, "b=", b.toSdp());
    }
    for (Timing t : timings) {
      line(sb, "t=", t.toSdp());
      for (String r : t.repeatTimes()) {
        line(sb, "r=", r);
      }
    }
    line(sb, "z=", timeZones);
    line(sb, "k=", encryptionKey);
    for (Attribute a : attributes) {
      line(sb, "a=", a.toSdp());
    }
    for (MediaDescription m : media) {
      m.writeTo(sb);
    }
    return sb.toString();
  }

  /** Returns {@link #toSdp()}. */
  @Override
  public String toString() {
    return toSdp();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SessionDescription s
        && origin.equals(s.origin)
        && sessionName.equals(s.sessionName)
        && Objects.equals(information, s.information)
        && Objects.equals(uri, s.uri)
        && emails.equals(s.emails)
        && phones.equals(s.phones)
        && Objects.equals(connection, s.connection)
        && bandwidths.equals(s.bandwidths)
        && timings.equals(s.timings)
        && Objects.equals(timeZones, s.timeZones)
        && Objects.equals(encryptionKey, s.encryptionKey)
        && attributes.equals(s.attributes)
        && media.equals(s.media);
  }

  @Override
  public int hashCode() {
    return Objects.hash(origin, sessionName, information, uri, emails, phones, connection,
        bandwidths, timings, timeZones, encryptionKey, attributes, media);
  }

  // ---- Helpers shared with MediaDescription. ----

  /** Appends {@code <prefix><value>} and CRLF, or nothing if {@code value} is null. */
  static void line(StringBuilder sb, String prefix, @Nullable String value) {
    if (value != null) {
      sb.append(prefix).append(value).append("\r\n");
    }
  }

  static List<Attribute> named(List<Attribute> attributes, String name) {
    List<Attribute> out = new ArrayList<>();
    for (Attribute a : attributes) {
      if (a.name().equals(name)) {
        out.add(a);
      }
    }
    return out;
  }

  static @Nullable Attribute first(List<Attribute> attributes, String name) {
    for (Attribute a : attributes) {
      if (a.name().equals(name)) {
        return a;
      }
    }
    return null;
  }

  static <T> List<T> typed(List<Attribute> attributes, String name,
      Function<String, @Nullable T> parser) {
    List<T> out = new ArrayList<>();
    for (Attribute a : attributes) {
      String v = a.value();
      if (a.name().equals(name) && v != null) {
        T t = parser.apply(v);
        if (t != null) {
          out.add(t);
        }
      }
    }
    return out;
  }

  static @Nullable Direction direction(List<Attribute> attributes) {
    Direction d = null;
    for (Attribute a : attributes) {
      Direction x = Direction.fromToken(a.name());
      if (x != null) {
        d = x;
      }
    }
    return d;
  }

  /**
   * Splits {@code a=ice-options} values into tags. RFC 8839 §5.6 separates tags with spaces;
   * libdatachannel (OBS) writes {@code ice2,trickle}, so commas separate them too.
   */
  static List<String> iceOptions(List<Attribute> attributes) {
    List<String> out = new ArrayList<>();
    for (Attribute a : named(attributes, "ice-options")) {
      String v = a.value();
      if (v != null) {
        out.addAll(SdpText.splitWords(v.replace(',', ' ')));
      }
    }
    return out;
  }

  /** Builds a {@link SessionDescription}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Origin origin;
    private String sessionName = "-";
    private @Nullable String information;
    private @Nullable String uri;
    private final List<String> emails = new ArrayList<>();
    private final List<String> phones = new ArrayList<>();
    private @Nullable Connection connection;
    private final List<Bandwidth> bandwidths = new ArrayList<>();
    private final List<Timing> timings = new ArrayList<>();
    private @Nullable String timeZones;
    private @Nullable String encryptionKey;
    private final List<Attribute> attributes = new ArrayList<>();
    private final List<MediaDescription> media = new ArrayList<>();

    /** Creates an empty builder; set an origin before {@link #build()}. */
    public Builder() {}

    Builder(SessionDescription s) {
      this.origin = s.origin;
      this.sessionName = s.sessionName;
      this.information = s.information;
      this.uri = s.uri;
      this.emails.addAll(s.emails);
      this.phones.addAll(s.phones);
      this.connection = s.connection;
      this.bandwidths.addAll(s.bandwidths);
      this.timings.addAll(s.timings);
      this.timeZones = s.timeZones;
      this.encryptionKey = s.encryptionKey;
      this.attributes.addAll(s.attributes);
      this.media.addAll(s.media);
    }

    /** Sets the {@code o=} line. */
    public Builder origin(Origin origin) {
      this.origin = origin;
      return this;
    }

    /** Sets the {@code s=} line's value (default {@code "-"}). */
    public Builder sessionName(String sessionName) {
      this.sessionName = SdpText.requireLineText(sessionName, "session name");
      return this;
    }

    /** Sets the {@code i=} line, or null for none. */
    public Builder information(@Nullable String information) {
      this.information = text(information, "information");
      return this;
    }

    /** Sets the {@code u=} line, or null for none. */
    public Builder uri(@Nullable String uri) {
      this.uri = text(uri, "uri");
      return this;
    }

    /** Appends an {@code e=} line. */
    public Builder addEmail(String email) {
      emails.add(SdpText.requireLineText(email, "email"));
      return this;
    }

    /** Appends a {@code p=} line. */
    public Builder addPhone(String phone) {
      phones.add(SdpText.requireLineText(phone, "phone"));
      return this;
    }

    /** Sets the session-level {@code c=} line, or null for none. */
    public Builder connection(@Nullable Connection connection) {
      this.connection = connection;
      return this;
    }

    /** Appends a session-level {@code b=} line. */
    public Builder addBandwidth(Bandwidth bandwidth) {
      bandwidths.add(bandwidth);
      return this;
    }

    /** Appends a time description; with none, {@link #build()} uses {@code t=0 0}. */
    public Builder addTiming(Timing timing) {
      timings.add(timing);
      return this;
    }

    /** Sets the {@code z=} line, or null for none. */
    public Builder timeZones(@Nullable String timeZones) {
      this.timeZones = text(timeZones, "time zones");
      return this;
    }

    /** Sets the session-level {@code k=} line, or null for none. */
    public Builder encryptionKey(@Nullable String encryptionKey) {
      this.encryptionKey = text(encryptionKey, "key");
      return this;
    }

    /** Appends a session-level attribute. */
    public Builder addAttribute(Attribute attribute) {
      attributes.add(attribute);
      return this;
    }

    /** Appends {@code a=<name>} at session level. */
    public Builder addAttribute(String name) {
      return addAttribute(Attribute.of(name));
    }

    /** Appends {@code a=<name>:<value>} at session level. */
    public Builder addAttribute(String name, String value) {
      return addAttribute(Attribute.of(name, value));
    }

    /** Removes every session-level attribute named {@code name}. */
    public Builder removeAttributes(String name) {
      attributes.removeIf(a -> a.name().equals(name));
      return this;
    }

    /** Replaces the session-level attributes. */
    public Builder attributes(List<Attribute> attributes) {
      this.attributes.clear();
      this.attributes.addAll(attributes);
      return this;
    }

    /** Appends a media description. */
    public Builder addMedia(MediaDescription media) {
      this.media.add(media);
      return this;
    }

    /** Replaces the media description at {@code index}. */
    public Builder setMedia(int index, MediaDescription media) {
      this.media.set(index, media);
      return this;
    }

    /** Replaces the media descriptions. */
    public Builder media(List<MediaDescription> media) {
      this.media.clear();
      this.media.addAll(media);
      return this;
    }

    /**
     * Returns the description.
     *
     * @throws NullPointerException if no origin was set
     */
    public SessionDescription build() {
      return new SessionDescription(this);
    }

    private static @Nullable String text(@Nullable String s, String what) {
      return s == null ? null : SdpText.requireLineText(s, what);
    }
  }
}
