package io.sluice.transport.stun;

/** The class of a STUN message (RFC 8489 §5): the C1 and C0 bits of the message type. */
public enum StunMessageClass {
  /** {@code 0b00}. */
  REQUEST(0b00),
  /** {@code 0b01}. */
  INDICATION(0b01),
  /** {@code 0b10}. */
  SUCCESS_RESPONSE(0b10),
  /** {@code 0b11}. */
  ERROR_RESPONSE(0b11);

  // values() clones its array on every call; the hot path decodes the class per packet.
  private static final StunMessageClass[] BY_BITS = values();

  private final int bits;

  StunMessageClass(int bits) {
    this.bits = bits;
  }

  /** The two class bits, C1 C0, as an int in 0..3. */
  public int bits() {
    return bits;
  }

  /** Returns the class for the two bits {@code c1c0} (0..3). */
  public static StunMessageClass fromBits(int c1c0) {
    return BY_BITS[c1c0 & 0b11];
  }
}
