package io.sluice.signaling.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every parse error names the 1-based line, what was found and what was expected; the
 * null-returning entry point returns null for the same input.
 */
class SdpParseErrorTest {
  private static final String HEAD = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("", "SDP is empty (expected: \"v=0\" on line 1)"),
        Arguments.of("\r\n\r\n", "SDP is empty (expected: \"v=0\" on line 1)"),
        Arguments.of("o=- 1 2 IN IP4 127.0.0.1\r\n",
            "line 1: expected \"v=0\" (found \"o=- 1 2 IN IP4 127.0.0.1\")"),
        Arguments.of("v=1\r\n", "line 1: unsupported version \"v=1\" (expected: \"v=0\")"),
        Arguments.of(HEAD + "m=video 9\r\n",
            "line 5: m= line \"m=video 9\" has 2 fields (expected: at least 4)"),
        Arguments.of(HEAD + "m=video\r\n",
            "line 5: m= line \"m=video\" has 1 field (expected: at least 4)"),
        Arguments.of("v=0\r\no=- 1 2 IN IP4\r\n",
            "line 2: o= line \"o=- 1 2 IN IP4\" has 5 fields (expected: 6)"),
        Arguments.of("v=0\r\no=- 1  2 IN IP4\r\n",
            "line 2: o= line \"o=- 1  2 IN IP4\" has an empty field"
                + " (expected: 6 fields separated by single spaces)"),
        Arguments.of("v=0\r\ns=-\r\n", "line 2: expected \"o=\" line (found \"s=-\")"),
        Arguments.of("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\nt=0 0\r\n",
            "line 3: expected \"s=\" line (found \"t=0 0\")"),
        Arguments.of("v=0\r\no\r\n", "line 2: \"o\" is not a \"<type>=<value>\" line"),
        Arguments.of("v=0\r\nO=x\r\n", "line 2: \"O=x\" is not a \"<type>=<value>\" line"),
        Arguments.of(HEAD + "x=1\r\n",
            "line 5: unknown line type \"x=\" (RFC 8866 §5 types: v o s i u e p c b t r z k a m)"),
        Arguments.of(HEAD + "c=IN IP4 0.0.0.0\r\n",
            "line 5: \"c=\" line after \"t=\" line"
                + " (RFC 8866 §5 order: v o s i u e p c b t r z k a m)"),
        Arguments.of(HEAD + "v=0\r\n",
            "line 5: \"v=\" line after \"t=\" line"
                + " (RFC 8866 §5 order: v o s i u e p c b t r z k a m)"),
        Arguments.of("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\na=ice-lite\r\n",
            "line 4: expected a \"t=\" line before \"a=ice-lite\""
                + " (RFC 8866 §5 requires at least one)"),
        Arguments.of("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n",
            "line 3: SDP ends without a \"t=\" line"),
        Arguments.of("v=0\r\n", "line 1: SDP ends without an \"o=\" line"),
        Arguments.of("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\ns=again\r\n",
            "line 4: second \"s=\" line (expected: at most one)"),
        Arguments.of("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nr=7d 1h 0 25h\r\n",
            "line 4: \"r=\" line not after a \"t=\" line"),
        Arguments.of("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nb=AS\r\nt=0 0\r\n",
            "line 4: b= line \"b=AS\" is malformed (expected: \"b=<type>:<bandwidth>\")"),
        Arguments.of("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=now 0\r\n",
            "line 4: t= line \"t=now 0\" has a time that is not a decimal number"
                + " (expected: \"t=<start> <stop>\")"),
        Arguments.of(HEAD + "m=audio 9 RTP/AVP 0\r\nt=0 0\r\n",
            "line 6: \"t=\" line in the media description of line 5"
                + " (expected there: i= c= b= k= a=)"),
        Arguments.of(HEAD + "m=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\nc=IN IP4 0.0.0.0\r\n",
            "line 7: \"c=\" line after \"a=\" line in a media description"
                + " (RFC 8866 §5 order: m i c b k a)"),
        Arguments.of(HEAD + "m=audio 9 RTP/AVP 0\r\ni=one\r\ni=two\r\n",
            "line 7: second \"i=\" line in a media description (expected: at most one)"),
        Arguments.of(HEAD + "m=audio 70000 RTP/AVP 0\r\n",
            "line 5: m= line \"m=audio 70000 RTP/AVP 0\" has port \"70000\""
                + " (expected: 0..65535, optionally /<number of ports>)"),
        Arguments.of(HEAD + "m=audio 9/0 RTP/AVP 0\r\n",
            "line 5: m= line \"m=audio 9/0 RTP/AVP 0\" has port \"9/0\""
                + " (expected: 0..65535, optionally /<number of ports>)"),
        Arguments.of("v=0\r\n\r\no=- 1 2 IN IP4 127.0.0.1\r\n",
            "line 2: empty line (expected: \"<type>=<value>\")"),
        Arguments.of("v=0\ro=- 1 2 IN IP4 127.0.0.1\r\n",
            "line 1: contains a CR that does not end the line"),
        Arguments.of("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=\0\r\n",
            "line 3: contains a NUL character"),
        Arguments.of(HEAD + "a=foo bar\r\n",
            "line 5: a= line \"a=foo bar\" has attribute name \"foo bar\" (expected: a token)"),
        // Attribute grammar, checked at parse time for the attributes with typed views.
        Arguments.of(HEAD + "a=rtpmap\r\n",
            "line 5: a=rtpmap has no value (expected: a=rtpmap:<value>)"),
        Arguments.of(HEAD + "a=rtpmap:96 VP8\r\n",
            "line 5: a=rtpmap value \"96 VP8\" has no clock rate"
                + " (expected: \"<payload type> <encoding name>/<clock rate>[/<channels>]\")"),
        Arguments.of(HEAD + "a=rtpmap:300 VP8/90000\r\n",
            "line 5: a=rtpmap value \"300 VP8/90000\" has payload type \"300\""
                + " (expected: a number 0..127)"),
        Arguments.of(HEAD + "a=rtpmap:111 opus/48000/0\r\n",
            "line 5: a=rtpmap value \"111 opus/48000/0\" has channel count \"0\""
                + " (expected: a number 1..255)"),
        Arguments.of(HEAD + "a=fmtp:\r\n",
            "line 5: a=fmtp value \"\" has format \"\" (expected: \"<format> <parameters>\""
                + " where the format is a token such as a payload type)"),
        Arguments.of(HEAD + "a=rtcp-fb:96\r\n",
            "line 5: a=rtcp-fb value \"96\" has no feedback type"
                + " (expected: \"<payload type or *> <type> [<parameter>]\")"),
        Arguments.of(HEAD + "a=extmap:0 urn:ietf:params:rtp-hdrext:sdes:mid\r\n",
            "line 5: a=extmap value \"0 urn:ietf:params:rtp-hdrext:sdes:mid\" has id \"0\""
                + " (expected: a number 1..255)"),
        Arguments.of(HEAD + "a=extmap:3/both urn:x\r\n",
            "line 5: a=extmap value \"3/both urn:x\" has direction \"both\""
                + " (expected: sendrecv, sendonly, recvonly or inactive)"),
        Arguments.of(HEAD + "a=candidate:1 1 udp 2122260223 10.0.0.1 5000 typ\r\n",
            "line 5: a=candidate value \"1 1 udp 2122260223 10.0.0.1 5000 typ\" has 7 words"
                + " (expected: \"<foundation> <component> <transport> <priority> <address>"
                + " <port> typ <type> [raddr <address>] [rport <port>] *(<name> <value>)\")"),
        Arguments.of(HEAD + "a=candidate:1 1 udp 2122260223 10.0.0.1 99999 typ host\r\n",
            "line 5: a=candidate value \"1 1 udp 2122260223 10.0.0.1 99999 typ host\""
                + " has port \"99999\" (expected: a number 0..65535)"),
        Arguments.of(HEAD + "a=candidate:1 1 udp 4294967296 10.0.0.1 9 typ host\r\n",
            "line 5: a=candidate value \"1 1 udp 4294967296 10.0.0.1 9 typ host\""
                + " has priority \"4294967296\" (expected: a number 0..4294967295)"),
        Arguments.of(HEAD + "a=candidate:1 1 udp 1 10.0.0.1 9 typ host generation\r\n",
            "line 5: a=candidate value \"1 1 udp 1 10.0.0.1 9 typ host generation\" ends with"
                + " \"generation\" without a value (expected: name value pairs after the type)"),
        Arguments.of(HEAD + "a=fingerprint:sha-256 ZZ:00\r\n",
            "line 5: a=fingerprint value \"sha-256 ZZ:00\" has a fingerprint that is not 1..64"
                + " hex pairs (expected: \"<hash function> XX:XX:...\" with hex pairs)"),
        Arguments.of(HEAD + "a=setup:maybe\r\n",
            "line 5: a=setup value \"maybe\" is not a setup role"
                + " (expected: active, passive, actpass or holdconn)"),
        Arguments.of(HEAD + "a=ssrc:4294967296 cname:x\r\n",
            "line 5: a=ssrc value \"4294967296 cname:x\" has SSRC \"4294967296\""
                + " (expected: a number 0..4294967295)"),
        Arguments.of(HEAD + "a=ssrc-group:FID\r\n",
            "line 5: a=ssrc-group value \"FID\" is malformed"
                + " (expected: \"<semantics> <ssrc> ...\")"),
        Arguments.of(HEAD + "a=msid:a b c\r\n",
            "line 5: a=msid value \"a b c\" has 3 words (expected: \"<stream id> [<track id>]\")"),
        Arguments.of(HEAD + "a=rid:h both\r\n",
            "line 5: a=rid value \"h both\" has direction \"both\" (expected: send or recv)"),
        Arguments.of(HEAD + "a=rid:h send pt=96,x\r\n",
            "line 5: a=rid value \"h send pt=96,x\" has payload type \"x\""
                + " (expected: a number 0..127)"),
        Arguments.of(HEAD + "a=simulcast:send rid=1;2\r\n",
            "line 5: a=simulcast value \"send rid=1;2\" has stream \"rid=1\""
                + " (expected: rid-ids, optionally prefixed with ~)"),
        Arguments.of(HEAD + "a=mid:a/b c\r\n",
            "line 5: a=mid value \"a/b c\" is not a token (expected: a token such as 0 or audio)"),
        Arguments.of(HEAD + "a=ice-ufrag:two words\r\n",
            "line 5: a=ice-ufrag value \"two words\" is malformed"
                + " (expected: 1..256 characters without spaces)"),
        // Long input is cut in messages, and control characters are escaped.
        Arguments.of(HEAD + "a=setup:" + "x".repeat(100) + "\r\n",
            "line 5: a=setup value \"" + "x".repeat(60) + "...\" is not a setup role"
                + " (expected: active, passive, actpass or holdconn)"),
        Arguments.of(HEAD + "a=setup:\u0001\"\r\n",
            "line 5: a=setup value \"\\x01\\\"\" is not a setup role"
                + " (expected: active, passive, actpass or holdconn)"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void rejectsWithLineAndProblem(String sdp, String message) {
    assertThatThrownBy(() -> SessionDescription.parse(sdp))
        .isInstanceOf(SdpParseException.class)
        .hasMessage(message);
    assertThat(SessionDescription.tryParse(sdp)).isNull();
  }

  @Test
  void exceptionCarriesLineNumberAndProblem() {
    SdpParseException e = org.junit.jupiter.api.Assertions.assertThrows(SdpParseException.class,
        () -> SessionDescription.parse(HEAD + "m=video 9\r\n"));
    assertThat(e.lineNumber()).isEqualTo(5);
    assertThat(e.problem()).isEqualTo("m= line \"m=video 9\" has 2 fields (expected: at least 4)");
  }

  @Test
  void rejectsSdpLongerThanLimit() {
    String sdp = HEAD + "a=x:" + "y".repeat(SessionDescription.MAX_LENGTH) + "\r\n";
    assertThatThrownBy(() -> SessionDescription.parse(sdp))
        .hasMessage("SDP is " + sdp.length() + " characters long (expected: at most 65536)");
  }

  @Test
  void acceptsSdpAtLengthLimit() {
    String pad = "a=x:";
    int fill = SessionDescription.MAX_LENGTH - HEAD.length() - pad.length() - 2;
    String sdp = HEAD + pad + "y".repeat(fill) + "\r\n";
    assertThat(sdp).hasSize(SessionDescription.MAX_LENGTH);
    assertThat(SessionDescription.parse(sdp).attributes()).hasSize(1);
  }

  @Test
  void rejectsMoreLinesThanLimit() {
    String sdp = HEAD + "a=x\r\n".repeat(SessionDescription.MAX_LINES - 4 + 1);
    assertThatThrownBy(() -> SessionDescription.parse(sdp))
        .hasMessage("line 4097: SDP has more than 4096 lines");
    String atLimit = HEAD + "a=x\r\n".repeat(SessionDescription.MAX_LINES - 4) + "\r\n\r\n";
    assertThat(SessionDescription.parse(atLimit).attributes()).hasSize(4092);
  }

  @Test
  void rejectsMoreMediaThanLimit() {
    String sdp = HEAD + "m=audio 9 RTP/AVP 0\r\n".repeat(SessionDescription.MAX_MEDIA + 1);
    assertThatThrownBy(() -> SessionDescription.parse(sdp))
        .hasMessage("line 69: more than 64 m= lines");
    String atLimit = HEAD + "m=audio 9 RTP/AVP 0\r\n".repeat(SessionDescription.MAX_MEDIA);
    assertThat(SessionDescription.parse(atLimit).media()).hasSize(64);
  }

  @Test
  void rejectsMoreCandidatesThanLimit() {
    String candidate = "a=candidate:1 1 udp 2122260223 10.0.0.1 5000 typ host\r\n";
    String sdp = HEAD + "m=audio 9 RTP/AVP 0\r\n"
        + candidate.repeat(SessionDescription.MAX_CANDIDATES + 1);
    assertThatThrownBy(() -> SessionDescription.parse(sdp))
        .hasMessage("line 262: more than 256 a=candidate lines");
  }
}
