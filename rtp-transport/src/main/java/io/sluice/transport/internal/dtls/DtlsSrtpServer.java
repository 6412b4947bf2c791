package io.sluice.transport.internal.dtls;

import io.sluice.transport.internal.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.jspecify.annotations.Nullable;

/**
 * The passive side (RFC 5763 §5, {@code a=setup:passive}) of DTLS 1.2 with use_srtp: requires a
 * client certificate and checks it against the SDP fingerprint, picks the SRTP profile, and
 * exports the keys when the handshake completes.
 */
@SuppressWarnings({"rawtypes", "unchecked"}) // BouncyCastle's API uses raw Hashtable and Vector
final class DtlsSrtpServer extends DefaultTlsServer {
  private final DtlsSrtpPeer peer;
  private @Nullable SrtpProfile selected;

  DtlsSrtpServer(TlsCrypto crypto, DtlsSrtpPeer peer) {
    super(crypto);
    this.peer = peer;
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return ProtocolVersion.DTLSv12.only();
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return TlsUtils.getSupportedCipherSuites(getCrypto(), DtlsSrtpPeer.CIPHER_SUITES);
  }

  /** Keys are exported, and RFC 7627 §5.4 forbids exporting without the extended master secret. */
  @Override
  public boolean requiresExtendedMasterSecret() {
    return true;
  }

  @Override
  public int getHandshakeTimeoutMillis() {
    return peer.handshakeTimeoutMillis;
  }

  /** RFC 5764 §4.1.3: the first of our preferences that the client offered. */
  @Override
  public void processClientExtensions(Hashtable clientExtensions) throws IOException {
    super.processClientExtensions(clientExtensions);
    UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
    if (offered == null) {
      throw peer.noCommonProfile("client did not offer use_srtp");
    }
    for (SrtpProfile candidate : DtlsSrtpPeer.PROFILE_PREFERENCE) {
      for (int id : offered.getProtectionProfiles()) {
        if (id == candidate.id()) {
          selected = candidate;
          return;
        }
      }
    }
    throw peer.noCommonProfile("client offered no supported SRTP profile");
  }

  @Override
  public Hashtable getServerExtensions() throws IOException {
    Hashtable extensions = super.getServerExtensions();
    if (selected == null) {
      throw peer.noCommonProfile("no SRTP profile selected");
    }
    // No MKI: WebRTC endpoints do not use one, and we never send one.
    TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {selected.id()}, TlsUtils.EMPTY_BYTES));
    return extensions;
  }

  @Override
  protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
    return peer.credentials.signer(context, context.getSecurityParametersHandshake().getClientSigAlgs());
  }

  /** RFC 5763 §5: the server MUST request the client's certificate. */
  @Override
  public CertificateRequest getCertificateRequest() {
    short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
    return new CertificateRequest(types, TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
  }

  @Override
  public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
    peer.checkPeerCertificate(clientCertificate);
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    peer.handshakeComplete(context, selected);
  }

  @Override
  public void notifyAlertReceived(short alertLevel, short alertDescription) {
    peer.alertReceived(alertLevel, alertDescription);
  }

  @Override
  public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
    peer.alertRaised(alertLevel, alertDescription, message);
  }
}
