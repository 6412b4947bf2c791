package io.sluice.media.rtcp;

import static io.sluice.media.rtcp.RtcpTestSupport.encode;
import static io.sluice.media.rtcp.RtcpTestSupport.hex;
import static io.sluice.media.rtcp.RtcpTestSupport.useBuffer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtcpCompoundIteratorTest {

  record Seen(int index, int length, int type, int count) {}

  private static List<Seen> walk(RtcpCompoundIterator it) {
    List<Seen> seen = new ArrayList<>();
    while (it.next()) {
      seen.add(new Seen(it.index(), it.length(), it.packetType(), it.count()));
    }
    return seen;
  }

  @Test
  void walksChromiumReceiverCompound() {
    useBuffer(RtcpGoldenPackets.RR_SDES_CNAME, buf -> {
      RtcpCompoundIterator it = new RtcpCompoundIterator();
      assertThat(it.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(it.packetCount()).isEqualTo(2);

      ReceiverReport.View rr = new ReceiverReport.View();
      SourceDescription.View sdes = new SourceDescription.View();
      assertThat(it.next()).isTrue();
      assertThat(it.packetType()).isEqualTo(RtcpHeader.PT_RR);
      assertThat(rr.tryWrap(it)).isEqualTo(RtcpParseResult.OK);
      assertThat(rr.ssrc()).isEqualTo(1);
      assertThat(rr.reportCount()).isEqualTo(1);
      assertThat(rr.reportBlock(0)).isEqualTo(
          new ReportBlock(0x1234abcdL, 10, 3, 0x1_0005L, 23, 0x8c5a1f00L, 0x1_0000L));

      assertThat(it.next()).isTrue();
      assertThat(it.index()).isEqualTo(32);
      assertThat(sdes.tryWrap(it)).isEqualTo(RtcpParseResult.OK);
      assertThat(sdes.chunkSsrc(0)).isEqualTo(1);
      assertThat(sdes.cname(0)).isEqualTo("p9xRpT3TXg7dY8WZ");

      assertThat(it.next()).isFalse();
      assertThat(it.next()).isFalse();
    });
  }

  @Test
  void skipsTypesItDoesNotParse() {
    useBuffer(RtcpGoldenPackets.RR_APP_XR_PLI, buf -> {
      RtcpCompoundIterator it = new RtcpCompoundIterator();
      assertThat(it.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(walk(it)).containsExactly(
          new Seen(0, 8, 201, 0), new Seen(8, 12, 204, 0), new Seen(20, 12, 207, 0),
          new Seen(32, 12, 206, 1));
      assertThat(RtcpPacket.parseCompound(buf)).containsExactly(
          new ReceiverReport(1, List.of()), new PictureLossIndication(1, 0x1234abcdL));
    });
  }

  @Test
  void skipsApplicationLayerFeedbackThatIsNotRemb() {
    byte[] afb = hex("""
        8f ce 00 03   // PSFB FMT=15 (AFB), length=3 -> 16 bytes
        00 00 00 01   // SSRC of packet sender
        00 00 00 00   // SSRC of media source
        47 4f 4f 47   // identifier "GOOG": some other application's feedback
        """);
    useBuffer(afb, buf -> {
      assertThat(RtcpPacket.parseCompound(buf)).isEmpty();
      assertThat(new ReceiverEstimatedMaxBitrate.View().tryWrap(buf))
          .isEqualTo(RtcpParseResult.WRONG_TYPE);
    });
  }

  static Stream<Arguments> goldenCompounds() {
    return Stream.of(
        Arguments.of("RR+SDES", RtcpGoldenPackets.RR_SDES_CNAME, List.of(
            new ReceiverReport(1, List.of(
                new ReportBlock(0x1234abcdL, 10, 3, 0x1_0005L, 23, 0x8c5a1f00L, 0x1_0000L))),
            SourceDescription.ofCname(1, "p9xRpT3TXg7dY8WZ"))),
        Arguments.of("SR+SDES", RtcpGoldenPackets.SR_SDES, List.of(
            new SenderReport(0x2d1f5e4aL, 0xe9a3c2f1_80000000L, 0x5b8d80c0L, 1234, 1 << 20,
                List.of(new ReportBlock(0x9abcdef0L, 0, -1, 0xffff, 0, 0, 0))),
            SourceDescription.ofCname(0x2d1f5e4aL, "sluice@host1"))),
        Arguments.of("RR+REMB", RtcpGoldenPackets.RR_REMB, List.of(
            new ReceiverReport(1, List.of()),
            new ReceiverEstimatedMaxBitrate(1, 1_000_000, List.of(0x1234abcdL)))),
        Arguments.of("NACK", RtcpGoldenPackets.NACK, List.of(
            new TransportLayerNack(1, 0x1234abcdL, List.of(
                new TransportLayerNack.GenericNack(65534, 0b101),
                new TransportLayerNack.GenericNack(32, 0x8000))))),
        Arguments.of("PLI", RtcpGoldenPackets.PLI, List.of(
            new PictureLossIndication(1, 0x1234abcdL))),
        Arguments.of("FIR", RtcpGoldenPackets.FIR, List.of(
            new FullIntraRequest(1, 0, List.of(new FullIntraRequest.Entry(0x1234abcdL, 42))))),
        Arguments.of("BYE", RtcpGoldenPackets.BYE, List.of(
            new Goodbye(List.of(0x2d1f5e4aL), "shutdown"))),
        Arguments.of("transport-cc", RtcpGoldenPackets.TRANSPORT_CC_WRAP, List.of(
            TransportLayerCcTest.WRAP_VALUE)),
        Arguments.of("transport-cc runs", RtcpGoldenPackets.TRANSPORT_CC_RUNS, List.of(
            TransportLayerCcTest.RUNS_VALUE)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenCompounds")
  void parsesGoldenCompoundAndWritesItBackByteForByte(String name, byte[] wire,
      List<RtcpPacket> expected) {
    useBuffer(wire, buf -> {
      RtcpCompoundIterator it = new RtcpCompoundIterator();
      assertThat(it.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(it.packetCount()).isEqualTo(expected.size());
      assertThat(RtcpPacket.parseCompound(buf)).isEqualTo(expected);
    });
    ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
    for (RtcpPacket packet : expected) {
      rewritten.writeBytes(encode(packet));
    }
    assertThat(rewritten.toByteArray()).isEqualTo(wire);
  }

  static Stream<Arguments> malformedCompounds() {
    return Stream.of(
        Arguments.of("empty datagram", "", RtcpParseResult.TRUNCATED,
            "RTCP compound: 0 bytes (expected: 4+ bytes)"),
        Arguments.of("truncated header", "80 c9 00", RtcpParseResult.TRUNCATED,
            "RTCP compound: 3 bytes (expected: 4+ bytes)"),
        Arguments.of("version 1", "40 c9 00 01 00 00 00 01", RtcpParseResult.BAD_VERSION,
            "RTCP compound: packet 1 at byte 0: version 1 (expected: 2)"),
        Arguments.of("version 0 (STUN or garbage)", "00 01 00 00", RtcpParseResult.BAD_VERSION,
            "RTCP compound: packet 1 at byte 0: version 0 (expected: 2)"),
        Arguments.of("version 3 in the second packet",
            "80 c9 00 01 00 00 00 01  c0 ca 00 00", RtcpParseResult.BAD_VERSION,
            "RTCP compound: packet 2 at byte 8: version 3 (expected: 2)"),
        Arguments.of("length field past the end", "80 c9 00 02 00 00 00 01",
            RtcpParseResult.BAD_LENGTH,
            "RTCP compound: packet 1 at byte 0: length field says 12 bytes (expected: <= 8 bytes)"),
        Arguments.of("second length field past the end",
            "80 c9 00 01 00 00 00 01  81 ca 00 06 00 00 00 01", RtcpParseResult.BAD_LENGTH,
            "RTCP compound: packet 2 at byte 8: length field says 28 bytes (expected: <= 8 bytes)"),
        Arguments.of("trailing bytes after the last packet", "80 c9 00 01 00 00 00 01 00 00",
            RtcpParseResult.TRUNCATED,
            "RTCP compound: packet 2 at byte 8: 2 bytes (expected: 4+ bytes)"),
        Arguments.of("padding bigger than the packet", "a0 c9 00 01 00 00 00 09",
            RtcpParseResult.BAD_PADDING,
            "RTCP compound: packet 1 at byte 0: padding count 9 (expected: 1..4)"),
        Arguments.of("padding count 0", "a0 c9 00 01 00 00 00 00", RtcpParseResult.BAD_PADDING,
            "RTCP compound: packet 1 at byte 0: padding count 0 (expected: 1..4)"),
        Arguments.of("padding bit on a header-only packet", "a0 cc 00 00",
            RtcpParseResult.BAD_PADDING,
            "RTCP compound: packet 1 at byte 0: padding bit set on a 4-byte packet"
                + " (expected: no padding)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedCompounds")
  void rejectsMalformedCompoundWithoutChangingAnything(String name, String badHex,
      RtcpParseResult code, String message) {
    byte[] bad = hex(badHex);
    RtcpCompoundIterator it = new RtcpCompoundIterator();
    useBuffer(RtcpGoldenPackets.RR_REMB, good -> {
      assertThat(it.tryWrap(good)).isEqualTo(RtcpParseResult.OK);
      assertThat(it.next()).isTrue(); // positioned on the RR
      useBuffer(bad, buf -> {
        assertThat(it.tryWrap(buf)).isEqualTo(code);
        // Unchanged: still on the RR of the good datagram, with the REMB next.
        assertThat(it.buffer()).isSameAs(good);
        assertThat(it.packetType()).isEqualTo(RtcpHeader.PT_RR);
        assertThat(it.packetCount()).isEqualTo(2);
        assertThat(it.next()).isTrue();
        assertThat(it.packetType()).isEqualTo(RtcpHeader.PT_PSFB);
        assertThat(buf.readerIndex()).isZero();
        assertThat(buf.writerIndex()).isEqualTo(bad.length);

        assertThatThrownBy(() -> new RtcpCompoundIterator().wrap(buf))
            .isExactlyInstanceOf(MalformedRtcpException.class).hasMessage(message);
        assertThatThrownBy(() -> RtcpPacket.parseCompound(buf))
            .isExactlyInstanceOf(MalformedRtcpException.class).hasMessage(message);
      });
    });
  }

  @Test
  void malformedPacketOfKnownTypeFailsParseCompoundButNotTheWalk() {
    byte[] emptyNack = hex("""
        80 c9 00 01 00 00 00 01   // RR, RC=0
        81 cd 00 02               // NACK with length=2: no FCI entry
        00 00 00 01 12 34 ab cd
        """);
    useBuffer(emptyNack, buf -> {
      RtcpCompoundIterator it = new RtcpCompoundIterator();
      assertThat(it.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(it.next()).isTrue();
      assertThat(it.next()).isTrue();
      assertThat(new TransportLayerNack.View().tryWrap(it)).isEqualTo(RtcpParseResult.EMPTY_FCI);
      assertThatThrownBy(() -> RtcpPacket.parseCompound(buf))
          .isExactlyInstanceOf(MalformedRtcpException.class)
          .hasMessage("RTCP NACK: 0 FCI entries (expected: 1+)");
    });
  }

  @Test
  void acceptsPaddingOnAPacketInsideTheCompound() {
    // libwebrtc pads transport-cc with the P bit; a compound may carry more after it.
    ByteArrayOutputStream compound = new ByteArrayOutputStream();
    compound.writeBytes(RtcpGoldenPackets.TRANSPORT_CC_WRAP);
    compound.writeBytes(RtcpGoldenPackets.PLI);
    byte[] wire = compound.toByteArray();
    useBuffer(wire, buf -> {
      RtcpCompoundIterator it = new RtcpCompoundIterator();
      assertThat(it.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(it.next()).isTrue();
      assertThat(it.hasPadding()).isTrue();
      assertThat(it.length()).isEqualTo(28);
      assertThat(it.contentLength()).isEqualTo(27);
      assertThat(it.next()).isTrue();
      assertThat(it.packetType()).isEqualTo(RtcpHeader.PT_PSFB);
      assertThat(RtcpPacket.parseCompound(buf)).hasSize(2);
    });
  }

  @Test
  void readsFromTheReaderIndexAndRewinds() {
    ByteBuf buf = Unpooled.buffer();
    try {
      buf.writeBytes(hex("de ad be ef")); // not RTCP: e.g. an already consumed prefix
      buf.writeBytes(RtcpGoldenPackets.RR_SDES_CNAME);
      buf.readerIndex(4);
      RtcpCompoundIterator it = new RtcpCompoundIterator();
      assertThat(it.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      List<Seen> first = walk(it);
      assertThat(first).containsExactly(new Seen(4, 32, 201, 1), new Seen(36, 28, 202, 1));
      it.rewind();
      assertThat(walk(it)).isEqualTo(first);
      assertThat(buf.readerIndex()).isEqualTo(4);
    } finally {
      assertThat(buf.release()).isTrue();
    }
  }

  @Test
  void accessorsNeedACurrentPacket() {
    RtcpCompoundIterator it = new RtcpCompoundIterator();
    assertThat(it.next()).isFalse();
    assertThat(it.packetCount()).isZero();
    assertThatThrownBy(it::packetType).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(it::buffer).isInstanceOf(IllegalStateException.class);
    useBuffer(RtcpGoldenPackets.PLI, buf -> {
      assertThat(it.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThatThrownBy(it::index).isInstanceOf(IllegalStateException.class);
      assertThat(it.next()).isTrue();
      it.clear();
      assertThat(it.next()).isFalse();
      assertThatThrownBy(it::buffer).isInstanceOf(IllegalStateException.class);
    });
  }
}
