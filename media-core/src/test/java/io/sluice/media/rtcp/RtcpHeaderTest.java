package io.sluice.media.rtcp;

import static io.sluice.media.rtcp.RtcpTestSupport.hex;
import static io.sluice.media.rtcp.RtcpTestSupport.useBuffer;
import static io.sluice.media.rtcp.RtcpTestSupport.written;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RtcpHeaderTest {

  @Test
  void lengthFieldCountsWordsMinusOne() {
    assertThat(RtcpHeader.lengthField(4)).isZero();
    assertThat(RtcpHeader.lengthField(28)).isEqualTo(6);
    assertThat(RtcpHeader.lengthField(RtcpHeader.MAX_PACKET_BYTES)).isEqualTo(0xFFFF);
    for (int bad : new int[] {0, 3, 6, RtcpHeader.MAX_PACKET_BYTES + 4}) {
      assertThatThrownBy(() -> RtcpHeader.lengthField(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void writesAndPatchesTheHeader() {
    byte[] wire = written(out -> {
      int start = out.writerIndex();
      RtcpHeader.write(out, true, 15, RtcpHeader.PT_RTPFB, 4);
      out.writeZero(23);
      out.writeByte(4); // padding count
      assertThat(RtcpHeader.setLength(out, start, out.writerIndex() - start)).isEqualTo(6);
    });
    assertThat(wire).startsWith(hex("af cd 00 06"));
    useBuffer(wire, buf -> {
      assertThat(RtcpHeader.version(buf, 0)).isEqualTo(2);
      assertThat(RtcpHeader.hasPadding(buf, 0)).isTrue();
      assertThat(RtcpHeader.count(buf, 0)).isEqualTo(15);
      assertThat(RtcpHeader.packetType(buf, 0)).isEqualTo(205);
      assertThat(RtcpHeader.lengthField(buf, 0)).isEqualTo(6);
      assertThat(RtcpHeader.packetLength(buf, 0)).isEqualTo(28);
      assertThat(RtcpHeader.contentLength(buf, 0)).isEqualTo(24);
    });
    assertThatThrownBy(() -> written(out -> RtcpHeader.write(out, false, 32, 200, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RTCP count 32 (expected: 0..31)");
  }
}
