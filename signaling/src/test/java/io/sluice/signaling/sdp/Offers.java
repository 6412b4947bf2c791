package io.sluice.signaling.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small hand-made offers for rule-by-rule tests. */
final class Offers {
  static final String FINGERPRINT = "sha-256 4F:12:A9:0B:6C:E3:77:D8:21:5A:9E:0C:B4:33:F6:1D:8A:C5"
      + ":72:E0:19:4B:D7:66:03:AE:58:F1:2C:9D:B0:E7";
  static final String SESSION = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
  static final String TRANSPORT = "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n"
      + "a=fingerprint:" + FINGERPRINT + "\r\na=setup:actpass\r\n";

  private static final Pattern RTPMAP = Pattern.compile("a=rtpmap:(\\d+) ");

  private Offers() {}

  /**
   * Returns an m-line of {@code kind} with mid {@code mid}, direction, the offerer transport,
   * rtcp-mux and {@code lines} (whose rtpmap payload types make up the format list).
   */
  static String media(String kind, String mid, String direction, String... lines) {
    String body = String.join("\r\n", lines) + (lines.length > 0 ? "\r\n" : "");
    List<String> pts = new ArrayList<>();
    Matcher m = RTPMAP.matcher(body);
    while (m.find()) {
      pts.add(m.group(1));
    }
    if (pts.isEmpty()) {
      pts.add("0");
    }
    return "m=" + kind + " 9 UDP/TLS/RTP/SAVPF " + String.join(" ", pts) + "\r\n"
        + "c=IN IP4 0.0.0.0\r\n" + TRANSPORT + "a=mid:" + mid + "\r\na=" + direction + "\r\n"
        + "a=rtcp-mux\r\n" + body;
  }

  static String audio(String mid, String direction) {
    return media("audio", mid, direction, "a=rtpmap:111 opus/48000/2",
        "a=fmtp:111 minptime=10;useinbandfec=1", "a=rtcp-fb:111 transport-cc");
  }

  static String video(String mid, String direction, String... lines) {
    return media("video", mid, direction, lines);
  }

  static String vp8(String mid, String direction) {
    return video(mid, direction, "a=rtpmap:96 VP8/90000", "a=rtcp-fb:96 nack",
        "a=rtcp-fb:96 nack pli", "a=rtpmap:97 rtx/90000", "a=fmtp:97 apt=96");
  }

  /** Returns a session with {@code a=group:BUNDLE} over {@code mids} and the given m-lines. */
  static SessionDescription bundled(List<String> mids, String... media) {
    return SessionDescription.parse(
        SESSION + "a=group:BUNDLE " + String.join(" ", mids) + "\r\n" + String.join("", media));
  }

  /** Returns a session with one bundled video m-line (mid 0) holding {@code lines}. */
  static SessionDescription videoOffer(String... lines) {
    return bundled(List.of("0"), video("0", "sendonly", lines));
  }
}
