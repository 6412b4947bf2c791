package io.sluice.media.rtp;

import static io.sluice.media.testutil.Hex.buf;
import static io.sluice.media.testutil.Hex.norm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sluice.media.testutil.Hex;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtpPacketTest {

  /**
   * A VP8 packet as Chromium sends it: one-byte extensions abs-send-time (id 2) and
   * transport-wide-cc (id 3).
   */
  static final String CHROME_VP8 =
      "90 60 1f 40" // V=2 P=0 X=1 CC=0 | M=0 PT=96 | seq=8000
          + "00 01 e2 40" // timestamp 123456
          + "12 34 56 78" // SSRC 0x12345678
          + "be de 00 02" // RFC 8285 one-byte profile, 2 words
          + "22 12 34 56" // id=2 L=2 (3 bytes): abs-send-time 0x123456
          + "31 00 05 00" // id=3 L=1 (2 bytes): transport-cc seq 5, then 1 padding byte
          + "90 80 00 11 22 33"; // VP8 payload descriptor and 2 payload bytes

  /** An Opus packet with marker set, 2 CSRCs, no extension and 4 bytes of padding. */
  static final String OPUS_PADDED =
      "a2 ef 00 01" // V=2 P=1 X=0 CC=2 | M=1 PT=111 | seq=1
          + "ff ff ff ff" // timestamp 2^32-1
          + "de ad be ef" // SSRC
          + "00 00 00 0a" // CSRC 10
          + "80 00 00 0b" // CSRC 0x8000000b
          + "fc ff fe" // Opus TOC and 2 bytes
          + "00 00 00 04"; // padding, count 4

  /** A packet with an RFC 8285 two-byte extension (profile 0x1000). */
  static final String TWO_BYTE =
      "90 00 00 02 | 00 00 00 00 | 00 00 00 01"
          + "10 00 00 02" // two-byte profile, 2 words
          + "20 00" // id=32, length 0
          + "05 03 aa bb cc" // id=5, length 3
          + "00" // padding
          + "ab"; // 1 payload byte

  @Test
  void readsChromeVp8Header() {
    ByteBuf b = buf(CHROME_VP8);
    try {
      RtpPacket p = RtpPacket.parse(b);
      assertThat(p.version()).isEqualTo(2);
      assertThat(p.hasPadding()).isFalse();
      assertThat(p.hasExtension()).isTrue();
      assertThat(p.csrcCount()).isZero();
      assertThat(p.marker()).isFalse();
      assertThat(p.payloadType()).isEqualTo(96);
      assertThat(p.sequenceNumber()).isEqualTo(8000);
      assertThat(p.timestamp()).isEqualTo(123456);
      assertThat(p.ssrc()).isEqualTo(0x12345678L);
      assertThat(p.extensionProfile()).isEqualTo(RtpPacket.ONE_BYTE_PROFILE);
      assertThat(p.extensionDataLength()).isEqualTo(8);
      assertThat(p.headerLength()).isEqualTo(24);
      assertThat(p.payloadOffset()).isEqualTo(24);
      assertThat(p.payloadLength()).isEqualTo(6);
      assertThat(p.paddingLength()).isZero();
      assertThat(p.extensionLength(2)).isEqualTo(3);
      assertThat(b.getUnsignedMedium(p.findExtension(2))).isEqualTo(0x123456);
      assertThat(p.extensionLength(3)).isEqualTo(2);
      assertThat(b.getUnsignedShort(p.findExtension(3))).isEqualTo(5);
      assertThat(p.findExtension(4)).isEqualTo(-1);
      assertThat(p.extensionLength(15)).isEqualTo(-1);
    } finally {
      assertThat(b.release()).isTrue();
    }
  }

  @Test
  void readsCsrcsAndPadding() {
    ByteBuf b = buf(OPUS_PADDED);
    try {
      RtpPacket p = RtpPacket.parse(b);
      assertThat(p.hasPadding()).isTrue();
      assertThat(p.marker()).isTrue();
      assertThat(p.payloadType()).isEqualTo(111);
      assertThat(p.timestamp()).isEqualTo(0xFFFF_FFFFL);
      assertThat(p.ssrc()).isEqualTo(0xDEADBEEFL);
      assertThat(p.csrcCount()).isEqualTo(2);
      assertThat(p.csrc(0)).isEqualTo(10);
      assertThat(p.csrc(1)).isEqualTo(0x8000000BL);
      assertThat(p.hasExtension()).isFalse();
      assertThat(p.extensionProfile()).isEqualTo(-1);
      assertThat(p.payloadOffset()).isEqualTo(20);
      assertThat(p.payloadLength()).isEqualTo(3);
      assertThat(p.paddingLength()).isEqualTo(4);
      assertThatThrownBy(() -> p.csrc(2)).isInstanceOf(IndexOutOfBoundsException.class);
      p.setCsrc(1, 42);
      assertThat(b.getInt(16)).isEqualTo(42);
    } finally {
      assertThat(b.release()).isTrue();
    }
  }

  @Test
  void readsTwoByteExtensions() {
    ByteBuf b = buf(TWO_BYTE);
    try {
      RtpPacket p = RtpPacket.parse(b);
      assertThat(p.extensionProfile()).isEqualTo(0x1000);
      assertThat(p.extensionLength(32)).isZero();
      assertThat(p.findExtension(32)).isEqualTo(18);
      assertThat(p.extensionLength(5)).isEqualTo(3);
      assertThat(b.getUnsignedMedium(p.findExtension(5))).isEqualTo(0xaabbcc);
      assertThat(p.payloadLength()).isEqualTo(1);
      assertThat((int) b.getUnsignedByte(p.payloadOffset())).isEqualTo(0xab);
    } finally {
      assertThat(b.release()).isTrue();
    }
  }

  @Test
  void rewritesHeaderInPlace() {
    ByteBuf b = buf(CHROME_VP8);
    try {
      RtpPacket p = RtpPacket.parse(b);
      p.rewrite(65535, 0xFFFF_FFFEL, 0xCAFEBABEL);
      p.setMarker(true);
      p.setPayloadType(100);
      assertThat(Hex.of(b.slice(0, 12))).isEqualTo(norm("90 e4 ffff | fffffffe | cafebabe"));
      assertThat(p.marker()).isTrue();
      assertThat(p.payloadType()).isEqualTo(100);
      p.setMarker(false);
      p.setSequenceNumber(7);
      p.setTimestamp(9);
      p.setSsrc(1);
      assertThat(Hex.of(b.slice(0, 12))).isEqualTo(norm("90 64 0007 | 00000009 | 00000001"));
      // payload untouched
      assertThat(Hex.of(b.slice(24, 6))).isEqualTo(norm("90 80 00 11 22 33"));
    } finally {
      assertThat(b.release()).isTrue();
    }
  }

  @Test
  void rewritesExtensionOfSameLength() {
    ByteBuf b = buf(CHROME_VP8);
    ByteBuf v = buf("ab cd ef");
    try {
      RtpPacket p = RtpPacket.parse(b);
      assertThat(p.rewriteExtension(2, v, 0, 3)).isTrue();
      assertThat(b.getUnsignedMedium(p.findExtension(2))).isEqualTo(0xabcdef);
      assertThat(p.rewriteExtension(2, v, 0, 2)).isFalse();
      assertThat(p.rewriteExtension(9, v, 0, 3)).isFalse();
    } finally {
      b.release();
      v.release();
    }
  }

  @Test
  void removesExtensionAndShrinksBlock() {
    ByteBuf b = buf(CHROME_VP8);
    try {
      RtpPacket p = RtpPacket.parse(b);
      assertThat(p.removeExtension(2)).isTrue();
      assertThat(Hex.of(b))
          .isEqualTo(norm("90 60 1f40 0001e240 12345678 bede 0001 | 31 0005 00 | 9080 0011 2233"));
      assertThat(p.extensionDataLength()).isEqualTo(4);
      assertThat(p.payloadOffset()).isEqualTo(20);
      assertThat(p.payloadLength()).isEqualTo(6);
      assertThat(RtpPacket.parse(b).extensionLength(3)).isEqualTo(2);

      assertThat(p.removeExtension(3)).isTrue();
      assertThat(Hex.of(b)).isEqualTo(norm("80 60 1f40 0001e240 12345678 | 9080 0011 2233"));
      assertThat(p.hasExtension()).isFalse();
      assertThat(p.payloadOffset()).isEqualTo(12);
      assertThat(p.removeExtension(3)).isFalse();
    } finally {
      assertThat(b.release()).isTrue();
    }
  }

  @Test
  void removeKeepsPaddingAndCsrcs() {
    ByteBuf b =
        buf("b1 6f 0001 | 00000002 | 00000003 | 00000004 | bede 0001 | 10 aa 0000 | ff | 00 02");
    try {
      RtpPacket p = RtpPacket.parse(b);
      assertThat(p.paddingLength()).isEqualTo(2);
      assertThat(p.removeExtension(1)).isTrue();
      assertThat(Hex.of(b)).isEqualTo(norm("a1 6f 0001 00000002 00000003 00000004 ff 0002"));
      RtpPacket again = RtpPacket.parse(b);
      assertThat(again.paddingLength()).isEqualTo(2);
      assertThat(again.payloadLength()).isEqualTo(1);
    } finally {
      b.release();
    }
  }

  @Test
  void addsExtensionToPacketWithout() {
    ByteBuf b = buf("80 60 0001 00000002 00000003 | c0ffee");
    ByteBuf v = buf("0005");
    try {
      RtpPacket p = RtpPacket.parse(b);
      assertThat(p.addExtension(3, v, 0, 2)).isTrue();
      assertThat(Hex.of(b)).isEqualTo(norm("90 60 0001 00000002 00000003 bede 0001 31 0005 00 c0ffee"));
      assertThat(p.payloadOffset()).isEqualTo(20);
      assertThat(RtpPacket.parse(b).extensionLength(3)).isEqualTo(2);
    } finally {
      b.release();
      v.release();
    }
  }

  @Test
  void addsAppendsAndReplaces() {
    ByteBuf b = buf(CHROME_VP8);
    ByteBuf v = buf("01 02 03 04 05");
    try {
      RtpPacket p = RtpPacket.parse(b);
      // Same length: overwritten in place.
      assertThat(p.addExtension(3, v, 0, 2)).isTrue();
      assertThat(b.getUnsignedShort(p.findExtension(3))).isEqualTo(0x0102);
      assertThat(p.extensionDataLength()).isEqualTo(8);
      // New id 4, 1 byte: appended after id 3, fits in the existing padding byte? No: needs 2.
      assertThat(p.addExtension(4, v, 4, 1)).isTrue();
      assertThat(Hex.of(b))
          .isEqualTo(norm("90601f40 0001e240 12345678 bede0003 22123456 310102 4005 000000 9080 0011 2233"));
      // Different length: replaced.
      assertThat(p.addExtension(2, v, 0, 1)).isTrue();
      RtpPacket q = RtpPacket.parse(b);
      assertThat(q.extensionLength(2)).isEqualTo(1);
      assertThat((int) b.getUnsignedByte(q.findExtension(2))).isEqualTo(1);
      assertThat(q.extensionLength(3)).isEqualTo(2);
      assertThat(q.extensionLength(4)).isEqualTo(1);
      assertThat(Hex.of(b.slice(q.payloadOffset(), q.payloadLength()))).isEqualTo(norm("908000112233"));
    } finally {
      b.release();
      v.release();
    }
  }

  @Test
  void addConvertsOneByteBlockToTwoByte() {
    ByteBuf b = buf(CHROME_VP8);
    ByteBuf v = buf("77");
    try {
      RtpPacket p = RtpPacket.parse(b);
      assertThat(p.addExtension(15, v, 0, 1)).isTrue();
      assertThat(Hex.of(b))
          .isEqualTo(norm("90601f40 0001e240 12345678 1000 0003 | 0203 123456 | 0302 0005 | 0f01 77 | 9080 0011 2233"));
      RtpPacket q = RtpPacket.parse(b);
      assertThat(q.extensionLength(2)).isEqualTo(3);
      assertThat(q.extensionLength(3)).isEqualTo(2);
      assertThat(q.extensionLength(15)).isEqualTo(1);
      // An empty element is only possible in the two-byte form.
      assertThat(q.addExtension(200, v, 0, 0)).isTrue();
      assertThat(RtpPacket.parse(b).extensionLength(200)).isZero();
    } finally {
      b.release();
      v.release();
    }
  }

  @Test
  void conversionSurvivesLeadingPadding() {
    ByteBuf b = buf("90 60 0001 00000002 00000003 | bede 0002 | 00 00 00 10 | aa 21 bb cc | 99");
    ByteBuf v = buf("77");
    try {
      RtpPacket p = RtpPacket.parse(b);
      assertThat(p.addExtension(20, v, 0, 1)).isTrue();
      RtpPacket q = RtpPacket.parse(b);
      assertThat(q.extensionProfile()).isEqualTo(0x1000);
      assertThat((int) b.getUnsignedByte(q.findExtension(1))).isEqualTo(0xaa);
      assertThat(b.getUnsignedShort(q.findExtension(2))).isEqualTo(0xbbcc);
      assertThat((int) b.getUnsignedByte(q.findExtension(20))).isEqualTo(0x77);
      assertThat(q.payloadLength()).isEqualTo(1);
      assertThat((int) b.getUnsignedByte(q.payloadOffset())).isEqualTo(0x99);
    } finally {
      b.release();
      v.release();
    }
  }

  @Test
  void rejectsUnencodableExtensions() {
    ByteBuf b = buf("90 60 0001 00000002 00000003 | abcd 0001 | 01020304");
    ByteBuf v = buf("77");
    try {
      RtpPacket p = RtpPacket.parse(b);
      assertThat(p.findExtension(1)).isEqualTo(-1); // opaque, non-RFC 8285 profile
      assertThat(p.addExtension(1, v, 0, 1)).isFalse();
      assertThat(p.addExtension(0, v, 0, 1)).isFalse();
      assertThat(p.addExtension(256, v, 0, 1)).isFalse();
    } finally {
      b.release();
      v.release();
    }
  }

  @Test
  void sizeChangesNeedPacketAtWriterIndex() {
    ByteBuf b = buf(CHROME_VP8 + "ffff"); // two trailing bytes that are not part of the packet
    ByteBuf v = buf("77");
    try {
      RtpPacket p = new RtpPacket();
      assertThat(p.tryWrap(b, 0, b.readableBytes() - 2)).isEqualTo(RtpPacket.Result.OK);
      assertThat(p.removeExtension(2)).isFalse();
      assertThat(p.addExtension(5, v, 0, 1)).isFalse();
      assertThat(p.extensionLength(2)).isEqualTo(3);
    } finally {
      b.release();
      v.release();
    }
  }

  @Test
  void worksOnPooledDirectBuffersAtNonZeroOffset() {
    ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
    ByteBuf v = buf("0102");
    try {
      b.writeBytes(new byte[] {9, 9, 9});
      b.writeBytes(Hex.bytes(CHROME_VP8));
      b.readerIndex(3);
      RtpPacket p = new RtpPacket();
      assertThat(p.tryWrap(b)).isEqualTo(RtpPacket.Result.OK);
      assertThat(p.offset()).isEqualTo(3);
      assertThat(p.sequenceNumber()).isEqualTo(8000);
      assertThat(p.addExtension(14, v, 0, 2)).isTrue();
      assertThat(p.removeExtension(2)).isTrue();
      RtpPacket q = RtpPacket.parse(b);
      assertThat(q.extensionLength(14)).isEqualTo(2);
      assertThat(q.extensionLength(3)).isEqualTo(2);
      assertThat(q.payloadLength()).isEqualTo(6);
    } finally {
      assertThat(b.release()).isTrue();
      v.release();
    }
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("", RtpPacket.Result.TOO_SHORT, "RTP: 0 bytes (expected: 12+ bytes)"),
        Arguments.of("80 60 0001 00000002 000000", RtpPacket.Result.TOO_SHORT,
            "RTP: 11 bytes (expected: 12+ bytes)"),
        Arguments.of("40 60 0001 00000002 00000003", RtpPacket.Result.BAD_VERSION,
            "RTP: version 1 (expected: 2)"),
        Arguments.of("c0 60 0001 00000002 00000003", RtpPacket.Result.BAD_VERSION,
            "RTP: version 3 (expected: 2)"),
        Arguments.of("82 60 0001 00000002 00000003 00000004", RtpPacket.Result.CSRC_OVERRUN,
            "RTP: 16 bytes with CSRC count 2 (expected: 20+ bytes)"),
        Arguments.of("90 60 0001 00000002 00000003 bede", RtpPacket.Result.EXTENSION_OVERRUN,
            "RTP extension: header at byte 12 of 14 bytes (expected: 16+ bytes)"),
        Arguments.of("90 60 0001 00000002 00000003 bede 0002 22123456", RtpPacket.Result.EXTENSION_OVERRUN,
            "RTP extension: length 2 words needs 24 bytes (expected: at most 20 bytes)"),
        Arguments.of("90 60 0001 00000002 00000003 bede 0001 2f123456", RtpPacket.Result.BAD_EXTENSION_ELEMENT,
            "RTP extension: an RFC 8285 element runs past the end of the extension block"),
        Arguments.of("90 60 0001 00000002 00000003 1000 0001 0105aabb", RtpPacket.Result.BAD_EXTENSION_ELEMENT,
            "RTP extension: an RFC 8285 element runs past the end of the extension block"),
        Arguments.of("90 60 0001 00000002 00000003 1000 0001 000000 01", RtpPacket.Result.BAD_EXTENSION_ELEMENT,
            "RTP extension: an RFC 8285 element runs past the end of the extension block"),
        Arguments.of("a0 60 0001 00000002 00000003", RtpPacket.Result.BAD_PADDING,
            "RTP padding: count 0 (expected: 1..0)"),
        Arguments.of("a0 60 0001 00000002 00000003 aabb 00", RtpPacket.Result.BAD_PADDING,
            "RTP padding: count 0 (expected: 1..3)"),
        Arguments.of("a0 60 0001 00000002 00000003 aabb 04", RtpPacket.Result.BAD_PADDING,
            "RTP padding: count 4 (expected: 1..3)"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void rejectsMalformedPackets(String hex, RtpPacket.Result expected, String message) {
    ByteBuf b = buf(hex);
    try {
      RtpPacket p = new RtpPacket();
      assertThat(p.tryWrap(b)).isEqualTo(expected);
      assertThat(p.isBound()).isFalse();
      assertThatThrownBy(() -> RtpPacket.parse(b))
          .isInstanceOf(MalformedRtpException.class)
          .hasMessage(message);
      assertThat(b.readerIndex()).isZero();
    } finally {
      b.release();
    }
  }

  @Test
  void failedWrapUnbindsAPreviouslyBoundView() {
    ByteBuf good = buf(CHROME_VP8);
    ByteBuf bad = buf("80 60");
    try {
      RtpPacket p = RtpPacket.parse(good);
      assertThat(p.tryWrap(bad)).isEqualTo(RtpPacket.Result.TOO_SHORT);
      assertThat(p.isBound()).isFalse();
      assertThatThrownBy(p::sequenceNumber).isInstanceOf(IllegalStateException.class);
      assertThat(p.toString()).isEqualTo("RtpPacket(unbound)");
    } finally {
      good.release();
      bad.release();
    }
  }

  @Test
  void oneByteStopIdEndsElementParsing() {
    // id 15 is reserved: RFC 8285 says to stop parsing there, so what follows is not validated.
    ByteBuf b = buf("90 60 0001 00000002 00000003 bede 0001 10 aa f0 ff | 01");
    try {
      RtpPacket p = RtpPacket.parse(b);
      assertThat(p.extensionLength(1)).isEqualTo(1);
      assertThat(p.findExtension(2)).isEqualTo(-1);
      // Found by the fuzzer: an element added after the stop id could never be read back.
      assertThat(p.addExtension(2, b, 0, 1)).isFalse();
      assertThat(p.addExtension(20, b, 0, 1)).isFalse();
      assertThat(p.removeExtension(1)).isTrue();
      assertThat(RtpPacket.parse(b).payloadLength()).isEqualTo(1);
    } finally {
      b.release();
    }
  }

  @Test
  void emptyPayloadIsValid() {
    ByteBuf b = Unpooled.wrappedBuffer(Hex.bytes("80 60 0001 00000002 00000003"));
    try {
      RtpPacket p = RtpPacket.parse(b);
      assertThat(p.payloadLength()).isZero();
      assertThat(p.toString()).contains("seq=1").contains("payload=0");
    } finally {
      b.release();
    }
  }

  @Test
  void conversionOfAllPaddingBlockKeepsPayload() {
    // Found by the fuzzer: a one-byte block holding only padding, converted for a two-byte element.
    ByteBuf b = buf("90 60 0001 00000002 00000003 | bede 0001 | 00000000 | 000000ff");
    try {
      RtpPacket p = RtpPacket.parse(b);
      assertThat(p.addExtension(165, b, 0, 0)).isTrue();
      assertThat(Hex.of(b)).isEqualTo(norm("90 60 0001 00000002 00000003 1000 0001 a500 0000 000000ff"));
      assertThat(RtpPacket.parse(b).extensionLength(165)).isZero();
    } finally {
      b.release();
    }
  }

  @Test
  void repeatedIdsAreAllRemovedAndReplaced() {
    ByteBuf b = buf("90 60 0001 00000002 00000003 | bede 0002 | 10 aa 10 bb | 20 cc 00 00 | 99");
    ByteBuf v = buf("0102");
    try {
      RtpPacket p = RtpPacket.parse(b);
      assertThat(p.addExtension(1, v, 0, 2)).isTrue();
      RtpPacket q = RtpPacket.parse(b);
      assertThat(q.extensionLength(1)).isEqualTo(2);
      assertThat(b.getUnsignedShort(q.findExtension(1))).isEqualTo(0x0102);
      assertThat(q.extensionLength(2)).isEqualTo(1);
      assertThat(q.removeExtension(1)).isTrue();
      assertThat(RtpPacket.parse(b).findExtension(1)).isEqualTo(-1);
      assertThat((int) b.getUnsignedByte(RtpPacket.parse(b).payloadOffset())).isEqualTo(0x99);
    } finally {
      b.release();
      v.release();
    }
  }

  @Test
  void oneByteIdZeroIsAlwaysOnePaddingByte() {
    // Found by the fuzzer: 0x02 has id 0 and a length nibble; it must count as one padding byte.
    ByteBuf b = buf("90 60 0001 00000002 00000003 | bede 0001 | 02 10 aa 00 | 99");
    ByteBuf v = buf("77");
    try {
      RtpPacket p = RtpPacket.parse(b);
      assertThat(p.extensionLength(1)).isEqualTo(1);
      assertThat((int) b.getUnsignedByte(p.findExtension(1))).isEqualTo(0xaa);
      assertThat(p.addExtension(43, v, 0, 1)).isTrue();
      RtpPacket q = RtpPacket.parse(b);
      assertThat(q.extensionLength(1)).isEqualTo(1);
      assertThat(q.extensionLength(43)).isEqualTo(1);
      assertThat(q.findExtension(3)).isEqualTo(-1);
    } finally {
      b.release();
      v.release();
    }
  }
}
