package io.sluice.transport.internal.srtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * The master keys and salts of one SRTP session, split into our side (used to protect what we
 * send) and the peer's side (used to unprotect what we receive).
 *
 * <p>Immutable: the constructor and the accessors copy arrays. {@link #toString} never prints key
 * material.
 */
public final class SrtpKeys {
  private final SrtpProfile profile;
  private final byte[] localKey;
  private final byte[] localSalt;
  private final byte[] remoteKey;
  private final byte[] remoteSalt;

  /**
   * Creates keys for {@code profile}.
   *
   * @throws IllegalArgumentException if a key or salt has the wrong length for the profile
   */
  public SrtpKeys(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.localKey = checkLength("local master key", localKey, profile.keyLength());
    this.localSalt = checkLength("local master salt", localSalt, profile.saltLength());
    this.remoteKey = checkLength("remote master key", remoteKey, profile.keyLength());
    this.remoteSalt = checkLength("remote master salt", remoteSalt, profile.saltLength());
  }

  /**
   * Splits RFC 5764 §4.2 keying material, exported with the label {@code EXTRACTOR-dtls_srtp}:
   *
   * <pre>
   * client_write_SRTP_master_key | server_write_SRTP_master_key |
   * client_write_SRTP_master_salt | server_write_SRTP_master_salt
   * </pre>
   *
   * @param localIsClient true if we were the DTLS client, so the client halves are ours
   * @throws IllegalArgumentException if {@code material} is not
   *     {@link SrtpProfile#keyingMaterialLength()} bytes
   */
  public static SrtpKeys fromKeyingMaterial(SrtpProfile profile, byte[] material, boolean localIsClient) {
    int k = profile.keyLength();
    int s = profile.saltLength();
    if (material.length != profile.keyingMaterialLength()) {
      throw new IllegalArgumentException("DTLS-SRTP keying material for " + profile + ": " + material.length
          + " bytes (expected: " + profile.keyingMaterialLength() + " bytes)");
    }
    byte[] clientKey = Arrays.copyOfRange(material, 0, k);
    byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
    byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
    byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
    return localIsClient
        ? new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt)
        : new SrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt);
  }

  /** The same keys as the peer sees them: local and remote swapped. */
  public SrtpKeys reversed() {
    return new SrtpKeys(profile, remoteKey, remoteSalt, localKey, localSalt);
  }

  /** The negotiated protection profile. */
  public SrtpProfile profile() {
    return profile;
  }

  /** Our master key (a copy). */
  public byte[] localKey() {
    return localKey.clone();
  }

  /** Our master salt (a copy). */
  public byte[] localSalt() {
    return localSalt.clone();
  }

  /** The peer's master key (a copy). */
  public byte[] remoteKey() {
    return remoteKey.clone();
  }

  /** The peer's master salt (a copy). */
  public byte[] remoteSalt() {
    return remoteSalt.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SrtpKeys other
        && profile == other.profile
        && Arrays.equals(localKey, other.localKey)
        && Arrays.equals(localSalt, other.localSalt)
        && Arrays.equals(remoteKey, other.remoteKey)
        && Arrays.equals(remoteSalt, other.remoteSalt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(profile, Arrays.hashCode(localKey), Arrays.hashCode(remoteKey));
  }

  /** Names the profile only: key material never goes to logs. */
  @Override
  public String toString() {
    return "SrtpKeys[" + profile + "]";
  }

  private static byte[] checkLength(String what, byte[] value, int expected) {
    if (value.length != expected) {
      throw new IllegalArgumentException(what + ": " + value.length + " bytes (expected: " + expected + " bytes)");
    }
    return value.clone();
  }
}
