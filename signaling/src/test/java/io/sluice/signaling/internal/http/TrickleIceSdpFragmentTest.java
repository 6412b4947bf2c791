package io.sluice.signaling.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.signaling.http.IceCredentials;
import io.sluice.signaling.sdp.Candidate;
import io.sluice.signaling.sdp.SdpParseException;
import org.junit.jupiter.api.Test;

/** RFC 8840 fragments as WHIP clients send them (RFC 9725 §4.3.1 example shape). */
class TrickleIceSdpFragmentTest {

  @Test
  void parsesTheTrickleExampleShape() {
    TrickleIceSdpFragment f = TrickleIceSdpFragment.parse(
        "a=group:BUNDLE 0 1\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
            + "a=mid:0\r\n"
            + "a=ice-ufrag:EsAw\r\n"
            + "a=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1\r\n"
            + "a=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0"
            + " ufrag EsAw network-id 1\r\n"
            + "a=candidate:3471623853 1 udp 2122194687 198.51.100.2 61765 typ host generation 0"
            + " ufrag EsAw network-id 2\r\n"
            + "a=end-of-candidates\r\n");

    assertThat(f.iceUfrag()).isEqualTo("EsAw");
    assertThat(f.icePwd()).isEqualTo("P2uYro0UCOQ4zxjKXaWCBui1");
    assertThat(f.mids()).containsExactly("0");
    assertThat(f.candidates()).extracting(Candidate::address)
        .containsExactly("192.0.2.1", "198.51.100.2");
    assertThat(f.endOfCandidates()).isTrue();
    assertThat(f.credentials()).isEqualTo(new IceCredentials("EsAw", "P2uYro0UCOQ4zxjKXaWCBui1"));
  }

  @Test
  void acceptsLfEndingsBlankLinesAndAnEmptyFragment() {
    TrickleIceSdpFragment f = TrickleIceSdpFragment.parse(
        "\na=candidate:1 1 udp 1 127.0.0.1 9 typ host\n\n");
    assertThat(f.candidates()).hasSize(1);
    assertThat(f.hasCredentials()).isFalse();
    assertThat(f.endOfCandidates()).isFalse();

    TrickleIceSdpFragment empty = TrickleIceSdpFragment.parse("");
    assertThat(empty.candidates()).isEmpty();
    assertThat(empty.mids()).isEmpty();
  }

  @Test
  void credentialsAtSessionAndMediaLevelMustAgree() {
    assertThatThrownBy(() -> TrickleIceSdpFragment.parse(
        "a=ice-ufrag:EsAw\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=ice-ufrag:Other\r\n"))
        .isInstanceOf(SdpParseException.class)
        .hasMessage("line 3: a=ice-ufrag:\"Other\" differs from \"EsAw\" earlier in the fragment"
            + " (expected: one ICE generation)");
  }

  @Test
  void badLinesNameTheLine() {
    assertThatThrownBy(() -> TrickleIceSdpFragment.parse("a=mid:0\r\na=candidate:1 1 udp\r\n"))
        .isInstanceOf(SdpParseException.class)
        .hasMessageStartingWith("line 2: a=candidate ");
    assertThatThrownBy(() -> TrickleIceSdpFragment.parse("a=mid:0\r\nnonsense\r\n"))
        .hasMessageStartingWith("line 2: line \"nonsense\" is not <type>=<value>");
    assertThatThrownBy(() -> TrickleIceSdpFragment.parse("a=ice-pwd:\r\n"))
        .hasMessage("line 1: a=ice-pwd has no value");
    // Found by HttpInputFuzzTest#fragment: a NUL or a lone CR inside a candidate's fields.
    assertThatThrownBy(() -> TrickleIceSdpFragment.parse(
        "a=mid:0\r\na=candidate:1 1 udp 1 192.0.2.\u0000 9 typ host\r\n"))
        .isInstanceOf(SdpParseException.class)
        .hasMessage("line 2: contains a NUL character");
    assertThatThrownBy(() -> TrickleIceSdpFragment.parse(
        "a=candidate:1 1 udp 1 192.0.2.1 9 typ host x y\rz\r\n"))
        .isInstanceOf(SdpParseException.class)
        .hasMessage("line 1: contains a CR that does not end the line");
  }

  @Test
  void restartCredentialsMustFollowRfc8839() {
    TrickleIceSdpFragment f = TrickleIceSdpFragment.parse("a=ice-ufrag:ab\r\na=ice-pwd:short\r\n");
    assertThat(f.hasCredentials()).isTrue();
    assertThatThrownBy(f::credentials).isInstanceOf(SdpParseException.class)
        .hasMessage("ice-ufrag has 2 characters (expected: 4..256)");
    assertThatThrownBy(() -> TrickleIceSdpFragment.parse("a=ice-ufrag:abcd\r\n").credentials())
        .hasMessage("fragment has no a=ice-pwd (expected: both for an ICE restart)");
  }

  @Test
  void boundsCandidatesAndLines() {
    String line = "a=candidate:1 1 udp 1 127.0.0.1 9 typ host\r\n";
    assertThatThrownBy(() -> TrickleIceSdpFragment.parse(line.repeat(257)))
        .hasMessage("line 257: more than 256 candidates");
    assertThatThrownBy(() -> TrickleIceSdpFragment.parse("a=x\r\n".repeat(1100)))
        .hasMessageStartingWith("fragment has 1101 lines");
  }

  @Test
  void restartAnswerCarriesTheNewCredentials() {
    assertThat(TrickleIceSdpFragment.restartAnswer(
        new IceCredentials("NewU", "NewPasswordNewPassword1")))
        .isEqualTo("a=ice-ufrag:NewU\r\na=ice-pwd:NewPasswordNewPassword1\r\n");
  }
}
