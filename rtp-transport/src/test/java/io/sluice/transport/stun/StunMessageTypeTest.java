package io.sluice.transport.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The interleaved method and class bits of the STUN message type (RFC 8489 §5). */
class StunMessageTypeTest {
  @ParameterizedTest
  @CsvSource({
    // method, class,           type
    "0x001, REQUEST,          0x0001", // Binding request
    "0x001, INDICATION,       0x0011", // Binding indication
    "0x001, SUCCESS_RESPONSE, 0x0101", // Binding success response
    "0x001, ERROR_RESPONSE,   0x0111", // Binding error response
    "0x003, REQUEST,          0x0003", // TURN Allocate (RFC 8656)
    "0x080, REQUEST,          0x0200", // M7 moves past C1
    "0x010, REQUEST,          0x0020", // M4 moves past C0
    "0xfff, ERROR_RESPONSE,   0x3fff",
  })
  void encodesAndDecodes(String method, StunMessageClass messageClass, String type) {
    int m = Integer.decode(method);
    int t = Integer.decode(type);
    assertThat(StunMessageType.of(m, messageClass)).isEqualTo(t);
    assertThat(StunMessageType.method(t)).isEqualTo(m);
    assertThat(StunMessageType.messageClass(t)).isEqualTo(messageClass);
  }

  @Test
  void everyMethodAndClassRoundTrips() {
    for (int method = 0; method <= StunMessageType.MAX_METHOD; method++) {
      for (StunMessageClass c : StunMessageClass.values()) {
        int type = StunMessageType.of(method, c);
        assertThat(type & ~0x3FFF).isZero();
        assertThat(StunMessageType.method(type)).isEqualTo(method);
        assertThat(StunMessageType.messageClass(type)).isEqualTo(c);
      }
    }
  }

  @Test
  void refusesMethodsBeyondTwelveBits() {
    assertThatThrownBy(() -> StunMessageType.of(0x1000, StunMessageClass.REQUEST))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("STUN method 0x1000 (expected: 0x000..0xfff)");
  }
}
