package io.sluice.signaling.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The typed parsers also take bare values (a WHIP trickle fragment, an API caller), which no SDP
 * line check has seen: NUL, CR or LF must give their documented SdpParseException or null, never
 * an IllegalArgumentException from a constructor.
 */
class TypedAttributeControlCharsTest {

  @ParameterizedTest
  @ValueSource(strings = {"\0", "\r", "\n"})
  void controlCharactersAreParseErrors(String bad) {
    String candidate = "1 1 udp 2122260223 127.0.0.1 5000 typ host" + bad;
    assertThatThrownBy(() -> Candidate.parse(candidate)).isInstanceOf(SdpParseException.class)
        .hasMessageContaining("contains NUL, CR or LF");
    assertThat(Candidate.tryParse(candidate)).isNull();
    assertThatThrownBy(() -> Ssrc.parse("1 cname:a" + bad)).isInstanceOf(SdpParseException.class);
    assertThat(Ssrc.tryParse("1 cname:a" + bad)).isNull();
    assertThatThrownBy(() -> Msid.parse("stream" + bad + " track")).isInstanceOf(SdpParseException.class);
    assertThat(Msid.tryParse("stream" + bad + " track")).isNull();
    assertThatThrownBy(() -> Rid.parse("h send" + bad)).isInstanceOf(SdpParseException.class);
    assertThat(Rid.tryParse("h send" + bad)).isNull();
  }
}
