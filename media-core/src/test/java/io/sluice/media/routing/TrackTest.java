package io.sluice.media.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.media.codec.VideoCodec;
import io.sluice.media.routing.Track.Kind;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TrackTest {
  private static final long MAX_SSRC = 0xFFFF_FFFFL;

  private static Track track(int index, int clockRate, int channels, int pt, long ssrc, int rtxPt,
      long rtxSsrc) {
    return new Track(index, Kind.VIDEO, "H264", clockRate, channels, pt, ssrc, rtxPt, rtxSsrc,
        Map.of("packetization-mode", "1"));
  }

  @Test
  void acceptsTheEdgesOfEveryRange() {
    assertThat(track(0, 1, 1, 0, 0, Track.NO_RTX, Track.UNKNOWN_SSRC).hasRtx()).isFalse();
    Track t = track(15, 90_000, 1, 127, MAX_SSRC, 0, MAX_SSRC);
    assertThat(t.hasRtx()).isTrue();
    assertThat(t.ssrc()).isEqualTo(MAX_SSRC);
    assertThat(track(0, 90_000, 1, 96, Track.UNKNOWN_SSRC, 97, Track.UNKNOWN_SSRC).rtxSsrc())
        .isEqualTo(Track.UNKNOWN_SSRC);
  }

  @ParameterizedTest(name = "index {0}, clock {1}, channels {2}, pt {3}, rtx pt {4}")
  @CsvSource({
      "-1, 90000, 1,  96,  -1, index",
      " 0,     0, 1,  96,  -1, clockRate",
      " 0, 90000, 0,  96,  -1, channels",
      " 0, 90000, 1,  -1,  -1, payloadType",
      " 0, 90000, 1, 128,  -1, payloadType",
      " 0, 90000, 1,  96,  -2, rtxPayloadType",
      " 0, 90000, 1,  96, 128, rtxPayloadType"})
  void rejectsOutOfRangeFields(int index, int clockRate, int channels, int pt, int rtxPt,
      String field) {
    assertThatThrownBy(() -> track(index, clockRate, channels, pt, 1, rtxPt, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(field)
        .hasMessageContaining("expected");
  }

  /** An SSRC is 32 bits (RFC 3550 5.1); -1 is the only value outside that range allowed. */
  @ParameterizedTest
  @CsvSource({"-2, 1", "4294967296, 1", "1, -2", "1, 4294967296"})
  void rejectsSsrcsOutsideThirtyTwoBits(long ssrc, long rtxSsrc) {
    assertThatThrownBy(() -> track(0, 90_000, 1, 96, ssrc, 97, rtxSsrc))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("src")
        .hasMessageContaining("expected");
  }

  @Test
  void copiesItsParameters() {
    Map<String, String> fmtp = new HashMap<>(Map.of("profile-level-id", "42e01f"));
    Track t = new Track(0, Kind.VIDEO, "H264", 90_000, 1, 102, 5, Track.NO_RTX,
        Track.UNKNOWN_SSRC, fmtp);
    fmtp.put("packetization-mode", "1");
    assertThat(t.parameters()).containsOnly(Map.entry("profile-level-id", "42e01f"));
    assertThatThrownBy(() -> t.parameters().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void withSsrcsChangesOnlyTheSsrcs() {
    Track learning = track(2, 90_000, 1, 96, Track.UNKNOWN_SSRC, 97, Track.UNKNOWN_SSRC);
    Track learned = learning.withSsrcs(0x1234_5678L, MAX_SSRC);
    assertThat(learned).isEqualTo(new Track(2, Kind.VIDEO, "H264", 90_000, 1, 96, 0x1234_5678L,
        97, MAX_SSRC, Map.of("packetization-mode", "1")));
    assertThat(learning.ssrc()).isEqualTo(Track.UNKNOWN_SSRC);
    assertThat(learned.withSsrcs(Track.UNKNOWN_SSRC, Track.UNKNOWN_SSRC)).isEqualTo(learning);
    assertThatThrownBy(() -> learning.withSsrcs(-5, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void videoCodecOnlyForVideoWithKeyframeDetection() {
    assertThat(RoutingTestSupport.video(0, 1).videoCodec()).isEqualTo(VideoCodec.VP8);
    assertThat(track(0, 90_000, 1, 96, 1, -1, -1).videoCodec()).isEqualTo(VideoCodec.H264);
    assertThat(RoutingTestSupport.audio(0, 1).videoCodec()).isNull();
    assertThat(new Track(0, Kind.VIDEO, "H265", 90_000, 1, 96, 1, Track.NO_RTX,
        Track.UNKNOWN_SSRC, Map.of()).videoCodec()).isNull();
    assertThat(new Track(0, Kind.AUDIO, "VP8", 90_000, 1, 96, 1, Track.NO_RTX,
        Track.UNKNOWN_SSRC, Map.of()).videoCodec()).as("kind decides").isNull();
  }
}
