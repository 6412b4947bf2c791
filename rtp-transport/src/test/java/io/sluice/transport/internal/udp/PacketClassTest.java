package io.sluice.transport.internal.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PacketClassTest {

  @ParameterizedTest(name = "first bytes {0} {1}, {2} bytes -> {3}")
  @CsvSource({
      // first byte, second byte, length, class
      "0x00, 0x01, 20, STUN", // Binding request
      "0x01, 0x01, 20, STUN", // Binding success response
      "0x03, 0x00, 20, STUN",
      "0x00, 0x01, 19, UNKNOWN", // shorter than a STUN header
      "0x10, 0x00, 40, UNKNOWN", // ZRTP
      "0x14, 0xfe, 13, DTLS", // ChangeCipherSpec
      "0x16, 0xfe, 100, DTLS", // Handshake
      "0x17, 0xfe, 40, DTLS", // application data
      "0x3f, 0x00, 13, DTLS",
      "0x16, 0xfe, 12, UNKNOWN", // shorter than a DTLS record header
      "0x40, 0x00, 20, UNKNOWN", // TURN channel
      "0x80, 0x60, 12, RTP", // PT 96
      "0x90, 0xe0, 1200, RTP", // marker + PT 96
      "0x80, 0x00, 12, RTP", // PT 0 (PCMU)
      "0x80, 0xbf, 12, RTP", // marker + PT 63
      "0x80, 0xe0, 11, UNKNOWN", // shorter than an RTP header
      "0x80, 0xc8, 28, RTCP", // SR (200)
      "0x81, 0xc9, 32, RTCP", // RR (201)
      "0x81, 0xcd, 16, RTCP", // RTPFB (205)
      "0x81, 0xce, 12, RTCP", // PSFB (206)
      "0x80, 0xc0, 8, RTCP", // type 192 (FIR, RFC 2032)
      "0x80, 0xdf, 8, RTCP", // type 223
      "0x80, 0xc9, 7, UNKNOWN", // shorter than an RTCP header + SSRC
      "0xc0, 0x60, 12, UNKNOWN", // version 3
      "0xff, 0xff, 100, UNKNOWN",
  })
  void classifiesByFirstBytes(String b0, String b1, int length, PacketClass expected) {
    ByteBuf buf = Unpooled.buffer(length);
    buf.writeZero(length);
    if (length > 0) {
      buf.setByte(0, Integer.decode(b0));
    }
    if (length > 1) {
      buf.setByte(1, Integer.decode(b1));
    }
    try {
      assertThat(PacketClass.of(buf)).isEqualTo(expected);
    } finally {
      buf.release();
    }
  }

  @ParameterizedTest
  @CsvSource({"0", "1", "3"})
  void shortOrEmptyIsUnknown(int length) {
    ByteBuf buf = Unpooled.buffer(4).writeZero(length);
    try {
      if (length > 0) {
        buf.setByte(0, 0x80);
      }
      assertThat(PacketClass.of(buf)).isEqualTo(PacketClass.UNKNOWN);
    } finally {
      buf.release();
    }
  }
}
