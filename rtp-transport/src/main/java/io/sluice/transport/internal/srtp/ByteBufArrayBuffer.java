package io.sluice.transport.internal.srtp;

import io.netty.buffer.ByteBuf;
import org.jitsi.utils.ByteArrayBuffer;

/**
 * jitsi-srtp's {@link ByteArrayBuffer} over the backing array of a heap {@link ByteBuf}, so that
 * SRTP transforms the packet in place without copying it.
 *
 * <p>The packet is the buffer's readable bytes. jitsi-srtp may shrink it (removing a tag) or
 * lengthen it up to the buffer's <em>capacity</em> (appending a tag, SRTCP index or GCM tag); it
 * never reaches past the capacity, because a pooled heap buffer shares its backing array with other
 * buffers: {@link #grow}, {@link #setLength} and {@link #append} throw
 * {@link IndexOutOfBoundsException} instead. The caller makes sure there is enough tail room
 * ({@link SrtpProfile#MAX_TRAILER_LENGTH}) before transforming.
 *
 * <p><b>Ownership.</b> Borrowed: {@link #bind} neither retains nor releases the buffer. Changes
 * to the length reach the buffer only through {@link #commit}, which the caller invokes when the
 * transform succeeded, so a failed transform leaves the buffer's indexes untouched. One instance is
 * reused for every packet a thread transforms; it is not thread-safe.
 */
final class ByteBufArrayBuffer implements ByteArrayBuffer {
  private static final byte[] EMPTY = new byte[0];

  private byte[] array = EMPTY;
  /** Array index of the buffer's index 0. */
  private int base;
  /** Array index one past the buffer's capacity. */
  private int limit;
  /** Array index of the first packet byte. */
  private int offset;
  private int length;

  /**
   * Binds to the readable bytes of {@code buf} (borrowed).
   *
   * @throws IllegalArgumentException if {@code buf} has no accessible backing array
   */
  ByteBufArrayBuffer bind(ByteBuf buf) {
    if (!buf.hasArray()) {
      throw new IllegalArgumentException("SRTP needs a heap buffer (found: " + buf.getClass().getSimpleName() + ")");
    }
    array = buf.array();
    base = buf.arrayOffset();
    limit = base + buf.capacity();
    offset = base + buf.readerIndex();
    length = buf.readableBytes();
    return this;
  }

  /** Writes the current offset and length back to {@code buf} as its reader and writer index. */
  void commit(ByteBuf buf) {
    int readerIndex = offset - base;
    buf.setIndex(readerIndex, readerIndex + length);
  }

  /** Drops the reference to the array, so a thread-local instance does not pin a pooled chunk. */
  void unbind() {
    array = EMPTY;
    base = limit = offset = length = 0;
  }

  @Override
  public byte[] getBuffer() {
    return array;
  }

  @Override
  public int getOffset() {
    return offset;
  }

  @Override
  public int getLength() {
    return length;
  }

  @Override
  public void setLength(int len) {
    if (len < 0 || offset + len > limit) {
      throw new IndexOutOfBoundsException("SRTP packet length " + len + " (expected: 0.." + (limit - offset) + ")");
    }
    length = len;
  }

  @Override
  public void setOffset(int off) {
    if (off < base || off + length > limit) {
      throw new IndexOutOfBoundsException("SRTP packet offset " + off + " (expected: " + base + ".."
          + (limit - length) + ")");
    }
    offset = off;
  }

  @Override
  public boolean isInvalid() {
    return false;
  }

  @Override
  public void readRegionToBuff(int off, int len, byte[] out) {
    if (off < 0 || len < 0 || off + len > length || len > out.length) {
      throw new IndexOutOfBoundsException("SRTP region " + off + "+" + len + " of a " + length + "-byte packet");
    }
    System.arraycopy(array, offset + off, out, 0, len);
  }

  /** Checks that {@code howMuch} more bytes fit before the buffer's capacity; never reallocates. */
  @Override
  public void grow(int howMuch) {
    if (howMuch < 0 || offset + length + howMuch > limit) {
      throw new IndexOutOfBoundsException("SRTP needs " + howMuch + " bytes of tail room (found: "
          + (limit - offset - length) + ")");
    }
  }

  @Override
  public void append(byte[] data, int len) {
    grow(len);
    System.arraycopy(data, 0, array, offset + length, len);
    length += len;
  }

  @Override
  public void shrink(int len) {
    if (len > 0) {
      length = Math.max(0, length - len);
    }
  }
}
