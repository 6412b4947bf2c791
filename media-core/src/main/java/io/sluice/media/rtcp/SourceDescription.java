package io.sluice.media.rtcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * RFC 3550 §6.5: SDES, the source description packet, with one chunk of items per source.
 *
 * <pre>
 *         0                   1                   2                   3
 *         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    SC   |  PT=SDES=202  |             length            |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * chunk  |                          SSRC/CSRC_1                          |
 *   1    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                           SDES items                          |
 *        |                              ...                              |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * chunk  |                          SSRC/CSRC_2                          |
 *   2    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                           SDES items                          |
 *        |                              ...                              |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *
 * an item (RFC 3550 §6.5.1, the CNAME item):
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    CNAME=1    |     length    | user and domain name        ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Each chunk's item list ends with a null octet (item type 0, no length), followed by more
 * null octets up to the next 32-bit boundary. Every item is length-checked; only CNAME has an
 * accessor of its own, and the other items (NAME .. PRIV, and unknown types) are skipped by their
 * length, or found with {@link View#findItem(int, int)}. Text is UTF-8; bytes that are not valid
 * UTF-8 decode to U+FFFD in the immutable value, so writing such a value does not reproduce the
 * original bytes.
 *
 * @param chunks at most 31 chunks
 */
public record SourceDescription(List<Chunk> chunks) implements RtcpPacket {

  /** End of an item list. */
  public static final int END = 0;
  /** Canonical end-point identifier, RFC 3550 §6.5.1. */
  public static final int CNAME = 1;
  /** User name, §6.5.2. */
  public static final int NAME = 2;
  /** Electronic mail address, §6.5.3. */
  public static final int EMAIL = 3;
  /** Phone number, §6.5.4. */
  public static final int PHONE = 4;
  /** Geographic user location, §6.5.5. */
  public static final int LOC = 5;
  /** Application or tool name, §6.5.6. */
  public static final int TOOL = 6;
  /** Notice/status, §6.5.7. */
  public static final int NOTE = 7;
  /** Private extensions, §6.5.8. */
  public static final int PRIV = 8;

  /** Largest item text: the length octet counts up to 255 bytes. */
  public static final int MAX_TEXT_BYTES = 255;

  private static final String NAME_PREFIX = "RTCP SDES";

  /** Copies {@code chunks} and checks there are at most 31. */
  public SourceDescription {
    chunks = List.copyOf(chunks);
    Checks.count("source count", chunks.size(), RtcpHeader.MAX_COUNT);
  }

  /** Returns an SDES with one chunk that holds only a CNAME item. */
  public static SourceDescription ofCname(long ssrc, String cname) {
    return new SourceDescription(List.of(new Chunk(ssrc, List.of(new Item(CNAME, cname)))));
  }

  /**
   * RFC 3550 §6.5: the items that describe one source.
   *
   * @param ssrc the SSRC or CSRC the items describe
   * @param items the items, in wire order, without the terminating null item
   */
  public record Chunk(long ssrc, List<Item> items) {
    /** Validates {@code ssrc} and copies {@code items}. */
    public Chunk {
      Checks.u32("SSRC", ssrc);
      items = List.copyOf(items);
    }

    /** Returns the text of the first CNAME item, or null if the chunk has none. */
    public @Nullable String cname() {
      for (Item item : items) {
        if (item.type() == CNAME) {
          return item.text();
        }
      }
      return null;
    }

    int encodedLength() {
      int size = 4;
      for (Item item : items) {
        size += 2 + item.textBytes();
      }
      return (size + 1 + 3) & ~3; // the null item, then null octets to the 32-bit boundary
    }
  }

  /**
   * RFC 3550 §6.5.1-§6.5.8: one SDES item.
   *
   * <p>The text must encode to at most 255 UTF-8 bytes to be written. That is checked when the
   * item is written, not here: text parsed from invalid UTF-8 can grow when the replacement
   * characters are encoded again, and parsing must not fail on that.
   *
   * @param type item type, 1..255 ({@link #CNAME} .. {@link #PRIV}, or unknown)
   * @param text item text
   */
  public record Item(int type, String text) {
    /** Checks the type. */
    public Item {
      if (type < 1 || type > 0xFF) {
        throw new IllegalArgumentException("SDES item type " + type + " (expected: 1..255)");
      }
    }

    /** Returns the UTF-8 length of the text, checked against the length octet's range. */
    int textBytes() {
      return checkTextBytes("SDES item text", ByteBufUtil.utf8Bytes(text));
    }
  }

  static int checkTextBytes(String what, int bytes) {
    if (bytes > MAX_TEXT_BYTES) {
      throw new IllegalArgumentException(
          what + " of " + bytes + " UTF-8 bytes (expected: <= 255)");
    }
    return bytes;
  }

  /**
   * Parses the SDES at the reader index of {@code packet}, for tools and tests. Borrows
   * {@code packet}; its indexes are not moved.
   *
   * @throws MalformedRtcpException with a message naming what was found and what was expected
   */
  public static SourceDescription parse(ByteBuf packet) {
    return parse(packet, packet.readerIndex(), packet.readableBytes());
  }

  /**
   * Parses the SDES at absolute index {@code index}, within {@code length} bytes. Borrows
   * {@code buf}.
   *
   * @throws MalformedRtcpException with a message naming what was found and what was expected
   */
  public static SourceDescription parse(ByteBuf buf, int index, int length) {
    View view = new View();
    view.wrap(buf, index, length, true);
    return view.toPacket();
  }

  @Override
  public int encodedLength() {
    int size = RtcpHeader.SIZE;
    for (Chunk chunk : chunks) {
      size += chunk.encodedLength();
    }
    return size;
  }

  /** Writes this SDES; see {@link RtcpPacket#write(ByteBuf)}. Borrows {@code out}. */
  @Override
  public int write(ByteBuf out) {
    int size = encodedLength();
    out.ensureWritable(size);
    RtcpHeader.write(out, false, chunks.size(), RtcpHeader.PT_SDES, size);
    for (Chunk chunk : chunks) {
      int start = out.writerIndex();
      out.writeInt((int) chunk.ssrc());
      for (Item item : chunk.items()) {
        writeItem(out, item.type(), item.text(), item.textBytes());
      }
      out.writeZero(chunk.encodedLength() - (out.writerIndex() - start));
    }
    return size;
  }

  /**
   * Writes an SDES with one chunk holding one CNAME item, the only item WebRTC sends, at the
   * writer index of {@code out} without allocating. Either all of it is written or nothing.
   * Borrows {@code out}.
   *
   * @return the number of bytes written
   * @throws IllegalArgumentException if {@code cname} is longer than 255 bytes in UTF-8
   * @throws IndexOutOfBoundsException if {@code out} cannot grow to hold the packet
   */
  public static int writeCname(ByteBuf out, long ssrc, CharSequence cname) {
    int textBytes = checkTextBytes("SDES CNAME", ByteBufUtil.utf8Bytes(cname));
    int chunkBytes = (4 + 2 + textBytes + 1 + 3) & ~3;
    int size = RtcpHeader.SIZE + chunkBytes;
    out.ensureWritable(size);
    RtcpHeader.write(out, false, 1, RtcpHeader.PT_SDES, size);
    out.writeInt((int) ssrc);
    writeItem(out, CNAME, cname, textBytes);
    out.writeZero(chunkBytes - 4 - 2 - textBytes);
    return size;
  }

  private static void writeItem(ByteBuf out, int type, CharSequence text, int textBytes) {
    out.writeByte(type);
    out.writeByte(textBytes);
    ByteBufUtil.reserveAndWriteUtf8(out, text, textBytes);
  }

  /**
   * RFC 3550 §6.5: an allocation-free, reusable view over an SDES on the wire. {@code tryWrap}
   * walks every chunk and item before it accepts the packet; see {@link RtcpView} for its
   * contract. Bytes after the last chunk are ignored.
   */
  public static final class View extends RtcpView {
    // Absolute index of each chunk's SSRC; validation fills the spare array, which is swapped in
    // only when the whole packet is valid, so a failed tryWrap leaves the view unchanged.
    private int[] chunkIndex = new int[RtcpHeader.MAX_COUNT];
    private int[] spare = new int[RtcpHeader.MAX_COUNT];
    private int chunkCount;

    /** Creates a view over nothing; call {@code tryWrap} first. */
    public View() {}

    @Override
    RtcpParseResult wrap(ByteBuf buf, int index, int length, boolean throwing) {
      RtcpParseResult r = RtcpHeader.check(
          buf, index, length, NAME_PREFIX, RtcpHeader.PT_SDES, -1, RtcpHeader.SIZE, throwing);
      if (r != RtcpParseResult.OK) {
        return r;
      }
      int count = RtcpHeader.count(buf, index);
      int end = index + RtcpHeader.contentLength(buf, index);
      int pos = index + RtcpHeader.SIZE;
      for (int c = 0; c < count; c++) {
        if (end - pos < 4) {
          if (throwing) {
            throw new MalformedRtcpException(NAME_PREFIX + ": chunk " + (c + 1) + " of " + count
                + " at byte " + (pos - index) + ": " + (end - pos)
                + " bytes (expected: 4+ bytes)");
          }
          return RtcpParseResult.TRUNCATED;
        }
        spare[c] = pos;
        pos += 4;
        while (true) {
          if (pos >= end) {
            if (throwing) {
              throw new MalformedRtcpException(NAME_PREFIX + ": chunk " + (c + 1)
                  + " has no null item before byte " + (end - index)
                  + " (expected: items ending with a null octet)");
            }
            return RtcpParseResult.TRUNCATED;
          }
          int type = buf.getUnsignedByte(pos);
          if (type == END) {
            // The null item, then null octets up to the next 32-bit boundary of the packet. A
            // sender that stops short of the boundary at the very end loses nothing, so allow it.
            pos = Math.min(index + ((pos + 1 - index + 3) & ~3), end);
            break;
          }
          int itemLength = end - pos >= 2 ? 2 + buf.getUnsignedByte(pos + 1) : -1;
          if (itemLength < 0 || itemLength > end - pos) {
            if (throwing) {
              throw new MalformedRtcpException(NAME_PREFIX + ": item type " + type
                  + " at byte " + (pos - index) + ": " + (end - pos) + " bytes (expected: "
                  + (itemLength < 0 ? "2+" : Integer.toString(itemLength)) + " bytes)");
            }
            return RtcpParseResult.TRUNCATED;
          }
          pos += itemLength;
        }
      }
      int[] t = chunkIndex;
      chunkIndex = spare;
      spare = t;
      chunkCount = count;
      set(buf, index);
      return RtcpParseResult.OK;
    }

    /** Returns the number of chunks (SC). */
    public int chunkCount() {
      buffer();
      return chunkCount;
    }

    /**
     * Returns the SSRC/CSRC of chunk {@code chunk}.
     *
     * @throws IndexOutOfBoundsException if {@code chunk} is not in [0, {@link #chunkCount()})
     */
    public long chunkSsrc(int chunk) {
      return buffer().getUnsignedInt(chunkIndex[Objects.checkIndex(chunk, chunkCount())]);
    }

    /**
     * Finds the first item of type {@code type} in chunk {@code chunk}, without allocating.
     *
     * @return the absolute index in {@link #buffer()} of the item's type octet, or -1; its text
     *     is {@link #itemTextLength(int)} bytes at {@code index + 2}
     * @throws IndexOutOfBoundsException if {@code chunk} is not in [0, {@link #chunkCount()})
     */
    public int findItem(int chunk, int type) {
      ByteBuf b = buffer();
      int pos = chunkIndex[Objects.checkIndex(chunk, chunkCount())] + 4;
      int t;
      while ((t = b.getUnsignedByte(pos)) != END) {
        if (t == type) {
          return pos;
        }
        pos += 2 + b.getUnsignedByte(pos + 1);
      }
      return -1;
    }

    /** Returns the text length of the item whose type octet is at {@code itemIndex}. */
    public int itemTextLength(int itemIndex) {
      return buffer().getUnsignedByte(itemIndex + 1);
    }

    /** Decodes the UTF-8 text of the item at {@code itemIndex}. Allocates. */
    public String itemText(int itemIndex) {
      return buffer().toString(itemIndex + 2, itemTextLength(itemIndex), StandardCharsets.UTF_8);
    }

    /** Returns the CNAME of chunk {@code chunk}, or null if it has none. Allocates. */
    public @Nullable String cname(int chunk) {
      int item = findItem(chunk, CNAME);
      return item < 0 ? null : itemText(item);
    }

    @Override
    public SourceDescription toPacket() {
      ByteBuf b = buffer();
      List<Chunk> chunks = new ArrayList<>(chunkCount);
      for (int c = 0; c < chunkCount; c++) {
        List<Item> items = new ArrayList<>();
        int pos = chunkIndex[c] + 4;
        int type;
        while ((type = b.getUnsignedByte(pos)) != END) {
          items.add(new Item(type, itemText(pos)));
          pos += 2 + itemTextLength(pos);
        }
        chunks.add(new Chunk(chunkSsrc(c), items));
      }
      return new SourceDescription(chunks);
    }
  }
}
