package io.sluice.transport.stun;

import static io.sluice.transport.stun.Rfc5769.PASSWORD;
import static io.sluice.transport.stun.Rfc5769.SAMPLE_IPV4_RESPONSE;
import static io.sluice.transport.stun.Rfc5769.SAMPLE_IPV6_RESPONSE;
import static io.sluice.transport.stun.Rfc5769.SAMPLE_LONG_TERM_REQUEST;
import static io.sluice.transport.stun.Rfc5769.SAMPLE_REQUEST;
import static io.sluice.transport.stun.Rfc5769.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.transport.stun.Rfc5769.BufferKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link StunMessage} against the RFC 5769 test vectors, in every kind of buffer. */
class StunMessageTest {
  private final MessageIntegrity integrity = new MessageIntegrity();
  private final Fingerprint fingerprint = new Fingerprint();
  private final SecretKey key = MessageIntegrity.shortTermKey(PASSWORD);

  @ParameterizedTest
  @EnumSource(BufferKind.class)
  void rfc5769SampleRequest(BufferKind kind) {
    ByteBuf buf = kind.of(SAMPLE_REQUEST);
    int readerIndex = buf.readerIndex();
    StunMessage m = new StunMessage();

    assertThat(m.tryParse(buf)).isEqualTo(StunParseResult.OK);

    assertThat(m.isValid()).isTrue();
    assertThat(m.messageType()).isEqualTo(StunMessageType.BINDING_REQUEST);
    assertThat(m.method()).isEqualTo(StunMessageType.BINDING);
    assertThat(m.messageClass()).isEqualTo(StunMessageClass.REQUEST);
    assertThat(m.messageLength()).isEqualTo(0x58);
    assertThat(m.size()).isEqualTo(SAMPLE_REQUEST.length);
    assertThat(m.startIndex()).isEqualTo(readerIndex);
    assertThat(m.transactionId()).isEqualTo(hex(Rfc5769.TRANSACTION_ID));
    assertThat(m.software()).isEqualTo("STUN test client");
    assertThat(m.priority()).isEqualTo(0x6e0001ffL);
    assertThat(m.has(StunAttributeType.ICE_CONTROLLED)).isTrue();
    assertThat(m.iceControlled()).isEqualTo(0x932ff9b151263b36L);
    assertThat(m.has(StunAttributeType.ICE_CONTROLLING)).isFalse();
    assertThat(m.useCandidate()).isFalse();
    assertThat(m.username()).isEqualTo("evtj:h6vY");
    assertThat(m.valueLength(StunAttributeType.USERNAME)).isEqualTo(9);
    assertThat(m.unknownComprehensionRequiredCount()).isZero();
    assertThat(integrity.verify(m, key)).isTrue();
    assertThat(integrity.verify(m, MessageIntegrity.shortTermKey("VOkJxbRl1RmTxUk/WvJxBu"))).isFalse();
    assertThat(fingerprint.verify(m)).isTrue();
    // The view borrowed the buffer: indexes untouched, still ours to release.
    assertThat(buf.readerIndex()).isEqualTo(readerIndex);
    assertThat(buf.readableBytes()).isEqualTo(SAMPLE_REQUEST.length);
    assertThat(buf.release()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(BufferKind.class)
  void rfc5769SampleIpv4Response(BufferKind kind) throws Exception {
    ByteBuf buf = kind.of(SAMPLE_IPV4_RESPONSE);
    StunMessage m = StunMessage.parse(buf);

    assertThat(m.messageType()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
    assertThat(m.messageClass()).isEqualTo(StunMessageClass.SUCCESS_RESPONSE);
    assertThat(m.software()).isEqualTo("test vector");
    assertThat(m.xorMappedAddress())
        .isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
    assertThat(integrity.verify(m, key)).isTrue();
    assertThat(fingerprint.verify(m)).isTrue();
    assertThat(buf.release()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(BufferKind.class)
  void rfc5769SampleIpv6Response(BufferKind kind) throws Exception {
    ByteBuf buf = kind.of(SAMPLE_IPV6_RESPONSE);
    StunMessage m = StunMessage.parse(buf);

    assertThat(m.messageType()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
    assertThat(m.software()).isEqualTo("test vector");
    assertThat(m.xorMappedAddress()).isEqualTo(new InetSocketAddress(
        InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
    assertThat(integrity.verify(m, key)).isTrue();
    assertThat(fingerprint.verify(m)).isTrue();
    assertThat(buf.release()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(BufferKind.class)
  void rfc5769SampleLongTermRequest(BufferKind kind) {
    ByteBuf buf = kind.of(SAMPLE_LONG_TERM_REQUEST);
    StunMessage m = StunMessage.parse(buf);

    assertThat(m.transactionId()).isEqualTo(hex("78ad3433c6ad72c029da412e"));
    assertThat(m.username()).isEqualTo("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9");
    assertThat(m.nonce()).isEqualTo("f//499k954d6OL34oL9FSTvy64sA");
    assertThat(m.realm()).isEqualTo("example.org");
    assertThat(m.has(StunAttributeType.FINGERPRINT)).isFalse();
    assertThat(fingerprint.verify(m)).isFalse();
    // SASLprep("The\u00ADM\u00AAtr\u2168") = "TheMatrIX"; the key takes prepared input.
    SecretKey longTerm = MessageIntegrity.longTermKey(m.username(), "example.org", "TheMatrIX");
    assertThat(integrity.verify(m, longTerm)).isTrue();
    assertThat(integrity.verify(m, MessageIntegrity.longTermKey(m.username(), "example.org",
        "thematrix"))).isFalse();
    assertThat(buf.release()).isTrue();
  }

  @Test
  void everyFlippedBitBreaksIntegrityOrFingerprintOrParse() {
    // Any single-bit change to the sample request either fails validation or fails both checks
    // that cover the changed byte (MESSAGE-INTEGRITY covers everything before it).
    int integrityAttribute = SAMPLE_REQUEST.length - 8 - 24;
    StunMessage m = new StunMessage();
    for (int i = 0; i < SAMPLE_REQUEST.length * 8; i++) {
      byte[] bytes = SAMPLE_REQUEST.clone();
      bytes[i / 8] ^= (byte) (1 << (i % 8));
      ByteBuf buf = Unpooled.wrappedBuffer(bytes);
      try {
        if (m.tryParse(buf) != StunParseResult.OK) {
          continue;
        }
        assertThat(fingerprint.verify(m)).as("bit %d", i).isFalse();
        // MESSAGE-INTEGRITY covers the header, every attribute before it (padding included) and
        // its own value.
        if (i / 8 < integrityAttribute + 24) {
          assertThat(integrity.verify(m, key)).as("bit %d", i).isFalse();
        }
      } finally {
        buf.release();
      }
    }
  }

  @Test
  void integrityAndFingerprintCheckTheirOwnAbsence() {
    ByteBuf buf = Unpooled.wrappedBuffer(hex("0001 0000 2112a442 000102030405060708090a0b"));
    StunMessage m = StunMessage.parse(buf);
    assertThat(integrity.verify(m, key)).isFalse();
    assertThat(fingerprint.verify(m)).isFalse();
    assertThat(m.has(StunAttributeType.MESSAGE_INTEGRITY)).isFalse();
    assertThat(m.valueIndex(StunAttributeType.USERNAME)).isEqualTo(-1);
    assertThat(m.valueLength(StunAttributeType.USERNAME)).isEqualTo(-1);
    assertThat(m.username()).isNull();
    assertThatThrownBy(m::priority)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("PRIORITY is absent");
    assertThat(buf.release()).isTrue();
  }

  @Test
  void anEmptyViewRefusesAccess() {
    StunMessage m = new StunMessage();
    assertThat(m.isValid()).isFalse();
    assertThatThrownBy(m::messageType)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("StunMessage view is empty (last tryParse: OK)");
    assertThat(m).hasToString("StunMessage[empty]");
  }

  @Test
  void clearForgetsTheBuffer() {
    ByteBuf buf = Unpooled.wrappedBuffer(SAMPLE_REQUEST);
    StunMessage m = new StunMessage();
    assertThat(m.tryParse(buf)).isEqualTo(StunParseResult.OK);
    m.clear();
    assertThat(m.isValid()).isFalse();
    assertThatThrownBy(m::buffer).isInstanceOf(IllegalStateException.class);
    assertThat(buf.release()).isTrue();
  }

  @Test
  void aFailedParseEmptiesAViewThatHeldAMessage() {
    ByteBuf good = Unpooled.wrappedBuffer(SAMPLE_REQUEST);
    byte[] broken = SAMPLE_REQUEST.clone();
    broken[4] = 0; // magic cookie
    ByteBuf bad = Unpooled.wrappedBuffer(broken);
    StunMessage m = new StunMessage();
    assertThat(m.tryParse(good)).isEqualTo(StunParseResult.OK);

    assertThat(m.tryParse(bad)).isEqualTo(StunParseResult.BAD_MAGIC_COOKIE);

    assertThat(m.isValid()).isFalse();
    assertThat(m.error()).isEqualTo(StunParseResult.BAD_MAGIC_COOKIE);
    assertThatThrownBy(() -> m.has(StunAttributeType.USERNAME))
        .isInstanceOf(IllegalStateException.class);
    // And a successful parse after that starts clean.
    assertThat(m.tryParse(good)).isEqualTo(StunParseResult.OK);
    assertThat(m.errorMessage()).isEmpty();
    assertThat(good.release()).isTrue();
    assertThat(bad.release()).isTrue();
  }

  @Test
  void looksLikeStunIsTheRfc7983DemuxTest() {
    ByteBuf stun = Unpooled.wrappedBuffer(SAMPLE_REQUEST);
    ByteBuf rtp = Unpooled.wrappedBuffer(hex("80 60 00 01 00 00 00 00 12 34 56 78 00 00 00 00 00 00 00 00"));
    ByteBuf dtls = Unpooled.wrappedBuffer(hex("16 fe fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"));
    ByteBuf shortOne = Unpooled.wrappedBuffer(hex("00 01 00 00 21 12 a4 42"));
    assertThat(StunMessage.looksLikeStun(stun)).isTrue();
    assertThat(StunMessage.looksLikeStun(rtp)).isFalse();
    assertThat(StunMessage.looksLikeStun(dtls)).isFalse();
    assertThat(StunMessage.looksLikeStun(shortOne)).isFalse();
    for (ByteBuf b : new ByteBuf[] {stun, rtp, dtls, shortOne}) {
      assertThat(b.release()).isTrue();
    }
  }
}
