package io.sluice.transport.stun;

/**
 * The STUN Message Type field (RFC 8489 §5): a 12-bit method interleaved with the 2-bit class.
 *
 * <pre>
 *   0                 1
 *   2  3  4 5 6 7 8 9 0 1 2 3 4 5
 *  +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
 *  |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
 *  +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The field is the 14 bits after the two leading zero bits of the header.
 */
public final class StunMessageType {
  /** The Binding method (RFC 8489 §18.2), the only one ICE uses. */
  public static final int BINDING = 0x001;

  /** Binding request: a connectivity check (RFC 8445 §7.2.2). */
  public static final int BINDING_REQUEST = 0x0001;
  /** Binding indication: an ICE keepalive (RFC 8445 §11). */
  public static final int BINDING_INDICATION = 0x0011;
  /** Binding success response. */
  public static final int BINDING_SUCCESS_RESPONSE = 0x0101;
  /** Binding error response. */
  public static final int BINDING_ERROR_RESPONSE = 0x0111;

  /** The largest method number: 12 bits. */
  public static final int MAX_METHOD = 0xFFF;

  private StunMessageType() {}

  /** Returns the message type for {@code method} (0..0xFFF) and {@code messageClass}. */
  public static int of(int method, StunMessageClass messageClass) {
    if (method < 0 || method > MAX_METHOD) {
      throw new IllegalArgumentException(
          "STUN method 0x" + Integer.toHexString(method) + " (expected: 0x000..0xfff)");
    }
    int c = messageClass.bits();
    return (method & 0x000F)
        | ((method & 0x0070) << 1)
        | ((method & 0x0F80) << 2)
        | ((c & 0b01) << 4)
        | ((c & 0b10) << 7);
  }

  /** Returns the 12-bit method of a 14-bit message type. */
  public static int method(int messageType) {
    return (messageType & 0x000F) | ((messageType & 0x00E0) >> 1) | ((messageType & 0x3E00) >> 2);
  }

  /** Returns the class of a 14-bit message type. */
  public static StunMessageClass messageClass(int messageType) {
    return StunMessageClass.fromBits(((messageType >> 4) & 0b01) | ((messageType >> 7) & 0b10));
  }
}
