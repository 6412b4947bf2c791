package io.sluice.signaling.internal.http;

import io.sluice.signaling.http.IceCredentials;
import io.sluice.signaling.sdp.Candidate;
import io.sluice.signaling.sdp.SdpParseException;
import io.sluice.signaling.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An SDP fragment of media type {@code application/trickle-ice-sdpfrag} (RFC 8840 §9, §4.4), the
 * body of WHIP and WHEP PATCH requests (RFC 9725 §4.3) and of an ICE restart's answer.
 *
 * <pre>
 * sdp-fragment = 1*(session-level-attribute-line) *(media-description)   ; RFC 8840 §9
 *
 * a=ice-ufrag:EsAw                        session level: the ICE credentials of the generation
 * a=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1
 * m=audio 9 UDP/TLS/RTP/SAVPF 111        one m= line per bundle group, for its mid
 * a=mid:0
 * a=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0
 * a=end-of-candidates
 * </pre>
 *
 * <p>What is kept: the ICE ufrag and password (at session or media level; they must agree), the
 * candidates (over all m-lines: WHIP and WHEP bundle everything on one transport), whether
 * {@code a=end-of-candidates} was present, and the mids. Other lines are ignored, as RFC 8840
 * §4.4 lets an agent ignore what it does not need. The parser validates every line before it
 * builds the result and bounds what it collects.
 *
 * @param iceUfrag the {@code a=ice-ufrag} value, or null
 * @param icePwd the {@code a=ice-pwd} value, or null
 * @param candidates the {@code a=candidate} lines, in order
 * @param endOfCandidates true if {@code a=end-of-candidates} was present
 * @param mids the {@code a=mid} values, in order
 */
public record TrickleIceSdpFragment(@Nullable String iceUfrag, @Nullable String icePwd,
    List<Candidate> candidates, boolean endOfCandidates, List<String> mids) {

  /** The media type, {@code application/trickle-ice-sdpfrag} (RFC 8840 §9). */
  public static final String MEDIA_TYPE = "application/trickle-ice-sdpfrag";

  /** Most lines accepted; a fragment with all of a browser's candidates has about 20. */
  public static final int MAX_LINES = 1024;

  /** Copies the lists. */
  public TrickleIceSdpFragment {
    candidates = List.copyOf(candidates);
    mids = List.copyOf(mids);
  }

  /** Returns true if the fragment carries both an ICE ufrag and a password. */
  public boolean hasCredentials() {
    return iceUfrag != null && icePwd != null;
  }

  /**
   * Returns the credentials.
   *
   * @throws SdpParseException if they are missing or break the RFC 8839 grammar
   */
  public IceCredentials credentials() {
    if (iceUfrag == null || icePwd == null) {
      throw new SdpParseException("fragment has " + (iceUfrag == null ? "no a=ice-ufrag" : "")
          + (iceUfrag == null && icePwd == null ? " and " : "")
          + (icePwd == null ? "no a=ice-pwd" : "") + " (expected: both for an ICE restart)");
    }
    try {
      return new IceCredentials(iceUfrag, icePwd);
    } catch (IllegalArgumentException e) {
      throw new SdpParseException(e.getMessage());
    }
  }

  /**
   * Parses a fragment. Lines may end in CRLF or LF; blank lines are skipped.
   *
   * @throws SdpParseException naming the 1-based line and the problem
   */
  public static TrickleIceSdpFragment parse(String text) {
    String ufrag = null;
    String pwd = null;
    List<Candidate> candidates = new ArrayList<>();
    List<String> mids = new ArrayList<>();
    boolean endOfCandidates = false;
    String[] lines = text.split("\r?\n", -1);
    if (lines.length > MAX_LINES) {
      throw new SdpParseException("fragment has " + lines.length + " lines (expected: at most "
          + MAX_LINES + ")");
    }
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String line = lines[i];
      if (line.isEmpty()) {
        continue;
      }
      // RFC 8866 §9 byte-string excludes NUL and CR (a CR may only end a line). Checked here for
      // the whole line because the attribute value types reject them only by
      // IllegalArgumentException, which Candidate.parse lets through.
      if (line.indexOf('\0') >= 0) {
        throw new SdpParseException(lineNo, "contains a NUL character");
      }
      if (line.indexOf('\r') >= 0) {
        throw new SdpParseException(lineNo, "contains a CR that does not end the line");
      }
      if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a'
          || line.charAt(0) > 'z') {
        throw new SdpParseException(lineNo, "line " + quote(line)
            + " is not <type>=<value> (expected: a lower-case letter, '=' and a value)");
      }
      if (line.charAt(0) != 'a') {
        continue; // m=, c= and the like carry nothing a trickle or restart needs
      }
      String attr = line.substring(2);
      int colon = attr.indexOf(':');
      String name = colon < 0 ? attr : attr.substring(0, colon);
      String value = colon < 0 ? null : attr.substring(colon + 1);
      switch (name) {
        case "ice-ufrag" -> ufrag = same(ufrag, requireValue(value, lineNo, name), lineNo, name);
        case "ice-pwd" -> pwd = same(pwd, requireValue(value, lineNo, name), lineNo, name);
        case "mid" -> mids.add(requireValue(value, lineNo, name));
        case Candidate.END_OF_CANDIDATES -> endOfCandidates = true;
        case Candidate.NAME -> {
          if (candidates.size() == SessionDescription.MAX_CANDIDATES) {
            throw new SdpParseException(lineNo, "more than " + SessionDescription.MAX_CANDIDATES
                + " candidates");
          }
          try {
            candidates.add(Candidate.parse(requireValue(value, lineNo, name)));
          } catch (SdpParseException e) {
            throw new SdpParseException(lineNo, e.problem());
          }
        }
        default -> { } // a=ice-options, a=group and others: nothing to act on
      }
    }
    return new TrickleIceSdpFragment(ufrag, pwd, candidates, endOfCandidates, mids);
  }

  /**
   * Returns the answer fragment of an ICE restart (RFC 9725 §4.3.2): the node's new credentials
   * at session level, with CRLF line endings. The node's candidates do not change on a restart,
   * so none are repeated.
   */
  public static String restartAnswer(IceCredentials local) {
    return "a=ice-ufrag:" + local.ufrag() + "\r\n" + "a=ice-pwd:" + local.pwd() + "\r\n";
  }

  private static String requireValue(@Nullable String value, int lineNo, String name) {
    if (value == null || value.isBlank()) {
      throw new SdpParseException(lineNo, "a=" + name + " has no value");
    }
    return value.strip();
  }

  private static String same(@Nullable String previous, String value, int lineNo, String name) {
    if (previous != null && !previous.equals(value)) {
      throw new SdpParseException(lineNo, "a=" + name + ":" + quote(value) + " differs from "
          + quote(previous) + " earlier in the fragment (expected: one ICE generation)");
    }
    return value;
  }

  private static String quote(String s) {
    String cut = s.length() > 60 ? s.substring(0, 57) + "..." : s;
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      sb.append(c < ' ' || c == 0x7f ? '?' : c);
    }
    return sb.append('"').toString();
  }
}
