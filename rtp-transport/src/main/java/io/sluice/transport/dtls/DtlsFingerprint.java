package io.sluice.transport.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * RFC 8122 §5 certificate fingerprint, the value of an SDP {@code a=fingerprint} attribute: a hash
 * function name and the hash of the DER-encoded certificate.
 *
 * <pre>
 * fingerprint-attribute  =  "fingerprint" ":" hash-func SP fingerprint
 * hash-func              =  "sha-1" / "sha-224" / "sha-256" / "sha-384" / "sha-512" / ...
 * fingerprint            =  2UHEX *(":" 2UHEX)
 * </pre>
 *
 * <p>Parsing is lenient where interop needs it: hash names and hex digits in either case (ABNF
 * literals are case-insensitive, and some endpoints send lower-case hex), an optional
 * {@code a=fingerprint:} prefix, and any run of spaces or tabs around the value. It is strict
 * where security needs it: the digest must have exactly the hash function's length. {@link #toSdp}
 * prints upper-case hex, as RFC 8122 requires. MD5 and MD2, which RFC 8122's grammar keeps only for
 * backward compatibility, are rejected.
 *
 * <p>Immutable. Two fingerprints are equal when the hash function and the digest are equal.
 */
public final class DtlsFingerprint {

  /** The hash functions of RFC 8122's hash-func rule that Sluice accepts. */
  public enum HashFunction {
    /** SHA-1, 20 bytes. Accepted from peers; never generated. */
    SHA_1("sha-1", "SHA-1", 20),
    /** SHA-224, 28 bytes. */
    SHA_224("sha-224", "SHA-224", 28),
    /** SHA-256, 32 bytes: what WebRTC endpoints, and Sluice, send. */
    SHA_256("sha-256", "SHA-256", 32),
    /** SHA-384, 48 bytes. */
    SHA_384("sha-384", "SHA-384", 48),
    /** SHA-512, 64 bytes. */
    SHA_512("sha-512", "SHA-512", 64);

    private final String sdpName;
    private final String jcaName;
    private final int digestLength;

    HashFunction(String sdpName, String jcaName, int digestLength) {
      this.sdpName = sdpName;
      this.jcaName = jcaName;
      this.digestLength = digestLength;
    }

    /** The name in SDP, such as {@code sha-256}. */
    public String sdpName() {
      return sdpName;
    }

    /** Digest length in bytes. */
    public int digestLength() {
      return digestLength;
    }

    /** Returns the function named {@code name} in SDP (any case), or null. */
    public static @Nullable HashFunction forSdpName(String name) {
      for (HashFunction f : values()) {
        if (f.sdpName.equalsIgnoreCase(name)) {
          return f;
        }
      }
      return null;
    }

    byte[] digest(byte[] data) {
      try {
        return MessageDigest.getInstance(jcaName).digest(data);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(jcaName + " is a mandatory JDK algorithm", e);
      }
    }
  }

  private static final String ATTRIBUTE_PREFIX = "a=fingerprint:";
  private static final String NAME_PREFIX = "fingerprint:";

  private final HashFunction hashFunction;
  private final byte[] digest;

  private DtlsFingerprint(HashFunction hashFunction, byte[] digest) {
    this.hashFunction = hashFunction;
    this.digest = digest;
  }

  /**
   * Creates a fingerprint from a hash function and a digest.
   *
   * @throws IllegalArgumentException if the digest length does not match the hash function
   */
  public static DtlsFingerprint of(HashFunction hashFunction, byte[] digest) {
    if (digest.length != hashFunction.digestLength()) {
      throw new IllegalArgumentException("DTLS fingerprint: " + digest.length + " bytes for "
          + hashFunction.sdpName() + " (expected: " + hashFunction.digestLength() + " bytes)");
    }
    return new DtlsFingerprint(hashFunction, digest.clone());
  }

  /** Hashes a DER-encoded certificate with {@code hashFunction}. */
  public static DtlsFingerprint ofCertificate(HashFunction hashFunction, byte[] derCertificate) {
    return new DtlsFingerprint(hashFunction, hashFunction.digest(derCertificate));
  }

  /** The SHA-256 fingerprint of {@code certificate}. */
  public static DtlsFingerprint ofCertificate(X509Certificate certificate) {
    try {
      return ofCertificate(HashFunction.SHA_256, certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("DTLS fingerprint: certificate cannot be encoded", e);
    }
  }

  /**
   * Parses an SDP fingerprint such as {@code sha-256 AB:CD:...}, for signaling code that reports
   * the exact problem.
   *
   * @throws IllegalArgumentException with a message naming what was found and what was expected
   */
  public static DtlsFingerprint parse(String sdpValue) {
    Object result = parseOrError(sdpValue);
    if (result instanceof DtlsFingerprint f) {
      return f;
    }
    throw new IllegalArgumentException((String) result);
  }

  /** Parses an SDP fingerprint, returning null if it is malformed or uses an unsupported hash. */
  public static @Nullable DtlsFingerprint tryParse(String sdpValue) {
    return parseOrError(sdpValue) instanceof DtlsFingerprint f ? f : null;
  }

  /** Returns a {@link DtlsFingerprint}, or the error message. */
  private static Object parseOrError(String sdpValue) {
    String s = sdpValue.strip();
    if (s.regionMatches(true, 0, ATTRIBUTE_PREFIX, 0, ATTRIBUTE_PREFIX.length())) {
      s = s.substring(ATTRIBUTE_PREFIX.length()).strip();
    } else if (s.regionMatches(true, 0, NAME_PREFIX, 0, NAME_PREFIX.length())) {
      s = s.substring(NAME_PREFIX.length()).strip();
    }
    int space = indexOfBlank(s);
    if (space < 0) {
      return "SDP fingerprint: '" + sdpValue + "' (expected: hash-func SP fingerprint, such as 'sha-256 AB:CD:...')";
    }
    String name = s.substring(0, space);
    HashFunction function = HashFunction.forSdpName(name);
    if (function == null) {
      return "SDP fingerprint: unsupported hash function '" + name
          + "' (expected: sha-1, sha-224, sha-256, sha-384 or sha-512)";
    }
    String hex = s.substring(space).strip();
    int n = function.digestLength();
    // n pairs of hex digits and n - 1 colons.
    if (hex.length() != 3 * n - 1) {
      int found = (hex.length() + 1) / 3;
      return "SDP fingerprint: " + found + " bytes for " + function.sdpName() + " (expected: " + n + " bytes)";
    }
    byte[] digest = new byte[n];
    for (int i = 0; i < n; i++) {
      int at = 3 * i;
      if (i > 0 && hex.charAt(at - 1) != ':') {
        return "SDP fingerprint: '" + hex.charAt(at - 1) + "' before byte " + (i + 1) + " (expected: ':')";
      }
      int hi = Character.digit(hex.charAt(at), 16);
      int lo = Character.digit(hex.charAt(at + 1), 16);
      if (hi < 0 || lo < 0) {
        return "SDP fingerprint: '" + hex.substring(at, at + 2) + "' at byte " + (i + 1) + " (expected: two hex digits)";
      }
      digest[i] = (byte) (hi << 4 | lo);
    }
    return new DtlsFingerprint(function, digest);
  }

  private static int indexOfBlank(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
        return i;
      }
    }
    return -1;
  }

  /** The hash function. */
  public HashFunction hashFunction() {
    return hashFunction;
  }

  /** The digest (a copy). */
  public byte[] digest() {
    return digest.clone();
  }

  /**
   * Whether {@code derCertificate} hashes, with this fingerprint's function, to this digest. The
   * comparison takes constant time.
   */
  public boolean matches(byte[] derCertificate) {
    return MessageDigest.isEqual(digest, hashFunction.digest(derCertificate));
  }

  /** The SDP form: hash function name, a space, upper-case hex pairs joined by colons. */
  public String toSdp() {
    StringBuilder sb = new StringBuilder(hashFunction.sdpName().length() + 1 + 3 * digest.length);
    sb.append(hashFunction.sdpName()).append(' ');
    for (int i = 0; i < digest.length; i++) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(String.format(Locale.ROOT, "%02X", digest[i] & 0xFF));
    }
    return sb.toString();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof DtlsFingerprint other
        && hashFunction == other.hashFunction
        && MessageDigest.isEqual(digest, other.digest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(hashFunction, Arrays.hashCode(digest));
  }

  /** Same as {@link #toSdp}. */
  @Override
  public String toString() {
    return toSdp();
  }
}
