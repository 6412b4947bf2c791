package io.sluice.transport.internal.dtls;

import io.sluice.transport.dtls.DtlsFingerprint;
import io.sluice.transport.internal.srtp.SrtpKeys;
import io.sluice.transport.internal.srtp.SrtpProfile;
import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.jspecify.annotations.Nullable;

/**
 * What the server and client sides of a DTLS-SRTP handshake share: the expected peer fingerprint,
 * the SRTP profile preference, key export, and a record of what happened (for
 * {@link DtlsSession} to classify a failure or a closure). One instance per handshake; written by
 * the handshake thread, read by it and by whoever holds the session.
 */
final class DtlsSrtpPeer {
  /**
   * use_srtp profiles in our order of preference: GCM first (one AES pass instead of AES + HMAC,
   * and a stronger tag), AES-CM for peers without it. A server picks the first of these the client
   * offered; a client offers them in this order.
   */
  static final SrtpProfile[] PROFILE_PREFERENCE = {SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80};

  /**
   * ECDHE with ECDSA: WebRTC certificates are ECDSA, and ephemeral keys give forward secrecy.
   * AEAD first; the CBC suites remain for older peers.
   */
  static final int[] CIPHER_SUITES = {
      CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
      CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
      CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
      CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
      CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
  };

  final DtlsRole role;
  final DtlsFingerprint expectedFingerprint;
  final DtlsCredentials credentials;
  final int handshakeTimeoutMillis;

  private volatile @Nullable SrtpKeys keys;
  private volatile @Nullable DtlsFingerprint peerFingerprint;
  private volatile boolean fingerprintMismatch;
  private volatile boolean noCommonProfile;
  private volatile boolean closeNotifyReceived;
  private volatile short alertReceived = -1;
  private volatile short alertRaised = -1;
  private volatile @Nullable String alertRaisedMessage;

  DtlsSrtpPeer(DtlsRole role, DtlsFingerprint expectedFingerprint, DtlsCredentials credentials,
      int handshakeTimeoutMillis) {
    this.role = role;
    this.expectedFingerprint = expectedFingerprint;
    this.credentials = credentials;
    this.handshakeTimeoutMillis = handshakeTimeoutMillis;
  }

  /**
   * RFC 5763 §5 / RFC 8122 §5: the end-entity certificate the peer presented must hash to the
   * fingerprint from its SDP. BouncyCastle checks the CertificateVerify signature (possession of
   * the key) but knows nothing of SDP, so without this check anyone could sit in the middle.
   *
   * @throws TlsFatalAlert bad_certificate on mismatch, certificate_required (handshake_failure in
   *     DTLS 1.2) if the peer sent none
   */
  void checkPeerCertificate(@Nullable Certificate chain) throws IOException {
    if (chain == null || chain.isEmpty()) {
      fingerprintMismatch = true;
      throw new TlsFatalAlert(AlertDescription.handshake_failure, "peer sent no certificate");
    }
    byte[] der = chain.getCertificateAt(0).getEncoded();
    peerFingerprint = DtlsFingerprint.ofCertificate(DtlsFingerprint.HashFunction.SHA_256, der);
    if (!expectedFingerprint.matches(der)) {
      fingerprintMismatch = true;
      throw new TlsFatalAlert(AlertDescription.bad_certificate,
          "certificate fingerprint " + peerFingerprint + " does not match the SDP's " + expectedFingerprint);
    }
  }

  /** Records that no SRTP profile is shared, and returns the alert to throw. */
  TlsFatalAlert noCommonProfile(String detail) {
    noCommonProfile = true;
    return new TlsFatalAlert(AlertDescription.handshake_failure, detail);
  }

  /**
   * Called by either side's {@code notifyHandshakeComplete}: checks that the handshake agreed on
   * an SRTP profile and that {@link #checkPeerCertificate} saw the peer's certificate, then
   * exports the keys.
   *
   * @param selected the profile the side's use_srtp negotiation chose, or null if it chose none
   * @throws IllegalStateException if the profile or the peer's certificate is missing
   */
  void handshakeComplete(TlsContext context, @Nullable SrtpProfile selected) {
    if (selected == null || peerFingerprint == null) {
      throw new IllegalStateException(role == DtlsRole.CLIENT
          ? "DTLS handshake completed without SRTP profile or server certificate"
          : "DTLS handshake completed without SRTP profile or client certificate");
    }
    exportKeys(context, selected);
  }

  /** RFC 5764 §4.2: exports the keying material for {@code profile} and splits it by our role. */
  private void exportKeys(TlsContext context, SrtpProfile profile) {
    byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, profile.keyingMaterialLength());
    keys = SrtpKeys.fromKeyingMaterial(profile, material, role == DtlsRole.CLIENT);
    java.util.Arrays.fill(material, (byte) 0);
  }

  void alertReceived(short level, short description) {
    if (description == AlertDescription.close_notify) {
      closeNotifyReceived = true;
    } else if (level == AlertLevel.fatal) {
      alertReceived = description;
    }
  }

  void alertRaised(short level, short description, @Nullable String message) {
    if (level == AlertLevel.fatal) {
      alertRaised = description;
      alertRaisedMessage = message;
    }
  }

  @Nullable SrtpKeys keys() {
    return keys;
  }

  @Nullable DtlsFingerprint peerFingerprint() {
    return peerFingerprint;
  }

  boolean fingerprintMismatch() {
    return fingerprintMismatch;
  }

  boolean noCommonProfile() {
    return noCommonProfile;
  }

  boolean closeNotifyReceived() {
    return closeNotifyReceived;
  }

  /** The fatal alert the peer sent, or -1. */
  short alertReceived() {
    return alertReceived;
  }

  /** The fatal alert we sent, or -1. */
  short alertRaised() {
    return alertRaised;
  }

  @Nullable String alertRaisedMessage() {
    return alertRaisedMessage;
  }
}
