package io.sluice.media.rtcp;

import static io.sluice.media.rtcp.RtcpTestSupport.assertRejected;
import static io.sluice.media.rtcp.RtcpTestSupport.encode;
import static io.sluice.media.rtcp.RtcpTestSupport.hex;
import static io.sluice.media.rtcp.RtcpTestSupport.useBuffer;
import static io.sluice.media.rtcp.RtcpTestSupport.written;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SenderReportTest {

  /** The SR at the start of {@link RtcpGoldenPackets#SR_SDES}. */
  static final byte[] SR = Arrays.copyOf(RtcpGoldenPackets.SR_SDES, 52);

  static final SenderReport SR_VALUE = new SenderReport(0x2d1f5e4aL, 0xe9a3c2f1_80000000L,
      0x5b8d80c0L, 1234, 1 << 20, List.of(new ReportBlock(0x9abcdef0L, 0, -1, 0xffff, 0, 0, 0)));

  @Test
  void readsGoldenSenderReport() {
    useBuffer(RtcpGoldenPackets.SR_SDES, buf -> {
      SenderReport.View view = new SenderReport.View();
      assertThat(view.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(view.length()).isEqualTo(52);
      assertThat(view.ssrc()).isEqualTo(0x2d1f5e4aL);
      assertThat(view.ntpTimestamp()).isEqualTo(0xe9a3c2f1_80000000L);
      assertThat(view.rtpTimestamp()).isEqualTo(0x5b8d80c0L);
      assertThat(view.packetCount()).isEqualTo(1234);
      assertThat(view.octetCount()).isEqualTo(1 << 20);
      assertThat(view.reportCount()).isEqualTo(1);
      int block = view.reportBlockIndex(0);
      assertThat(block).isEqualTo(28);
      assertThat(ReportBlock.readSsrc(buf, block)).isEqualTo(0x9abcdef0L);
      assertThat(ReportBlock.readCumulativeLost(buf, block)).isEqualTo(-1);
      assertThat(ReportBlock.readExtendedHighestSeq(buf, block)).isEqualTo(0xffff);
      assertThatThrownBy(() -> view.reportBlockIndex(1))
          .isInstanceOf(IndexOutOfBoundsException.class);
      // parse reads the first packet of the compound only.
      assertThat(SenderReport.parse(buf)).isEqualTo(SR_VALUE);
    });
  }

  @Test
  void writesGoldenSenderReport() {
    assertThat(encode(SR_VALUE)).isEqualTo(SR);
  }

  @Test
  void ignoresProfileSpecificExtensions() {
    byte[] withExtension = hex("""
        80 c8 00 07   // SR, RC=0, length=7 -> 32 bytes
        00 00 00 05 00 00 00 01 00 00 00 02 00 00 00 03 00 00 00 04 00 00 00 05
        ca fe ba be   // profile-specific extension
        """);
    useBuffer(withExtension, buf -> assertThat(SenderReport.parse(buf))
        .isEqualTo(new SenderReport(5, 0x1_00000002L, 3, 4, 5, List.of())));
  }

  @Test
  void roundTripsThirtyOneBlocksAndRefusesThirtyTwo() {
    ReportBlock block = new ReportBlock(7, 255, -8_388_608, 0xffff_ffffL, 1, 2, 3);
    SenderReport full = new SenderReport(1, 2, 3, 4, 5, Collections.nCopies(31, block));
    byte[] wire = encode(full);
    assertThat(wire).hasSize(28 + 31 * 24);
    useBuffer(wire, buf -> assertThat(SenderReport.parse(buf)).isEqualTo(full));
    assertThatThrownBy(() -> written(out -> SenderReport.write(out, 1, 2, 3, 4, 5,
        Collections.nCopies(32, block)))).isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("27 bytes", Arrays.copyOf(SR, 27), RtcpParseResult.TRUNCATED,
            "RTCP SR: 27 bytes (expected: 28+ bytes)"),
        Arguments.of("RC=2 with one block", withFirstByte(SR, 0x82),
            RtcpParseResult.TRUNCATED,
            "RTCP SR: 2 report blocks in 52 bytes (expected: 76+ bytes)"),
        Arguments.of("an RR", Arrays.copyOf(RtcpGoldenPackets.RR_SDES_CNAME, 32),
            RtcpParseResult.WRONG_TYPE, "RTCP SR: packet type 201 (expected: 200)"));
  }

  private static byte[] withFirstByte(byte[] packet, int first) {
    byte[] copy = packet.clone();
    copy[0] = (byte) first;
    return copy;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsMalformed(String name, byte[] bad, RtcpParseResult code, String message) {
    assertRejected(new SenderReport.View(), SR, bad, SenderReport::parse, code, message);
  }
}
