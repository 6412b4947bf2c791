package io.sluice.transport.stun;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * {@link MessageIntegrity} computes HMAC-SHA1 itself (to avoid the JCA's per-call allocation), so
 * it is checked against {@code javax.crypto.Mac} for keys shorter than, equal to and longer than
 * the 64-byte block, and for alternating keys.
 */
class MessageIntegrityTest {
  @Test
  void agreesWithJavaxCryptoMac() throws Exception {
    SplittableRandom random = new SplittableRandom(2104);
    MessageIntegrity integrity = new MessageIntegrity();
    StunMessageWriter writer = new StunMessageWriter();
    Mac mac = Mac.getInstance("HmacSHA1");
    int[] keyLengths = {1, 16, 22, 63, 64, 65, 128, 256};
    for (int i = 0; i < 400; i++) {
      byte[] keyBytes = new byte[keyLengths[i % keyLengths.length]];
      random.nextBytes(keyBytes);
      SecretKey key = new SecretKeySpec(keyBytes, "HmacSHA1");
      byte[] value = new byte[random.nextInt(0, 300)];
      random.nextBytes(value);
      ByteBuf out = i % 2 == 0 ? Unpooled.buffer() : Unpooled.directBuffer(512);
      try {
        writer.begin(out, StunMessageType.BINDING_REQUEST, new byte[12])
            .attribute(0x8070, value)
            .messageIntegrity(integrity, key)
            .end();

        // The HMAC input: the message up to MESSAGE-INTEGRITY, length field as written (it
        // already ends at MESSAGE-INTEGRITY because nothing follows it).
        int before = out.readableBytes() - MessageIntegrity.ATTRIBUTE_SIZE;
        byte[] text = new byte[before];
        out.getBytes(0, text);
        mac.init(key);
        byte[] expected = mac.doFinal(text);
        byte[] actual = new byte[MessageIntegrity.LENGTH];
        out.getBytes(before + 4, actual);
        assertThat(actual).as("key of %d bytes", keyBytes.length).isEqualTo(expected);
        assertThat(integrity.verify(StunMessage.parse(out), key)).isTrue();
      } finally {
        out.release();
      }
    }
  }

  @Test
  void switchingKeysBackAndForthStaysCorrect() {
    SecretKey a = MessageIntegrity.shortTermKey("a".repeat(22));
    SecretKey b = MessageIntegrity.shortTermKey("b".repeat(22));
    MessageIntegrity integrity = new MessageIntegrity();
    ByteBuf signedA = sign(a);
    ByteBuf signedB = sign(b);
    try {
      StunMessage ma = StunMessage.parse(signedA);
      StunMessage mb = StunMessage.parse(signedB);
      for (int i = 0; i < 3; i++) {
        assertThat(integrity.verify(ma, a)).isTrue();
        assertThat(integrity.verify(mb, a)).isFalse();
        assertThat(integrity.verify(mb, b)).isTrue();
        assertThat(integrity.verify(ma, b)).isFalse();
      }
      // An equal key in a different object works too (it only costs re-deriving the pads).
      assertThat(integrity.verify(ma, MessageIntegrity.shortTermKey("a".repeat(22)))).isTrue();
    } finally {
      signedA.release();
      signedB.release();
    }
  }

  private static ByteBuf sign(SecretKey key) {
    ByteBuf out = Unpooled.buffer();
    new StunMessageWriter().begin(out, StunMessageType.BINDING_REQUEST, new byte[12])
        .username("x:y")
        .messageIntegrity(new MessageIntegrity(), key)
        .end();
    return out;
  }
}
