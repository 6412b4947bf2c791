package io.sluice.transport.internal.srtp;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRTP cryptographic context of one SSRC in one direction, for RTP packets (RFC 3711 §3.2):
 * session keys, rollover counter and, for a receiver, the replay window. SRTCP stays with
 * jitsi-srtp ({@link SrtpSession}); RTP, where every forwarded packet is protected once per
 * viewer, runs here because jitsi-srtp re-initialises a JCA cipher for every packet and copies
 * in place.
 *
 * <p><b>AES-CM with HMAC-SHA1-80</b> (RFC 3711 §4.1.1, §4.2.1): the key stream comes from the
 * session key's AES in ECB mode over a run of counter blocks (one {@code Cipher.update}, no
 * re-initialisation, no allocation), XORed over the payload; the tag is HMAC-SHA1 built from
 * {@link MessageDigest} with precomputed inner and outer pads. <b>AEAD_AES_128_GCM</b> (RFC 7714)
 * uses the JDK's GCM, which must be initialised with each packet's IV.
 *
 * <p>Session keys come from the RFC 3711 §4.3 key derivation with the AES-CM PRF (also for GCM,
 * RFC 7714 §11, whose 96-bit master salt is padded to 112 bits with zeros on the right).
 *
 * <p>Not thread-safe by itself: {@link SrtpSession} calls it under the context's monitor.
 * Per-packet work allocates nothing for AES-CM; the JDK's GCM allocates inside {@code Cipher}.
 */
final class RtpCryptoContext {
  static final int LABEL_RTP_ENCRYPTION = 0;
  static final int LABEL_RTP_AUTH = 1;
  static final int LABEL_RTP_SALT = 2;

  private static final int AUTH_KEY_LENGTH = 20;
  private static final int SHA1_BLOCK = 64;
  private static final int SHA1_LENGTH = 20;
  private static final int REPLAY_WINDOW = 64;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** Per-thread scratch: counter blocks and key stream for one packet, and SHA-1. */
  private static final FastThreadLocal<Scratch> SCRATCH = new FastThreadLocal<>() {
    @Override
    protected Scratch initialValue() throws Exception {
      return new Scratch();
    }
  };

  private final SrtpProfile profile;
  private final boolean sender;
  private final int ssrc;
  private final byte[] sessionSalt;
  private final Cipher cipher;
  private final SecretKeySpec gcmKey;
  private final byte[] iv = new byte[12];
  private final byte[] innerPad;
  private final byte[] outerPad;

  /** Highest index (ROC << 16 | SEQ) seen, or -1 before the first packet. */
  private long highestIndex = -1;
  /** Bit i set: index {@code highestIndex - i} was received (receiver only). */
  private long replayBits;

  /**
   * Derives the RTP session keys for {@code ssrc} from the master key and salt.
   *
   * @param sender true to protect (outgoing), false to unprotect (incoming)
   */
  RtpCryptoContext(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, int ssrc, boolean sender)
      throws GeneralSecurityException {
    this.profile = profile;
    this.sender = sender;
    this.ssrc = ssrc;
    // One AES-ECB cipher under the master key serves the key derivation, then (AES-CM) is re-keyed
    // with the session key for the packets: Cipher.getInstance is the costly part of a new context.
    Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
    ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"));
    byte[] sessionKey = derive(ecb, masterSalt, LABEL_RTP_ENCRYPTION, profile.keyLength());
    this.sessionSalt = derive(ecb, masterSalt, LABEL_RTP_SALT, profile.saltLength());
    SecretKeySpec key = new SecretKeySpec(sessionKey, "AES");
    Arrays.fill(sessionKey, (byte) 0);
    if (profile == SrtpProfile.AEAD_AES_128_GCM) {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
      this.gcmKey = key;
      this.innerPad = null;
      this.outerPad = null;
    } else {
      byte[] authKey = derive(ecb, masterSalt, LABEL_RTP_AUTH, AUTH_KEY_LENGTH);
      ecb.init(Cipher.ENCRYPT_MODE, key);
      this.cipher = ecb;
      this.gcmKey = null;
      this.innerPad = new byte[SHA1_BLOCK];
      this.outerPad = new byte[SHA1_BLOCK];
      for (int i = 0; i < SHA1_BLOCK; i++) {
        byte k = i < authKey.length ? authKey[i] : 0;
        innerPad[i] = (byte) (k ^ 0x36);
        outerPad[i] = (byte) (k ^ 0x5c);
      }
      Arrays.fill(authKey, (byte) 0);
    }
  }

  /**
   * RFC 3711 §4.3.1 with the AES-CM PRF (§4.3.3): {@code length} bytes of the key stream of AES
   * under the master key ({@code masterEcb}, AES-ECB initialised with it), from IV = (master salt XOR (label || r)) * 2^16, with r = 0 (key
   * derivation rate 0).
   */
  static byte[] derive(Cipher masterEcb, byte[] masterSalt, int label, int length)
      throws GeneralSecurityException {
    byte[] x = new byte[16];
    System.arraycopy(masterSalt, 0, x, 0, Math.min(masterSalt.length, 14));
    x[7] ^= (byte) label;
    int blocks = (length + 15) / 16;
    byte[] counters = new byte[blocks * 16];
    for (int b = 0; b < blocks; b++) {
      System.arraycopy(x, 0, counters, b * 16, 14);
      counters[b * 16 + 14] = (byte) (b >>> 8);
      counters[b * 16 + 15] = (byte) b;
    }
    byte[] stream = masterEcb.doFinal(counters);
    return Arrays.copyOf(stream, length);
  }

  int ssrc() {
    return ssrc;
  }

  /**
   * Protects the RTP packet that is {@code packet}'s readable bytes, whose header is
   * {@code headerLength} bytes, in place, writing the tag after it. The caller has checked the
   * header and made room for {@link SrtpProfile#rtpTrailerLength()} bytes; a heap buffer.
   */
  SrtpStatus protect(ByteBuf packet, int headerLength) throws GeneralSecurityException {
    byte[] a = packet.array();
    int start = packet.arrayOffset() + packet.readerIndex();
    int length = packet.readableBytes();
    int seq = ((a[start + 2] & 0xFF) << 8) | (a[start + 3] & 0xFF);
    long index = estimateIndex(seq);
    int roc = (int) (index >>> 16);
    int tagLength;
    if (gcmKey != null) {
      gcmIv(roc, seq);
      initGcmEncrypt();
      cipher.updateAAD(a, start, headerLength);
      tagLength = cipher.doFinal(a, start + headerLength, length - headerLength, a, start + headerLength)
          - (length - headerLength);
    } else {
      Scratch s = SCRATCH.get();
      ctrXor(s, roc, seq, a, start + headerLength, length - headerLength);
      tagLength = profile.rtpTrailerLength();
      hmac(s, a, start, length, roc);
      System.arraycopy(s.digest, 0, a, start + length, tagLength);
    }
    packet.writerIndex(packet.writerIndex() + tagLength);
    if (index > highestIndex) {
      highestIndex = index;
    }
    return SrtpStatus.OK;
  }

  /**
   * Protects the RTP packet made of {@code out}'s readable bytes (its header, {@code headerLength}
   * bytes) and {@code payloadLength} payload bytes of {@code src} at {@code srcIndex}: the payload
   * is encrypted from {@code src} straight into {@code out} after the header, then the tag follows;
   * {@code src} is only read. The caller has checked the header and that {@code out} has room for
   * the payload and {@link SrtpProfile#rtpTrailerLength()}. AES-CM takes any buffers (a direct
   * {@code out} goes to the socket without another copy); GCM wants heap buffers on different
   * arrays and otherwise copies the payload into {@code out} and protects in place.
   */
  SrtpStatus protect(ByteBuf out, int headerLength, ByteBuf src, int srcIndex, int payloadLength)
      throws GeneralSecurityException {
    int start = out.readerIndex();
    int payloadStart = out.writerIndex();
    int seq = out.getUnsignedShort(start + 2);
    if (gcmKey != null && !(out.hasArray() && src.hasArray() && out.array() != src.array())) {
      // The JDK's GCM treats input and output in one array as overlapping unless they start at
      // the same offset, and then allocates a scratch array as long as the whole output array:
      // for two pooled buffers carved from one chunk, megabytes per packet. Copy, then encrypt in
      // place (same offset: no copy).
      out.writeBytes(src, srcIndex, payloadLength);
      return protect(out, headerLength);
    }
    long index = estimateIndex(seq);
    int roc = (int) (index >>> 16);
    int tagLength;
    if (gcmKey != null) {
      byte[] a = out.array();
      int base = out.arrayOffset();
      gcmIv(roc, seq);
      initGcmEncrypt();
      cipher.updateAAD(a, base + start, headerLength);
      tagLength = cipher.doFinal(src.array(), src.arrayOffset() + srcIndex, payloadLength, a,
          base + payloadStart) - payloadLength;
    } else {
      Scratch s = SCRATCH.get();
      keyStream(s, roc, seq, payloadLength);
      byte[] stream = s.stream;
      int i = 0;
      if (out.hasArray() && src.hasArray()) {
        byte[] o = out.array();
        int oo = out.arrayOffset() + payloadStart;
        byte[] in = src.array();
        int io = src.arrayOffset() + srcIndex;
        for (; i + 8 <= payloadLength; i += 8) {
          LONGS.set(o, oo + i, (long) LONGS.get(in, io + i) ^ (long) LONGS.get(stream, i));
        }
        for (; i < payloadLength; i++) {
          o[oo + i] = (byte) (in[io + i] ^ stream[i]);
        }
      } else {
        for (; i + 8 <= payloadLength; i += 8) {
          out.setLong(payloadStart + i, src.getLong(srcIndex + i) ^ (long) LONGS.get(stream, i));
        }
        for (; i < payloadLength; i++) {
          out.setByte(payloadStart + i, src.getByte(srcIndex + i) ^ stream[i]);
        }
      }
      int length = headerLength + payloadLength;
      tagLength = profile.rtpTrailerLength();
      if (out.hasArray()) {
        hmac(s, out.array(), out.arrayOffset() + start, length, roc);
      } else {
        hmac(s, out.internalNioBuffer(start, length), roc);
      }
      out.setBytes(start + length, s.digest, 0, tagLength);
    }
    out.writerIndex(payloadStart + payloadLength + tagLength);
    if (index > highestIndex) {
      highestIndex = index;
    }
    return SrtpStatus.OK;
  }

  /**
   * Checks replay and the tag of the SRTP packet that is {@code packet}'s readable bytes (a heap
   * buffer), header {@code headerLength} bytes, and on success decrypts in place and drops the
   * tag. On any other status nothing changes: neither the packet nor this context.
   */
  SrtpStatus unprotect(ByteBuf packet, int headerLength) throws GeneralSecurityException {
    byte[] a = packet.array();
    int start = packet.arrayOffset() + packet.readerIndex();
    int tagLength = profile.rtpTrailerLength();
    int length = packet.readableBytes() - tagLength;
    int seq = ((a[start + 2] & 0xFF) << 8) | (a[start + 3] & 0xFF);
    long index = estimateIndex(seq);
    if (index < 0 || isReplay(index)) {
      return SrtpStatus.REPLAY;
    }
    int roc = (int) (index >>> 16);
    if (gcmKey != null) {
      gcmIv(roc, seq);
      cipher.init(Cipher.DECRYPT_MODE, gcmKey, new GCMParameterSpec(128, iv));
      cipher.updateAAD(a, start, headerLength);
      // Into scratch, not in place: the JDK's GCM writes plaintext before it has checked the
      // tag when input and output overlap, and a rejected packet must stay as it came.
      Scratch s = SCRATCH.get();
      int plainLength = length - headerLength;
      s.ensure(plainLength);
      try {
        cipher.doFinal(a, start + headerLength, plainLength + tagLength, s.stream, 0);
      } catch (AEADBadTagException e) {
        return SrtpStatus.AUTH_FAIL;
      }
      System.arraycopy(s.stream, 0, a, start + headerLength, plainLength);
    } else {
      Scratch s = SCRATCH.get();
      hmac(s, a, start, length, roc);
      if (!tagMatches(s.digest, a, start + length, tagLength)) {
        return SrtpStatus.AUTH_FAIL;
      }
      ctrXor(s, roc, seq, a, start + headerLength, length - headerLength);
    }
    packet.writerIndex(packet.writerIndex() - tagLength);
    accept(index);
    return SrtpStatus.OK;
  }

  /** Constant-time comparison of the first {@code n} bytes of {@code mac} with the packet's tag. */
  private static boolean tagMatches(byte[] mac, byte[] a, int offset, int n) {
    int diff = 0;
    for (int i = 0; i < n; i++) {
      diff |= mac[i] ^ a[offset + i];
    }
    return diff == 0;
  }

  /**
   * RFC 3711 §3.3.1 and Appendix A: the packet index from its sequence number and the highest
   * index so far; the first packet starts at ROC 0. A sequence number that would fall before
   * ROC 0 (a packet older than the first one seen) gives -1 to a receiver and ROC 0 to a sender.
   */
  private long estimateIndex(int seq) {
    if (highestIndex < 0) {
      return seq;
    }
    long roc = highestIndex >>> 16;
    int last = (int) (highestIndex & 0xFFFF);
    long v = roc;
    if (last < 0x8000) {
      if (seq - last > 0x8000) {
        if (roc == 0) {
          return sender ? seq : -1;
        }
        v = roc - 1;
      }
    } else if (last - 0x8000 > seq) {
      v = roc + 1;
    }
    return (v << 16) | seq;
  }

  private boolean isReplay(long index) {
    if (sender || highestIndex < 0) {
      return false;
    }
    long delta = index - highestIndex;
    if (delta > 0) {
      return false;
    }
    if (-delta >= REPLAY_WINDOW) {
      return true;
    }
    return (replayBits & (1L << -delta)) != 0;
  }

  private void accept(long index) {
    if (highestIndex < 0) {
      highestIndex = index;
      replayBits = 1;
      return;
    }
    long delta = index - highestIndex;
    if (delta > 0) {
      replayBits = delta >= REPLAY_WINDOW ? 1 : (replayBits << delta) | 1;
      highestIndex = index;
    } else {
      replayBits |= 1L << -delta;
    }
  }

  /**
   * Initialises GCM for encryption with {@link #iv}. The JDK refuses the IV it encrypted with last
   * time; a sender protects the same packet twice only to resend it without RTX (the same bytes,
   * so the same output), and then passes through a throw-away IV first.
   */
  private void initGcmEncrypt() throws GeneralSecurityException {
    try {
      cipher.init(Cipher.ENCRYPT_MODE, gcmKey, new GCMParameterSpec(128, iv));
    } catch (InvalidAlgorithmParameterException reused) {
      iv[11] ^= 1;
      cipher.init(Cipher.ENCRYPT_MODE, gcmKey, new GCMParameterSpec(128, iv));
      iv[11] ^= 1;
      cipher.init(Cipher.ENCRYPT_MODE, gcmKey, new GCMParameterSpec(128, iv));
    }
  }

  /** RFC 7714 §8.1: IV = (0x0000 || SSRC || ROC || SEQ) XOR session salt. */
  private void gcmIv(int roc, int seq) {
    byte[] salt = sessionSalt;
    iv[0] = salt[0];
    iv[1] = salt[1];
    iv[2] = (byte) (salt[2] ^ (ssrc >>> 24));
    iv[3] = (byte) (salt[3] ^ (ssrc >>> 16));
    iv[4] = (byte) (salt[4] ^ (ssrc >>> 8));
    iv[5] = (byte) (salt[5] ^ ssrc);
    iv[6] = (byte) (salt[6] ^ (roc >>> 24));
    iv[7] = (byte) (salt[7] ^ (roc >>> 16));
    iv[8] = (byte) (salt[8] ^ (roc >>> 8));
    iv[9] = (byte) (salt[9] ^ roc);
    iv[10] = (byte) (salt[10] ^ (seq >>> 8));
    iv[11] = (byte) (salt[11] ^ seq);
  }

  /** RFC 3711 §4.1.1: XORs AES-CM's key stream over {@code length} bytes at {@code offset}. */
  private void ctrXor(Scratch s, int roc, int seq, byte[] a, int offset, int length)
      throws GeneralSecurityException {
    keyStream(s, roc, seq, length);
    byte[] stream = s.stream;
    int i = 0;
    for (; i + 8 <= length; i += 8) {
      LONGS.set(a, offset + i, (long) LONGS.get(a, offset + i) ^ (long) LONGS.get(stream, i));
    }
    for (; i < length; i++) {
      a[offset + i] ^= stream[i];
    }
  }

  /**
   * AES-CM's key stream for {@code length} bytes into {@code s.stream}: AES-ECB over the counter
   * blocks IV + b, IV = (session salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16).
   */
  private void keyStream(Scratch s, int roc, int seq, int length) throws GeneralSecurityException {
    if (length == 0) {
      return;
    }
    int blocks = (length + 15) >>> 4;
    s.ensure(blocks * 16);
    byte[] salt = sessionSalt;
    long hi = ((long) (salt[0] & 0xFF) << 56) | ((long) (salt[1] & 0xFF) << 48)
        | ((long) (salt[2] & 0xFF) << 40) | ((long) (salt[3] & 0xFF) << 32)
        | ((long) (salt[4] & 0xFF) << 24) | ((long) (salt[5] & 0xFF) << 16)
        | ((long) (salt[6] & 0xFF) << 8) | (salt[7] & 0xFF);
    long lo = ((long) (salt[8] & 0xFF) << 56) | ((long) (salt[9] & 0xFF) << 48)
        | ((long) (salt[10] & 0xFF) << 40) | ((long) (salt[11] & 0xFF) << 32)
        | ((long) (salt[12] & 0xFF) << 24) | ((long) (salt[13] & 0xFF) << 16);
    hi ^= ssrc & 0xFFFFFFFFL;
    lo ^= (((long) roc & 0xFFFFFFFFL) << 32) | ((long) seq << 16);
    byte[] counters = s.counters;
    for (int b = 0; b < blocks; b++) {
      LONGS.set(counters, b << 4, hi);
      LONGS.set(counters, (b << 4) + 8, lo | b);
    }
    int n = cipher.update(counters, 0, blocks << 4, s.stream, 0);
    if (n != blocks << 4) {
      throw new GeneralSecurityException("AES-ECB returned " + n + " of " + (blocks << 4) + " bytes");
    }
  }

  /** RFC 3711 §4.2.1: HMAC-SHA1(auth key, packet || ROC) into {@code s.digest}. */
  private void hmac(Scratch s, byte[] a, int start, int length, int roc) {
    s.sha1.update(innerPad);
    s.sha1.update(a, start, length);
    finishHmac(s, roc);
  }

  /** {@link #hmac(Scratch, byte[], int, int, int)} over a buffer without an array. */
  private void hmac(Scratch s, java.nio.ByteBuffer packet, int roc) {
    s.sha1.update(innerPad);
    s.sha1.update(packet);
    finishHmac(s, roc);
  }

  /** Appends the ROC to the inner hash, then runs the outer one. */
  private void finishHmac(Scratch s, int roc) {
    byte[] rocBytes = s.roc;
    rocBytes[0] = (byte) (roc >>> 24);
    rocBytes[1] = (byte) (roc >>> 16);
    rocBytes[2] = (byte) (roc >>> 8);
    rocBytes[3] = (byte) roc;
    MessageDigest sha1 = s.sha1;
    try {
      sha1.update(rocBytes);
      sha1.digest(s.digest, 0, SHA1_LENGTH);
      sha1.update(outerPad);
      sha1.update(s.digest, 0, SHA1_LENGTH);
      sha1.digest(s.digest, 0, SHA1_LENGTH);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException(e); // a 20-byte buffer always fits SHA-1
    }
  }

  private static final class Scratch {
    final MessageDigest sha1;
    final byte[] digest = new byte[SHA1_LENGTH];
    final byte[] roc = new byte[4];
    byte[] counters = new byte[0];
    byte[] stream = new byte[0];

    Scratch() throws GeneralSecurityException {
      sha1 = MessageDigest.getInstance("SHA-1");
    }

    void ensure(int bytes) {
      if (counters.length < bytes) {
        int size = Math.max(bytes, 2048);
        counters = new byte[size];
        stream = new byte[size];
      }
    }
  }
}
