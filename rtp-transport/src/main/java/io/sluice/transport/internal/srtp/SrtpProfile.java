package io.sluice.transport.internal.srtp;

import org.jitsi.srtp.SrtpPolicy;
import org.jspecify.annotations.Nullable;

/**
 * The SRTP protection profiles Sluice negotiates in the DTLS {@code use_srtp} extension (RFC 5764
 * §4.1.2, RFC 7714 §14.2), with the master key and salt sizes that RFC 5764 §4.2 exports for each.
 */
public enum SrtpProfile {
  /** RFC 5764 §4.1.2 {@code SRTP_AES128_CM_HMAC_SHA1_80} (0x0001): AES-128 counter mode, 80-bit HMAC-SHA1 tag. */
  AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10),
  /** RFC 7714 §14.2 {@code SRTP_AEAD_AES_128_GCM} (0x0007): AES-128-GCM, 128-bit tag, 96-bit salt. */
  AEAD_AES_128_GCM(0x0007, 16, 12, 16);

  /** SRTCP adds the 4-byte E flag + SRTCP index before the tag (RFC 3711 §3.4). */
  private static final int SRTCP_INDEX_LENGTH = 4;

  /** The largest trailer any profile appends to a packet (SRTCP with GCM: 4 + 16 bytes). */
  public static final int MAX_TRAILER_LENGTH = SRTCP_INDEX_LENGTH + 16;

  private final int id;
  private final int keyLength;
  private final int saltLength;
  private final int tagLength;

  SrtpProfile(int id, int keyLength, int saltLength, int tagLength) {
    this.id = id;
    this.keyLength = keyLength;
    this.saltLength = saltLength;
    this.tagLength = tagLength;
  }

  /** The profile's 16-bit identifier in the {@code use_srtp} extension. */
  public int id() {
    return id;
  }

  /** Master key length in bytes. */
  public int keyLength() {
    return keyLength;
  }

  /** Master salt length in bytes. */
  public int saltLength() {
    return saltLength;
  }

  /** Bytes SRTP appends to an RTP packet: the authentication tag. */
  public int rtpTrailerLength() {
    return tagLength;
  }

  /** Bytes SRTCP appends to an RTCP packet: E flag + index, then the authentication tag. */
  public int rtcpTrailerLength() {
    return SRTCP_INDEX_LENGTH + tagLength;
  }

  /**
   * Length of the RFC 5764 §4.2 keying material for this profile: client and server master keys,
   * then client and server master salts (60 bytes for AES-CM, 56 for GCM).
   */
  public int keyingMaterialLength() {
    return 2 * (keyLength + saltLength);
  }

  /** Returns the profile with the {@code use_srtp} identifier {@code id}, or null if unsupported. */
  public static @Nullable SrtpProfile forId(int id) {
    for (SrtpProfile p : values()) {
      if (p.id == id) {
        return p;
      }
    }
    return null;
  }

  /**
   * A new jitsi-srtp policy for this profile ({@link SrtpPolicy} is mutable, so each factory gets
   * its own). Replay checking on send is off: a sender may legitimately protect the same sequence
   * number twice (a NACKed packet resent without RTX), and RFC 3711 §3.3.2 only asks receivers to
   * check replays.
   */
  SrtpPolicy newPolicy() {
    SrtpPolicy policy = switch (this) {
      case AES_CM_128_HMAC_SHA1_80 -> new SrtpPolicy(
          SrtpPolicy.AESCM_ENCRYPTION, keyLength, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, tagLength, saltLength);
      case AEAD_AES_128_GCM -> new SrtpPolicy(
          SrtpPolicy.AESGCM_ENCRYPTION, keyLength, SrtpPolicy.NULL_AUTHENTICATION, 0, tagLength, saltLength);
    };
    policy.setSendReplayEnabled(false);
    return policy;
  }
}
