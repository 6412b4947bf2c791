package io.sluice.media.codec;

import static io.sluice.media.codec.Payloads.hex;
import static io.sluice.media.codec.Payloads.inspect;
import static io.sluice.media.codec.Vp9PayloadDescriptor.END_OF_FRAME;
import static io.sluice.media.codec.Vp9PayloadDescriptor.FLEXIBLE_MODE;
import static io.sluice.media.codec.Vp9PayloadDescriptor.INTER_LAYER_PREDICTED;
import static io.sluice.media.codec.Vp9PayloadDescriptor.INTER_PICTURE_PREDICTED;
import static io.sluice.media.codec.Vp9PayloadDescriptor.KEYFRAME;
import static io.sluice.media.codec.Vp9PayloadDescriptor.MALFORMED;
import static io.sluice.media.codec.Vp9PayloadDescriptor.SCALABILITY_STRUCTURE;
import static io.sluice.media.codec.Vp9PayloadDescriptor.START_OF_FRAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Vp9PayloadDescriptorTest {

  /**
   * The first packet of a non-flexible-mode key frame as libwebrtc sends it: layer indices with
   * TL0PICIDX, and a scalability structure with one 640x480 layer and one picture group.
   */
  static final String KEYFRAME_WITH_SS = """
      aa          # I=1 P=0 L=1 F=0 B=1 E=0 V=1 Z=0
      80 01       # M=1 PictureID=1
      00          # TID=0 U=0 SID=0 D=0
      00          # TL0PICIDX=0
      18          # SS: N_S=0 (one spatial layer) Y=1 G=1
      02 80 01 e0 # WIDTH=640 HEIGHT=480
      01          # N_G=1
      04 01       # T=0 U=0 R=1, P_DIFF=1
      82 49 83 42 # VP9 uncompressed header: frame_marker, key frame, sync code
      """;

  static final String INTER_FRAME = """
      e8          # I=1 P=1 L=1 F=0 B=1 E=0 V=0 Z=0
      80 02       # PictureID=2
      00 00       # TID=0 SID=0 D=0, TL0PICIDX=0
      86 00 40 92 # VP9 interframe data
      """;

  static Stream<Arguments> golden() {
    return Stream.of(
        arguments("key frame with scalability structure", KEYFRAME_WITH_SS,
            KEYFRAME | START_OF_FRAME | SCALABILITY_STRUCTURE, 13, 1, 0),
        arguments("interframe", INTER_FRAME, START_OF_FRAME | INTER_PICTURE_PREDICTED, 5, 2, 0),
        arguments("last packet of a key frame is not a key frame start", """
            a4          # I=1 P=0 L=1 F=0 B=0 E=1
            80 01 00 00 # PictureID=1, SID=0, TL0PICIDX=0
            5a 11       # frame data
            """, END_OF_FRAME, 5, 1, 0),
        arguments("7-bit PictureID, no layer indices", """
            88          # I=1 B=1
            7f          # M=0 PictureID=127
            82 49 83 42
            """, KEYFRAME | START_OF_FRAME, 2, 127, -1),
        arguments("minimal descriptor, not inter predicted", """
            0c          # B=1 E=1
            82 49 83 42
            """, KEYFRAME | START_OF_FRAME | END_OF_FRAME, 1, -1, -1),
        arguments("flexible mode key picture, base spatial layer", """
            b8          # I=1 P=0 L=1 F=1 B=1 E=0
            80 05       # PictureID=5
            00          # TID=0 U=0 SID=0 D=0 (no TL0PICIDX in flexible mode)
            82 49 83 42
            """, KEYFRAME | START_OF_FRAME | FLEXIBLE_MODE, 4, 5, 0),
        arguments("flexible mode key picture, spatial layer 1 predicted from layer 0", """
            bc          # I=1 P=0 L=1 F=1 B=1 E=1
            80 05       # PictureID=5
            03          # TID=0 U=0 SID=1 D=1
            86 00 40    # frame data
            """, START_OF_FRAME | END_OF_FRAME | FLEXIBLE_MODE | INTER_LAYER_PREDICTED, 4, 5, 1),
        arguments("flexible mode, spatial layer 1 without inter-layer prediction", """
            b8 80 05    # I=1 L=1 F=1 B=1, PictureID=5
            02          # SID=1 D=0
            82 49 83 42
            """, START_OF_FRAME | FLEXIBLE_MODE, 4, 5, 1),
        arguments("flexible mode interframe with three P_DIFFs", """
            fc          # I=1 P=1 L=1 F=1 B=1 E=1
            80 06       # PictureID=6
            00          # TID=0 SID=0
            03          # P_DIFF=1 N=1
            05          # P_DIFF=2 N=1
            08          # P_DIFF=4 N=0
            86 00
            """, START_OF_FRAME | END_OF_FRAME | FLEXIBLE_MODE | INTER_PICTURE_PREDICTED, 7, 6, 0),
        arguments("scalability structure, three spatial layers, no picture groups", """
            8a          # I=1 B=1 V=1
            80 00       # PictureID=0
            50          # N_S=2 Y=1 G=0
            00 a0 00 78 # 160x120
            01 40 00 f0 # 320x240
            02 80 01 e0 # 640x480
            82 49 83 42
            """, KEYFRAME | START_OF_FRAME | SCALABILITY_STRUCTURE, 16, 0, -1),
        arguments("scalability structure without resolutions, two picture groups", """
            0a          # B=1 V=1
            28          # N_S=1 Y=0 G=1
            02          # N_G=2
            08 01 02    # T=0 U=0 R=2, P_DIFF=1, P_DIFF=2
            20          # T=1 U=0 R=0
            82 49 83 42
            """, KEYFRAME | START_OF_FRAME | SCALABILITY_STRUCTURE, 7, -1, -1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void parsesGoldenPayloads(String name, String hex, int flags, int size, int pictureId,
      int spatialLayerId) {
    byte[] payload = hex(hex);
    assertThat(inspect(VideoCodec.VP9, payload)).isEqualTo(flags);
    ByteBuf buf = Payloads.wrap(payload);
    try {
      assertThat(Vp9PayloadDescriptor.size(buf, 0, payload.length)).isEqualTo(size);
      assertThat(Vp9PayloadDescriptor.pictureId(buf, 0, payload.length)).isEqualTo(pictureId);
      assertThat(Vp9PayloadDescriptor.spatialLayerId(buf, 0, payload.length))
          .isEqualTo(spatialLayerId);
      assertThat(Vp9PayloadDescriptor.isKeyframe(buf, 0, payload.length))
          .isEqualTo((flags & KEYFRAME) != 0);
      assertThat(Vp9PayloadDescriptor.isStartOfFrame(buf, 0, payload.length))
          .isEqualTo((flags & START_OF_FRAME) != 0);
    } finally {
      assertThat(buf.release()).isTrue();
    }
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        arguments("empty", "", "0 bytes"),
        arguments("I=1 without PictureID", "88", "too short for the PictureID (expected: 2+"),
        arguments("M=1 with one PictureID byte", "88 80",
            "too short for the 15-bit PictureID (expected: 3+"),
        arguments("L=1 without TL0PICIDX in non-flexible mode", "a8 80 01 00",
            "too short for the layer indices and TL0PICIDX (expected: 5+"),
        arguments("flexible mode without PictureID", "18 00 82 49",
            "F=1 with I=0 (expected: I=1"),
        arguments("flexible mode, P=1 without P_DIFF", "d8 80 06",
            "too short for the P_DIFF #1 (expected: 4+"),
        arguments("four P_DIFFs", "fc 80 06 00 | 03 05 09 0b | 86 00",
            "N=1 on P_DIFF #3 (expected: at most 3 P_DIFFs)"),
        arguments("V=1 without SS", "0a", "too short for the scalability structure"),
        arguments("SS resolutions cut off", "0a | 50 | 00 a0 00 78 01 40 00 f0 02 80",
            "10 bytes for 3 spatial layer resolutions (expected: 12+ bytes)"),
        arguments("SS picture groups cut off", "0a | 08 | 02 | 04 01",
            "ends after 1 of 2 picture group descriptions"),
        arguments("SS P_DIFFs of a picture group cut off", "0a | 08 | 01 | 0c 01 02",
            "picture group #1 has 2 bytes for R=3 (expected: 3 P_DIFF bytes)"),
        arguments("descriptor without payload", "aa 80 01 00 00 | 18 02 80 01 e0 01 04 01",
            "13 bytes with a 13-byte descriptor (expected: 14+ bytes"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsMalformedPayloads(String name, String hex, String message) {
    byte[] payload = hex(hex);
    assertThat(inspect(VideoCodec.VP9, payload)).isEqualTo(MALFORMED);
    ByteBuf buf = Payloads.wrap(payload);
    try {
      assertThatThrownBy(() -> Vp9PayloadDescriptor.parse(buf, 0, payload.length))
          .isInstanceOf(MalformedPayloadException.class)
          .hasMessageContaining(message);
      assertThat(Vp9PayloadDescriptor.size(buf, 0, payload.length)).isEqualTo(MALFORMED);
      assertThat(Vp9PayloadDescriptor.pictureId(buf, 0, payload.length)).isEqualTo(-1);
      assertThat(Vp9PayloadDescriptor.spatialLayerId(buf, 0, payload.length)).isEqualTo(-1);
    } finally {
      assertThat(buf.release()).isTrue();
    }
  }

  @Test
  void everyTruncationOfTheKeyFrameDescriptorIsMalformed() {
    byte[] keyframe = hex(KEYFRAME_WITH_SS);
    for (int n = 0; n <= 13; n++) {
      assertThat(inspect(VideoCodec.VP9, Arrays.copyOf(keyframe, n)))
          .as("first %d bytes", n).isEqualTo(MALFORMED);
    }
    assertThat(inspect(VideoCodec.VP9, Arrays.copyOf(keyframe, 14)))
        .isEqualTo(KEYFRAME | START_OF_FRAME | SCALABILITY_STRUCTURE);
  }
}
