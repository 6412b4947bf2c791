package io.sluice.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class VideoCodecTest {

  @ParameterizedTest
  @CsvSource({
      "VP8, VP8", "vp8, VP8", "Vp8, VP8",
      "VP9, VP9", "vP9, VP9",
      "H264, H264", "h264, H264",
      "AV1, AV1", "av1, AV1", "Av1, AV1"})
  void mapsSdpEncodingNamesIgnoringCase(String encodingName, VideoCodec codec) {
    assertThat(VideoCodec.fromEncodingName(encodingName)).isEqualTo(codec);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "H265", "VP10", "H.264", "AV1X", " VP8", "rtx", "red", "ulpfec"})
  void returnsNullForUnknownNames(String encodingName) {
    assertThat(VideoCodec.fromEncodingName(encodingName)).isNull();
  }

  @ParameterizedTest
  @EnumSource(VideoCodec.class)
  void encodingNameRoundTrips(VideoCodec codec) {
    assertThat(VideoCodec.fromEncodingName(codec.encodingName())).isEqualTo(codec);
    assertThat(codec.encodingName()).isEqualTo(codec.name());
  }
}
