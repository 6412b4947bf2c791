package io.sluice.transport.stun;

import static io.sluice.transport.stun.Rfc5769.PASSWORD;
import static io.sluice.transport.stun.Rfc5769.SAMPLE_IPV4_RESPONSE;
import static io.sluice.transport.stun.Rfc5769.SAMPLE_IPV6_RESPONSE;
import static io.sluice.transport.stun.Rfc5769.SAMPLE_LONG_TERM_REQUEST;
import static io.sluice.transport.stun.Rfc5769.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link StunMessageWriter}: byte-exact against RFC 5769 where possible, and round trips. */
class StunMessageWriterTest {
  private final StunMessageWriter writer = new StunMessageWriter();
  private final MessageIntegrity integrity = new MessageIntegrity();
  private final Fingerprint fingerprint = new Fingerprint();
  private final SecretKey key = MessageIntegrity.shortTermKey(PASSWORD);

  @Test
  void reproducesTheRfc5769LongTermRequestByteForByte() {
    // §2.4 pads with zeros, as a sender must, so the writer can reproduce it exactly, integrity
    // included. (§2.1-2.3 pad with spaces, which no conforming writer produces.)
    String username = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
    ByteBuf out = Unpooled.buffer();
    int size = writer.begin(out, StunMessageType.BINDING_REQUEST, hex("78ad3433c6ad72c029da412e"))
        .username(username)
        .attribute(StunAttributeType.NONCE, "f//499k954d6OL34oL9FSTvy64sA".getBytes())
        .attribute(StunAttributeType.REALM, "example.org".getBytes())
        .messageIntegrity(integrity,
            MessageIntegrity.longTermKey(username, "example.org", "TheMatrIX"))
        .end();

    assertThat(size).isEqualTo(SAMPLE_LONG_TERM_REQUEST.length);
    assertThat(ByteBufUtil.getBytes(out)).isEqualTo(SAMPLE_LONG_TERM_REQUEST);
    assertThat(out.release()).isTrue();
  }

  @Test
  void writesTheRfc5769XorMappedAddressesByteForByte() throws Exception {
    byte[] transactionId = hex(Rfc5769.TRANSACTION_ID);
    ByteBuf v4 = Unpooled.buffer();
    ByteBuf v6 = Unpooled.buffer();
    writer.begin(v4, StunMessageType.BINDING_SUCCESS_RESPONSE, transactionId)
        .xorMappedAddress(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853))
        .end();
    writer.begin(v6, StunMessageType.BINDING_SUCCESS_RESPONSE, transactionId)
        .xorMappedAddress(new InetSocketAddress(
            InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853))
        .end();

    // Bytes 36.. of §2.2 and §2.3 are the XOR-MAPPED-ADDRESS attribute.
    assertThat(ByteBufUtil.getBytes(v4, 20, 12))
        .isEqualTo(Arrays.copyOfRange(SAMPLE_IPV4_RESPONSE, 36, 48));
    assertThat(ByteBufUtil.getBytes(v6, 20, 24))
        .isEqualTo(Arrays.copyOfRange(SAMPLE_IPV6_RESPONSE, 36, 60));
    assertThat(v4.release()).isTrue();
    assertThat(v6.release()).isTrue();
  }

  @Test
  void reproducesRfc5769IntegrityAndFingerprintOverTheSameBytes() {
    // Re-sign the §2.2 response up to its MESSAGE-INTEGRITY: the writer's HMAC and CRC over
    // those bytes must equal the RFC's.
    int integrityAt = 48;
    ByteBuf out = Unpooled.buffer();
    writer.begin(out, StunMessageType.BINDING_SUCCESS_RESPONSE, hex(Rfc5769.TRANSACTION_ID));
    // Copy the SOFTWARE and XOR-MAPPED-ADDRESS attributes as they are, space padding included.
    out.writeBytes(SAMPLE_IPV4_RESPONSE, 20, integrityAt - 20);
    writer.messageIntegrity(integrity, key).fingerprint(fingerprint).end();

    assertThat(ByteBufUtil.getBytes(out)).isEqualTo(SAMPLE_IPV4_RESPONSE);
    assertThat(out.release()).isTrue();
  }

  @Test
  void roundTripsEveryAttribute() throws Exception {
    ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(256);
    byte[] transactionId = hex("0102030405060708090a0b0c");
    writer.begin(out, StunMessageType.BINDING_REQUEST, transactionId)
        .username("abcd:wxyz")
        .software("sluice")
        .priority(0xFFFF_FFFFL)
        .iceControlling(-1L)
        .iceControlled(0x0123_4567_89AB_CDEFL)
        .useCandidate()
        .xorMappedAddress(new InetSocketAddress(InetAddress.getByName("::1"), 65535))
        .errorCode(ErrorCode.of(599, "Whatever"))
        .unknownAttributes(0x0003, 0x7fff, 0x0001)
        .messageIntegrity(integrity, key)
        .fingerprint(fingerprint)
        .end();

    StunMessage m = StunMessage.parse(out);
    assertThat(m.transactionId()).isEqualTo(transactionId);
    assertThat(m.messageType()).isEqualTo(StunMessageType.BINDING_REQUEST);
    assertThat(m.username()).isEqualTo("abcd:wxyz");
    assertThat(m.software()).isEqualTo("sluice");
    assertThat(m.priority()).isEqualTo(0xFFFF_FFFFL);
    assertThat(m.iceControlling()).isEqualTo(-1L);
    assertThat(m.iceControlled()).isEqualTo(0x0123_4567_89AB_CDEFL);
    assertThat(m.useCandidate()).isTrue();
    assertThat(m.xorMappedAddress())
        .isEqualTo(new InetSocketAddress(InetAddress.getByName("::1"), 65535));
    assertThat(m.errorCode()).isEqualTo(599);
    assertThat(m.errorReason()).isEqualTo("Whatever");
    assertThat(m.unknownAttributes()).containsExactly(0x0003, 0x7fff, 0x0001);
    assertThat(m.unknownComprehensionRequiredCount()).isZero();
    assertThat(integrity.verify(m, key)).isTrue();
    assertThat(fingerprint.verify(m)).isTrue();
    assertThat(out.release()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 508})
  void padsEveryValueLengthWithZeros(int length) {
    byte[] value = new byte[length];
    Arrays.fill(value, (byte) 'u');
    ByteBuf out = Unpooled.buffer();
    writer.begin(out, StunMessageType.BINDING_REQUEST, new byte[12])
        .attribute(StunAttributeType.USERNAME, value)
        .fingerprint(fingerprint)
        .end();

    int padded = (length + 3) & ~3;
    assertThat(out.readableBytes()).isEqualTo(20 + 4 + padded + 8);
    assertThat(out.getUnsignedShort(2)).isEqualTo(4 + padded + 8);
    for (int i = 24 + length; i < 24 + padded; i++) {
      assertThat(out.getByte(i)).as("padding byte %d", i).isZero();
    }
    StunMessage m = StunMessage.parse(out);
    assertThat(m.valueLength(StunAttributeType.USERNAME)).isEqualTo(length);
    assertThat(fingerprint.verify(m)).isTrue();
    assertThat(out.release()).isTrue();
  }

  @Test
  void appendsAfterWhateverTheBufferAlreadyHolds() {
    // Messages are written at the writer index, and offsets are relative to the message start.
    ByteBuf out = Unpooled.buffer();
    out.writeBytes(hex("deadbeef"));
    writer.begin(out, StunMessageType.BINDING_SUCCESS_RESPONSE, new byte[12])
        .xorMappedAddress(new byte[] {10, 0, 0, 1}, 5000)
        .messageIntegrity(integrity, key)
        .fingerprint(fingerprint)
        .end();
    out.skipBytes(4);
    StunMessage m = StunMessage.parse(out);
    assertThat(m.startIndex()).isEqualTo(4);
    assertThat(m.xorMappedAddress()).isEqualTo(new InetSocketAddress("10.0.0.1", 5000));
    assertThat(integrity.verify(m, key)).isTrue();
    assertThat(fingerprint.verify(m)).isTrue();
    assertThat(out.release()).isTrue();
  }

  @Test
  void respondsWithTheRequestsTransactionId() {
    ByteBuf request = Unpooled.wrappedBuffer(Rfc5769.SAMPLE_REQUEST);
    StunMessage m = StunMessage.parse(request);
    ByteBuf out = Unpooled.buffer();
    writer.beginResponse(out, StunMessageType.BINDING_ERROR_RESPONSE, m)
        .errorCode(ErrorCode.ROLE_CONFLICT)
        .end();
    StunMessage response = StunMessage.parse(out);
    assertThat(response.transactionId()).isEqualTo(m.transactionId());
    assertThat(response.messageClass()).isEqualTo(StunMessageClass.ERROR_RESPONSE);
    assertThat(response.errorCode()).isEqualTo(487);
    assertThat(response.errorReason()).isEqualTo("Role Conflict");
    assertThat(request.release()).isTrue();
    assertThat(out.release()).isTrue();
  }

  @Test
  void randomMessagesRoundTrip() {
    SplittableRandom random = new SplittableRandom(5769);
    StunMessage m = new StunMessage();
    for (int i = 0; i < 2000; i++) {
      byte[] transactionId = new byte[12];
      random.nextBytes(transactionId);
      byte[] name = new byte[random.nextInt(0, 64)];
      for (int j = 0; j < name.length; j++) {
        name[j] = (byte) random.nextInt('a', 'z' + 1);
      }
      long priority = random.nextLong(0, 1L << 32);
      long tiebreaker = random.nextLong();
      boolean nominate = random.nextBoolean();
      ByteBuf out = Unpooled.buffer();
      writer.begin(out, StunMessageType.BINDING_REQUEST, transactionId)
          .attribute(StunAttributeType.USERNAME, name)
          .priority(priority)
          .iceControlling(tiebreaker);
      if (nominate) {
        writer.useCandidate();
      }
      writer.messageIntegrity(integrity, key).fingerprint(fingerprint).end();

      assertThat(m.tryParse(out)).isEqualTo(StunParseResult.OK);
      assertThat(m.transactionId()).isEqualTo(transactionId);
      assertThat(m.username()).isEqualTo(new String(name));
      assertThat(m.priority()).isEqualTo(priority);
      assertThat(m.iceControlling()).isEqualTo(tiebreaker);
      assertThat(m.useCandidate()).isEqualTo(nominate);
      assertThat(integrity.verify(m, key)).isTrue();
      assertThat(fingerprint.verify(m)).isTrue();
      m.clear();
      assertThat(out.release()).isTrue();
    }
  }

  @Test
  void refusesAttributesAfterMessageIntegrityOrFingerprint() {
    ByteBuf out = Unpooled.buffer();
    writer.begin(out, StunMessageType.BINDING_REQUEST, new byte[12]).messageIntegrity(integrity, key);
    assertThatThrownBy(() -> writer.priority(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("STUN writer: PRIORITY after MESSAGE-INTEGRITY (expected: only FINGERPRINT)");
    assertThatThrownBy(() -> writer.messageIntegrity(integrity, key))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("STUN writer: MESSAGE-INTEGRITY after MESSAGE-INTEGRITY"
            + " (expected: only FINGERPRINT)");
    writer.fingerprint(fingerprint);
    assertThatThrownBy(() -> writer.fingerprint(fingerprint))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("STUN writer: FINGERPRINT after FINGERPRINT (expected: none)");
    writer.end();
    assertThat(out.release()).isTrue();
  }

  @Test
  void refusesMisuse() {
    ByteBuf out = Unpooled.buffer();
    assertThatThrownBy(writer::end)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("STUN writer: no message started (call begin() first)");
    assertThatThrownBy(() -> writer.begin(out, StunMessageType.BINDING_REQUEST, new byte[11]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("STUN transaction ID of 11 bytes (expected: 12 bytes)");
    assertThatThrownBy(() -> writer.begin(out, 0x4001, new byte[12]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("STUN message type 0x4001 (expected: 14 bits, 0x0000..0x3fff)");
    writer.begin(out, StunMessageType.BINDING_REQUEST, new byte[12]);
    assertThatThrownBy(() -> writer.begin(out, StunMessageType.BINDING_REQUEST, new byte[12]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("STUN writer: begin() before end() of the previous message");
    assertThatThrownBy(() -> writer.xorMappedAddress(new byte[5], 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("XOR-MAPPED-ADDRESS: 5-byte address (expected: 4 or 16 bytes)");
    assertThatThrownBy(() -> writer.priority(1L << 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PRIORITY 4294967296 (expected: 0..2^32-1)");
    assertThatThrownBy(() -> writer.attribute(0x8022, new byte[0xFFF9]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("STUN message length 65536 (expected: at most 65532)");
    writer.end();
    assertThat(out.release()).isTrue();
  }

  @Test
  void abortReturnsTheWriterToIdle() {
    ByteBuf out = Unpooled.buffer();
    writer.begin(out, StunMessageType.BINDING_REQUEST, new byte[12]).priority(7);
    writer.abort();
    assertThatThrownBy(writer::end).isInstanceOf(IllegalStateException.class);
    out.clear();
    writer.begin(out, StunMessageType.BINDING_REQUEST, new byte[12]).end();
    assertThat(StunMessage.parse(out).messageLength()).isZero();
    assertThat(out.release()).isTrue();
  }

  @Test
  void errorCodesAreValidated() {
    assertThat(ErrorCode.of(438, "Stale Nonce")).hasToString("438 Stale Nonce");
    assertThat(ErrorCode.of(401, "Unauthenticated")).isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThatThrownBy(() -> ErrorCode.of(299, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("STUN error code 299 (expected: 300..699)");
    assertThatThrownBy(() -> ErrorCode.of(700, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("STUN error code 700 (expected: 300..699)");
    assertThatThrownBy(() -> ErrorCode.of(400, "x".repeat(128)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("STUN error reason of 128 characters"
            + " (expected: fewer than 128 characters, at most 509 bytes)");
  }
}
