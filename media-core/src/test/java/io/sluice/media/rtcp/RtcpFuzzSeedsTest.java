package io.sluice.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Keeps the binary seed corpus of {@link RtcpFuzzTest} identical to the commented golden packets
 * of {@link RtcpGoldenPackets}, so the two cannot drift. After changing a golden packet, run once
 * with {@code -Dsluice.rtcp.writeSeeds=true} to rewrite the files.
 */
class RtcpFuzzSeedsTest {
  private static final Path INPUTS =
      Path.of("src/test/resources/io/sluice/media/rtcp/RtcpFuzzTestInputs");

  private static Stream<Arguments> seeds() {
    byte[] sr = Arrays.copyOf(RtcpGoldenPackets.SR_SDES, 52);
    return Stream.of(
        Arguments.of("compound", "rr-sdes-cname", RtcpGoldenPackets.RR_SDES_CNAME),
        Arguments.of("compound", "sr-sdes", RtcpGoldenPackets.SR_SDES),
        Arguments.of("compound", "rr-remb", RtcpGoldenPackets.RR_REMB),
        Arguments.of("compound", "rr-app-xr-pli", RtcpGoldenPackets.RR_APP_XR_PLI),
        Arguments.of("compound", "nack", RtcpGoldenPackets.NACK),
        Arguments.of("compound", "pli", RtcpGoldenPackets.PLI),
        Arguments.of("compound", "fir", RtcpGoldenPackets.FIR),
        Arguments.of("compound", "bye", RtcpGoldenPackets.BYE),
        Arguments.of("compound", "transport-cc-wrap", RtcpGoldenPackets.TRANSPORT_CC_WRAP),
        Arguments.of("compound", "transport-cc-runs", RtcpGoldenPackets.TRANSPORT_CC_RUNS),
        Arguments.of("senderReport", "sr", sr),
        Arguments.of("receiverReport", "rr", ReceiverReportTest.RR),
        Arguments.of("receiverReport", "rr-empty", ReceiverReportTest.EMPTY_RR),
        Arguments.of("sourceDescription", "sdes-cname", SourceDescriptionTest.CNAME_ONLY),
        Arguments.of("sourceDescription", "sdes-two-chunks", SourceDescriptionTest.TWO_CHUNKS),
        Arguments.of("goodbye", "bye", RtcpGoldenPackets.BYE),
        Arguments.of("transportLayerNack", "nack", RtcpGoldenPackets.NACK),
        Arguments.of("pictureLossIndication", "pli", RtcpGoldenPackets.PLI),
        Arguments.of("fullIntraRequest", "fir", RtcpGoldenPackets.FIR),
        Arguments.of("receiverEstimatedMaxBitrate", "remb", ReceiverEstimatedMaxBitrateTest.REMB),
        Arguments.of("transportLayerCc", "transport-cc-wrap", RtcpGoldenPackets.TRANSPORT_CC_WRAP),
        Arguments.of("transportLayerCc", "transport-cc-runs",
            RtcpGoldenPackets.TRANSPORT_CC_RUNS));
  }

  // One test rather than a parameterized one: each test invocation pays for the leak check's
  // forced GCs, and these comparisons are trivial.
  @Test
  void seedFilesMatchGoldenPackets() throws IOException {
    for (Arguments seed : (Iterable<Arguments>) seeds()::iterator) {
      String method = (String) seed.get()[0];
      String name = (String) seed.get()[1];
      byte[] golden = (byte[]) seed.get()[2];
      Path file = INPUTS.resolve(method).resolve(name);
      if (Boolean.getBoolean("sluice.rtcp.writeSeeds")) {
        Files.createDirectories(file.getParent());
        Files.write(file, golden);
      }
      assertThat(file).as(method + "/" + name).exists();
      assertThat(Files.readAllBytes(file)).as(method + "/" + name).isEqualTo(golden);
    }
  }
}
