package io.sluice.nack;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.sluice.media.testutil.Hex;
import org.junit.jupiter.api.Test;

class RtxPacketTest {
  private final RtxPacket writer = new RtxPacket();

  // V=2 P=1 CC=1, M=1 PT=96, seq 0x1234, ts 0x00001000, SSRC 0x11223344, CSRC 0x55667788,
  // payload 01 02 03, two bytes of padding (00 02).
  private static final String SOURCE =
      "a1 e0 1234 | 00001000 | 11223344 | 55667788 | 010203 | 00 02";

  @Test
  void writesTheRfc4588Format() {
    ByteBuf source = Hex.buf(SOURCE);
    ByteBuf rtx = writer.writeRtx(PooledByteBufAllocator.DEFAULT, source, 0xabcd, 0xdeadbeefL,
        0x99887766L, 0xffff, 97);
    // P cleared, M kept, PT 97, RTX seq 0xffff, subscriber's ts, RTX SSRC, CSRC kept,
    // OSN 0xabcd, original payload without padding.
    assertThat(Hex.of(rtx)).isEqualTo(
        Hex.norm("81 e1 ffff | deadbeef | 99887766 | 55667788 | abcd | 010203"));
    assertThat(rtx.release()).isTrue();
    assertThat(source.refCnt()).isEqualTo(1);
    assertThat(source.release()).isTrue();
  }

  @Test
  void writesAPlainResendOnTheOriginalSsrc() {
    ByteBuf source = Hex.buf(SOURCE);
    ByteBuf copy = writer.writeOriginal(PooledByteBufAllocator.DEFAULT, source, 7, 9, 0x0a0b0c0dL);
    assertThat(Hex.of(copy)).isEqualTo(
        Hex.norm("a1 e0 0007 | 00000009 | 0a0b0c0d | 55667788 | 010203 | 00 02"));
    assertThat(Hex.of(source)).isEqualTo(Hex.norm(SOURCE));
    assertThat(copy.release()).isTrue();
    assertThat(source.release()).isTrue();
  }

  @Test
  void refusesWhatIsNotRtp() {
    ByteBuf junk = Hex.buf("00 01 02");
    assertThat(writer.writeRtx(PooledByteBufAllocator.DEFAULT, junk, 1, 2, 3, 4, 97)).isNull();
    assertThat(writer.writeOriginal(PooledByteBufAllocator.DEFAULT, junk, 1, 2, 3)).isNull();
    assertThat(junk.release()).isTrue();
  }
}
