package io.sluice.transport.stun;

import static io.sluice.transport.stun.StunAttributeType.ERROR_CODE;
import static io.sluice.transport.stun.StunAttributeType.FINGERPRINT;
import static io.sluice.transport.stun.StunAttributeType.ICE_CONTROLLED;
import static io.sluice.transport.stun.StunAttributeType.ICE_CONTROLLING;
import static io.sluice.transport.stun.StunAttributeType.MESSAGE_INTEGRITY;
import static io.sluice.transport.stun.StunAttributeType.MESSAGE_INTEGRITY_SHA256;
import static io.sluice.transport.stun.StunAttributeType.NONCE;
import static io.sluice.transport.stun.StunAttributeType.PRIORITY;
import static io.sluice.transport.stun.StunAttributeType.REALM;
import static io.sluice.transport.stun.StunAttributeType.SOFTWARE;
import static io.sluice.transport.stun.StunAttributeType.UNKNOWN_ATTRIBUTES;
import static io.sluice.transport.stun.StunAttributeType.USERNAME;
import static io.sluice.transport.stun.StunAttributeType.USE_CANDIDATE;
import static io.sluice.transport.stun.StunAttributeType.XOR_MAPPED_ADDRESS;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A STUN message (RFC 8489 §5, §14): a reusable flyweight view over one datagram that validates
 * the header and every attribute and records where each known attribute's value is, without
 * copying anything.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0|     STUN Message Type     |         Message Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Magic Cookie                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * |                     Transaction ID (96 bits)                  |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * then zero or more attributes, each padded to a multiple of 4 bytes:
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Type                  |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Value (variable)                ....
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <h2>What is validated</h2>
 *
 * <ul>
 *   <li>At least 20 bytes; the first two bits are zero; the magic cookie is {@code 0x2112A442};
 *       the message length is a multiple of 4 and equals the bytes after the header (one
 *       message per datagram: trailing bytes are rejected, not ignored).
 *   <li>Every attribute, with its padding, fits in the message. Padding bytes are not checked:
 *       RFC 8489 §14 says receivers must ignore them, and RFC 5769's vectors pad with spaces.
 *   <li>Each attribute listed in {@link StunAttributeType} has a length (and, for ERROR-CODE and
 *       XOR-MAPPED-ADDRESS, field values) its definition allows.
 *   <li>Order: after MESSAGE-INTEGRITY only MESSAGE-INTEGRITY-SHA256 and FINGERPRINT may follow;
 *       nothing may follow FINGERPRINT. RFC 8489 §14.5 tells receivers to ignore attributes after
 *       MESSAGE-INTEGRITY; this codec rejects them instead, because no conforming sender writes
 *       them and accepting them would let unauthenticated bytes ride along with an authenticated
 *       message.
 * </ul>
 *
 * <p>Duplicates: only the first occurrence of an attribute is recorded (RFC 8489 §14). Unknown
 * comprehension-optional attributes (&ge; {@code 0x8000}) are skipped. Unknown
 * comprehension-required ones do not fail the parse: up to {@link #MAX_UNKNOWN_ATTRIBUTES}
 * distinct types are recorded for a 420 response's UNKNOWN-ATTRIBUTES (RFC 8489 §6.3.1), and the
 * caller decides.
 *
 * <h2>Entry points</h2>
 *
 * <ul>
 *   <li>Hot path: {@link #tryParse(ByteBuf)} on a reused instance. Never throws for any input
 *       bytes, allocates nothing, and returns a {@link StunParseResult}.
 *   <li>Tools and tests: {@link #parse(ByteBuf)} returns a new view or throws
 *       {@link MalformedStunException} with a message naming what was found and what was
 *       expected.
 * </ul>
 *
 * <h2>Ownership and threads</h2>
 *
 * <p>The view <em>borrows</em> the datagram: it neither retains nor releases it, and is valid only
 * while the caller keeps the buffer alive and unmodified. Call {@link #clear()} when done so that
 * a long-lived view does not keep a reference to a released buffer. Offsets are absolute indexes
 * into that buffer; the reader and writer indexes are never moved. Not thread-safe: use one view
 * per thread (for example one per event loop).
 */
public final class StunMessage {
  /** The fixed STUN magic cookie (RFC 8489 §5). */
  public static final int MAGIC_COOKIE = 0x2112A442;
  /** Size of the STUN header. */
  public static final int HEADER_SIZE = 20;
  /** Size of the transaction ID. */
  public static final int TRANSACTION_ID_SIZE = 12;
  /** Size of an attribute header (type and length). */
  public static final int ATTRIBUTE_HEADER_SIZE = 4;
  /**
   * How many distinct unknown comprehension-required attribute types one view records. A request
   * with more still parses and is still answered with 420; the UNKNOWN-ATTRIBUTES list then names
   * only the first 16, which is enough for the client to tell what went wrong.
   */
  public static final int MAX_UNKNOWN_ATTRIBUTES = 16;

  /** Longest USERNAME a receiver must accept (RFC 8489 §14.3). */
  static final int MAX_USERNAME_LENGTH = 763;
  /** Longest REALM, NONCE, SOFTWARE and ERROR-CODE reason a receiver must accept (§14.8–14.14). */
  static final int MAX_TEXT_LENGTH = 763;

  // One slot per attribute type this codec knows; see slot(int).
  private static final int SLOTS = 13;

  private final int[] valueIndex = new int[SLOTS];
  private final int[] valueLength = new int[SLOTS];
  private final int[] unknown = new int[MAX_UNKNOWN_ATTRIBUTES];
  private int unknownCount;

  private @Nullable ByteBuf buf;
  private int start;
  private int messageType;
  private int messageLength;

  // Why the last tryParse failed, in primitives: the message text is only built by parse() and
  // errorMessage(), so a failing tryParse allocates nothing.
  private StunParseResult error = StunParseResult.OK;
  private int errorAttributeType = -1;
  private int errorOffset;
  private long errorFound;
  private long errorExpected;
  private String errorDetail = "";

  /** Creates an empty view; {@link #tryParse(ByteBuf)} fills it. */
  public StunMessage() {
    clearSlots();
  }

  /**
   * Validates the readable bytes of {@code datagram} as one STUN message and, on success, makes
   * this view describe it. On failure the view is left empty ({@link #isValid()} is false) and
   * {@link #errorMessage()} describes the problem. Never throws for any input bytes; allocates
   * nothing.
   *
   * @param datagram the datagram, borrowed: not retained or released, indexes untouched
   * @return {@link StunParseResult#OK} or the reason the datagram is not a valid STUN message
   */
  public StunParseResult tryParse(ByteBuf datagram) {
    clear();
    int base = datagram.readerIndex();
    int readable = datagram.readableBytes();
    if (readable < HEADER_SIZE) {
      return fail(StunParseResult.TOO_SHORT, -1, 0, readable, HEADER_SIZE, "");
    }
    int type = datagram.getUnsignedShort(base);
    if ((type & 0xC000) != 0) {
      return fail(StunParseResult.NOT_STUN, -1, 0, type >>> 14, 0, "");
    }
    int cookie = datagram.getInt(base + 4);
    if (cookie != MAGIC_COOKIE) {
      return fail(StunParseResult.BAD_MAGIC_COOKIE, -1, 4, cookie & 0xFFFF_FFFFL, MAGIC_COOKIE, "");
    }
    int length = datagram.getUnsignedShort(base + 2);
    if ((length & 3) != 0) {
      return fail(StunParseResult.BAD_LENGTH, -1, 2, length, 4, "");
    }
    if (length != readable - HEADER_SIZE) {
      return fail(StunParseResult.LENGTH_MISMATCH, -1, 2, length, readable - HEADER_SIZE, "");
    }

    int end = base + HEADER_SIZE + length;
    int pos = base + HEADER_SIZE;
    // 0: before MESSAGE-INTEGRITY; 1: after MESSAGE-INTEGRITY(-SHA256); 2: after FINGERPRINT.
    int phase = 0;
    while (pos < end) {
      // The message length is a multiple of 4, so at least 4 bytes remain: the header fits.
      int attrType = datagram.getUnsignedShort(pos);
      int attrLength = datagram.getUnsignedShort(pos + 2);
      int offset = pos - base;
      int room = end - pos - ATTRIBUTE_HEADER_SIZE;
      int padded = (attrLength + 3) & ~3;
      if (padded > room) {
        return fail(StunParseResult.ATTRIBUTE_OVERRUN, attrType, offset, padded, room, "");
      }
      if (phase == 2) {
        return fail(StunParseResult.ATTRIBUTE_AFTER_FINGERPRINT, attrType, offset, 0, 0, "");
      }
      if (phase == 1 && attrType != FINGERPRINT && attrType != MESSAGE_INTEGRITY_SHA256) {
        return fail(StunParseResult.ATTRIBUTE_AFTER_MESSAGE_INTEGRITY, attrType, offset, 0, 0, "");
      }
      int value = pos + ATTRIBUTE_HEADER_SIZE;
      int slot = slot(attrType);
      if (slot >= 0) {
        StunParseResult r = validateValue(datagram, attrType, offset, value, attrLength);
        if (r != StunParseResult.OK) {
          return r;
        }
        if (valueIndex[slot] < 0) {
          valueIndex[slot] = value;
          valueLength[slot] = attrLength;
        }
      } else if (StunAttributeType.isComprehensionRequired(attrType)) {
        recordUnknown(attrType);
      }
      if (attrType == MESSAGE_INTEGRITY || attrType == MESSAGE_INTEGRITY_SHA256) {
        phase = 1;
      } else if (attrType == FINGERPRINT) {
        phase = 2;
      }
      pos = value + padded;
    }

    this.buf = datagram;
    this.start = base;
    this.messageType = type;
    this.messageLength = length;
    return StunParseResult.OK;
  }

  /**
   * Parses the readable bytes of {@code datagram} into a new view, for tools and tests.
   *
   * @param datagram the datagram, borrowed for as long as the returned view is used
   * @throws MalformedStunException if the bytes are not a valid STUN message; the message names
   *     what was found and what was expected
   */
  public static StunMessage parse(ByteBuf datagram) {
    StunMessage message = new StunMessage();
    StunParseResult result = message.tryParse(datagram);
    if (result != StunParseResult.OK) {
      throw new MalformedStunException(result, message.errorMessage());
    }
    return message;
  }

  /**
   * Cheap demultiplexing test (RFC 7983 §7, RFC 8489 §5): at least 20 readable bytes, the first
   * two bits zero and the magic cookie in place. Does not validate the rest. Borrows
   * {@code datagram}.
   */
  public static boolean looksLikeStun(ByteBuf datagram) {
    int base = datagram.readerIndex();
    return datagram.readableBytes() >= HEADER_SIZE
        && (datagram.getByte(base) & 0xC0) == 0
        && datagram.getInt(base + 4) == MAGIC_COOKIE;
  }

  /** Forgets the datagram and every recorded offset; the view is then empty. */
  public void clear() {
    buf = null;
    start = 0;
    messageType = 0;
    messageLength = 0;
    unknownCount = 0;
    error = StunParseResult.OK;
    errorAttributeType = -1;
    errorDetail = "";
    clearSlots();
  }

  /** Whether the last {@link #tryParse} succeeded and the view describes a message. */
  public boolean isValid() {
    return buf != null;
  }

  // ---------------------------------------------------------------------------------------------
  // Header

  /** The datagram this view describes (borrowed from the caller of {@link #tryParse}). */
  public ByteBuf buffer() {
    return checkValid();
  }

  /** Absolute index of the first header byte in {@link #buffer()}. */
  public int startIndex() {
    checkValid();
    return start;
  }

  /** Size of the whole message, header included. */
  public int size() {
    checkValid();
    return HEADER_SIZE + messageLength;
  }

  /** The 14-bit message type (method and class). */
  public int messageType() {
    checkValid();
    return messageType;
  }

  /** The 12-bit method, e.g. {@link StunMessageType#BINDING}. */
  public int method() {
    return StunMessageType.method(messageType());
  }

  /** The message class. */
  public StunMessageClass messageClass() {
    return StunMessageType.messageClass(messageType());
  }

  /** The message length field: bytes after the header. */
  public int messageLength() {
    checkValid();
    return messageLength;
  }

  /** Absolute index of the 12-byte transaction ID in {@link #buffer()}. */
  public int transactionIdIndex() {
    checkValid();
    return start + 8;
  }

  /** Returns a copy of the 12-byte transaction ID. Allocates; for tests and tools. */
  public byte[] transactionId() {
    byte[] id = new byte[TRANSACTION_ID_SIZE];
    checkValid().getBytes(start + 8, id);
    return id;
  }

  // ---------------------------------------------------------------------------------------------
  // Attributes: generic access

  /** Whether an attribute of {@code type} (one of {@link StunAttributeType}'s) is present. */
  public boolean has(int type) {
    checkValid();
    int slot = slot(type);
    return slot >= 0 && valueIndex[slot] >= 0;
  }

  /**
   * Absolute index in {@link #buffer()} of the value of the first attribute of {@code type}, or
   * -1 if absent or not a type {@link StunAttributeType} lists.
   */
  public int valueIndex(int type) {
    checkValid();
    int slot = slot(type);
    return slot < 0 ? -1 : valueIndex[slot];
  }

  /** Length (before padding) of that value, or -1 if absent. */
  public int valueLength(int type) {
    checkValid();
    int slot = slot(type);
    return slot < 0 || valueIndex[slot] < 0 ? -1 : valueLength[slot];
  }

  /** Absolute index of the attribute header (type, length) of {@code type}, or -1 if absent. */
  public int attributeIndex(int type) {
    int value = valueIndex(type);
    return value < 0 ? -1 : value - ATTRIBUTE_HEADER_SIZE;
  }

  /** How many distinct unknown comprehension-required attribute types were recorded (&le; 16). */
  public int unknownComprehensionRequiredCount() {
    checkValid();
    return unknownCount;
  }

  /** The {@code i}-th recorded unknown comprehension-required attribute type, in message order. */
  public int unknownComprehensionRequired(int i) {
    checkValid();
    if (i < 0 || i >= unknownCount) {
      throw new IndexOutOfBoundsException(
          "unknown attribute " + i + " (expected: 0.." + (unknownCount - 1) + ")");
    }
    return unknown[i];
  }

  // ---------------------------------------------------------------------------------------------
  // Attributes: typed access. Getters of fixed-size values throw IllegalStateException when the
  // attribute is absent; check has(type) first.

  /** USERNAME decoded as UTF-8, or null if absent. Allocates. */
  public @Nullable String username() {
    return text(USERNAME);
  }

  /** SOFTWARE decoded as UTF-8, or null if absent. Allocates. */
  public @Nullable String software() {
    return text(SOFTWARE);
  }

  /** REALM decoded as UTF-8, or null if absent. Allocates. */
  public @Nullable String realm() {
    return text(REALM);
  }

  /** NONCE decoded as UTF-8, or null if absent. Allocates. */
  public @Nullable String nonce() {
    return text(NONCE);
  }

  /** PRIORITY (RFC 8445 §16.1): the 32-bit priority as an unsigned value. */
  public long priority() {
    return checkValid().getUnsignedInt(required(PRIORITY));
  }

  /** Whether USE-CANDIDATE (RFC 8445 §16.1) is present. */
  public boolean useCandidate() {
    return has(USE_CANDIDATE);
  }

  /** ICE-CONTROLLING's 64-bit tiebreaker (RFC 8445 §16.1), compared as unsigned. */
  public long iceControlling() {
    return checkValid().getLong(required(ICE_CONTROLLING));
  }

  /** ICE-CONTROLLED's 64-bit tiebreaker (RFC 8445 §16.1), compared as unsigned. */
  public long iceControlled() {
    return checkValid().getLong(required(ICE_CONTROLLED));
  }

  /** ERROR-CODE as a number in 300..699 (class &times; 100 + number, RFC 8489 §14.8). */
  public int errorCode() {
    int value = required(ERROR_CODE);
    ByteBuf b = checkValid();
    return (b.getByte(value + 2) & 0x07) * 100 + b.getUnsignedByte(value + 3);
  }

  /** The ERROR-CODE reason phrase, decoded as UTF-8. Allocates. */
  public String errorReason() {
    int value = required(ERROR_CODE);
    return checkValid().toString(value + 4, valueLength(ERROR_CODE) - 4, StandardCharsets.UTF_8);
  }

  /** XOR-MAPPED-ADDRESS (RFC 8489 §14.2) decoded. Allocates. */
  public InetSocketAddress xorMappedAddress() {
    return XorMappedAddress.read(checkValid(), start, required(XOR_MAPPED_ADDRESS));
  }

  /** The attribute types listed in UNKNOWN-ATTRIBUTES (RFC 8489 §14.13). Allocates. */
  public int[] unknownAttributes() {
    int value = required(UNKNOWN_ATTRIBUTES);
    int[] types = new int[valueLength(UNKNOWN_ATTRIBUTES) / 2];
    for (int i = 0; i < types.length; i++) {
      types[i] = checkValid().getUnsignedShort(value + 2 * i);
    }
    return types;
  }

  // ---------------------------------------------------------------------------------------------
  // Errors

  /** The result of the last {@link #tryParse}; {@link StunParseResult#OK} if it succeeded. */
  public StunParseResult error() {
    return error;
  }

  /**
   * Describes why the last {@link #tryParse} failed, naming what was found and what was
   * expected, or returns an empty string if it succeeded. Allocates; for logs and
   * {@link #parse}.
   */
  public String errorMessage() {
    String where = errorAttributeType < 0
        ? "STUN"
        : "STUN " + StunAttributeType.name(errorAttributeType) + " at offset " + errorOffset;
    return switch (error) {
      case OK -> "";
      case TOO_SHORT -> where + ": " + errorFound + " bytes (expected: 20+ bytes)";
      case NOT_STUN -> where + ": first two bits 0b" + twoBits(errorFound)
          + " (expected: 0b00)";
      case BAD_MAGIC_COOKIE -> where + ": magic cookie " + hex32(errorFound)
          + " (expected: 0x2112a442)";
      case BAD_LENGTH -> where + ": message length " + errorFound
          + " (expected: a multiple of 4)";
      case LENGTH_MISMATCH -> where + ": message length " + errorFound + " (expected: "
          + errorExpected + ", the bytes after the 20-byte header)";
      case ATTRIBUTE_OVERRUN -> where + ": " + errorFound
          + " bytes of value with padding (expected: at most " + errorExpected
          + " bytes left in the message)";
      case BAD_ATTRIBUTE_LENGTH -> where + ": length " + errorFound + " (expected: "
          + errorDetail + ")";
      case BAD_ATTRIBUTE_VALUE -> where + ": " + String.format(errorDetail, errorFound);
      case ATTRIBUTE_AFTER_MESSAGE_INTEGRITY -> where
          + ": follows MESSAGE-INTEGRITY (expected: only MESSAGE-INTEGRITY-SHA256 or FINGERPRINT"
          + " after it)";
      case ATTRIBUTE_AFTER_FINGERPRINT -> where
          + ": follows FINGERPRINT (expected: FINGERPRINT last)";
    };
  }

  @Override
  public String toString() {
    if (buf == null) {
      return error == StunParseResult.OK ? "StunMessage[empty]" : "StunMessage[" + errorMessage() + "]";
    }
    return String.format("StunMessage[type=0x%04x, length=%d]", messageType, messageLength);
  }

  // ---------------------------------------------------------------------------------------------
  // Internals

  private ByteBuf checkValid() {
    ByteBuf b = buf;
    if (b == null) {
      throw new IllegalStateException("StunMessage view is empty (last tryParse: " + error + ")");
    }
    return b;
  }

  private int required(int type) {
    int index = valueIndex(type);
    if (index < 0) {
      throw new IllegalStateException(StunAttributeType.name(type) + " is absent");
    }
    return index;
  }

  private @Nullable String text(int type) {
    int index = valueIndex(type);
    if (index < 0) {
      return null;
    }
    return checkValid().toString(index, valueLength(type), StandardCharsets.UTF_8);
  }

  private void clearSlots() {
    Arrays.fill(valueIndex, -1);
  }

  private void recordUnknown(int type) {
    for (int i = 0; i < unknownCount; i++) {
      if (unknown[i] == type) {
        return;
      }
    }
    if (unknownCount < MAX_UNKNOWN_ATTRIBUTES) {
      unknown[unknownCount++] = type;
    }
  }

  private StunParseResult fail(StunParseResult result, int attributeType, int offset, long found,
      long expected, String detail) {
    // Leave nothing half-filled behind: the recorded offsets of a failed parse are dropped.
    clearSlots();
    unknownCount = 0;
    error = result;
    errorAttributeType = attributeType;
    errorOffset = offset;
    errorFound = found;
    errorExpected = expected;
    errorDetail = detail;
    return result;
  }

  /** Checks the value of a known attribute. Only constant strings are passed: no allocation. */
  private StunParseResult validateValue(ByteBuf b, int type, int offset, int value, int length) {
    switch (type) {
      case MESSAGE_INTEGRITY:
        return exact(type, offset, length, MessageIntegrity.LENGTH, "20");
      case FINGERPRINT:
      case PRIORITY:
        return exact(type, offset, length, 4, "4");
      case ICE_CONTROLLED:
      case ICE_CONTROLLING:
        return exact(type, offset, length, 8, "8");
      case USE_CANDIDATE:
        return exact(type, offset, length, 0, "0");
      case USERNAME:
        return length > MAX_USERNAME_LENGTH
            ? badLength(type, offset, length, "at most 763")
            : StunParseResult.OK;
      case REALM:
      case NONCE:
      case SOFTWARE:
        return length > MAX_TEXT_LENGTH
            ? badLength(type, offset, length, "at most 763")
            : StunParseResult.OK;
      case UNKNOWN_ATTRIBUTES:
        return (length & 1) != 0
            ? badLength(type, offset, length, "a multiple of 2")
            : StunParseResult.OK;
      case ERROR_CODE: {
        if (length < 4 || length > 4 + MAX_TEXT_LENGTH) {
          return badLength(type, offset, length, "4..767");
        }
        int errorClass = b.getByte(value + 2) & 0x07;
        if (errorClass < 3 || errorClass > 6) {
          return badValue(type, offset, errorClass, "class %d (expected: 3..6)");
        }
        int number = b.getUnsignedByte(value + 3);
        if (number > 99) {
          return badValue(type, offset, number, "number %d (expected: 0..99)");
        }
        return StunParseResult.OK;
      }
      case XOR_MAPPED_ADDRESS: {
        if (length < 4) {
          return badLength(type, offset, length, "8 for IPv4 or 20 for IPv6");
        }
        int family = b.getUnsignedByte(value + 1);
        if (family == XorMappedAddress.FAMILY_IPV4) {
          return exact(type, offset, length, 8, "8 for family 0x01");
        }
        if (family == XorMappedAddress.FAMILY_IPV6) {
          return exact(type, offset, length, 20, "20 for family 0x02");
        }
        return badValue(type, offset, family, "family 0x%02x (expected: 0x01 or 0x02)");
      }
      default:
        return StunParseResult.OK;
    }
  }

  private StunParseResult exact(int type, int offset, int length, int expected, String text) {
    return length == expected ? StunParseResult.OK : badLength(type, offset, length, text);
  }

  private StunParseResult badLength(int type, int offset, int length, String expected) {
    return fail(StunParseResult.BAD_ATTRIBUTE_LENGTH, type, offset, length, 0, expected);
  }

  private StunParseResult badValue(int type, int offset, int found, String format) {
    // The format is filled in lazily by errorMessage(), keeping tryParse allocation-free.
    fail(StunParseResult.BAD_ATTRIBUTE_VALUE, type, offset, found, 0, format);
    return StunParseResult.BAD_ATTRIBUTE_VALUE;
  }

  private static String twoBits(long bits) {
    return ((bits & 2) != 0 ? "1" : "0") + ((bits & 1) != 0 ? "1" : "0");
  }

  private static String hex32(long value) {
    return String.format("0x%08x", value);
  }

  /** Maps an attribute type this codec knows to its slot, or -1. */
  private static int slot(int type) {
    return switch (type) {
      case USERNAME -> 0;
      case MESSAGE_INTEGRITY -> 1;
      case ERROR_CODE -> 2;
      case UNKNOWN_ATTRIBUTES -> 3;
      case REALM -> 4;
      case NONCE -> 5;
      case XOR_MAPPED_ADDRESS -> 6;
      case PRIORITY -> 7;
      case USE_CANDIDATE -> 8;
      case SOFTWARE -> 9;
      case FINGERPRINT -> 10;
      case ICE_CONTROLLED -> 11;
      case ICE_CONTROLLING -> 12;
      default -> -1;
    };
  }
}
