package io.sluice.transport.stun;

/**
 * STUN attribute types (RFC 8489 §14 and §18.3, RFC 8445 §16.1) that this codec knows, and the
 * comprehension rule for the rest.
 *
 * <p>Types below {@code 0x8000} are comprehension-required: an agent that does not understand one
 * must not process the message as if it were absent; a server answers a request carrying one with
 * 420 (Unknown Attribute) and an UNKNOWN-ATTRIBUTES list (RFC 8489 §6.3.1). Types from
 * {@code 0x8000} are comprehension-optional and are ignored when unknown.
 *
 * <p>{@link StunMessage} validates the length (and, where it has one, the content) of every type
 * listed here; each constant's javadoc gives the rule.
 */
public final class StunAttributeType {
  /**
   * USERNAME (RFC 8489 §14.3): UTF-8. Senders write fewer than 509 bytes; receivers must accept up
   * to 763 for RFC 5389 compatibility, so that is the limit enforced. ICE: "RFRAG:LFRAG".
   */
  public static final int USERNAME = 0x0006;
  /** MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1, exactly 20 bytes. */
  public static final int MESSAGE_INTEGRITY = 0x0008;
  /** ERROR-CODE (RFC 8489 §14.8): 4 bytes of class and number, then a reason of at most 763 bytes. */
  public static final int ERROR_CODE = 0x0009;
  /** UNKNOWN-ATTRIBUTES (RFC 8489 §14.13): a list of 16-bit types, so an even length. */
  public static final int UNKNOWN_ATTRIBUTES = 0x000A;
  /** REALM (RFC 8489 §14.9): at most 763 bytes. */
  public static final int REALM = 0x0014;
  /** NONCE (RFC 8489 §14.10): at most 763 bytes. */
  public static final int NONCE = 0x0015;
  /**
   * MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6). Not supported: reported as an unknown
   * comprehension-required attribute, but allowed to follow MESSAGE-INTEGRITY.
   */
  public static final int MESSAGE_INTEGRITY_SHA256 = 0x001C;
  /** XOR-MAPPED-ADDRESS (RFC 8489 §14.2): 8 bytes for IPv4, 20 for IPv6. */
  public static final int XOR_MAPPED_ADDRESS = 0x0020;
  /** PRIORITY (RFC 8445 §16.1): a 32-bit candidate priority, exactly 4 bytes. */
  public static final int PRIORITY = 0x0024;
  /** USE-CANDIDATE (RFC 8445 §16.1): a flag, exactly 0 bytes. */
  public static final int USE_CANDIDATE = 0x0025;
  /** SOFTWARE (RFC 8489 §14.14): at most 763 bytes. */
  public static final int SOFTWARE = 0x8022;
  /** FINGERPRINT (RFC 8489 §14.7): CRC-32 XOR 0x5354554E, exactly 4 bytes, always last. */
  public static final int FINGERPRINT = 0x8028;
  /** ICE-CONTROLLED (RFC 8445 §16.1): a 64-bit tiebreaker, exactly 8 bytes. */
  public static final int ICE_CONTROLLED = 0x8029;
  /** ICE-CONTROLLING (RFC 8445 §16.1): a 64-bit tiebreaker, exactly 8 bytes. */
  public static final int ICE_CONTROLLING = 0x802A;

  /** Types from here on are comprehension-optional (RFC 8489 §14). */
  public static final int FIRST_COMPREHENSION_OPTIONAL = 0x8000;

  private StunAttributeType() {}

  /** Whether an agent that does not know {@code type} must reject the message (RFC 8489 §14). */
  public static boolean isComprehensionRequired(int type) {
    return type < FIRST_COMPREHENSION_OPTIONAL;
  }

  /**
   * Returns the RFC name of {@code type}, or {@code "attribute 0x%04x"} for a type this codec does
   * not know. For error messages and logs, not for the hot path.
   */
  public static String name(int type) {
    return switch (type) {
      case USERNAME -> "USERNAME";
      case MESSAGE_INTEGRITY -> "MESSAGE-INTEGRITY";
      case ERROR_CODE -> "ERROR-CODE";
      case UNKNOWN_ATTRIBUTES -> "UNKNOWN-ATTRIBUTES";
      case REALM -> "REALM";
      case NONCE -> "NONCE";
      case MESSAGE_INTEGRITY_SHA256 -> "MESSAGE-INTEGRITY-SHA256";
      case XOR_MAPPED_ADDRESS -> "XOR-MAPPED-ADDRESS";
      case PRIORITY -> "PRIORITY";
      case USE_CANDIDATE -> "USE-CANDIDATE";
      case SOFTWARE -> "SOFTWARE";
      case FINGERPRINT -> "FINGERPRINT";
      case ICE_CONTROLLED -> "ICE-CONTROLLED";
      case ICE_CONTROLLING -> "ICE-CONTROLLING";
      default -> String.format("attribute 0x%04x", type);
    };
  }
}
