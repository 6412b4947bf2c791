package io.sluice.signaling.http;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A STUN or TURN server that the {@link SignalingServer} tells WHIP and WHEP clients about, in one
 * {@code Link: <url>; rel="ice-server"} header per URL on the {@code 201 Created} response
 * (RFC 9725 §4.6, RFC 8288). With a username and credential, each header also carries
 * {@code username}, {@code credential} and {@code credential-type="password"}:
 *
 * <pre>
 * Link: &lt;stun:stun.example.net&gt;; rel="ice-server"
 * Link: &lt;turn:turn.example.net?transport=udp&gt;; rel="ice-server";
 *       username="user"; credential="myPassword"; credential-type="password"
 * </pre>
 *
 * @param urls the {@code stun:}, {@code stuns:}, {@code turn:} or {@code turns:} URLs (RFC 7064,
 *     RFC 7065), at least one
 * @param username the TURN username, or null
 * @param credential the TURN password, or null
 */
public record IceServer(List<String> urls, @Nullable String username,
    @Nullable String credential) {

  /**
   * Validates the URLs and the quoted-string parameters.
   *
   * @throws IllegalArgumentException if there is no URL, a URL is not a STUN or TURN URL or would
   *     break the {@code Link} header, only one of username and credential is given, or either
   *     contains a quote, backslash or control character
   */
  public IceServer {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("no ICE server URL");
    }
    for (String url : urls) {
      if (!(url.startsWith("stun:") || url.startsWith("stuns:") || url.startsWith("turn:")
          || url.startsWith("turns:"))) {
        throw new IllegalArgumentException("ICE server URL " + url
            + " (expected: stun:, stuns:, turn: or turns:)");
      }
      for (int i = 0; i < url.length(); i++) {
        char c = url.charAt(i);
        if (c <= ' ' || c >= 0x7f || c == '<' || c == '>' || c == '"') {
          throw new IllegalArgumentException("ICE server URL " + url
              + " has a space, control character, quote or angle bracket");
        }
      }
    }
    if ((username == null) != (credential == null)) {
      throw new IllegalArgumentException("username and credential go together");
    }
    checkQuotable(username, "username");
    checkQuotable(credential, "credential");
  }

  /** Returns a STUN server without credentials, for example {@code stun:stun.example.net}. */
  public static IceServer stun(String url) {
    return new IceServer(List.of(url), null, null);
  }

  /** Returns a TURN server with a username and password. */
  public static IceServer turn(String url, String username, String credential) {
    return new IceServer(List.of(url), username, credential);
  }

  /** Returns the {@code Link} header values, one per URL. */
  public List<String> linkHeaderValues() {
    return urls.stream().map(url -> {
      StringBuilder sb = new StringBuilder().append('<').append(url).append(">; rel=\"ice-server\"");
      if (username != null) {
        sb.append("; username=\"").append(username).append("\"; credential=\"")
            .append(credential).append("\"; credential-type=\"password\"");
      }
      return sb.toString();
    }).toList();
  }

  private static void checkQuotable(@Nullable String s, String what) {
    if (s == null) {
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < ' ' || c == 0x7f || c == '"' || c == '\\') {
        throw new IllegalArgumentException(what + " has a quote, backslash or control character");
      }
    }
  }

  /** Returns the server with the credential hidden, for logs. */
  @Override
  public String toString() {
    return "IceServer[urls=" + urls + ", username=" + username + ", credential="
        + (credential == null ? null : "***") + "]";
  }
}
