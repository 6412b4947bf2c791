package io.sluice.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Jazzer fuzz targets, one per payload parser. Each input is one RTP payload; the oracle is
 * {@link Payloads#inspect(VideoCodec, byte[], boolean)}: no exception from the hot path, the
 * throwing {@code parse} agrees with {@code tryParse}, {@link KeyframeDetector} agrees with the
 * flags, and nothing outside the payload's range is read.
 *
 * <p>Seeds are the golden payloads of the unit tests, stored as raw bytes in
 * {@code src/test/resources/io/sluice/media/codec/KeyframeFuzzTestInputs/<method>/}, one file per
 * table row, named after it; {@link #everyGoldenPayloadIsASeed} keeps the two in step. A plain
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

  @FuzzTest(maxDuration = "5m")
  void vp8(byte @NotNull [] payload) {
    Payloads.inspect(VideoCodec.VP8, payload, false);
  }

  @FuzzTest(maxDuration = "5m")
  void vp9(byte @NotNull [] payload) {
    Payloads.inspect(VideoCodec.VP9, payload, false);
  }

  @FuzzTest(maxDuration = "5m")
  void h264(byte @NotNull [] payload) {
    Payloads.inspect(VideoCodec.H264, payload, false);
  }

  @FuzzTest(maxDuration = "5m")
  void av1(byte @NotNull [] payload) {
    Payloads.inspect(VideoCodec.AV1, payload, false);
  }

  @Test
  void everyGoldenPayloadIsASeed() throws IOException, URISyntaxException {
    assertSeeds("vp8", Vp8PayloadDescriptorTest.golden());
    assertSeeds("vp9", Vp9PayloadDescriptorTest.golden());
    assertSeeds("h264", H264PacketizationTest.golden());
    assertSeeds("av1", Av1PacketizationTest.golden());
  }

  private void assertSeeds(String method, Stream<Arguments> golden)
      throws IOException, URISyntaxException {
    Path dir = Path.of(getClass().getResource("KeyframeFuzzTestInputs/" + method).toURI());
    Set<String> seeds;
    try (Stream<Path> files = Files.list(dir)) {
      seeds = files.map(KeyframeFuzzTest::hexOf).collect(Collectors.toSet());
    }
    Set<String> payloads = golden
        .map(a -> HexFormat.of().formatHex(Payloads.hex((String) a.get()[1])))
        .collect(Collectors.toSet());
    assertThat(seeds).as("seed files of %s", method).isEqualTo(payloads);
  }

  private static String hexOf(Path file) {
    try {
      return HexFormat.of().formatHex(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
