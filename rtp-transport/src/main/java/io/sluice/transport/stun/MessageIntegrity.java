package io.sluice.transport.stun;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
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
 * <p>The HMAC is computed over the {@code ByteBuf} in place. A heap buffer feeds its backing array
 * straight to the {@link Mac}; any other buffer is copied through a reusable scratch array,
 * because the JDK's {@code Mac.update(ByteBuffer)} allocates a temporary array per call for
 * direct buffers.
 *
 * <p>One instance holds one {@link Mac} and is <em>not thread-safe</em>: keep one per thread (an
 * event loop) or per agent. {@code Mac.init} runs only when the key differs from the previous
 * call's (compared by identity), so keep one {@link SecretKey} object per credential. When the key
 * does change, the JDK's {@code Mac.init} copies the key bytes: one small allocation that the JCA
 * does not let us avoid.
 */
public final class MessageIntegrity {
  /** Length of the HMAC-SHA1 value. */
  public static final int LENGTH = 20;
  /** Size of the whole attribute, header included. */
  public static final int ATTRIBUTE_SIZE = StunMessage.ATTRIBUTE_HEADER_SIZE + LENGTH;

  private static final String HMAC_SHA1 = "HmacSHA1";
  private static final int SCRATCH_SIZE = 512;

  private final Mac mac;
  private final byte[] digest = new byte[LENGTH];
  private byte @Nullable [] scratch;
  private @Nullable SecretKey currentKey;

  /**
   * Creates an instance with its own HMAC-SHA1 {@link Mac}.
   *
   * @throws IllegalStateException if the JDK offers no HmacSHA1 (every JDK must)
   */
  public MessageIntegrity() {
    try {
      this.mac = Mac.getInstance(HMAC_SHA1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("HmacSHA1 is not available", e);
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
   * unless the key changed (see the class javadoc).
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
    update(buf, messageStart, 2);
    mac.update((byte) (adjustedLength >>> 8));
    mac.update((byte) adjustedLength);
    update(buf, messageStart + 4, attribute - messageStart - 4);
    try {
      mac.doFinal(digest, 0);
    } catch (javax.crypto.ShortBufferException e) {
      throw new AssertionError("digest holds 20 bytes", e);
    }
  }

  private void init(SecretKey key) {
    if (key == currentKey) {
      return; // doFinal left the Mac initialised with this key.
    }
    try {
      mac.init(key);
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("STUN MESSAGE-INTEGRITY key rejected by HmacSHA1", e);
    }
    currentKey = key;
  }

  private void update(ByteBuf buf, int index, int length) {
    if (buf.hasArray()) {
      mac.update(buf.array(), buf.arrayOffset() + index, length);
      return;
    }
    byte[] s = scratch;
    if (s == null) {
      s = scratch = new byte[SCRATCH_SIZE];
    }
    while (length > 0) {
      int n = Math.min(length, s.length);
      buf.getBytes(index, s, 0, n);
      mac.update(s, 0, n);
      index += n;
      length -= n;
    }
  }
}
