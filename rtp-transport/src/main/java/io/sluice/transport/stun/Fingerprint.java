package io.sluice.transport.stun;

import io.netty.buffer.ByteBuf;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * FINGERPRINT (RFC 8489 §14.7): the CRC-32 (ITU V.42, the one in {@link CRC32}) of the message up
 * to the attribute, XOR {@code 0x5354554E}. It must be the last attribute, so the header's length
 * field already covers it.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Type = 0x8028            |          Length = 4           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         CRC-32(message before this attribute) ^ 0x5354554E    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Computed over the {@code ByteBuf} in place: a heap buffer's array, a direct buffer's internal
 * NIO view ({@code internalNioBuffer}, no allocation), and only a composite of several buffers
 * through a reusable scratch array. Not thread-safe: keep one per thread or per agent.
 */
public final class Fingerprint {
  /** The value XOR'ed into the CRC so that CRCs of other protocols do not match (§14.7). */
  public static final int XOR_VALUE = 0x5354554E;
  /** Size of the whole attribute, header included. */
  public static final int ATTRIBUTE_SIZE = StunMessage.ATTRIBUTE_HEADER_SIZE + 4;

  private static final int SCRATCH_SIZE = 512;

  private final CRC32 crc = new CRC32();
  private byte @Nullable [] scratch;

  /** Creates an instance with its own CRC state. */
  public Fingerprint() {}

  /**
   * Checks the FINGERPRINT of a parsed message.
   *
   * @param message a valid view; its buffer is borrowed
   * @return true if the attribute is present and matches; false if it is absent or wrong
   */
  public boolean verify(StunMessage message) {
    int attribute = message.attributeIndex(StunAttributeType.FINGERPRINT);
    if (attribute < 0) {
      return false;
    }
    ByteBuf buf = message.buffer();
    int expected = compute(buf, message.startIndex(), attribute);
    return buf.getInt(attribute + StunMessage.ATTRIBUTE_HEADER_SIZE) == expected;
  }

  /**
   * Appends a FINGERPRINT attribute at the writer index of {@code out}, after setting the header's
   * length to include it. Borrows {@code out}.
   */
  void append(ByteBuf out, int messageStart) {
    int attribute = out.writerIndex();
    out.setShort(messageStart + 2,
        attribute + ATTRIBUTE_SIZE - messageStart - StunMessage.HEADER_SIZE);
    int value = compute(out, messageStart, attribute);
    out.writeShort(StunAttributeType.FINGERPRINT);
    out.writeShort(4);
    out.writeInt(value);
  }

  /** CRC-32 of [messageStart, attribute) XOR 0x5354554E. */
  int compute(ByteBuf buf, int messageStart, int attribute) {
    crc.reset();
    int index = messageStart;
    int length = attribute - messageStart;
    if (buf.hasArray()) {
      crc.update(buf.array(), buf.arrayOffset() + index, length);
    } else if (buf.nioBufferCount() == 1) {
      // A direct buffer: CRC32 reads a direct ByteBuffer natively, and the internal NIO view is
      // cached by the buffer (getBytes(byte[]) would duplicate it per call without Unsafe).
      crc.update(buf.internalNioBuffer(index, length));
    } else {
      // A composite of several buffers: copy through scratch.
      byte[] s = scratch;
      if (s == null) {
        s = scratch = new byte[SCRATCH_SIZE];
      }
      while (length > 0) {
        int n = Math.min(length, s.length);
        buf.getBytes(index, s, 0, n);
        crc.update(s, 0, n);
        index += n;
        length -= n;
      }
    }
    return (int) crc.getValue() ^ XOR_VALUE;
  }
}
