package io.sluice.transport.stun;

import static io.sluice.transport.stun.Rfc5769.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed STUN input: each row gives the bytes, the code {@code tryParse} returns and the exact
 * message {@code parse} throws. Offsets in messages count from the first header byte.
 */
class StunMessageMalformedTest {
  /** Binding request header with the given message length; transaction ID 00 01 .. 0b. */
  private static String header(int length) {
    return String.format("0001 %04x 2112a442 000102030405060708090a0b ", length);
  }

  /** A Binding request whose length field matches {@code body}. */
  private static byte[] request(String body) {
    byte[] b = hex(body);
    return hex(header(b.length) + HexFormat.of().formatHex(b));
  }

  private static String repeat(String hexByte, int n) {
    return (hexByte + " ").repeat(n);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("empty datagram", hex(""), StunParseResult.TOO_SHORT,
            "STUN: 0 bytes (expected: 20+ bytes)"),
        Arguments.of("19 bytes", hex("0001 0000 2112a442 000102030405060708090a"),
            StunParseResult.TOO_SHORT, "STUN: 19 bytes (expected: 20+ bytes)"),
        Arguments.of("RTP packet (first bits 10)",
            hex("8060 0001 2112a442 000102030405060708090a0b"), StunParseResult.NOT_STUN,
            "STUN: first two bits 0b10 (expected: 0b00)"),
        Arguments.of("first bits 01", hex("4001 0000 2112a442 000102030405060708090a0b"),
            StunParseResult.NOT_STUN, "STUN: first two bits 0b01 (expected: 0b00)"),
        Arguments.of("RFC 3489 message: no magic cookie",
            hex("0001 0000 a1b2c3d4 000102030405060708090a0b"), StunParseResult.BAD_MAGIC_COOKIE,
            "STUN: magic cookie 0xa1b2c3d4 (expected: 0x2112a442)"),
        Arguments.of("length not a multiple of 4", hex(header(5) + "0000 0000 00"),
            StunParseResult.BAD_LENGTH, "STUN: message length 5 (expected: a multiple of 4)"),
        Arguments.of("length beyond the datagram", hex(header(8) + "8022 0000"),
            StunParseResult.LENGTH_MISMATCH,
            "STUN: message length 8 (expected: 4, the bytes after the 20-byte header)"),
        Arguments.of("trailing bytes after the message", hex(header(0) + "8022 0000"),
            StunParseResult.LENGTH_MISMATCH,
            "STUN: message length 0 (expected: 4, the bytes after the 20-byte header)"),
        Arguments.of("USERNAME runs past the end",
            request("0006 0009 61626364 65666768"), StunParseResult.ATTRIBUTE_OVERRUN,
            "STUN USERNAME at offset 20: 12 bytes of value with padding"
                + " (expected: at most 8 bytes left in the message)"),
        Arguments.of("unknown attribute runs past the end",
            request("8022 0000 7777 0008 00000000"), StunParseResult.ATTRIBUTE_OVERRUN,
            "STUN attribute 0x7777 at offset 24: 8 bytes of value with padding"
                + " (expected: at most 4 bytes left in the message)"),
        Arguments.of("MESSAGE-INTEGRITY of 16 bytes",
            request("0008 0010" + repeat("00", 16)), StunParseResult.BAD_ATTRIBUTE_LENGTH,
            "STUN MESSAGE-INTEGRITY at offset 20: length 16 (expected: 20)"),
        Arguments.of("FINGERPRINT of 8 bytes", request("8028 0008 00000000 00000000"),
            StunParseResult.BAD_ATTRIBUTE_LENGTH,
            "STUN FINGERPRINT at offset 20: length 8 (expected: 4)"),
        Arguments.of("PRIORITY of 2 bytes", request("0024 0002 0000 0000"),
            StunParseResult.BAD_ATTRIBUTE_LENGTH,
            "STUN PRIORITY at offset 20: length 2 (expected: 4)"),
        Arguments.of("USE-CANDIDATE with a value", request("0025 0004 00000000"),
            StunParseResult.BAD_ATTRIBUTE_LENGTH,
            "STUN USE-CANDIDATE at offset 20: length 4 (expected: 0)"),
        Arguments.of("ICE-CONTROLLING of 4 bytes", request("802a 0004 00000000"),
            StunParseResult.BAD_ATTRIBUTE_LENGTH,
            "STUN ICE-CONTROLLING at offset 20: length 4 (expected: 8)"),
        Arguments.of("ICE-CONTROLLED of 12 bytes", request("8029 000c" + repeat("00", 12)),
            StunParseResult.BAD_ATTRIBUTE_LENGTH,
            "STUN ICE-CONTROLLED at offset 20: length 12 (expected: 8)"),
        Arguments.of("USERNAME of 764 bytes", request("0006 02fc" + repeat("61", 764)),
            StunParseResult.BAD_ATTRIBUTE_LENGTH,
            "STUN USERNAME at offset 20: length 764 (expected: at most 763)"),
        Arguments.of("SOFTWARE of 764 bytes", request("8022 02fc" + repeat("61", 764)),
            StunParseResult.BAD_ATTRIBUTE_LENGTH,
            "STUN SOFTWARE at offset 20: length 764 (expected: at most 763)"),
        Arguments.of("UNKNOWN-ATTRIBUTES of odd length", request("000a 0003 00010200"),
            StunParseResult.BAD_ATTRIBUTE_LENGTH,
            "STUN UNKNOWN-ATTRIBUTES at offset 20: length 3 (expected: a multiple of 2)"),
        Arguments.of("ERROR-CODE of 3 bytes", request("0009 0003 00000400"),
            StunParseResult.BAD_ATTRIBUTE_LENGTH,
            "STUN ERROR-CODE at offset 20: length 3 (expected: 4..767)"),
        Arguments.of("ERROR-CODE class 7", request("0009 0004 00000700"),
            StunParseResult.BAD_ATTRIBUTE_VALUE,
            "STUN ERROR-CODE at offset 20: class 7 (expected: 3..6)"),
        Arguments.of("ERROR-CODE class 2", request("0009 0004 00000263"),
            StunParseResult.BAD_ATTRIBUTE_VALUE,
            "STUN ERROR-CODE at offset 20: class 2 (expected: 3..6)"),
        Arguments.of("ERROR-CODE number 100", request("0009 0004 00000464"),
            StunParseResult.BAD_ATTRIBUTE_VALUE,
            "STUN ERROR-CODE at offset 20: number 100 (expected: 0..99)"),
        Arguments.of("XOR-MAPPED-ADDRESS family 3", request("0020 0008 0003a147 e112a643"),
            StunParseResult.BAD_ATTRIBUTE_VALUE,
            "STUN XOR-MAPPED-ADDRESS at offset 20: family 0x03 (expected: 0x01 or 0x02)"),
        Arguments.of("XOR-MAPPED-ADDRESS IPv4 of 20 bytes",
            request("0020 0014 0001a147" + repeat("00", 16)), StunParseResult.BAD_ATTRIBUTE_LENGTH,
            "STUN XOR-MAPPED-ADDRESS at offset 20: length 20 (expected: 8 for family 0x01)"),
        Arguments.of("XOR-MAPPED-ADDRESS IPv6 of 8 bytes", request("0020 0008 0002a147 e112a643"),
            StunParseResult.BAD_ATTRIBUTE_LENGTH,
            "STUN XOR-MAPPED-ADDRESS at offset 20: length 8 (expected: 20 for family 0x02)"),
        Arguments.of("XOR-MAPPED-ADDRESS of 2 bytes", request("0020 0002 0001 0000"),
            StunParseResult.BAD_ATTRIBUTE_LENGTH,
            "STUN XOR-MAPPED-ADDRESS at offset 20: length 2"
                + " (expected: 8 for IPv4 or 20 for IPv6)"),
        Arguments.of("SOFTWARE after MESSAGE-INTEGRITY",
            request("0008 0014" + repeat("00", 20) + "8022 0001 61000000"),
            StunParseResult.ATTRIBUTE_AFTER_MESSAGE_INTEGRITY,
            "STUN SOFTWARE at offset 44: follows MESSAGE-INTEGRITY"
                + " (expected: only MESSAGE-INTEGRITY-SHA256 or FINGERPRINT after it)"),
        Arguments.of("two MESSAGE-INTEGRITY attributes",
            request("0008 0014" + repeat("00", 20) + "0008 0014" + repeat("00", 20)),
            StunParseResult.ATTRIBUTE_AFTER_MESSAGE_INTEGRITY,
            "STUN MESSAGE-INTEGRITY at offset 44: follows MESSAGE-INTEGRITY"
                + " (expected: only MESSAGE-INTEGRITY-SHA256 or FINGERPRINT after it)"),
        Arguments.of("USERNAME after FINGERPRINT",
            request("8028 0004 00000000 0006 0004 61626364"),
            StunParseResult.ATTRIBUTE_AFTER_FINGERPRINT,
            "STUN USERNAME at offset 28: follows FINGERPRINT (expected: FINGERPRINT last)"),
        Arguments.of("two FINGERPRINT attributes", request("8028 0004 00000000 8028 0004 00000000"),
            StunParseResult.ATTRIBUTE_AFTER_FINGERPRINT,
            "STUN FINGERPRINT at offset 28: follows FINGERPRINT (expected: FINGERPRINT last)"),
        Arguments.of("MESSAGE-INTEGRITY after FINGERPRINT",
            request("8028 0004 00000000 0008 0014" + repeat("00", 20)),
            StunParseResult.ATTRIBUTE_AFTER_FINGERPRINT,
            "STUN MESSAGE-INTEGRITY at offset 28: follows FINGERPRINT"
                + " (expected: FINGERPRINT last)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void tryParseReturnsTheCodeAndLeavesTheViewEmpty(String name, byte[] bytes,
      StunParseResult expected, String message) {
    ByteBuf buf = Unpooled.buffer(bytes.length).writeBytes(bytes);
    StunMessage m = new StunMessage();

    assertThat(m.tryParse(buf)).isEqualTo(expected);

    assertThat(m.isValid()).isFalse();
    assertThat(m.error()).isEqualTo(expected);
    assertThat(m.errorMessage()).isEqualTo(message);
    assertThat(m).hasToString("StunMessage[" + message + "]");
    assertThat(buf.readerIndex()).isZero();
    assertThat(buf.writerIndex()).isEqualTo(bytes.length);
    assertThat(buf.release()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void parseThrowsWithTheExactMessage(String name, byte[] bytes, StunParseResult expected,
      String message) {
    ByteBuf buf = Unpooled.buffer(bytes.length).writeBytes(bytes);
    try {
      assertThatThrownBy(() -> StunMessage.parse(buf))
          .isInstanceOfSatisfying(MalformedStunException.class,
              e -> assertThat(e.result()).isEqualTo(expected))
          .hasMessage(message);
    } finally {
      assertThat(buf.release()).isTrue();
    }
  }

  // --- Edge cases that are valid --------------------------------------------------------------

  @Test
  void noAttributesAtAll() {
    ByteBuf buf = Unpooled.wrappedBuffer(request(""));
    StunMessage m = StunMessage.parse(buf);
    assertThat(m.messageLength()).isZero();
    assertThat(m.unknownComprehensionRequiredCount()).isZero();
    assertThat(buf.release()).isTrue();
  }

  @Test
  void paddingBytesAreIgnored() {
    // RFC 8489 §14: padding MUST be ignored by the receiver (RFC 5769 pads with spaces).
    ByteBuf buf = Unpooled.wrappedBuffer(request("0006 0001 61ffffff"));
    assertThat(StunMessage.parse(buf).username()).isEqualTo("a");
    assertThat(buf.release()).isTrue();
  }

  @Test
  void onlyTheFirstOfDuplicateAttributesCounts() {
    ByteBuf buf = Unpooled.wrappedBuffer(
        request("0024 0004 00000001 0006 0001 61000000 0024 0004 00000002 0006 0001 62000000"));
    StunMessage m = StunMessage.parse(buf);
    assertThat(m.priority()).isEqualTo(1);
    assertThat(m.username()).isEqualTo("a");
    assertThat(buf.release()).isTrue();
  }

  @Test
  void unknownComprehensionOptionalAttributesAreSkipped() {
    ByteBuf buf = Unpooled.wrappedBuffer(request("c057 0004 00010000 8070 0000"));
    StunMessage m = StunMessage.parse(buf);
    assertThat(m.unknownComprehensionRequiredCount()).isZero();
    assertThat(buf.release()).isTrue();
  }

  @Test
  void unknownComprehensionRequiredAttributesAreRecordedOnceEachInOrder() {
    ByteBuf buf = Unpooled.wrappedBuffer(
        request("0003 0000 7fff 0001 01000000 0003 0000 0001 0008 0000000000000000"));
    StunMessage m = StunMessage.parse(buf);
    assertThat(m.unknownComprehensionRequiredCount()).isEqualTo(3);
    assertThat(m.unknownComprehensionRequired(0)).isEqualTo(0x0003);
    assertThat(m.unknownComprehensionRequired(1)).isEqualTo(0x7fff);
    assertThat(m.unknownComprehensionRequired(2)).isEqualTo(0x0001);
    assertThatThrownBy(() -> m.unknownComprehensionRequired(3))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("unknown attribute 3 (expected: 0..2)");
    assertThat(buf.release()).isTrue();
  }

  @Test
  void atMostSixteenUnknownAttributesAreRecorded() {
    StringBuilder body = new StringBuilder();
    for (int type = 0x7000; type < 0x7000 + 40; type++) {
      body.append(String.format("%04x 0000 ", type));
    }
    ByteBuf buf = Unpooled.wrappedBuffer(request(body.toString()));
    StunMessage m = StunMessage.parse(buf);
    assertThat(m.unknownComprehensionRequiredCount()).isEqualTo(StunMessage.MAX_UNKNOWN_ATTRIBUTES);
    assertThat(m.unknownComprehensionRequired(15)).isEqualTo(0x700f);
    assertThat(buf.release()).isTrue();
  }

  @Test
  void messageIntegritySha256AndFingerprintMayFollowMessageIntegrity() {
    ByteBuf buf = Unpooled.wrappedBuffer(request("0008 0014" + repeat("00", 20)
        + "001c 0020" + repeat("00", 32) + "8028 0004 00000000"));
    StunMessage m = StunMessage.parse(buf);
    // MESSAGE-INTEGRITY-SHA256 is not supported, so it is reported for a 420 answer.
    assertThat(m.unknownComprehensionRequiredCount()).isEqualTo(1);
    assertThat(m.unknownComprehensionRequired(0))
        .isEqualTo(StunAttributeType.MESSAGE_INTEGRITY_SHA256);
    assertThat(m.has(StunAttributeType.FINGERPRINT)).isTrue();
    assertThat(buf.release()).isTrue();
  }

  @Test
  void longestValuesAreAccepted() {
    ByteBuf buf = Unpooled.wrappedBuffer(request("0006 02fb" + repeat("61", 764)
        + "0009 02ff 00000663" + repeat("62", 764)));
    StunMessage m = StunMessage.parse(buf);
    assertThat(m.valueLength(StunAttributeType.USERNAME)).isEqualTo(763);
    assertThat(m.errorCode()).isEqualTo(699);
    assertThat(m.errorReason()).hasSize(763);
    assertThat(buf.release()).isTrue();
  }
}
