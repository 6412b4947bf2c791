package io.sluice.transport.stun;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;

/**
 * Writes one STUN message (RFC 8489 §5) at a time into a caller-supplied {@code ByteBuf}: a
 * header, then attributes padded to 4 bytes with zeros, then optionally MESSAGE-INTEGRITY
 * (§14.5) and FINGERPRINT (§14.7), in that order.
 *
 * <pre>{@code
 * writer.beginResponse(out, StunMessageType.BINDING_SUCCESS_RESPONSE, request)
 *     .xorMappedAddress(ip, port)
 *     .messageIntegrity(integrity, key)
 *     .fingerprint(fingerprint)
 *     .end();
 * }</pre>
 *
 * <p>The header's length field is kept up to date after every attribute, so the message is
 * complete whenever {@link #end()} may be called. The writer enforces the order RFC 8489 requires:
 * nothing but FINGERPRINT after MESSAGE-INTEGRITY, and nothing after FINGERPRINT; breaking it is
 * a programming error and throws {@link IllegalStateException}.
 *
 * <p>Every method validates its arguments before it writes a byte, so a call that throws leaves
 * the message as it was.
 *
 * <p><b>Ownership:</b> the writer borrows {@code out} between {@code begin} and {@link #end()}:
 * it writes at the writer index (growing the buffer if its capacity allows) and never releases
 * it. Nothing is allocated per message except where a method says so.
 *
 * <p>Reusable and not thread-safe: keep one per thread.
 */
public final class StunMessageWriter {
  /** Largest message length (bytes after the header) the 16-bit length field can hold. */
  public static final int MAX_MESSAGE_LENGTH = 0xFFFC;

  private @Nullable ByteBuf out;
  private int start;
  // 0: attributes; 1: after MESSAGE-INTEGRITY; 2: after FINGERPRINT.
  private int phase;

  /** Creates an idle writer. */
  public StunMessageWriter() {}

  /**
   * Starts a message at the writer index of {@code out} with a transaction ID copied from
   * {@code transactionIdSource} at {@code transactionIdIndex} (12 bytes). Borrows both buffers.
   */
  public StunMessageWriter begin(ByteBuf out, int messageType, ByteBuf transactionIdSource,
      int transactionIdIndex) {
    header(out, messageType);
    // Two primitive copies: writeBytes from a direct source makes Netty allocate a temporary
    // duplicate per call, which the per-check path must not.
    out.writeLong(transactionIdSource.getLong(transactionIdIndex));
    out.writeInt(transactionIdSource.getInt(transactionIdIndex + 8));
    return this;
  }

  /** Starts a message at the writer index of {@code out}. Borrows {@code out}. */
  public StunMessageWriter begin(ByteBuf out, int messageType, byte[] transactionId) {
    if (transactionId.length != StunMessage.TRANSACTION_ID_SIZE) {
      throw new IllegalArgumentException("STUN transaction ID of " + transactionId.length
          + " bytes (expected: 12 bytes)");
    }
    header(out, messageType);
    out.writeBytes(transactionId);
    return this;
  }

  /**
   * Starts a response to {@code request} (same transaction ID, RFC 8489 §6.3.1.1) at the writer
   * index of {@code out}. Borrows {@code out} and the request's buffer.
   */
  public StunMessageWriter beginResponse(ByteBuf out, int messageType, StunMessage request) {
    return begin(out, messageType, request.buffer(), request.transactionIdIndex());
  }

  /**
   * Appends an attribute with {@code length} bytes of {@code value} from {@code offset}, padded
   * with zeros to a multiple of 4.
   */
  public StunMessageWriter attribute(int type, byte[] value, int offset, int length) {
    attributeHeader(type, length);
    ByteBuf o = buffer();
    o.writeBytes(value, offset, length);
    return finishAttribute(length);
  }

  /** Appends an attribute with all of {@code value}, padded with zeros. */
  public StunMessageWriter attribute(int type, byte[] value) {
    return attribute(type, value, 0, value.length);
  }

  /** Appends USERNAME (RFC 8489 §14.3), UTF-8 encoded. Allocates the encoded bytes. */
  public StunMessageWriter username(String username) {
    byte[] bytes = username.getBytes(StandardCharsets.UTF_8);
    if (bytes.length >= 509) {
      throw new IllegalArgumentException(
          "STUN USERNAME of " + bytes.length + " bytes (expected: fewer than 509 bytes)");
    }
    return attribute(StunAttributeType.USERNAME, bytes);
  }

  /** Appends SOFTWARE (RFC 8489 §14.14), UTF-8 encoded. Allocates the encoded bytes. */
  public StunMessageWriter software(String software) {
    byte[] bytes = software.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 509) {
      throw new IllegalArgumentException(
          "STUN SOFTWARE of " + bytes.length + " bytes (expected: at most 509 bytes)");
    }
    return attribute(StunAttributeType.SOFTWARE, bytes);
  }

  /**
   * Appends XOR-MAPPED-ADDRESS (RFC 8489 §14.2) from a raw address, without allocating.
   *
   * @param ip 4 bytes (IPv4) or 16 bytes (IPv6), network order
   * @param port 0..65535
   */
  public StunMessageWriter xorMappedAddress(byte[] ip, int port) {
    // Validate before writing anything, so a refused call leaves the message as it was.
    if (ip.length != 4 && ip.length != 16) {
      throw new IllegalArgumentException(
          "XOR-MAPPED-ADDRESS: " + ip.length + "-byte address (expected: 4 or 16 bytes)");
    }
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("port " + port + " (expected: 0..65535)");
    }
    int length = XorMappedAddress.valueLength(ip.length);
    attributeHeader(StunAttributeType.XOR_MAPPED_ADDRESS, length);
    XorMappedAddress.write(buffer(), start, ip, port);
    return finishAttribute(length);
  }

  /**
   * Appends XOR-MAPPED-ADDRESS for a resolved socket address. {@link InetAddress#getAddress()}
   * allocates a copy of the address; on the hot path use {@link #xorMappedAddress(byte[], int)}.
   */
  public StunMessageWriter xorMappedAddress(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    if (ip == null) {
      throw new IllegalArgumentException("unresolved address " + address + " (expected: resolved)");
    }
    return xorMappedAddress(ip.getAddress(), address.getPort());
  }

  /** Appends PRIORITY (RFC 8445 §16.1), a 32-bit unsigned value. */
  public StunMessageWriter priority(long priority) {
    if (priority < 0 || priority > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("PRIORITY " + priority + " (expected: 0..2^32-1)");
    }
    attributeHeader(StunAttributeType.PRIORITY, 4);
    buffer().writeInt((int) priority);
    return finishAttribute(4);
  }

  /** Appends USE-CANDIDATE (RFC 8445 §16.1), which has no value. */
  public StunMessageWriter useCandidate() {
    attributeHeader(StunAttributeType.USE_CANDIDATE, 0);
    return finishAttribute(0);
  }

  /** Appends ICE-CONTROLLING (RFC 8445 §16.1) with a 64-bit tiebreaker. */
  public StunMessageWriter iceControlling(long tiebreaker) {
    return longAttribute(StunAttributeType.ICE_CONTROLLING, tiebreaker);
  }

  /** Appends ICE-CONTROLLED (RFC 8445 §16.1) with a 64-bit tiebreaker. */
  public StunMessageWriter iceControlled(long tiebreaker) {
    return longAttribute(StunAttributeType.ICE_CONTROLLED, tiebreaker);
  }

  /** Appends ERROR-CODE (RFC 8489 §14.8). Allocates nothing. */
  public StunMessageWriter errorCode(ErrorCode error) {
    int length = error.valueLength();
    attributeHeader(StunAttributeType.ERROR_CODE, length);
    ByteBuf o = buffer();
    o.writeShort(0);
    o.writeByte(error.code() / 100);
    o.writeByte(error.code() % 100);
    o.writeBytes(error.reasonBytes());
    return finishAttribute(length);
  }

  /**
   * Appends UNKNOWN-ATTRIBUTES (RFC 8489 §14.13) listing the unknown comprehension-required
   * attributes that {@code request} recorded. Allocates nothing.
   */
  public StunMessageWriter unknownAttributes(StunMessage request) {
    int count = request.unknownComprehensionRequiredCount();
    attributeHeader(StunAttributeType.UNKNOWN_ATTRIBUTES, 2 * count);
    for (int i = 0; i < count; i++) {
      buffer().writeShort(request.unknownComprehensionRequired(i));
    }
    return finishAttribute(2 * count);
  }

  /** Appends UNKNOWN-ATTRIBUTES (RFC 8489 §14.13) listing {@code types}. */
  public StunMessageWriter unknownAttributes(int... types) {
    attributeHeader(StunAttributeType.UNKNOWN_ATTRIBUTES, 2 * types.length);
    for (int type : types) {
      buffer().writeShort(type);
    }
    return finishAttribute(2 * types.length);
  }

  /**
   * Appends MESSAGE-INTEGRITY (RFC 8489 §14.5) keyed with {@code key}. After this, only
   * {@link #fingerprint} may follow.
   *
   * @param integrity the caller's (per-thread) HMAC state
   */
  public StunMessageWriter messageIntegrity(MessageIntegrity integrity, SecretKey key) {
    checkPhase(StunAttributeType.MESSAGE_INTEGRITY);
    ByteBuf o = buffer();
    checkRoom(o, MessageIntegrity.ATTRIBUTE_SIZE);
    integrity.append(o, start, key);
    phase = 1;
    return this;
  }

  /**
   * Appends FINGERPRINT (RFC 8489 §14.7). Nothing may follow it.
   *
   * @param fingerprint the caller's (per-thread) CRC state
   */
  public StunMessageWriter fingerprint(Fingerprint fingerprint) {
    checkPhase(StunAttributeType.FINGERPRINT);
    ByteBuf o = buffer();
    checkRoom(o, Fingerprint.ATTRIBUTE_SIZE);
    fingerprint.append(o, start);
    phase = 2;
    return this;
  }

  /**
   * Finishes the message and releases the writer's hold on the buffer.
   *
   * @return the size of the message written, header included
   */
  public int end() {
    ByteBuf o = buffer();
    int size = o.writerIndex() - start;
    out = null;
    return size;
  }

  /**
   * Abandons the message being written, if any, and returns the writer to idle. The bytes already
   * written stay in the buffer; reset its writer index to drop them. Lets a long-lived (e.g.
   * thread-local) writer recover when a write failed half-way.
   */
  public void abort() {
    out = null;
  }

  // ---------------------------------------------------------------------------------------------

  private void header(ByteBuf out, int messageType) {
    if (this.out != null) {
      throw new IllegalStateException("STUN writer: begin() before end() of the previous message");
    }
    if ((messageType & ~0x3FFF) != 0) {
      throw new IllegalArgumentException(String.format(
          "STUN message type 0x%04x (expected: 14 bits, 0x0000..0x3fff)", messageType));
    }
    this.start = out.writerIndex();
    out.writeShort(messageType);
    out.writeShort(0);
    out.writeInt(StunMessage.MAGIC_COOKIE);
    // Only set once the header is (being) written, so a failed begin leaves the writer idle.
    this.out = out;
    this.phase = 0;
  }

  private ByteBuf buffer() {
    ByteBuf o = out;
    if (o == null) {
      throw new IllegalStateException("STUN writer: no message started (call begin() first)");
    }
    return o;
  }

  private StunMessageWriter longAttribute(int type, long value) {
    attributeHeader(type, 8);
    buffer().writeLong(value);
    return finishAttribute(8);
  }

  private void attributeHeader(int type, int length) {
    checkPhase(type);
    if (type < 0 || type > 0xFFFF) {
      throw new IllegalArgumentException("STUN attribute type " + type + " (expected: 0..65535)");
    }
    if (length > 0xFFFF) {
      throw new IllegalArgumentException(
          "STUN attribute of " + length + " bytes (expected: at most 65535)");
    }
    ByteBuf o = buffer();
    checkRoom(o, StunMessage.ATTRIBUTE_HEADER_SIZE + ((length + 3) & ~3));
    o.writeShort(type);
    o.writeShort(length);
  }

  private StunMessageWriter finishAttribute(int length) {
    ByteBuf o = buffer();
    int padding = -length & 3;
    if (padding > 0) {
      o.writeZero(padding); // RFC 8489 §14: padding bits MUST be zero on sending.
    }
    o.setShort(start + 2, o.writerIndex() - start - StunMessage.HEADER_SIZE);
    return this;
  }

  private void checkRoom(ByteBuf o, int attributeSize) {
    int length = o.writerIndex() - start - StunMessage.HEADER_SIZE + attributeSize;
    if (length > MAX_MESSAGE_LENGTH) {
      throw new IllegalArgumentException("STUN message length " + length
          + " (expected: at most " + MAX_MESSAGE_LENGTH + ")");
    }
  }

  private void checkPhase(int type) {
    if (phase == 2) {
      throw new IllegalStateException(
          "STUN writer: " + StunAttributeType.name(type) + " after FINGERPRINT (expected: none)");
    }
    if (phase == 1 && type != StunAttributeType.FINGERPRINT) {
      throw new IllegalStateException("STUN writer: " + StunAttributeType.name(type)
          + " after MESSAGE-INTEGRITY (expected: only FINGERPRINT)");
    }
  }
}
