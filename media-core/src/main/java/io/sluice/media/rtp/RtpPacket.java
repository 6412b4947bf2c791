package io.sluice.media.rtp;

import io.netty.buffer.ByteBuf;
import io.sluice.media.internal.Bytes;
import org.jspecify.annotations.Nullable;

/**
 * RFC 3550 §5.1 RTP packet: a reusable, allocation-free view over a Netty {@link ByteBuf} that
 * reads and rewrites the header in place.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      defined by profile       |            length             |  (if X = 1)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        header extension                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                            payload  ...  | padding | count   |  (if P = 1)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Header extensions use RFC 8285: the one-byte form (profile {@code 0xBEDE}, ids 1..14, 1..16
 * data bytes) and the two-byte form (profile {@code 0x100X}, ids 1..255, 0..255 data bytes). The
 * view can find, read, rewrite, remove and add elements by id.
 *
 * <p><b>Ownership.</b> The view borrows the buffer: it never retains or releases it, and the caller
 * keeps the buffer alive while the view is in use. Operations that change the packet's size
 * ({@link #addExtension}, {@link #removeExtension}) require the packet to end at the buffer's
 * writer index, and move that index.
 *
 * <p><b>Validation.</b> {@link #tryWrap} checks every length (CSRC list, extension header and
 * elements, padding) before it exposes anything; on failure the view stays unbound and the caller
 * counts the drop. {@link #parse} and {@link #wrap} throw {@link MalformedRtpException} with a
 * message naming what was found and what was expected. Neither path allocates on success.
 *
 * <p>Not thread-safe: use one view per thread (for example, one per event loop).
 */
public final class RtpPacket {

  /** The outcome of {@link #tryWrap}. */
  public enum Result {
    /** The packet is valid and the view is bound to it. */
    OK,
    /** Fewer than 12 bytes. */
    TOO_SHORT,
    /** The version field is not 2. */
    BAD_VERSION,
    /** The CSRC list runs past the end of the packet. */
    CSRC_OVERRUN,
    /** The extension header or data runs past the end of the packet. */
    EXTENSION_OVERRUN,
    /** An RFC 8285 extension element runs past the end of the extension block. */
    BAD_EXTENSION_ELEMENT,
    /** The padding count is 0 or larger than the space after the header. */
    BAD_PADDING
  }

  /** Size of the fixed header. */
  public static final int FIXED_HEADER_SIZE = 12;
  /** The RFC 8285 one-byte header extension profile. */
  public static final int ONE_BYTE_PROFILE = 0xBEDE;
  /** The RFC 8285 two-byte header extension profile (the low 4 "appbits" are zero). */
  public static final int TWO_BYTE_PROFILE = 0x1000;

  private static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;
  private static final int ONE_BYTE_MAX_ID = 14;
  private static final int ONE_BYTE_MAX_LENGTH = 16;
  private static final int TWO_BYTE_MAX_ID = 255;
  private static final int TWO_BYTE_MAX_LENGTH = 255;
  private static final int ONE_BYTE_STOP_ID = 15;

  private @Nullable ByteBuf buf;
  private int offset;
  private int length;
  /** Absolute index of the extension profile field, or -1 without an extension. */
  private int extensionIndex = -1;
  /** Extension data length in bytes (the length field times 4). */
  private int extensionLength;
  private int payloadOffset;
  private int paddingLength;

  /** Creates an unbound view. Bind it with {@link #tryWrap} or {@link #wrap}. */
  public RtpPacket() {}

  /**
   * Parses the readable bytes of {@code buf} into a new view, for tools and tests.
   *
   * @throws MalformedRtpException if the packet is invalid
   */
  public static RtpPacket parse(ByteBuf buf) {
    return new RtpPacket().wrap(buf);
  }

  /**
   * Binds this view to the readable bytes of {@code buf} (borrowed), throwing on bad input.
   *
   * @return this view
   * @throws MalformedRtpException if the packet is invalid; the view is then unbound
   */
  public RtpPacket wrap(ByteBuf buf) {
    Result r = tryWrap(buf, buf.readerIndex(), buf.readableBytes());
    if (r != Result.OK) {
      throw new MalformedRtpException(describe(r, buf, buf.readerIndex(), buf.readableBytes()));
    }
    return this;
  }

  /** Hot path: binds this view to the readable bytes of {@code buf} (borrowed). Never throws. */
  public Result tryWrap(ByteBuf buf) {
    return tryWrap(buf, buf.readerIndex(), buf.readableBytes());
  }

  /**
   * Hot path: binds this view to {@code length} bytes of {@code buf} (borrowed) at absolute index
   * {@code offset}. Never throws on malformed input and never allocates.
   *
   * @return {@link Result#OK}, or the reason the packet was rejected (the view is then unbound)
   */
  public Result tryWrap(ByteBuf buf, int offset, int length) {
    clear();
    if (length < FIXED_HEADER_SIZE) {
      return Result.TOO_SHORT;
    }
    int b0 = buf.getUnsignedByte(offset);
    if ((b0 >> 6) != 2) {
      return Result.BAD_VERSION;
    }
    int end = offset + length;
    int pos = offset + FIXED_HEADER_SIZE + 4 * (b0 & 0x0F);
    if (pos > end) {
      return Result.CSRC_OVERRUN;
    }
    int extIndex = -1;
    int extLen = 0;
    if ((b0 & 0x10) != 0) {
      if (pos + 4 > end) {
        return Result.EXTENSION_OVERRUN;
      }
      extLen = buf.getUnsignedShort(pos + 2) * 4;
      if (pos + 4 + extLen > end) {
        return Result.EXTENSION_OVERRUN;
      }
      extIndex = pos;
      if (!elementsValid(buf, buf.getUnsignedShort(pos), pos + 4, pos + 4 + extLen)) {
        return Result.BAD_EXTENSION_ELEMENT;
      }
      pos += 4 + extLen;
    }
    int padding = 0;
    if ((b0 & 0x20) != 0) {
      if (end == pos) {
        return Result.BAD_PADDING;
      }
      padding = buf.getUnsignedByte(end - 1);
      if (padding == 0 || padding > end - pos) {
        return Result.BAD_PADDING;
      }
    }
    this.buf = buf;
    this.offset = offset;
    this.length = length;
    this.extensionIndex = extIndex;
    this.extensionLength = extLen;
    this.payloadOffset = pos;
    this.paddingLength = padding;
    return Result.OK;
  }

  /** Unbinds the view. */
  public void clear() {
    buf = null;
    offset = 0;
    length = 0;
    extensionIndex = -1;
    extensionLength = 0;
    payloadOffset = 0;
    paddingLength = 0;
  }

  /** Returns true if the view is bound to a valid packet. */
  public boolean isBound() {
    return buf != null;
  }

  /** Returns the buffer this view reads (borrowed). */
  public ByteBuf buffer() {
    return buf();
  }

  /** Returns the absolute index of the first byte of the packet. */
  public int offset() {
    return offset;
  }

  /** Returns the packet length in bytes, padding included. */
  public int length() {
    return length;
  }

  // ---- fixed header -------------------------------------------------------------------------

  /** Returns the version field (always 2 for a bound view). */
  public int version() {
    return buf().getUnsignedByte(offset) >> 6;
  }

  /** Returns the P bit. */
  public boolean hasPadding() {
    return (buf().getByte(offset) & 0x20) != 0;
  }

  /** Returns the X bit. */
  public boolean hasExtension() {
    return extensionIndex >= 0;
  }

  /** Returns the CSRC count (0..15). */
  public int csrcCount() {
    return buf().getByte(offset) & 0x0F;
  }

  /** Returns the marker bit. */
  public boolean marker() {
    return (buf().getByte(offset + 1) & 0x80) != 0;
  }

  /** Sets the marker bit in place. */
  public void setMarker(boolean marker) {
    ByteBuf b = buf();
    int v = b.getUnsignedByte(offset + 1);
    b.setByte(offset + 1, marker ? (v | 0x80) : (v & 0x7F));
  }

  /** Returns the payload type (0..127). */
  public int payloadType() {
    return buf().getByte(offset + 1) & 0x7F;
  }

  /** Sets the payload type (0..127) in place, keeping the marker bit. */
  public void setPayloadType(int payloadType) {
    ByteBuf b = buf();
    b.setByte(offset + 1, (b.getByte(offset + 1) & 0x80) | (payloadType & 0x7F));
  }

  /** Returns the 16-bit sequence number. */
  public int sequenceNumber() {
    return buf().getUnsignedShort(offset + 2);
  }

  /** Rewrites the 16-bit sequence number in place. */
  public void setSequenceNumber(int seq) {
    buf().setShort(offset + 2, seq);
  }

  /** Returns the 32-bit timestamp as an unsigned value. */
  public long timestamp() {
    return buf().getUnsignedInt(offset + 4);
  }

  /** Rewrites the 32-bit timestamp in place. */
  public void setTimestamp(long timestamp) {
    buf().setInt(offset + 4, (int) timestamp);
  }

  /** Returns the SSRC as an unsigned value. */
  public long ssrc() {
    return buf().getUnsignedInt(offset + 8);
  }

  /** Rewrites the SSRC in place. */
  public void setSsrc(long ssrc) {
    buf().setInt(offset + 8, (int) ssrc);
  }

  /**
   * Rewrites sequence number, timestamp and SSRC in one call, as per-subscriber sequencing does
   * for every forwarded packet.
   */
  public void rewrite(int seq, long timestamp, long ssrc) {
    ByteBuf b = buf();
    b.setShort(offset + 2, seq);
    b.setInt(offset + 4, (int) timestamp);
    b.setInt(offset + 8, (int) ssrc);
  }

  /** Returns CSRC number {@code i} (0-based) as an unsigned value. */
  public long csrc(int i) {
    return buf().getUnsignedInt(csrcIndex(i));
  }

  /** Rewrites CSRC number {@code i} (0-based) in place. */
  public void setCsrc(int i, long csrc) {
    buf().setInt(csrcIndex(i), (int) csrc);
  }

  private int csrcIndex(int i) {
    if (i < 0 || i >= csrcCount()) {
      throw new IndexOutOfBoundsException("CSRC index " + i + " (expected: 0.." + (csrcCount() - 1) + ")");
    }
    return offset + FIXED_HEADER_SIZE + 4 * i;
  }

  // ---- layout -------------------------------------------------------------------------------

  /** Returns the header length: fixed header, CSRCs and header extension. */
  public int headerLength() {
    return payloadOffset - offset;
  }

  /** Returns the absolute index of the payload. */
  public int payloadOffset() {
    return payloadOffset;
  }

  /** Returns the payload length, excluding padding. */
  public int payloadLength() {
    return offset + length - paddingLength - payloadOffset;
  }

  /** Returns the number of padding bytes, the count byte included (0 when P is clear). */
  public int paddingLength() {
    return paddingLength;
  }

  /** Returns the extension profile ("defined by profile" field), or -1 without an extension. */
  public int extensionProfile() {
    return extensionIndex < 0 ? -1 : buf().getUnsignedShort(extensionIndex);
  }

  /** Returns the length of the extension data in bytes (0 without an extension). */
  public int extensionDataLength() {
    return extensionLength;
  }

  /** Returns the absolute index of the extension data, or -1 without an extension. */
  public int extensionDataOffset() {
    return extensionIndex < 0 ? -1 : extensionIndex + 4;
  }

  // ---- RFC 8285 header extensions ------------------------------------------------------------

  /**
   * Returns the absolute index of the data of extension element {@code id}, or -1 if the packet
   * has no such element (or its extension is not in an RFC 8285 form). Allocation-free.
   */
  public int findExtension(int id) {
    int e = elementIndex(id);
    return e < 0 ? -1 : e + elementHeaderSize();
  }

  /** Returns the data length of extension element {@code id}, or -1 if absent. */
  public int extensionLength(int id) {
    int e = elementIndex(id);
    return e < 0 ? -1 : elementDataLength(buf(), e, isOneByte());
  }

  /**
   * Overwrites the data of extension element {@code id} with {@code length} bytes of {@code src}
   * at {@code srcIndex}, in place. The element must exist with exactly that length.
   *
   * @return false if the element is absent or has another length
   */
  public boolean rewriteExtension(int id, ByteBuf src, int srcIndex, int length) {
    int e = elementIndex(id);
    if (e < 0 || elementDataLength(buf(), e, isOneByte()) != length) {
      return false;
    }
    buf().setBytes(e + elementHeaderSize(), src, srcIndex, length);
    return true;
  }

  /**
   * Removes extension element {@code id} (every occurrence, if a peer repeated it), shrinking the extension block to whole 32-bit words
   * and dropping the block (and the X bit) when no element is left. The payload and padding move
   * back; the packet must end at the buffer's writer index, which moves with it.
   *
   * @return false if the element was absent, or the packet does not end at the writer index
   */
  public boolean removeExtension(int id) {
    ByteBuf b = buf();
    int e = elementIndex(id);
    if (e < 0 || !endsAtWriterIndex()) {
      return false;
    }
    boolean oneByte = isOneByte();
    int dataStart = extensionIndex + 4;
    int blockEnd = dataStart + extensionLength;
    // RFC 8285 expects an id at most once per packet, but a peer may repeat it: remove them all.
    do {
      int size = elementHeaderSize() + elementDataLength(b, e, oneByte);
      Bytes.move(b, e + size, e, blockEnd - (e + size));
      b.setZero(blockEnd - size, size);
      e = elementIndex(id);
    } while (e >= 0);
    int used = usedEnd(b, dataStart, blockEnd, oneByte) - dataStart;
    int newLength = (used + 3) & ~3;
    if (newLength == 0) {
      // No element left: drop the whole extension, its 4-byte header included.
      shrink(extensionIndex, 4 + extensionLength);
      b.setByte(offset, b.getByte(offset) & ~0x10);
      extensionIndex = -1;
      extensionLength = 0;
    } else if (newLength < extensionLength) {
      shrink(dataStart + newLength, extensionLength - newLength);
      extensionLength = newLength;
      b.setShort(extensionIndex + 2, newLength / 4);
    }
    return true;
  }

  /**
   * Adds extension element {@code id} with {@code length} bytes of {@code src} at
   * {@code srcIndex}, or replaces it if present. Creates the extension block when the packet has
   * none (one-byte form when the element fits it, else two-byte form), and converts a one-byte
   * block to the two-byte form when the new element needs it (id above 14, or 0 or more than 16
   * bytes). The packet must end at the buffer's writer index; the buffer grows if needed.
   *
   * @return false if the id or length cannot be encoded, the packet carries a non-RFC 8285
   *     extension or a one-byte block cut short by the reserved id 15, or the packet does not end
   *     at the writer index
   */
  public boolean addExtension(int id, ByteBuf src, int srcIndex, int length) {
    if (id < 1 || id > TWO_BYTE_MAX_ID || length < 0 || length > TWO_BYTE_MAX_LENGTH
        || !endsAtWriterIndex()) {
      return false;
    }
    boolean fitsOneByte = id <= ONE_BYTE_MAX_ID && length >= 1 && length <= ONE_BYTE_MAX_LENGTH;
    if (extensionIndex >= 0) {
      int profile = extensionProfile();
      boolean oneByte = profile == ONE_BYTE_PROFILE;
      if (!oneByte && (profile & TWO_BYTE_PROFILE_MASK) != TWO_BYTE_PROFILE) {
        return false;
      }
      if (oneByte && hasStopId()) {
        // RFC 8285 §4.2: parsing stops at id 15, so an element written after it would be lost.
        return false;
      }
      int current = extensionLength(id);
      if (current == length) {
        buf().setBytes(findExtension(id), src, srcIndex, length);
        return true;
      }
      if (current >= 0) {
        removeExtension(id);
      }
    }
    ByteBuf b = buf();
    if (extensionIndex < 0) {
      int hdr = fitsOneByte ? 1 : 2;
      int dataLen = (hdr + length + 3) & ~3;
      int at = offset + FIXED_HEADER_SIZE + 4 * csrcCount();
      grow(at, 4 + dataLen);
      b.setShort(at, fitsOneByte ? ONE_BYTE_PROFILE : TWO_BYTE_PROFILE);
      b.setShort(at + 2, dataLen / 4);
      b.setZero(at + 4, dataLen);
      b.setByte(offset, b.getByte(offset) | 0x10);
      extensionIndex = at;
      extensionLength = dataLen;
      writeElement(b, at + 4, fitsOneByte, id, src, srcIndex, length);
      return true;
    }
    if (isOneByte() && !fitsOneByte) {
      convertToTwoByte();
    }
    boolean oneByte = isOneByte();
    int dataStart = extensionIndex + 4;
    int used = usedEnd(b, dataStart, dataStart + extensionLength, oneByte);
    int need = used + (oneByte ? 1 : 2) + length - dataStart;
    int newLength = (need + 3) & ~3;
    if (newLength > extensionLength) {
      int delta = newLength - extensionLength;
      grow(dataStart + extensionLength, delta);
      b.setZero(dataStart + extensionLength, delta);
      extensionLength = newLength;
      b.setShort(extensionIndex + 2, newLength / 4);
    }
    writeElement(b, used, oneByte, id, src, srcIndex, length);
    return true;
  }

  /** Returns true if the one-byte block holds the reserved id 15, after which parsing stops. */
  private boolean hasStopId() {
    ByteBuf b = buf();
    int pos = extensionIndex + 4;
    int end = pos + extensionLength;
    while (pos < end) {
      int h = b.getUnsignedByte(pos);
      if (isPadding(h, true)) {
        pos++;
        continue;
      }
      if ((h >> 4) == ONE_BYTE_STOP_ID) {
        return true;
      }
      pos += 1 + (h & 0x0F) + 1;
    }
    return false;
  }

  private boolean isOneByte() {
    return buf().getUnsignedShort(extensionIndex) == ONE_BYTE_PROFILE;
  }

  private int elementHeaderSize() {
    return isOneByte() ? 1 : 2;
  }

  private boolean endsAtWriterIndex() {
    return offset + length == buf().writerIndex();
  }

  /** Returns the absolute index of element {@code id}'s header, or -1. */
  private int elementIndex(int id) {
    if (extensionIndex < 0 || id < 1) {
      return -1;
    }
    ByteBuf b = buf();
    int profile = b.getUnsignedShort(extensionIndex);
    boolean oneByte;
    if (profile == ONE_BYTE_PROFILE) {
      oneByte = true;
      if (id > ONE_BYTE_MAX_ID) {
        return -1;
      }
    } else if ((profile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE) {
      oneByte = false;
    } else {
      return -1;
    }
    int pos = extensionIndex + 4;
    int end = pos + extensionLength;
    while (pos < end) {
      int h = b.getUnsignedByte(pos);
      if (isPadding(h, oneByte)) {
        pos++;
        continue;
      }
      int elementId = oneByte ? h >> 4 : h;
      if (oneByte && elementId == ONE_BYTE_STOP_ID) {
        return -1;
      }
      if (elementId == id) {
        return pos;
      }
      pos += (oneByte ? 1 : 2) + elementDataLength(b, pos, oneByte);
    }
    return -1;
  }

  /**
   * RFC 8285 §4.2/§4.3: id 0 marks a padding byte. In the one-byte form a header with id 0 is
   * skipped as one byte whatever its length nibble (as mediasoup does), so a malformed padding
   * byte can never be read, or rewritten, as an element.
   */
  private static boolean isPadding(int header, boolean oneByte) {
    return oneByte ? (header >> 4) == 0 : header == 0;
  }

  private static int elementDataLength(ByteBuf b, int elementIndex, boolean oneByte) {
    return oneByte ? (b.getUnsignedByte(elementIndex) & 0x0F) + 1 : b.getUnsignedByte(elementIndex + 1);
  }

  /** Validates RFC 8285 elements; other profiles are opaque and always valid. */
  private static boolean elementsValid(ByteBuf b, int profile, int pos, int end) {
    boolean oneByte;
    if (profile == ONE_BYTE_PROFILE) {
      oneByte = true;
    } else if ((profile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE) {
      oneByte = false;
    } else {
      return true;
    }
    while (pos < end) {
      int h = b.getUnsignedByte(pos);
      if (isPadding(h, oneByte)) {
        pos++;
        continue;
      }
      if (oneByte) {
        if ((h >> 4) == ONE_BYTE_STOP_ID) {
          return true; // RFC 8285 §4.2: stop processing; the rest is opaque
        }
        pos += 1 + (h & 0x0F) + 1;
      } else {
        if (pos + 2 > end) {
          return false;
        }
        pos += 2 + b.getUnsignedByte(pos + 1);
      }
      if (pos > end) {
        return false;
      }
    }
    return true;
  }

  /** Returns the absolute index just after the last element (trailing padding excluded). */
  private static int usedEnd(ByteBuf b, int pos, int end, boolean oneByte) {
    int used = pos;
    while (pos < end) {
      int h = b.getUnsignedByte(pos);
      if (isPadding(h, oneByte)) {
        pos++;
        continue;
      }
      if (oneByte && (h >> 4) == ONE_BYTE_STOP_ID) {
        return end; // opaque tail: treat the block as full
      }
      pos += (oneByte ? 1 : 2) + elementDataLength(b, pos, oneByte);
      used = pos;
    }
    return used;
  }

  private static void writeElement(ByteBuf b, int at, boolean oneByte, int id, ByteBuf src,
      int srcIndex, int length) {
    if (oneByte) {
      b.setByte(at, (id << 4) | (length - 1));
      b.setBytes(at + 1, src, srcIndex, length);
    } else {
      b.setByte(at, id);
      b.setByte(at + 1, length);
      b.setBytes(at + 2, src, srcIndex, length);
    }
  }

  /**
   * Rewrites a one-byte extension block in the two-byte form, in place: grows the block, then
   * moves elements from last to first (each moves forward, so none is overwritten before it is
   * read).
   */
  private void convertToTwoByte() {
    ByteBuf b = buf();
    int dataStart = extensionIndex + 4;
    int end = dataStart + extensionLength;
    // First pack the one-byte elements without padding, moving each back (forward order is safe).
    // Then element k sits at or before its two-byte position, which the backward pass relies on.
    int count = 0;
    int dataBytes = 0;
    int write = dataStart;
    for (int pos = dataStart; pos < end; ) {
      int h = b.getUnsignedByte(pos);
      if (isPadding(h, true)) {
        pos++;
        continue;
      }
      if ((h >> 4) == ONE_BYTE_STOP_ID) {
        break;
      }
      int len = (h & 0x0F) + 1;
      Bytes.move(b, pos, write, 1 + len);
      write += 1 + len;
      count++;
      dataBytes += len;
      pos += 1 + len;
    }
    b.setZero(write, end - write);
    // Never shrink here: the block keeps at least its current size (the tail becomes padding).
    int newLength = Math.max(extensionLength, (2 * count + dataBytes + 3) & ~3);
    if (newLength > extensionLength) {
      grow(end, newLength - extensionLength);
    }
    // Elements are repacked without padding: element k lands at dataStart + sum of the sizes of
    // elements before it in the two-byte form. Walk from the last element back.
    for (int k = count - 1; k >= 0; k--) {
      int pos = dataStart;
      int newPos = dataStart;
      int seen = 0;
      while (true) {
        int h = b.getUnsignedByte(pos);
        if (isPadding(h, true)) {
          pos++;
          continue;
        }
        int len = (h & 0x0F) + 1;
        if (seen == k) {
          Bytes.move(b, pos + 1, newPos + 2, len);
          b.setByte(newPos, h >> 4);
          b.setByte(newPos + 1, len);
          break;
        }
        seen++;
        newPos += 2 + len;
        pos += 1 + len;
      }
    }
    int packed = 2 * count + dataBytes;
    b.setZero(dataStart + packed, newLength - packed);
    b.setShort(extensionIndex, TWO_BYTE_PROFILE);
    b.setShort(extensionIndex + 2, newLength / 4);
    extensionLength = newLength;
  }

  /** Opens {@code delta} bytes at absolute index {@code at}, moving the rest of the packet on. */
  private void grow(int at, int delta) {
    ByteBuf b = buf();
    int end = offset + length;
    b.ensureWritable(delta);
    Bytes.move(b, at, at + delta, end - at);
    b.writerIndex(end + delta);
    length += delta;
    payloadOffset += delta;
  }

  /** Closes {@code delta} bytes at absolute index {@code at}, moving the rest of the packet back. */
  private void shrink(int at, int delta) {
    ByteBuf b = buf();
    int end = offset + length;
    Bytes.move(b, at + delta, at, end - at - delta);
    b.writerIndex(end - delta);
    length -= delta;
    payloadOffset -= delta;
  }

  private ByteBuf buf() {
    ByteBuf b = buf;
    if (b == null) {
      throw new IllegalStateException("RtpPacket view is not bound to a packet");
    }
    return b;
  }

  /** Returns the message {@link #wrap} throws for {@code result}. */
  static String describe(Result result, ByteBuf buf, int offset, int length) {
    int end = offset + length;
    switch (result) {
      case TOO_SHORT:
        return "RTP: " + length + " bytes (expected: 12+ bytes)";
      case BAD_VERSION:
        return "RTP: version " + (buf.getUnsignedByte(offset) >> 6) + " (expected: 2)";
      case CSRC_OVERRUN: {
        int cc = buf.getByte(offset) & 0x0F;
        return "RTP: " + length + " bytes with CSRC count " + cc + " (expected: "
            + (FIXED_HEADER_SIZE + 4 * cc) + "+ bytes)";
      }
      case EXTENSION_OVERRUN: {
        int pos = offset + FIXED_HEADER_SIZE + 4 * (buf.getByte(offset) & 0x0F);
        if (pos + 4 > end) {
          return "RTP extension: header at byte " + (pos - offset) + " of " + length
              + " bytes (expected: " + (pos + 4 - offset) + "+ bytes)";
        }
        int words = buf.getUnsignedShort(pos + 2);
        return "RTP extension: length " + words + " words needs " + (pos + 4 + 4 * words - offset)
            + " bytes (expected: at most " + length + " bytes)";
      }
      case BAD_EXTENSION_ELEMENT:
        return "RTP extension: an RFC 8285 element runs past the end of the extension block";
      case BAD_PADDING: {
        int pos = offset + FIXED_HEADER_SIZE + 4 * (buf.getByte(offset) & 0x0F);
        if ((buf.getByte(offset) & 0x10) != 0) {
          pos += 4 + 4 * buf.getUnsignedShort(pos + 2);
        }
        int count = end == pos ? 0 : buf.getUnsignedByte(end - 1);
        return "RTP padding: count " + count + " (expected: 1.." + (end - pos) + ")";
      }
      default:
        return "RTP: " + result;
    }
  }

  @Override
  public String toString() {
    if (buf == null) {
      return "RtpPacket(unbound)";
    }
    return "RtpPacket(pt=" + payloadType() + ", seq=" + sequenceNumber() + ", ts=" + timestamp()
        + ", ssrc=" + ssrc() + ", marker=" + marker() + ", header=" + headerLength()
        + ", payload=" + payloadLength() + ", padding=" + paddingLength() + ")";
  }
}
