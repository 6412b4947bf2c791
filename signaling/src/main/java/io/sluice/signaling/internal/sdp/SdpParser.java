package io.sluice.signaling.internal.sdp;

import io.sluice.signaling.sdp.Attribute;
import io.sluice.signaling.sdp.Bandwidth;
import io.sluice.signaling.sdp.Candidate;
import io.sluice.signaling.sdp.Connection;
import io.sluice.signaling.sdp.ExtMap;
import io.sluice.signaling.sdp.Fingerprint;
import io.sluice.signaling.sdp.Fmtp;
import io.sluice.signaling.sdp.Group;
import io.sluice.signaling.sdp.MediaDescription;
import io.sluice.signaling.sdp.Msid;
import io.sluice.signaling.sdp.Origin;
import io.sluice.signaling.sdp.Rid;
import io.sluice.signaling.sdp.RtcpFeedback;
import io.sluice.signaling.sdp.RtpMap;
import io.sluice.signaling.sdp.SdpParseException;
import io.sluice.signaling.sdp.SessionDescription;
import io.sluice.signaling.sdp.Setup;
import io.sluice.signaling.sdp.Simulcast;
import io.sluice.signaling.sdp.Ssrc;
import io.sluice.signaling.sdp.SsrcGroup;
import io.sluice.signaling.sdp.Timing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The SDP line parser behind {@link SessionDescription#parse}, after the RFC 8866 §9 grammar
 * (abridged):
 *
 * <pre>
 * session-description = version-field origin-field session-name-field
 *                       [information-field] [uri-field] *email-field *phone-field
 *                       [connection-field] *bandwidth-field 1*time-description
 *                       [key-field] *attribute-field *media-description
 * time-description    = time-field [repeat-description]
 * media-description   = media-field [information-field] *connection-field
 *                       *bandwidth-field [key-field] *attribute-field
 * media-field         = %s"m" "=" media SP port ["/" integer] SP proto 1*(SP fmt) CRLF
 * attribute-field     = %s"a" "=" attribute CRLF
 * attribute           = (attribute-name ":" attribute-value) / attribute-name
 * </pre>
 *
 * <p>It checks the limits first, then reads line by line, enforcing the RFC 8866 §5 order (session
 * {@code v o s i u e p c b t r z k a}, then per media {@code m i c b k a}), and validates each
 * line's fields and the values of the attributes that have typed views before it builds anything,
 * so no half-built object or unchecked exception escapes. Every error names the 1-based line.
 */
public final class SdpParser {
  private static final String SESSION_ORDER = "vosiuepcbtrzkam";
  private static final String MEDIA_ORDER = "micbka";
  private static final String SESSION_SINGLETONS = "vosiuczk";
  private static final String MEDIA_SINGLETONS = "ik";

  /**
   * Value checks for the attributes that have typed views. Each throws {@link SdpParseException}
   * without a line number; the parser adds it.
   */
  private static final Map<String, Consumer<String>> GRAMMAR = Map.ofEntries(
      Map.entry(RtpMap.NAME, RtpMap::parse),
      Map.entry(Fmtp.NAME, Fmtp::parse),
      Map.entry(RtcpFeedback.NAME, RtcpFeedback::parse),
      Map.entry(ExtMap.NAME, ExtMap::parse),
      Map.entry(Candidate.NAME, Candidate::parse),
      Map.entry(Fingerprint.NAME, Fingerprint::parse),
      Map.entry(Setup.NAME, Setup::parse),
      Map.entry(Group.NAME, Group::parse),
      Map.entry(Ssrc.NAME, Ssrc::parse),
      Map.entry(SsrcGroup.NAME, SsrcGroup::parse),
      Map.entry(Msid.NAME, Msid::parse),
      Map.entry(Rid.NAME, Rid::parse),
      Map.entry(Simulcast.NAME, Simulcast::parse),
      Map.entry("mid", v -> token("mid", v)),
      Map.entry("ice-ufrag", v -> iceCredential("ice-ufrag", v)),
      Map.entry("ice-pwd", v -> iceCredential("ice-pwd", v)),
      Map.entry("ice-options", v -> {
        if (SdpText.splitWords(v).isEmpty()) {
          throw SdpText.malformed("ice-options", v, "is empty", "option tags such as trickle");
        }
      }));

  private SdpParser() {}

  /**
   * Parses {@code sdp}.
   *
   * @throws SdpParseException naming the line and the problem
   */
  public static SessionDescription parse(String sdp) {
    if (sdp.length() > SessionDescription.MAX_LENGTH) {
      throw new SdpParseException("SDP is " + sdp.length() + " characters long (expected: at most "
          + SessionDescription.MAX_LENGTH + ")");
    }
    List<String> lines = split(sdp);
    if (lines.isEmpty()) {
      throw new SdpParseException("SDP is empty (expected: \"v=0\" on line 1)");
    }
    return new SdpParser.Run(lines).run();
  }

  /**
   * Splits on LF, removing one CR before each LF, and drops trailing empty lines. Stops with an
   * error past {@link SessionDescription#MAX_LINES}.
   */
  private static List<String> split(String sdp) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    int n = sdp.length();
    while (start < n) {
      int nl = sdp.indexOf('\n', start);
      int end = nl < 0 ? n : nl;
      int contentEnd = end > start && sdp.charAt(end - 1) == '\r' ? end - 1 : end;
      if (lines.size() == SessionDescription.MAX_LINES) {
        if (sdp.substring(start).isBlank()) {
          break;
        }
        throw new SdpParseException(lines.size() + 1, "SDP has more than "
            + SessionDescription.MAX_LINES + " lines");
      }
      lines.add(sdp.substring(start, contentEnd));
      start = nl < 0 ? n : nl + 1;
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  private static void token(String name, String value) {
    if (!SdpText.isToken(value)) {
      throw SdpText.malformed(name, value, "is not a token", "a token such as 0 or audio");
    }
  }

  private static void iceCredential(String name, String value) {
    // RFC 8839 §5.4 wants 4..256 (ufrag) or 22..256 (pwd) ice-chars. Only the upper bound and
    // the absence of spaces are enforced: shorter values from lenient stacks still work in STUN.
    if (!SdpText.isField(value) || value.length() > 256) {
      throw SdpText.malformed(name, value, "is malformed", "1..256 characters without spaces");
    }
  }

  /** State of one parse. */
  private static final class Run {
    private final List<String> lines;
    private final SessionDescription.Builder session = new SessionDescription.Builder();
    private final List<MediaDescription> media = new ArrayList<>();
    private MediaDescription.@Nullable Builder current;
    private int mediaLine;
    private char prev;
    private int rank = -1;
    private final boolean[] seen = new boolean[26];
    private final boolean[] seenInMedia = new boolean[26];
    private long timingStart = -1;
    private long timingStop = -1;
    private final List<String> repeats = new ArrayList<>();
    private int candidates;

    Run(List<String> lines) {
      this.lines = lines;
    }

    SessionDescription run() {
      for (int i = 0; i < lines.size(); i++) {
        line(i + 1, lines.get(i));
      }
      int last = lines.size();
      if (!seen['o' - 'a']) {
        throw new SdpParseException(last, "SDP ends without an \"o=\" line");
      }
      if (!seen['s' - 'a']) {
        throw new SdpParseException(last, "SDP ends without an \"s=\" line");
      }
      if (!seen['t' - 'a']) {
        throw new SdpParseException(last, "SDP ends without a \"t=\" line");
      }
      flushTiming();
      flushMedia();
      return session.media(media).build();
    }

    private void line(int no, String line) {
      if (line.isEmpty()) {
        throw new SdpParseException(no, "empty line (expected: \"<type>=<value>\")");
      }
      if (line.indexOf('\r') >= 0) {
        throw new SdpParseException(no, "contains a CR that does not end the line");
      }
      if (line.indexOf('\0') >= 0) {
        throw new SdpParseException(no, "contains a NUL character");
      }
      char type = line.charAt(0);
      if (line.length() < 2 || line.charAt(1) != '=' || type < 'a' || type > 'z') {
        throw new SdpParseException(no, SdpText.quote(line)
            + " is not a \"<type>=<value>\" line");
      }
      String value = line.substring(2);
      if (no == 1) {
        if (type != 'v') {
          throw new SdpParseException(no, "expected \"v=0\" (found " + SdpText.quote(line) + ")");
        }
        if (!value.equals("0")) {
          throw new SdpParseException(no, "unsupported version " + SdpText.quote(line)
              + " (expected: \"v=0\")");
        }
      }
      if (SESSION_ORDER.indexOf(type) < 0) {
        throw new SdpParseException(no, "unknown line type \"" + type
            + "=\" (RFC 8866 §5 types: v o s i u e p c b t r z k a m)");
      }
      if (current != null && type != 'm') {
        mediaLevel(no, type, line, value);
      } else {
        sessionLevel(no, type, line, value);
      }
      prev = type;
    }

    private void sessionLevel(int no, char type, String line, String value) {
      int r = SESSION_ORDER.indexOf(type);
      boolean tAfterR = type == 't' && prev == 'r';
      if (r < rank && !tAfterR) {
        throw new SdpParseException(no, "\"" + type + "=\" line after \"" + prev
            + "=\" line (RFC 8866 §5 order: v o s i u e p c b t r z k a m)");
      }
      if (SESSION_SINGLETONS.indexOf(type) >= 0 && seen[type - 'a']) {
        throw new SdpParseException(no, "second \"" + type + "=\" line (expected: at most one)");
      }
      if (type == 'r' && prev != 't' && prev != 'r') {
        throw new SdpParseException(no, "\"r=\" line not after a \"t=\" line");
      }
      requireBefore(no, type, line, 'o');
      requireBefore(no, type, line, 's');
      if (r > SESSION_ORDER.indexOf('r') && !seen['t' - 'a']) {
        throw new SdpParseException(no, "expected a \"t=\" line before " + SdpText.quote(line)
            + " (RFC 8866 §5 requires at least one)");
      }
      rank = r;
      seen[type - 'a'] = true;
      switch (type) {
        case 'v' -> { }
        case 'o' -> session.origin(origin(no, line, value));
        case 's' -> session.sessionName(value);
        case 'i' -> session.information(value);
        case 'u' -> session.uri(value);
        case 'e' -> session.addEmail(value);
        case 'p' -> session.addPhone(value);
        case 'c' -> session.connection(connection(no, line, value));
        case 'b' -> session.addBandwidth(bandwidth(no, line, value));
        case 't' -> {
          flushTiming();
          timing(no, line, value);
        }
        case 'r' -> repeats.add(value);
        case 'z' -> session.timeZones(value);
        case 'k' -> session.encryptionKey(value);
        case 'a' -> session.addAttribute(attribute(no, line, value));
        case 'm' -> {
          flushTiming();
          flushMedia();
          if (media.size() == SessionDescription.MAX_MEDIA) {
            throw new SdpParseException(no, "more than " + SessionDescription.MAX_MEDIA
                + " m= lines");
          }
          current = mediaLine(no, line, value);
          mediaLine = no;
          java.util.Arrays.fill(seenInMedia, false);
        }
        default -> throw new AssertionError(type);
      }
    }

    private void requireBefore(int no, char type, String line, char required) {
      if (SESSION_ORDER.indexOf(type) > SESSION_ORDER.indexOf(required)
          && !seen[required - 'a']) {
        throw new SdpParseException(no, "expected \"" + required + "=\" line (found "
            + SdpText.quote(line) + ")");
      }
    }

    private void mediaLevel(int no, char type, String line, String value) {
      int r = MEDIA_ORDER.indexOf(type);
      if (r < 0) {
        throw new SdpParseException(no, "\"" + type + "=\" line in the media description of line "
            + mediaLine + " (expected there: i= c= b= k= a=)");
      }
      int prevRank = MEDIA_ORDER.indexOf(prev);
      if (r < prevRank) {
        throw new SdpParseException(no, "\"" + type + "=\" line after \"" + prev
            + "=\" line in a media description (RFC 8866 §5 order: m i c b k a)");
      }
      if (MEDIA_SINGLETONS.indexOf(type) >= 0 && seenInMedia[type - 'a']) {
        throw new SdpParseException(no, "second \"" + type
            + "=\" line in a media description (expected: at most one)");
      }
      seenInMedia[type - 'a'] = true;
      MediaDescription.Builder m = current;
      switch (type) {
        case 'i' -> m.title(value);
        case 'c' -> m.addConnection(connection(no, line, value));
        case 'b' -> m.addBandwidth(bandwidth(no, line, value));
        case 'k' -> m.encryptionKey(value);
        case 'a' -> m.addAttribute(attribute(no, line, value));
        default -> throw new AssertionError(type);
      }
    }

    private void flushTiming() {
      if (timingStart >= 0) {
        session.addTiming(new Timing(timingStart, timingStop, repeats));
        timingStart = -1;
        repeats.clear();
      }
    }

    private void flushMedia() {
      if (current != null) {
        media.add(current.build());
        current = null;
      }
    }

    private Origin origin(int no, String line, String value) {
      List<String> f = fields(no, line, value, 6, 6, "6");
      return new Origin(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5));
    }

    private Connection connection(int no, String line, String value) {
      List<String> f = fields(no, line, value, 3, 3, "3");
      return new Connection(f.get(0), f.get(1), f.get(2));
    }

    private Bandwidth bandwidth(int no, String line, String value) {
      int colon = value.indexOf(':');
      String type = colon < 0 ? "" : value.substring(0, colon);
      long bw = colon < 0 ? -1 : SdpText.parseDecimal(value.substring(colon + 1), Long.MAX_VALUE);
      if (!SdpText.isToken(type) || bw < 0) {
        throw new SdpParseException(no, "b= line " + SdpText.quote(line)
            + " is malformed (expected: \"b=<type>:<bandwidth>\")");
      }
      return new Bandwidth(type, bw);
    }

    private void timing(int no, String line, String value) {
      List<String> f = fields(no, line, value, 2, 2, "2");
      long start = SdpText.parseDecimal(f.get(0), Long.MAX_VALUE);
      long stop = SdpText.parseDecimal(f.get(1), Long.MAX_VALUE);
      if (start < 0 || stop < 0) {
        throw new SdpParseException(no, "t= line " + SdpText.quote(line)
            + " has a time that is not a decimal number (expected: \"t=<start> <stop>\")");
      }
      timingStart = start;
      timingStop = stop;
    }

    private MediaDescription.Builder mediaLine(int no, String line, String value) {
      List<String> f = fields(no, line, value, 4, Integer.MAX_VALUE, "at least 4");
      String portText = f.get(1);
      int slash = portText.indexOf('/');
      int port = SdpText.parseInt(slash < 0 ? portText : portText.substring(0, slash), 65535);
      int count = slash < 0 ? 0 : SdpText.parseInt(portText.substring(slash + 1), 65535);
      if (port < 0 || count < 0 || (slash >= 0 && count == 0)) {
        throw new SdpParseException(no, "m= line " + SdpText.quote(line) + " has port "
            + SdpText.quote(portText) + " (expected: 0..65535, optionally /<number of ports>)");
      }
      MediaDescription.Builder b = MediaDescription.builder(f.get(0), port, f.get(2))
          .portCount(count);
      for (int i = 3; i < f.size(); i++) {
        b.addFormat(f.get(i));
      }
      return b;
    }

    private Attribute attribute(int no, String line, String value) {
      int colon = value.indexOf(':');
      String name = colon < 0 ? value : value.substring(0, colon);
      String v = colon < 0 ? null : value.substring(colon + 1);
      if (!SdpText.isToken(name)) {
        throw new SdpParseException(no, "a= line " + SdpText.quote(line) + " has attribute name "
            + SdpText.quote(name) + " (expected: a token)");
      }
      Consumer<String> grammar = GRAMMAR.get(name);
      if (grammar != null) {
        if (v == null) {
          throw new SdpParseException(no, "a=" + name + " has no value (expected: a=" + name
              + ":<value>)");
        }
        try {
          grammar.accept(v);
        } catch (SdpParseException e) {
          throw new SdpParseException(no, e.problem());
        }
      }
      if (name.equals(Candidate.NAME) && ++candidates > SessionDescription.MAX_CANDIDATES) {
        throw new SdpParseException(no, "more than " + SessionDescription.MAX_CANDIDATES
            + " a=candidate lines");
      }
      return new Attribute(name, v);
    }

    /** Splits on single spaces and checks the field count and that no field is empty. */
    private static List<String> fields(int no, String line, String value, int min, int max,
        String expected) {
      List<String> f = SdpText.splitFields(value);
      char type = line.charAt(0);
      if (f.size() < min || f.size() > max) {
        throw new SdpParseException(no, type + "= line " + SdpText.quote(line) + " has "
            + f.size() + (f.size() == 1 ? " field" : " fields") + " (expected: " + expected + ")");
      }
      for (String s : f) {
        if (s.isEmpty()) {
          throw new SdpParseException(no, type + "= line " + SdpText.quote(line)
              + " has an empty field (expected: " + expected
              + " fields separated by single spaces)");
        }
      }
      return f;
    }
  }
}
