package io.sluice.media.codec;

import static io.sluice.media.codec.Payloads.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sluice.testing.Allocations;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class KeyframeDetectorTest {

  static Stream<Arguments> packets() {
    return Stream.of(
        arguments(VideoCodec.VP8, Vp8PayloadDescriptorTest.CHROME_KEYFRAME, true),
        arguments(VideoCodec.VP8, Vp8PayloadDescriptorTest.CHROME_DELTA, false),
        arguments(VideoCodec.VP9, Vp9PayloadDescriptorTest.KEYFRAME_WITH_SS, true),
        arguments(VideoCodec.VP9, Vp9PayloadDescriptorTest.INTER_FRAME, false),
        arguments(VideoCodec.H264, H264PacketizationTest.STAP_A_KEYFRAME, true),
        arguments(VideoCodec.H264, H264PacketizationTest.IDR_NALU, true),
        arguments(VideoCodec.H264, H264PacketizationTest.SPS_NALU, false),
        arguments(VideoCodec.AV1, Av1PacketizationTest.KEYFRAME_W2, true),
        arguments(VideoCodec.AV1, "10 | " + Av1PacketizationTest.FRAME_OBU, false));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("packets")
  void dispatchesToTheCodecParser(VideoCodec codec, String hex, boolean keyframe) {
    byte[] payload = hex(hex);
    // A pooled direct buffer with an RTP header in front and padding behind, read in place.
    ByteBuf packet = PooledByteBufAllocator.DEFAULT.directBuffer();
    try {
      packet.writeBytes(hex("80 60 12 34 00 00 0b b8 11 22 33 44")); // RTP header, 12 bytes
      packet.writeBytes(payload).writeBytes(hex("00 00 03")); // RTP padding
      assertThat(KeyframeDetector.isKeyframe(codec, packet, 12, payload.length))
          .isEqualTo(keyframe);
      packet.readerIndex(12).writerIndex(12 + payload.length);
      assertThat(KeyframeDetector.isKeyframe(codec, packet)).isEqualTo(keyframe);
      assertThat(packet.readerIndex()).isEqualTo(12);
    } finally {
      assertThat(packet.release()).isTrue();
    }
  }

  @Test
  void aPayloadIsAKeyFrameOnlyForItsOwnCodec() {
    byte[] vp8 = hex(Vp8PayloadDescriptorTest.CHROME_KEYFRAME);
    assertThat(Payloads.inspect(VideoCodec.VP8, vp8) & KeyframeDetector.KEYFRAME).isOne();
    // 0x90 as an H264 NAL header is type 16, a plain single NAL unit; as AV1 it is Z=1 W=1.
    assertThat(Payloads.inspect(VideoCodec.H264, vp8) & KeyframeDetector.KEYFRAME).isZero();
    assertThat(Payloads.inspect(VideoCodec.AV1, vp8) & KeyframeDetector.KEYFRAME).isZero();
  }

  /** Every prefix of every golden packet: no exception, and the parsers agree with each other. */
  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("packets")
  void truncationNeverThrows(VideoCodec codec, String hex, boolean keyframe) {
    byte[] payload = hex(hex);
    for (int n = 0; n <= payload.length; n++) {
      Payloads.inspect(codec, Arrays.copyOf(payload, n));
    }
  }

  /** Random bytes and random single-byte corruptions of golden packets never throw. */
  @ParameterizedTest
  @EnumSource(VideoCodec.class)
  void randomInputNeverThrows(VideoCodec codec) {
    SplittableRandom random = new SplittableRandom(0x5EED + codec.ordinal());
    byte[][] golden = packets().filter(a -> a.get()[0] == codec)
        .map(a -> hex((String) a.get()[1])).toArray(byte[][]::new);
    int malformed = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] input;
      if (i % 2 == 0) {
        input = new byte[random.nextInt(40)];
        random.nextBytes(input);
      } else {
        input = golden[random.nextInt(golden.length)].clone();
        input[random.nextInt(input.length)] = (byte) random.nextInt(256);
      }
      if (Payloads.inspect(codec, input, false) == KeyframeDetector.MALFORMED) {
        malformed++;
      }
    }
    assertThat(malformed).as("some random inputs are rejected").isPositive();
  }

  @Test
  void detectionDoesNotAllocate() {
    ByteBuf[] payloads = packets().map(a -> Unpooled.wrappedBuffer(hex((String) a.get()[1])))
        .toArray(ByteBuf[]::new);
    VideoCodec[] codecs = packets().map(a -> (VideoCodec) a.get()[0]).toArray(VideoCodec[]::new);
    int[] keyframes = new int[1];
    try {
      long allocated = Allocations.allocatedBy(() -> {
        for (int i = 0; i < 100_000; i++) {
          int p = i % payloads.length;
          if (KeyframeDetector.isKeyframe(codecs[p], payloads[p], 0, payloads[p].capacity())) {
            keyframes[0]++;
          }
        }
      });
      // Per-packet allocation would show up as megabytes over 100 000 calls.
      assertThat(allocated).as("bytes allocated by 100 000 calls").isLessThan(1024);
      assertThat(keyframes[0]).isPositive();
    } finally {
      for (ByteBuf b : payloads) {
        assertThat(b.release()).isTrue();
      }
    }
  }
}
