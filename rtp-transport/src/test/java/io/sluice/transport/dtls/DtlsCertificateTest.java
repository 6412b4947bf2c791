package io.sluice.transport.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DtlsCertificateTest {

  @Test
  void generatesASelfSignedEcdsaP256Certificate() throws Exception {
    DtlsCertificate c = DtlsCertificate.generate();
    X509Certificate x509 = c.certificate();

    assertThat(x509.getSubjectX500Principal().getName()).isEqualTo("CN=sluice");
    assertThat(x509.getIssuerX500Principal()).isEqualTo(x509.getSubjectX500Principal());
    x509.verify(x509.getPublicKey()); // self-signed
    assertThat(x509.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(((ECPublicKey) x509.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
    assertThat(x509.getSerialNumber().signum()).isPositive();
    assertThat(x509.getSerialNumber().bitLength()).isEqualTo(127);

    Instant notAfter = c.notAfter();
    assertThat(Duration.between(Instant.now(), notAfter)).isBetween(Duration.ofDays(29), Duration.ofDays(30));
    assertThat(x509.getNotBefore().toInstant()).isBefore(Instant.now().minus(Duration.ofHours(23)));
    x509.checkValidity();
  }

  @Test
  void fingerprintIsTheSha256OfTheDerCertificate() throws Exception {
    DtlsCertificate c = DtlsCertificate.generate();
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(c.certificate().getEncoded());

    assertThat(c.fingerprint().digest()).isEqualTo(expected);
    assertThat(c.sdpFingerprint()).matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}");
    assertThat(DtlsFingerprint.parse(c.sdpFingerprint()).matches(c.certificate().getEncoded())).isTrue();
  }

  @Test
  void eachGenerationIsANewIdentity() {
    DtlsCertificate a = DtlsCertificate.generate();
    DtlsCertificate b = DtlsCertificate.generate();
    assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint());
    assertThat(a.certificate().getSerialNumber()).isNotEqualTo(b.certificate().getSerialNumber());
  }

  @Test
  void acceptsAnApplicationKeyAndCertificate() {
    DtlsCertificate generated = DtlsCertificate.generate(Duration.ofDays(365));
    DtlsCertificate c = DtlsCertificate.of(generated.privateKey(), generated.certificate());
    assertThat(c.fingerprint()).isEqualTo(generated.fingerprint());
    assertThat(Duration.between(Instant.now(), c.notAfter())).isGreaterThan(Duration.ofDays(364));
  }

  @Test
  void rejectsAKeyThatDoesNotMatchTheCertificate() {
    DtlsCertificate a = DtlsCertificate.generate();
    DtlsCertificate b = DtlsCertificate.generate();
    assertThatThrownBy(() -> DtlsCertificate.of(a.privateKey(), b.certificate()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DTLS certificate: the private key does not match the certificate's public key");
  }

  @Test
  void rejectsANonEcKey() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    DtlsCertificate ec = DtlsCertificate.generate();
    assertThatThrownBy(() -> DtlsCertificate.of(rsa.generateKeyPair().getPrivate(), ec.certificate()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DTLS certificate: RSA key, EC certificate (expected: EC and EC)");
  }

  @Test
  void rejectsANonPositiveValidity() {
    assertThatThrownBy(() -> DtlsCertificate.generate(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DTLS certificate validity: PT0S (expected: positive)");
  }
}
