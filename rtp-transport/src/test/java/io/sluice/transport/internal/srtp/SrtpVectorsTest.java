package io.sluice.transport.internal.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.media.testutil.Hex;
import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link SrtpSession} (Sluice's RTP contexts, jitsi-srtp's SRTCP) against the RFCs' test
 * vectors.
 *
 * <p>{@link SrtpSession} takes master keys only, so the RFCs' session-level vectors cannot be fed to it
 * directly. Instead this test carries a small independent SRTP written against the RFC text on
 * top of the JDK's AES and HMAC: its key derivation is checked against RFC 3711 Appendix B.3 and
 * its GCM transform against RFC 7714 §16.1.1, and then {@link SrtpSession}'s output must equal
 * it byte for byte, for RTP and RTCP in both profiles.
 */
class SrtpVectorsTest {

  // RFC 3711 Appendix B.3: key derivation test vectors.
  private static final byte[] B3_MASTER_KEY = Hex.bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
  private static final byte[] B3_MASTER_SALT = Hex.bytes("0EC675AD498AFEEBB6960B3AABE6");
  private static final String B3_CIPHER_KEY = "C61E7A93744F39EE10734AFE3FF7A087";
  private static final String B3_CIPHER_SALT = "30CBBC08863D8C85D49DB34A9AE1";
  private static final String B3_AUTH_KEY = "CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4";

  // RFC 7714 §16.1.1: AEAD_AES_128_GCM encryption of an RTP packet (session key and salt).
  private static final byte[] GCM_KEY = Hex.bytes("000102030405060708090a0b0c0d0e0f");
  private static final byte[] GCM_SALT = Hex.bytes("517569642070726f2071756f");
  private static final String GCM_PLAIN = "8040f17b 8041f8d3 5501a0b2" // V=2 PT=64 seq=0xf17b SSRC=0x5501a0b2
      + "47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573";
  private static final String GCM_PROTECTED = "8040f17b 8041f8d3 5501a0b2"
      + "f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1"
      + "6a9152cf 765ee439 0cce";

  private static final int LABEL_RTP_ENCRYPTION = 0x00;
  private static final int LABEL_RTP_AUTH = 0x01;
  private static final int LABEL_RTP_SALT = 0x02;
  private static final int LABEL_RTCP_ENCRYPTION = 0x03;
  private static final int LABEL_RTCP_AUTH = 0x04;
  private static final int LABEL_RTCP_SALT = 0x05;

  @Test
  void referenceKdfMatchesRfc3711AppendixB3() throws Exception {
    assertThat(hex(kdf(B3_MASTER_KEY, B3_MASTER_SALT, LABEL_RTP_ENCRYPTION, 16))).isEqualTo(Hex.norm(B3_CIPHER_KEY));
    assertThat(hex(kdf(B3_MASTER_KEY, B3_MASTER_SALT, LABEL_RTP_SALT, 14))).isEqualTo(Hex.norm(B3_CIPHER_SALT));
    assertThat(hex(kdf(B3_MASTER_KEY, B3_MASTER_SALT, LABEL_RTP_AUTH, 20))).isEqualTo(Hex.norm(B3_AUTH_KEY));
  }

  @Test
  void referenceGcmMatchesRfc7714Section16_1_1() throws Exception {
    byte[] out = referenceGcmRtp(GCM_KEY, GCM_SALT, Hex.bytes(GCM_PLAIN), 12, 0);
    assertThat(hex(out)).isEqualTo(Hex.norm(GCM_PROTECTED));
  }

  /** RFC 3711 B.3 master key through SrtpSession: its derived session keys must be the RFC's. */
  @Test
  void aesCmRtpWithRfc3711MasterKeyMatchesTheRfcSessionKeys() throws Exception {
    byte[] plain = Hex.bytes("80 0f 12 34 | de ca fb ad | ca fe ba be | ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab");
    byte[] expected = referenceCmRtp(Hex.bytes(B3_CIPHER_KEY), Hex.bytes(B3_CIPHER_SALT), Hex.bytes(B3_AUTH_KEY),
        plain, 12, 0);
    SrtpKeys keys = new SrtpKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, B3_MASTER_KEY, B3_MASTER_SALT,
        B3_MASTER_KEY, B3_MASTER_SALT);
    assertThat(protectRtp(keys, plain)).isEqualTo(hex(expected));
  }

  @Test
  void aesCmRtcpMatchesTheReference() throws Exception {
    byte[] plain = Hex.bytes("81 c9 00 07 | 11 22 33 44 | 55 66 77 88 01 00 00 05 00 00 12 34 00 00 00 10 00 00 00 00 00 00 00 00");
    byte[] key = kdf(B3_MASTER_KEY, B3_MASTER_SALT, LABEL_RTCP_ENCRYPTION, 16);
    byte[] salt = kdf(B3_MASTER_KEY, B3_MASTER_SALT, LABEL_RTCP_SALT, 14);
    byte[] auth = kdf(B3_MASTER_KEY, B3_MASTER_SALT, LABEL_RTCP_AUTH, 20);
    SrtpKeys keys = new SrtpKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, B3_MASTER_KEY, B3_MASTER_SALT,
        B3_MASTER_KEY, B3_MASTER_SALT);
    assertThat(protectRtcp(keys, plain, 2)).containsExactly(
        hex(referenceCmRtcp(key, salt, auth, plain, 0)),
        hex(referenceCmRtcp(key, salt, auth, plain, 1)));
  }

  /**
   * GCM through SrtpSession with a 96-bit master salt: the KDF sees the salt zero-padded on the
   * right to 112 bits, as libsrtp (and so Chrome) does, and RTP uses RFC 7714 §8.1.
   */
  @Test
  void gcmRtpMatchesTheReference() throws Exception {
    byte[] masterKey = Hex.bytes("000102030405060708090a0b0c0d0e0f");
    byte[] masterSalt = Hex.bytes("a0a1a2a3a4a5a6a7a8a9aaab");
    byte[] key = kdf(masterKey, masterSalt, LABEL_RTP_ENCRYPTION, 16);
    byte[] salt = kdf(masterKey, masterSalt, LABEL_RTP_SALT, 12);
    SrtpKeys keys = new SrtpKeys(SrtpProfile.AEAD_AES_128_GCM, masterKey, masterSalt, masterKey, masterSalt);
    byte[] plain = Hex.bytes(GCM_PLAIN);
    assertThat(protectRtp(keys, plain)).isEqualTo(hex(referenceGcmRtp(key, salt, plain, 12, 0)));
  }

  @Test
  void gcmRtcpMatchesTheReference() throws Exception {
    byte[] masterKey = Hex.bytes("000102030405060708090a0b0c0d0e0f");
    byte[] masterSalt = Hex.bytes("a0a1a2a3a4a5a6a7a8a9aaab");
    byte[] key = kdf(masterKey, masterSalt, LABEL_RTCP_ENCRYPTION, 16);
    byte[] salt = kdf(masterKey, masterSalt, LABEL_RTCP_SALT, 12);
    SrtpKeys keys = new SrtpKeys(SrtpProfile.AEAD_AES_128_GCM, masterKey, masterSalt, masterKey, masterSalt);
    byte[] plain = Hex.bytes("81 c8 00 05 | de ad be ef | 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
    assertThat(protectRtcp(keys, plain, 2)).containsExactly(
        hex(referenceGcmRtcp(key, salt, plain, 0)),
        hex(referenceGcmRtcp(key, salt, plain, 1)));
  }

  private static String protectRtp(SrtpKeys keys, byte[] plain) {
    ByteBuf packet = Unpooled.buffer(plain.length + SrtpProfile.MAX_TRAILER_LENGTH).writeBytes(plain);
    try (SrtpSession session = new SrtpSession(keys); SrtpSession peer = new SrtpSession(keys.reversed())) {
      assertThat(session.protectRtp(packet)).isEqualTo(SrtpStatus.OK);
      String out = Hex.of(packet);
      assertThat(peer.unprotectRtp(packet)).isEqualTo(SrtpStatus.OK);
      assertThat(Hex.of(packet)).isEqualTo(hex(plain));
      return out;
    } finally {
      packet.release();
    }
  }

  private static String[] protectRtcp(SrtpKeys keys, byte[] plain, int count) {
    String[] out = new String[count];
    try (SrtpSession session = new SrtpSession(keys); SrtpSession peer = new SrtpSession(keys.reversed())) {
      for (int i = 0; i < count; i++) {
        ByteBuf packet = Unpooled.buffer(plain.length + SrtpProfile.MAX_TRAILER_LENGTH).writeBytes(plain);
        try {
          assertThat(session.protectRtcp(packet)).isEqualTo(SrtpStatus.OK);
          out[i] = Hex.of(packet);
          assertThat(peer.unprotectRtcp(packet)).isEqualTo(SrtpStatus.OK);
          assertThat(Hex.of(packet)).isEqualTo(hex(plain));
        } finally {
          packet.release();
        }
      }
    }
    return out;
  }

  // ---- A reference SRTP, straight from the RFC text. ----

  /**
   * RFC 3711 §4.3.1 and §4.3.3 with key_derivation_rate 0: x = master_salt XOR (label << 48),
   * output = AES-CM(master_key, x * 2^16). A 96-bit (GCM) master salt is zero-padded on the right.
   */
  static byte[] kdf(byte[] masterKey, byte[] masterSalt, int label, int length) throws Exception {
    byte[] iv = new byte[16];
    System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
    iv[7] ^= (byte) label;
    return aesCtr(masterKey, iv, new byte[length]);
  }

  /** RFC 3711 §4.1.1 and §4.2.1: AES-CM payload encryption, then HMAC-SHA1 over packet || ROC. */
  static byte[] referenceCmRtp(byte[] key, byte[] salt, byte[] authKey, byte[] plain, int headerLength, int roc)
      throws Exception {
    ByteBuffer p = ByteBuffer.wrap(plain);
    long index = ((long) roc << 16) | (p.getShort(2) & 0xFFFF);
    byte[] iv = cmIv(salt, p.getInt(8), index);
    byte[] payload = aesCtr(key, iv, Arrays.copyOfRange(plain, headerLength, plain.length));
    byte[] out = concat(Arrays.copyOf(plain, headerLength), payload);
    byte[] tag = hmacSha1(authKey, concat(out, ByteBuffer.allocate(4).putInt(roc).array()));
    return concat(out, Arrays.copyOf(tag, 10));
  }

  /** RFC 3711 §3.4: encrypt after the 8-byte header, append E||index, tag over all of it. */
  static byte[] referenceCmRtcp(byte[] key, byte[] salt, byte[] authKey, byte[] plain, int srtcpIndex)
      throws Exception {
    byte[] iv = cmIv(salt, ByteBuffer.wrap(plain).getInt(4), srtcpIndex);
    byte[] body = aesCtr(key, iv, Arrays.copyOfRange(plain, 8, plain.length));
    byte[] out = concat(concat(Arrays.copyOf(plain, 8), body), ByteBuffer.allocate(4).putInt(0x80000000 | srtcpIndex).array());
    return concat(out, Arrays.copyOf(hmacSha1(authKey, out), 10));
  }

  /** RFC 7714 §8.1: IV = salt XOR (00 00 || SSRC || ROC || SEQ), AAD = the RTP header. */
  static byte[] referenceGcmRtp(byte[] key, byte[] salt, byte[] plain, int headerLength, int roc) throws Exception {
    ByteBuffer p = ByteBuffer.wrap(plain);
    byte[] iv = ByteBuffer.allocate(12).putShort((short) 0).putInt(p.getInt(8)).putInt(roc).putShort(p.getShort(2)).array();
    xor(iv, salt);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
    gcm.updateAAD(plain, 0, headerLength);
    return concat(Arrays.copyOf(plain, headerLength), gcm.doFinal(plain, headerLength, plain.length - headerLength));
  }

  /**
   * RFC 7714 §9.1: IV = salt XOR (00 00 || SSRC || 00 00 || 0 || index), AAD = header || E||index;
   * the E flag and index follow the tag.
   */
  static byte[] referenceGcmRtcp(byte[] key, byte[] salt, byte[] plain, int srtcpIndex) throws Exception {
    byte[] iv = ByteBuffer.allocate(12).putShort((short) 0).putInt(ByteBuffer.wrap(plain).getInt(4))
        .putShort((short) 0).putInt(srtcpIndex).array();
    xor(iv, salt);
    byte[] eIndex = ByteBuffer.allocate(4).putInt(0x80000000 | srtcpIndex).array();
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
    gcm.updateAAD(plain, 0, 8);
    gcm.updateAAD(eIndex);
    byte[] sealed = gcm.doFinal(plain, 8, plain.length - 8);
    return concat(concat(Arrays.copyOf(plain, 8), sealed), eIndex);
  }

  /** RFC 3711 §4.1.1: IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16). */
  private static byte[] cmIv(byte[] salt, int ssrc, long index) {
    byte[] iv = new byte[16];
    System.arraycopy(salt, 0, iv, 0, 14);
    byte[] ssrcBytes = ByteBuffer.allocate(4).putInt(ssrc).array();
    for (int i = 0; i < 4; i++) {
      iv[4 + i] ^= ssrcBytes[i];
    }
    for (int i = 0; i < 6; i++) {
      iv[8 + i] ^= (byte) (index >>> (8 * (5 - i)));
    }
    return iv;
  }

  private static byte[] aesCtr(byte[] key, byte[] iv, byte[] data) throws Exception {
    Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
    ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
    return ctr.doFinal(data);
  }

  private static byte[] hmacSha1(byte[] key, byte[] data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(key, "HmacSHA1"));
    return mac.doFinal(data);
  }

  private static void xor(byte[] target, byte[] with) {
    for (int i = 0; i < target.length; i++) {
      target[i] ^= with[i];
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String hex(byte[] bytes) {
    return Hex.norm(java.util.HexFormat.of().formatHex(bytes));
  }
}
