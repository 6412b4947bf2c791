package io.sluice.transport.stun;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 over the message up to the attribute, with the
 * header's length field adjusted to end at the MESSAGE-INTEGRITY attribute.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Type = 0x0008            |          Length = 20          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * |                 HMAC-SHA1 (20 bytes) over:                    |
 * |   header (Length = end of this attribute - 20) + attributes   |
 * |   before this one                                             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The HMAC is computed over the {@code ByteBuf} in place: a heap buffer's backing array, a direct
 * buffer's internal NIO view ({@code internalNioBuffer}, no allocation), and only a composite of
 * several buffers is copied through a reusable scratch array.
 *
 * <p>HMAC (RFC 2104) is computed here on a reused SHA-1 {@link MessageDigest} rather than with
 * {@code javax.crypto.Mac}, because {@code Mac.doFinal(byte[], int)} allocates a result array on
 * every call and copies it out: measured 40 bytes per MESSAGE-INTEGRITY, 80 per answered check.
 * {@link MessageDigest#digest(byte[], int, int)} writes into our array instead.
 * Tests check the result against {@code javax.crypto.Mac} and the RFC 5769 vectors.
 *
 * <p>One instance is <em>not thread-safe</em>: keep one per thread (an event loop) or per agent.
 * The inner and outer pads are derived only when the key differs from the previous call's
 * (compared by identity), so keep one {@link SecretKey} object per credential. Deriving them reads
 * {@link SecretKey#getEncoded()}, which copies the key: one small allocation per key change.
 */
public final class MessageIntegrity {
  /** Length of the HMAC-SHA1 value. */
  public static final int LENGTH = 20;
  /** Size of the whole attribute, header included. */
  public static final int ATTRIBUTE_SIZE = StunMessage.ATTRIBUTE_HEADER_SIZE + LENGTH;

  private static final String HMAC_SHA1 = "HmacSHA1";
  private static final int BLOCK_SIZE = 64; // SHA-1 block size, B in RFC 2104
  private static final int SCRATCH_SIZE = 512;

  private final MessageDigest sha1;
  private final byte[] innerPad = new byte[BLOCK_SIZE];
  private final byte[] outerPad = new byte[BLOCK_SIZE];
  private final byte[] inner = new byte[LENGTH];
  private final byte[] digest = new byte[LENGTH];
  private byte @Nullable [] scratch;
  private @Nullable SecretKey currentKey;

  /**
   * Creates an instance with its own SHA-1 digest.
   *
   * @throws IllegalStateException if the JDK offers no SHA-1 (every JDK must)
   */
  public MessageIntegrity() {
    try {
      this.sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is not available", e);
    }
  }

  /**
   * The short-term credential key (RFC 8489 §9.1.1): the password's bytes. ICE passwords are
   * ice-char only (ASCII), so OpaqueString processing does not change them; other callers must
   * apply it first.
   *
   * @throws IllegalArgumentException if {@code password} is empty
   */
  public static SecretKey shortTermKey(String password) {
    return new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), HMAC_SHA1);
  }

  /**
   * The long-term credential key (RFC 8489 §9.2.2, MD5 algorithm):
   * {@code MD5(username ":" realm ":" password)}. The caller applies OpaqueString (or, for RFC
   * 5389 peers, SASLprep) to the inputs; this method does not.
   */
  public static SecretKey longTermKey(String username, String realm, String password) {
    try {
      byte[] key = MessageDigest.getInstance("MD5")
          .digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
      return new SecretKeySpec(key, HMAC_SHA1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is not available", e);
    }
  }

  /**
   * Checks the MESSAGE-INTEGRITY of a parsed message. Compares in constant time. Allocates nothing
   * unless the key changed since the previous call (see the class javadoc).
   *
   * @param message a valid view; its buffer is borrowed
   * @return true if the attribute is present and matches; false if it is absent or wrong
   */
  public boolean verify(StunMessage message, SecretKey key) {
    int attribute = message.attributeIndex(StunAttributeType.MESSAGE_INTEGRITY);
    if (attribute < 0) {
      return false;
    }
    ByteBuf buf = message.buffer();
    compute(buf, message.startIndex(), attribute, key);
    int value = attribute + StunMessage.ATTRIBUTE_HEADER_SIZE;
    int diff = 0;
    for (int i = 0; i < LENGTH; i++) {
      diff |= digest[i] ^ buf.getByte(value + i);
    }
    return diff == 0;
  }

  /**
   * Appends a MESSAGE-INTEGRITY attribute at the writer index of {@code out}, over the message
   * that starts at {@code messageStart} and ends at the writer index, and sets the header's
   * length to include it. Borrows {@code out}.
   */
  void append(ByteBuf out, int messageStart, SecretKey key) {
    int attribute = out.writerIndex();
    compute(out, messageStart, attribute, key);
    out.writeShort(StunAttributeType.MESSAGE_INTEGRITY);
    out.writeShort(LENGTH);
    out.writeBytes(digest);
    out.setShort(messageStart + 2, out.writerIndex() - messageStart - StunMessage.HEADER_SIZE);
  }

  /** HMAC over [messageStart, attribute) with the length field adjusted; result in digest. */
  private void compute(ByteBuf buf, int messageStart, int attribute, SecretKey key) {
    init(key);
    int adjustedLength = attribute + ATTRIBUTE_SIZE - messageStart - StunMessage.HEADER_SIZE;
    // RFC 2104: H(K ^ opad, H(K ^ ipad, text)).
    sha1.reset();
    sha1.update(innerPad);
    update(buf, messageStart, 2);
    sha1.update((byte) (adjustedLength >>> 8));
    sha1.update((byte) adjustedLength);
    update(buf, messageStart + 4, attribute - messageStart - 4);
    finish(inner);
    sha1.update(outerPad);
    sha1.update(inner);
    finish(digest);
  }

  private void finish(byte[] out) {
    try {
      sha1.digest(out, 0, LENGTH);
    } catch (DigestException e) {
      throw new AssertionError("SHA-1 output is 20 bytes", e);
    }
  }

  private void init(SecretKey key) {
    if (key == currentKey) {
      return;
    }
    byte[] k = key.getEncoded();
    if (k == null) {
      throw new IllegalArgumentException(
          "STUN MESSAGE-INTEGRITY key " + key.getAlgorithm() + " has no encoded form");
    }
    if (k.length > BLOCK_SIZE) {
      k = sha1.digest(k); // RFC 2104 §2: longer keys are hashed first
    }
    for (int i = 0; i < BLOCK_SIZE; i++) {
      byte b = i < k.length ? k[i] : 0;
      innerPad[i] = (byte) (b ^ 0x36);
      outerPad[i] = (byte) (b ^ 0x5c);
    }
    Arrays.fill(k, (byte) 0);
    currentKey = key;
  }

  private void update(ByteBuf buf, int index, int length) {
    if (length <= 0) {
      return;
    }
    if (buf.hasArray()) {
      sha1.update(buf.array(), buf.arrayOffset() + index, length);
    } else if (buf.nioBufferCount() == 1) {
      // A direct buffer: read through its cached internal NIO view. getBytes(byte[]) would
      // duplicate the NIO buffer per call when Netty runs without Unsafe; MessageDigest copies
      // through an array it keeps.
      sha1.update(buf.internalNioBuffer(index, length));
    } else {
      // A composite of several buffers (not what a datagram read produces): copy through scratch.
      byte[] s = scratch;
      if (s == null) {
        s = scratch = new byte[SCRATCH_SIZE];
      }
      while (length > 0) {
        int n = Math.min(length, s.length);
        buf.getBytes(index, s, 0, n);
        sha1.update(s, 0, n);
        index += n;
        length -= n;
      }
    }
  }
}
