package io.sluice.transport.dtls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate a node presents in every DTLS-SRTP handshake (RFC 5763 §5), with its private
 * key. WebRTC certificates are self-signed: peers authenticate them only through the
 * {@code a=fingerprint} exchanged in SDP ({@link #fingerprint()}), never through a CA.
 *
 * <p>{@link #generate()} creates the default: an ECDSA P-256 key, a self-signed certificate with
 * {@code CN=sluice}, a random 127-bit serial, valid from one day in the past (clock skew) for
 * {@link #DEFAULT_VALIDITY}. An application that wants its own certificate (a longer-lived one, or
 * one it pins elsewhere) passes it to {@link #of}. Generate a new certificate, and re-advertise
 * its fingerprint, before {@link #notAfter()}; peers reject expired ones.
 *
 * <p>Keys use the JDK's providers (SunEC): no provider is installed globally. Immutable and
 * thread-safe.
 */
public final class DtlsCertificate {
  /** Validity of a generated certificate: 30 days, like browsers' own DTLS certificates. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);
  /** Subject and issuer common name of a generated certificate. */
  public static final String COMMON_NAME = "sluice";

  private static final Duration BACKDATE = Duration.ofDays(1);
  private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

  private final PrivateKey privateKey;
  private final X509Certificate certificate;
  private final DtlsFingerprint fingerprint;

  private DtlsCertificate(PrivateKey privateKey, X509Certificate certificate) {
    this.privateKey = privateKey;
    this.certificate = certificate;
    this.fingerprint = DtlsFingerprint.ofCertificate(certificate);
  }

  /** Generates an ECDSA P-256 self-signed certificate valid for {@link #DEFAULT_VALIDITY}. */
  public static DtlsCertificate generate() {
    return generate(DEFAULT_VALIDITY);
  }

  /** Generates an ECDSA P-256 self-signed certificate valid for {@code validity} from now. */
  public static DtlsCertificate generate(Duration validity) {
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("DTLS certificate validity: " + validity + " (expected: positive)");
    }
    try {
      SecureRandom random = new SecureRandom();
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair keyPair = generator.generateKeyPair();

      Instant now = Instant.now();
      X500Name name = new X500Name("CN=" + COMMON_NAME);
      // RFC 5280 §4.1.2.2: positive, at most 20 octets; 127 random bits with the top one set.
      BigInteger serial = new BigInteger(126, random).setBit(126);
      var builder = new JcaX509v3CertificateBuilder(name, serial, Date.from(now.minus(BACKDATE)),
          Date.from(now.plus(validity)), name, keyPair.getPublic());
      var signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(keyPair.getPrivate());
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
      return new DtlsCertificate(keyPair.getPrivate(), certificate);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("Cannot generate an ECDSA P-256 certificate", e);
    }
  }

  /**
   * Uses an existing ECDSA key and certificate, for example loaded from a key store.
   *
   * @throws IllegalArgumentException if the key is not an EC key with a PKCS#8 encoding (keys held
   *     in a token cannot be used), or does not belong to the certificate's public key
   */
  public static DtlsCertificate of(PrivateKey privateKey, X509Certificate certificate) {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(certificate, "certificate");
    if (!"EC".equals(privateKey.getAlgorithm()) || !"EC".equals(certificate.getPublicKey().getAlgorithm())) {
      throw new IllegalArgumentException("DTLS certificate: " + privateKey.getAlgorithm() + " key, "
          + certificate.getPublicKey().getAlgorithm() + " certificate (expected: EC and EC)");
    }
    if (privateKey.getEncoded() == null) {
      throw new IllegalArgumentException("DTLS certificate: the private key has no PKCS#8 encoding (expected: a software key)");
    }
    if (!belongTogether(privateKey, certificate)) {
      throw new IllegalArgumentException("DTLS certificate: the private key does not match the certificate's public key");
    }
    return new DtlsCertificate(privateKey, certificate);
  }

  private static boolean belongTogether(PrivateKey privateKey, X509Certificate certificate) {
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature sign = Signature.getInstance(SIGNATURE_ALGORITHM);
      sign.initSign(privateKey);
      sign.update(challenge);
      byte[] signature = sign.sign();
      Signature verify = Signature.getInstance(SIGNATURE_ALGORITHM);
      verify.initVerify(certificate.getPublicKey());
      verify.update(challenge);
      return verify.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The private key, which signs the handshake. */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /** The SHA-256 fingerprint to advertise in SDP. */
  public DtlsFingerprint fingerprint() {
    return fingerprint;
  }

  /** The {@code a=fingerprint} value: {@code sha-256 AB:CD:...}. */
  public String sdpFingerprint() {
    return fingerprint.toSdp();
  }

  /** The end of the certificate's validity. */
  public Instant notAfter() {
    return certificate.getNotAfter().toInstant();
  }

  @Override
  public String toString() {
    return "DtlsCertificate[" + certificate.getSubjectX500Principal().getName() + ", " + fingerprint.toSdp()
        + ", notAfter=" + notAfter() + "]";
  }
}
