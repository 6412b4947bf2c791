package io.sluice.signaling.internal.http;

import java.security.SecureRandom;
import java.util.Base64;

/** Random identifiers and the URL-safe id check shared by stream ids, session ids and ETags. */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private Ids() {}

  /** Returns 128 random bits, base64url without padding: 22 characters. */
  public static String random128() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return BASE64URL.encodeToString(b);
  }

  /**
   * Returns true if {@code id} is 1..{@code max} RFC 3986 unreserved characters
   * ({@code A-Z a-z 0-9 - . _ ~}), which need no percent-encoding in a path segment.
   */
  public static boolean isUrlSafe(String id, int max) {
    if (id.isEmpty() || id.length() > max) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
