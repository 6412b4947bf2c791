package io.sluice.signaling.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Typed attribute values: parse, the canonical value they write, and malformed input. */
class AttributeGrammarTest {

  /** {parser, input, expected value, canonical text written back}. */
  static Stream<Arguments> roundTrips() {
    return Stream.of(
        row(RtpMap::parse, "111 opus/48000/2", new RtpMap(111, "opus", 48000, 2)),
        row(RtpMap::parse, "96 VP8/90000", new RtpMap(96, "VP8", 90000, 0)),
        row(Fmtp::parse, "97 apt=96", new Fmtp("97", "apt=96")),
        row(Fmtp::parse, "101 0-15", new Fmtp("101", "0-15")),
        row(Fmtp::parse, "webrtc-datachannel max-message-size=262144",
            new Fmtp("webrtc-datachannel", "max-message-size=262144")),
        row(RtcpFeedback::parse, "96 nack pli", new RtcpFeedback(96, "nack", "pli")),
        row(RtcpFeedback::parse, "* transport-cc",
            new RtcpFeedback(RtcpFeedback.WILDCARD, "transport-cc", null)),
        row(RtcpFeedback::parse, "96 ccm tmmbr smaxpr=120",
            new RtcpFeedback(96, "ccm", "tmmbr smaxpr=120")),
        row(ExtMap::parse, "4 urn:ietf:params:rtp-hdrext:sdes:mid",
            ExtMap.of(4, ExtMap.SDES_MID)),
        row(ExtMap::parse, "2/recvonly http://example.com/ext attr1 attr2",
            new ExtMap(2, Direction.RECVONLY, "http://example.com/ext", "attr1 attr2")),
        row(ExtMap::parse, "200 urn:two-byte", ExtMap.of(200, "urn:two-byte")),
        row(Candidate::parse,
            "1793380339 1 udp 1677729535 203.0.113.7 54321 typ srflx raddr 0.0.0.0 rport 0"
                + " generation 0",
            new Candidate("1793380339", 1, "udp", 1677729535L, "203.0.113.7", 54321, "srflx",
                "0.0.0.0", 0, Map.of("generation", "0"))),
        row(Candidate::parse, "1 1 UDP 2130706431 2001:db8::1 9 typ host",
            new Candidate("1", 1, "UDP", 2130706431L, "2001:db8::1", 9, "host", null, -1,
                Map.of())),
        row(Candidate::parse, "3 1 tcp 1518280447 10.0.0.1 9 typ host tcptype active",
            new Candidate("3", 1, "tcp", 1518280447L, "10.0.0.1", 9, "host", null, -1,
                Map.of("tcptype", "active"))),
        row(Fingerprint::parse, "sha-256 AB:CD", new Fingerprint("sha-256", "AB:CD")),
        row(Group::parse, "BUNDLE 0 1", Group.bundle(List.of("0", "1"))),
        row(Group::parse, "BUNDLE", Group.bundle(List.of())),
        row(Ssrc::parse, "4294967295 cname:a b", new Ssrc(4294967295L, "cname", "a b")),
        row(Ssrc::parse, "1 x-flag", new Ssrc(1, "x-flag", null)),
        row(SsrcGroup::parse, "SIM 1 2 3", new SsrcGroup("SIM", List.of(1L, 2L, 3L))),
        row(Msid::parse, "stream track", new Msid("stream", "track")),
        row(Msid::parse, "-", new Msid("-", null)),
        row(Rid::parse, "f send pt=96,98;max-width=1280;max-fps=30",
            new Rid("f", Rid.Direction.SEND, List.of(96, 98),
                Map.of("max-width", "1280", "max-fps", "30"))),
        row(Rid::parse, "lo recv", Rid.of("lo", Rid.Direction.RECV)),
        row(Simulcast::parse, "send 1,~4;2;3 recv c",
            new Simulcast(
                List.of(List.of(new Simulcast.Stream("1", false), new Simulcast.Stream("4", true)),
                    List.of(new Simulcast.Stream("2", false)),
                    List.of(new Simulcast.Stream("3", false))),
                List.of(List.of(new Simulcast.Stream("c", false))))),
        row(Simulcast::parse, "recv a;b",
            new Simulcast(List.of(), List.of(List.of(new Simulcast.Stream("a", false)),
                List.of(new Simulcast.Stream("b", false))))));
  }

  private static <T> Arguments row(Function<String, T> parser, String text, T expected) {
    return Arguments.of(parser, text, expected);
  }

  @ParameterizedTest
  @MethodSource("roundTrips")
  void parsesAndWritesBack(Function<String, Object> parser, String text, Object expected) {
    Object parsed = parser.apply(text);
    assertThat(parsed).isEqualTo(expected);
    String written = switch (parsed) {
      case RtpMap v -> v.toValue();
      case Fmtp v -> v.toValue();
      case RtcpFeedback v -> v.toValue();
      case ExtMap v -> v.toValue();
      case Candidate v -> v.toValue();
      case Fingerprint v -> v.toValue();
      case Group v -> v.toValue();
      case Ssrc v -> v.toValue();
      case SsrcGroup v -> v.toValue();
      case Msid v -> v.toValue();
      case Rid v -> v.toValue();
      case Simulcast v -> v.toValue();
      default -> throw new AssertionError(parsed);
    };
    assertThat(written).isEqualTo(text);
  }

  @Test
  void tryParseReturnsNullOnMalformedValues() {
    assertThat(RtpMap.tryParse("x")).isNull();
    assertThat(Fmtp.tryParse(" x")).isNull();
    assertThat(RtcpFeedback.tryParse("96")).isNull();
    assertThat(ExtMap.tryParse("16")).isNull();
    assertThat(Candidate.tryParse("1 1 udp 1 h 1 typo host")).isNull();
    assertThat(Fingerprint.tryParse("sha-256 A")).isNull();
    assertThat(Group.tryParse("")).isNull();
    assertThat(Ssrc.tryParse("-1 cname:x")).isNull();
    assertThat(SsrcGroup.tryParse("FID x")).isNull();
    assertThat(Msid.tryParse("")).isNull();
    assertThat(Rid.tryParse("a*b send")).isNull();
    assertThat(Simulcast.tryParse("send")).isNull();
    assertThat(Setup.tryParse("client")).isNull();
  }

  @Test
  void fmtpParameterMapIsCaseInsensitiveForLookupAndKeepsRawText() {
    Fmtp fmtp = Fmtp.parse("102 profile-level-id=42e01f; packetization-mode=1");

    assertThat(fmtp.parameters()).isEqualTo("profile-level-id=42e01f; packetization-mode=1");
    assertThat(fmtp.parameter("Packetization-Mode")).isEqualTo("1");
    assertThat(fmtp.parameter("sprop-parameter-sets")).isNull();
    assertThat(fmtp.withParameter("PROFILE-LEVEL-ID", "42e01e").parameters())
        .isEqualTo("profile-level-id=42e01e;packetization-mode=1");
    assertThat(fmtp.withParameter("level-asymmetry-allowed", "1").parameters()).isEqualTo(
        "profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1");
    assertThat(Fmtp.of(97, Map.of("apt", "96")).toValue()).isEqualTo("97 apt=96");
  }

  @Test
  void fingerprintFactories() {
    byte[] digest = new byte[32];
    digest[0] = (byte) 0xAB;
    Fingerprint fp = Fingerprint.of("SHA-256", digest);

    assertThat(fp.hashFunction()).isEqualTo("sha-256");
    assertThat(fp.fingerprint()).startsWith("AB:00:00").hasSize(95);
    assertThat(Fingerprint.sha256("ab" + "00".repeat(31))).isEqualTo(fp);
    assertThat(Fingerprint.sha256(fp.fingerprint())).isEqualTo(fp);
    assertThat(fp.bytes()).isEqualTo(digest);
    assertThatThrownBy(() -> Fingerprint.sha256("abcd"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new Fingerprint("md5", "00").isSupportedHash()).isFalse();
  }

  @Test
  void hostCandidateUsesRfc8445HostPriority() {
    Candidate c = Candidate.host("1", "127.0.0.1", 5000);
    assertThat(c.toValue()).isEqualTo("1 1 udp 2130706431 127.0.0.1 5000 typ host");
  }

  @Test
  void directionsAndSetup() {
    assertThat(Direction.SENDONLY.reverse()).isEqualTo(Direction.RECVONLY);
    assertThat(Direction.SENDRECV.reverse()).isEqualTo(Direction.SENDRECV);
    assertThat(Direction.of(true, false)).isEqualTo(Direction.SENDONLY);
    assertThat(Direction.of(false, false)).isEqualTo(Direction.INACTIVE);
    assertThat(Direction.fromToken("recvonly")).isEqualTo(Direction.RECVONLY);
    assertThat(Setup.parse("ACTPASS")).isEqualTo(Setup.ACTPASS);
    assertThat(Setup.PASSIVE.toAttribute()).isEqualTo(Attribute.of("setup", "passive"));
  }
}
