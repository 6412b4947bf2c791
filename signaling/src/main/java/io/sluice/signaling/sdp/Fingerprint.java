package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.SdpText;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The {@code a=fingerprint:<hash function> <fingerprint>} attribute (RFC 8122 §5): the hash of the
 * certificate a peer will present in the DTLS handshake (RFC 5763 §5), for example
 * {@code a=fingerprint:sha-256 DA:7B:57:...:02}.
 *
 * <pre>
 * fingerprint-attribute  =  "fingerprint" ":" hash-func SP fingerprint
 * fingerprint            =  2UHEX *(":" 2UHEX)
 * </pre>
 *
 * <p>The hash function is kept in lower case and the fingerprint in upper case with colons, so two
 * values compare equal however the peer wrote them.
 *
 * @param hashFunction the hash function's name from the IANA registry, for example
 *     {@code "sha-256"}
 * @param fingerprint the digest as upper-case hex pairs separated by colons
 */
public record Fingerprint(String hashFunction, String fingerprint) {
  /** The attribute name, {@code "fingerprint"}. */
  public static final String NAME = "fingerprint";
  /** The hash functions a WebRTC DTLS stack verifies (RFC 8122 §5). */
  public static final List<String> SUPPORTED_HASH_FUNCTIONS =
      List.of("sha-256", "sha-384", "sha-512", "sha-224", "sha-1");

  /** Longest digest accepted: SHA-512, 64 bytes. */
  private static final int MAX_BYTES = 64;
  private static final String EXPECTED = "\"<hash function> XX:XX:...\" with hex pairs";

  /** Normalises case and validates the hex pairs. */
  public Fingerprint {
    SdpText.requireToken(hashFunction, "hash function");
    hashFunction = hashFunction.toLowerCase(Locale.ROOT);
    fingerprint = fingerprint.toUpperCase(Locale.ROOT);
    if (!isHexPairs(fingerprint)) {
      throw new IllegalArgumentException("fingerprint is not 1..64 colon-separated hex pairs: "
          + SdpText.quote(fingerprint));
    }
  }

  /** Returns the fingerprint of {@code digest} under {@code hashFunction}. */
  public static Fingerprint of(String hashFunction, byte[] digest) {
    return new Fingerprint(hashFunction, HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest));
  }

  /**
   * Returns a SHA-256 fingerprint from hex, with or without colons ({@code "DA:7B:..."} or
   * {@code "da7b..."}).
   *
   * @throws IllegalArgumentException if it is not 32 bytes of hex
   */
  public static Fingerprint sha256(String hex) {
    String plain = hex.replace(":", "");
    if (plain.length() != 64) {
      throw new IllegalArgumentException("SHA-256 fingerprint is " + plain.length() / 2.0
          + " bytes (expected: 32): " + SdpText.quote(hex));
    }
    return of("sha-256", HexFormat.of().parseHex(plain));
  }

  /** Returns the digest bytes (a new array). */
  public byte[] bytes() {
    return HexFormat.ofDelimiter(":").parseHex(fingerprint);
  }

  /** Returns true if the hash function is one of {@link #SUPPORTED_HASH_FUNCTIONS}. */
  public boolean isSupportedHash() {
    return SUPPORTED_HASH_FUNCTIONS.contains(hashFunction);
  }

  /** Returns the attribute value, for example {@code "sha-256 DA:7B:..."}. */
  public String toValue() {
    return hashFunction + " " + fingerprint;
  }

  /** Returns {@code a=fingerprint:<value>}. */
  public Attribute toAttribute() {
    return Attribute.of(NAME, toValue());
  }

  /** Parses an {@code a=fingerprint} value, or returns null if it is malformed. */
  public static @Nullable Fingerprint tryParse(String value) {
    try {
      return parse(value);
    } catch (SdpParseException e) {
      return null;
    }
  }

  /**
   * Parses an {@code a=fingerprint} value. Hex digits may be in either case.
   *
   * @throws SdpParseException naming the malformed part
   */
  public static Fingerprint parse(String value) {
    List<String> w = SdpText.splitWords(value);
    if (w.size() != 2) {
      throw SdpText.malformed(NAME, value, "has " + w.size() + " words", EXPECTED);
    }
    if (!SdpText.isToken(w.get(0))) {
      throw SdpText.malformed(NAME, value, "has hash function " + SdpText.quote(w.get(0)),
          "a token such as sha-256");
    }
    if (!isHexPairs(w.get(1))) {
      throw SdpText.malformed(NAME, value, "has a fingerprint that is not 1..64 hex pairs",
          EXPECTED);
    }
    return new Fingerprint(w.get(0), w.get(1));
  }

  private static boolean isHexPairs(String s) {
    int n = s.length();
    if (n < 2 || (n + 1) % 3 != 0 || (n + 1) / 3 > MAX_BYTES) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean ok = i % 3 == 2 ? c == ':' : Character.digit(c, 16) >= 0 && c < 0x80;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
