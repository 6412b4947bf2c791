package io.sluice.transport.internal.dtls;

import io.sluice.transport.internal.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.jspecify.annotations.Nullable;

/**
 * The active side (RFC 5763 §5, {@code a=setup:active}) of DTLS 1.2 with use_srtp: offers our SRTP
 * profiles, checks the server's certificate against the SDP fingerprint, answers the certificate
 * request with ours, and exports the keys when the handshake completes.
 */
@SuppressWarnings({"rawtypes", "unchecked"}) // BouncyCastle's API uses raw Hashtable and Vector
final class DtlsSrtpClient extends DefaultTlsClient {
  private final DtlsSrtpPeer peer;
  private @Nullable SrtpProfile selected;

  DtlsSrtpClient(TlsCrypto crypto, DtlsSrtpPeer peer) {
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

  @Override
  public Hashtable getClientExtensions() throws IOException {
    Hashtable extensions = super.getClientExtensions();
    int[] ids = new int[DtlsSrtpPeer.PROFILE_PREFERENCE.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = DtlsSrtpPeer.PROFILE_PREFERENCE[i].id();
    }
    TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(ids, TlsUtils.EMPTY_BYTES));
    return extensions;
  }

  /** RFC 5764 §4.1.1: the server answers with exactly one of the profiles we offered. */
  @Override
  public void processServerExtensions(Hashtable serverExtensions) throws IOException {
    super.processServerExtensions(serverExtensions);
    UseSRTPData answer = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
    if (answer == null) {
      throw peer.noCommonProfile("server did not answer use_srtp");
    }
    int[] profiles = answer.getProtectionProfiles();
    SrtpProfile profile = profiles.length == 1 ? SrtpProfile.forId(profiles[0]) : null;
    if (profile == null) {
      throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server selected an SRTP profile we did not offer");
    }
    selected = profile;
  }

  @Override
  public TlsAuthentication getAuthentication() {
    return new TlsAuthentication() {
      @Override
      public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
        peer.checkPeerCertificate(serverCertificate.getCertificate());
      }

      @Override
      public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
        return peer.credentials.signer(context, request.getSupportedSignatureAlgorithms());
      }
    };
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
