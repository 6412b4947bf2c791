package io.sluice.media.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * Jazzer fuzz targets, one per payload parser. Each input is one RTP payload; the oracle is
 * {@link Payloads#inspect(VideoCodec, byte[], boolean)}: no exception from the hot path, the
 * throwing {@code parse} agrees with {@code tryParse}, {@link KeyframeDetector} agrees with the
 * flags, and nothing outside the payload's range is read.
 *
 * <p>Seeds are the golden and malformed payloads of the unit tests, stored as raw bytes in
 * {@code src/test/resources/io/sluice/media/codec/KeyframeFuzzTestInputs/<method>/}. A plain
 * {@code mvnw test} runs each target once per seed (Jazzer's regression mode). To fuzz one
 * target:
 *
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_MAX_DURATION=30s ./mvnw -pl media-core test -Dtest=KeyframeFuzzTest#vp8
 * </pre>
 *
 * <p>Buffers are unpooled heap wrappers here, for speed: paranoid leak detection records every
 * access to a tracked buffer. The unit tests run the same oracle over pooled direct buffers.
 */
class KeyframeFuzzTest {

  @FuzzTest
  void vp8(byte @NotNull [] payload) {
    Payloads.inspect(VideoCodec.VP8, payload, false);
  }

  @FuzzTest
  void vp9(byte @NotNull [] payload) {
    Payloads.inspect(VideoCodec.VP9, payload, false);
  }

  @FuzzTest
  void h264(byte @NotNull [] payload) {
    Payloads.inspect(VideoCodec.H264, payload, false);
  }

  @FuzzTest
  void av1(byte @NotNull [] payload) {
    Payloads.inspect(VideoCodec.AV1, payload, false);
  }
}
