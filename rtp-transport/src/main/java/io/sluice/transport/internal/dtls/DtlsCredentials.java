package io.sluice.transport.internal.dtls;

import io.sluice.transport.dtls.DtlsCertificate;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.util.Vector;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A {@link DtlsCertificate} converted once into BouncyCastle's lightweight form: the private key
 * as an {@link AsymmetricKeyParameter} and the certificate chain as a TLS {@link Certificate}.
 * Immutable and shared by every handshake of a {@link DtlsContext}.
 */
final class DtlsCredentials {
  private final BcTlsCrypto crypto;
  private final AsymmetricKeyParameter privateKey;
  private final Certificate certificate;

  DtlsCredentials(BcTlsCrypto crypto, DtlsCertificate dtlsCertificate) {
    this.crypto = crypto;
    try {
      this.privateKey = PrivateKeyFactory.createKey(dtlsCertificate.privateKey().getEncoded());
      TlsCertificate tlsCertificate = crypto.createCertificate(dtlsCertificate.certificate().getEncoded());
      this.certificate = new Certificate(new TlsCertificate[] {tlsCertificate});
    } catch (IOException | CertificateEncodingException e) {
      throw new IllegalArgumentException("DTLS certificate cannot be converted for BouncyCastle", e);
    }
  }

  /**
   * An ECDSA signer for one handshake, hashing with the best algorithm among {@code peerSigAlgs}
   * (the peer's signature_algorithms, or the CertificateRequest's list; null means the TLS 1.2
   * default, SHA-1).
   */
  @SuppressWarnings("rawtypes")
  TlsCredentialedSigner signer(TlsContext context, Vector peerSigAlgs) throws IOException {
    SignatureAndHashAlgorithm algorithm =
        TlsUtils.chooseSignatureAndHashAlgorithm(context, peerSigAlgs, SignatureAlgorithm.ecdsa);
    if (algorithm == null) {
      throw new TlsFatalAlert(AlertDescription.handshake_failure, "peer accepts no ECDSA signature algorithm");
    }
    return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, privateKey, certificate,
        algorithm);
  }
}
