package io.sluice.media.codec;

import static io.sluice.media.codec.Payloads.hex;
import static io.sluice.media.codec.Payloads.inspect;
import static io.sluice.media.codec.Vp8PayloadDescriptor.KEYFRAME;
import static io.sluice.media.codec.Vp8PayloadDescriptor.MALFORMED;
import static io.sluice.media.codec.Vp8PayloadDescriptor.NON_REFERENCE;
import static io.sluice.media.codec.Vp8PayloadDescriptor.START_OF_FRAME;
import static io.sluice.media.codec.Vp8PayloadDescriptor.START_OF_PARTITION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Vp8PayloadDescriptorTest {

  /**
   * The first packet of a key frame as Chrome sends it without temporal layers: X=1 S=1 PID=0,
   * then I=1 with a 15-bit PictureID, then the 10-byte key frame header of a 640x480 frame.
   */
  static final String CHROME_KEYFRAME = """
      90          # X=1 R=0 N=0 S=1 R=0 PID=0
      80          # I=1 L=0 T=0 K=0
      81 23       # M=1 PictureID=0x0123
      10 47 00    # frame tag, little-endian: P=0 (key frame) VER=0 H=1 first partition 568 bytes
      9d 01 2a    # key frame start code
      80 02       # width 640, scale 0
      e0 01       # height 480, scale 0
      00 38 24 1c # first bytes of the compressed first partition
      """;

  static final String CHROME_DELTA = """
      90          # X=1 S=1 PID=0
      80          # I=1
      81 24       # M=1 PictureID=0x0124
      91 0c 00    # frame tag: P=1 (interframe) H=1 first partition 100 bytes
      00 17 3a 5e # compressed data
      """;

  static Stream<Arguments> golden() {
    return Stream.of(
        arguments("Chrome key frame, 15-bit PictureID", CHROME_KEYFRAME,
            KEYFRAME | START_OF_PARTITION | START_OF_FRAME, 4, 0x123),
        arguments("Chrome interframe, 15-bit PictureID", CHROME_DELTA,
            START_OF_PARTITION | START_OF_FRAME, 4, 0x124),
        arguments("key frame, 7-bit PictureID", """
            90          # X=1 S=1 PID=0
            80          # I=1
            15          # M=0 PictureID=21
            10 47 00 9d 01 2a 80 02 e0 01  # key frame header
            """, KEYFRAME | START_OF_PARTITION | START_OF_FRAME, 3, 21),
        arguments("interframe, 7-bit PictureID", """
            90 80 16    # X=1 S=1 PID=0, I=1, PictureID=22
            91 0c 00    # P=1
            """, START_OF_PARTITION | START_OF_FRAME, 3, 22),
        arguments("key frame, minimal descriptor", """
            10          # X=0 S=1 PID=0
            10 47 00 9d 01 2a 80 02 e0 01
            """, KEYFRAME | START_OF_PARTITION | START_OF_FRAME, 1, -1),
        arguments("interframe with every extension", """
            90          # X=1 S=1 PID=0
            f0          # I=1 L=1 T=1 K=1
            80 01       # M=1 PictureID=1
            05          # TL0PICIDX=5
            60          # TID=1 Y=1 KEYIDX=0
            91 0c 00    # P=1
            """, START_OF_PARTITION | START_OF_FRAME, 6, 1),
        arguments("X=1 without I/L/T/K", """
            90 00       # X=1 S=1 PID=0, no extension fields
            91 0c 00
            """, START_OF_PARTITION | START_OF_FRAME, 2, -1),
        arguments("K without T still has the TID/Y/KEYIDX byte", """
            90 90       # X=1 S=1, I=1 K=1
            81 25       # PictureID=0x0125
            03          # KEYIDX=3
            91 0c 00
            """, START_OF_PARTITION | START_OF_FRAME, 5, 0x125),
        arguments("continuation of a key frame: bytes that look like P=0 are frame data", """
            80 80 81 23 # X=1 S=0, PictureID=0x0123
            10 47 00 9d 01 2a 80 02 e0 01
            """, 0, 4, 0x123),
        arguments("second partition starts: S=1 PID=1, no payload header", """
            91 80 81 23 # X=1 S=1 PID=1
            10 47 00    # partition data, not a frame tag
            """, START_OF_PARTITION, 4, 0x123),
        arguments("non-reference interframe", """
            b0 80 81 26 # X=1 N=1 S=1 PID=0
            91 0c 00
            """, NON_REFERENCE | START_OF_PARTITION | START_OF_FRAME, 4, 0x126),
        arguments("R bits are ignored", """
            d8 80 81 27 # X=1 R=1 S=1 R=1 PID=0
            91 0c 00
            """, START_OF_PARTITION | START_OF_FRAME, 4, 0x127));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void parsesGoldenPayloads(String name, String hex, int flags, int size, int pictureId) {
    byte[] payload = hex(hex);
    assertThat(inspect(VideoCodec.VP8, payload)).isEqualTo(flags);
    ByteBuf buf = Payloads.wrap(payload);
    try {
      assertThat(Vp8PayloadDescriptor.size(buf, 0, payload.length)).isEqualTo(size);
      assertThat(Vp8PayloadDescriptor.pictureId(buf, 0, payload.length)).isEqualTo(pictureId);
      assertThat(Vp8PayloadDescriptor.isKeyframe(buf, 0, payload.length))
          .isEqualTo((flags & KEYFRAME) != 0);
      assertThat(Vp8PayloadDescriptor.isStartOfFrame(buf, 0, payload.length))
          .isEqualTo((flags & START_OF_FRAME) != 0);
      assertThat(Vp8PayloadDescriptor.isStartOfPartition(buf, 0, payload.length))
          .isEqualTo((flags & START_OF_PARTITION) != 0);
    } finally {
      assertThat(buf.release()).isTrue();
    }
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        arguments("empty", "", "0 bytes"),
        arguments("X=1 without the X byte", "90", "1 byte with X=1 (expected: 2+ bytes)"),
        arguments("I=1 without PictureID", "90 80", "2 bytes with X=1 I=1 L=0 T=0 K=0"
            + " (expected: 3+ bytes)"),
        arguments("M=1 with one PictureID byte", "90 80 81", "(expected: 4+ bytes)"),
        arguments("L=1 T=1 without their bytes", "90 e0 81 23 05",
            "5 bytes with X=1 I=1 L=1 T=1 K=0 (expected: 6+ bytes)"),
        arguments("descriptor without payload", "90 80 81 23",
            "4 bytes with a 4-byte descriptor (expected: 5+ bytes, payload must not be empty)"),
        arguments("frame start with a 2-byte payload header", "10 91 0c",
            "VP8 payload header: 2 bytes at the start of a frame (expected: 3+ bytes)"),
        arguments("key frame header cut at 9 bytes", "90 80 81 23 | 10 47 00 9d 01 2a 80 02 e0",
            "VP8 key frame header: 9 bytes (expected: 10+ bytes)"),
        arguments("key frame with a wrong start code", "10 | 10 47 00 9d 01 2b 80 02 e0 01",
            "VP8 key frame start code: 9d 01 2b (expected: 9d 01 2a)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsMalformedPayloads(String name, String hex, String message) {
    byte[] payload = hex(hex);
    assertThat(inspect(VideoCodec.VP8, payload)).isEqualTo(MALFORMED);
    ByteBuf buf = Payloads.wrap(payload);
    try {
      assertThatThrownBy(() -> Vp8PayloadDescriptor.parse(buf, 0, payload.length))
          .isInstanceOf(MalformedPayloadException.class)
          .hasMessageContaining(message);
      assertThat(Vp8PayloadDescriptor.isKeyframe(buf, 0, payload.length)).isFalse();
      assertThat(Vp8PayloadDescriptor.isStartOfPartition(buf, 0, payload.length)).isFalse();
      assertThat(Vp8PayloadDescriptor.isStartOfFrame(buf, 0, payload.length)).isFalse();
    } finally {
      assertThat(buf.release()).isTrue();
    }
  }

  @Test
  void everyTruncationOfAKeyFrameIsMalformedNotAKeyFrame() {
    byte[] keyframe = hex(CHROME_KEYFRAME);
    // Descriptor 4 bytes + 10-byte key frame header: anything shorter is cut off somewhere.
    for (int n = 0; n < 14; n++) {
      assertThat(inspect(VideoCodec.VP8, java.util.Arrays.copyOf(keyframe, n)))
          .as("first %d bytes", n).isEqualTo(MALFORMED);
    }
    assertThat(inspect(VideoCodec.VP8, java.util.Arrays.copyOf(keyframe, 14)))
        .isEqualTo(KEYFRAME | START_OF_PARTITION | START_OF_FRAME);
  }

  @Test
  void descriptorAccessorsDoNotLookAtTheFrameHeader() {
    byte[] payload = hex("90 80 81 23 | 10 47 00 9d 01 2b 80 02 e0 01"); // wrong start code
    ByteBuf buf = Payloads.wrap(payload);
    try {
      assertThat(Vp8PayloadDescriptor.tryParse(buf, 0, payload.length)).isEqualTo(MALFORMED);
      assertThat(Vp8PayloadDescriptor.size(buf, 0, payload.length)).isEqualTo(4);
      assertThat(Vp8PayloadDescriptor.pictureId(buf, 0, payload.length)).isEqualTo(0x123);
    } finally {
      assertThat(buf.release()).isTrue();
    }
  }

  @Test
  void rangeOutsideTheBufferIsMalformedOnTheHotPathAndAnIndexErrorOnTheStrictPath() {
    ByteBuf buf = Unpooled.wrappedBuffer(hex(CHROME_KEYFRAME));
    try {
      int capacity = buf.capacity();
      assertThat(Vp8PayloadDescriptor.tryParse(buf, 1, capacity)).isEqualTo(MALFORMED);
      assertThat(Vp8PayloadDescriptor.tryParse(buf, -1, 4)).isEqualTo(MALFORMED);
      assertThat(Vp8PayloadDescriptor.tryParse(buf, 0, -1)).isEqualTo(MALFORMED);
      assertThat(Vp8PayloadDescriptor.tryParse(buf, Integer.MAX_VALUE, 4)).isEqualTo(MALFORMED);
      assertThat(Vp8PayloadDescriptor.isKeyframe(buf, 1, capacity)).isFalse();
      assertThatThrownBy(() -> Vp8PayloadDescriptor.parse(buf, 1, capacity))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessageContaining("offset 1, length " + capacity);
    } finally {
      assertThat(buf.release()).isTrue();
    }
  }
}
