package io.sluice.media.captured;

import static io.sluice.media.captured.ChromiumCaptures.datagramBytes;
import static io.sluice.media.captured.ChromiumCaptures.withDatagram;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.sluice.media.rtcp.PictureLossIndication;
import io.sluice.media.rtcp.ReceiverEstimatedMaxBitrate;
import io.sluice.media.rtcp.ReceiverReport;
import io.sluice.media.rtcp.ReportBlock;
import io.sluice.media.rtcp.RtcpCompoundIterator;
import io.sluice.media.rtcp.RtcpHeader;
import io.sluice.media.rtcp.RtcpPacket;
import io.sluice.media.rtcp.RtcpParseResult;
import io.sluice.media.rtcp.SenderReport;
import io.sluice.media.rtcp.SourceDescription;
import io.sluice.media.rtcp.TransportLayerCc;
import io.sluice.media.rtcp.TransportLayerCc.PacketStatus;
import io.sluice.media.rtcp.TransportLayerNack;
import io.sluice.media.rtcp.TransportLayerNack.GenericNack;
import io.sluice.media.stats.NtpTime;
import io.sluice.media.stats.RoundTripTime;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden vectors: the RTCP datagrams Chromium 156 sent in the unencrypted loopback calls of
 * {@code captured/chromium/README.md}, through {@link RtcpCompoundIterator}, every message's
 * allocation-free view and throwing {@code parse}, and {@link RtcpPacket#parseCompound} with the
 * writers. Every expected value comes from the {@code .txt} dissection next to the capture.
 *
 * <p>Who is who: pc1 sends, pc2 receives. pc2 sends no media, so it reports with WebRTC's
 * placeholder SSRCs, 1 for RR, XR, NACK, PLI and REMB and {@code 0xFA17FA17} for transport-cc;
 * neither is in any SDP. Sluice has no XR (RFC 3611) parser: the iterator walks over XR like any
 * packet, {@code parseCompound} skips it, and the timing checks at the end read its few fields
 * by hand.
 */
class ChromiumRtcpCaptureTest {

  /** RFC 3611 §2: Extended Reports, which {@link RtcpHeader} has no constant for. */
  private static final int PT_XR = 207;

  // The vp8 run (sdp/vp8.offer.sdp): pc1's video and video RTX SSRCs and its CNAME.
  private static final long VIDEO_SSRC = 1914710424L; // 0x72202998
  private static final long VIDEO_RTX_SSRC = 2380722441L; // 0x8de6f109
  private static final String CNAME = "Gv/jHIsRHd1LtxS1";
  // pc2's placeholder SSRCs.
  private static final long RECEIVER_SSRC = 1;
  private static final long TRANSPORT_CC_SSRC = 0xfa17fa17L;

  // ---- Expected values, from the dissections ------------------------------------------------

  /** rtcp-sr-sdes: NTP 4004305908.007407999, 28 packets, 19867 octets. */
  static final SenderReport SR_FIRST = new SenderReport(
      VIDEO_SSRC, 0xeeacdbf4_01e57d9dL, 3247505949L, 28, 19867, List.of());
  /** rtcp-sr-sdes-xr-dlrr, 0.453 s later: NTP 4004305908.460330999, 55 packets, 46074 octets. */
  static final SenderReport SR_SECOND = new SenderReport(
      VIDEO_SSRC, 0xeeacdbf4_75d8409eL, 3247546629L, 55, 46074, List.of());
  static final SourceDescription SDES = SourceDescription.ofCname(VIDEO_SSRC, CNAME);

  /** rtcp-rr-xr-rrtr: about the video RTX stream, then the video stream; no loss, no SR yet. */
  static final ReceiverReport RR = new ReceiverReport(RECEIVER_SSRC, List.of(
      new ReportBlock(VIDEO_RTX_SSRC, 0, 0, 20421, 439, 0, 0),
      new ReportBlock(VIDEO_SSRC, 0, 0, 2051, 111, 0, 0)));
  /** rtcp-rr-remb-xr-rrtr (vp8-remb run: video 0x5f2cb53a, video RTX 0xa534ad60). */
  static final ReceiverReport RR_REMB_RUN = new ReceiverReport(RECEIVER_SSRC, List.of(
      new ReportBlock(0xa534ad60L, 0, 0, 3558, 98, 0, 0),
      new ReportBlock(0x5f2cb53aL, 0, 0, 4803, 0, 0, 0)));
  /** BR exp=4, mantissa=132918: 2126688 bps for the video stream and its RTX. */
  static final ReceiverEstimatedMaxBitrate REMB = new ReceiverEstimatedMaxBitrate(
      RECEIVER_SSRC, 2_126_688, List.of(0x5f2cb53aL, 0xa534ad60L));

  /** rtcp-transport-cc: seq 10..22 all received, media SSRC = the vp8 run's audio. */
  static final TransportLayerCc TRANSPORT_CC = new TransportLayerCc(
      TRANSPORT_CC_SSRC, 744710595L, 10, 24303, 2,
      received(246, 0, 0, 11, 0, 24, 9, 0, 13, 126, 3, 1, 8));
  /** rtcp-transport-cc-loss (vp8-nack run): seq 30..37, 31 lost; media SSRC = that run's audio. */
  static final TransportLayerCc TRANSPORT_CC_LOSS = new TransportLayerCc(
      TRANSPORT_CC_SSRC, 1695699590L, 30, 24789, 3,
      List.of(PacketStatus.received(102), PacketStatus.NOT_RECEIVED_STATUS,
          PacketStatus.received(70), PacketStatus.received(0), PacketStatus.received(0),
          PacketStatus.received(1), PacketStatus.received(5), PacketStatus.received(96)));

  /** rtcp-nack (vp8-nack run, video SSRC 0xfcd100fc): PID 26469, BLP 0. */
  static final TransportLayerNack NACK =
      new TransportLayerNack(RECEIVER_SSRC, 4241555708L, List.of(new GenericNack(26469, 0)));
  /** rtcp-pli (vp8-pli run, video SSRC 0xcd4b93ae). */
  static final PictureLossIndication PLI = new PictureLossIndication(RECEIVER_SSRC, 3444282286L);

  // ---- The compound walk --------------------------------------------------------------------

  /** One packet as the dissection's "packets:" line lists it. */
  record Packet(int type, int count, int length, int padding) {
    @Override
    public String toString() {
      return type + "/" + count + " " + length + "B" + (padding > 0 ? " pad " + padding : "");
    }
  }

  static Packet packet(int type, int count, int length) {
    return new Packet(type, count, length, 0);
  }

  /** name, the packets of the datagram in order: PT, count (RC, SC or FMT), bytes, padding. */
  static Stream<Arguments> compoundLayout() {
    return Stream.of(
        Arguments.of("rtcp-sr-sdes", List.of(
            packet(RtcpHeader.PT_SR, 0, 28), packet(RtcpHeader.PT_SDES, 1, 28))),
        Arguments.of("rtcp-sr-sdes-xr-dlrr", List.of(
            packet(RtcpHeader.PT_SR, 0, 28), packet(RtcpHeader.PT_SDES, 1, 28),
            packet(PT_XR, 0, 24))),
        Arguments.of("rtcp-rr-xr-rrtr", List.of(
            packet(RtcpHeader.PT_RR, 2, 56), packet(PT_XR, 0, 20))),
        Arguments.of("rtcp-rr-remb-xr-rrtr", List.of(
            packet(RtcpHeader.PT_RR, 2, 56), packet(RtcpHeader.PT_PSFB, 15, 28),
            packet(PT_XR, 0, 20))),
        // RFC 5506 reduced-size: feedback goes out alone; libwebrtc pads transport-cc with P=1.
        Arguments.of("rtcp-transport-cc", List.of(new Packet(RtcpHeader.PT_RTPFB, 15, 36, 1))),
        Arguments.of("rtcp-transport-cc-loss",
            List.of(new Packet(RtcpHeader.PT_RTPFB, 15, 32, 3))),
        Arguments.of("rtcp-nack", List.of(packet(RtcpHeader.PT_RTPFB, 1, 16))),
        Arguments.of("rtcp-pli", List.of(packet(RtcpHeader.PT_PSFB, 1, 12))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void compoundLayout(String name, List<Packet> expected) {
    withDatagram(name, buf -> {
      RtcpCompoundIterator it = new RtcpCompoundIterator();
      assertThat(it.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(it.packetCount()).isEqualTo(expected.size());
      List<Packet> found = new ArrayList<>();
      int index = 0;
      while (it.next()) {
        assertThat(it.index()).as("packet %d starts where the previous ended", found.size() + 1)
            .isEqualTo(index);
        int padding = it.hasPadding() ? it.length() - it.contentLength() : 0;
        found.add(new Packet(it.packetType(), it.count(), it.length(), padding));
        index += it.length();
      }
      assertThat(found).containsExactlyElementsOf(expected);
      assertThat(index).as("the packets fill the datagram").isEqualTo(buf.readableBytes());
      // The throwing entry point agrees, and neither moves the buffer's indexes.
      it.wrap(buf);
      assertThat(it.packetCount()).isEqualTo(expected.size());
      assertThat(buf.readerIndex()).isZero();
      assertThat(buf.writerIndex()).isEqualTo(datagramBytes(name).length);
    });
  }

  /**
   * name, what {@link RtcpPacket#parseCompound} returns, and how many bytes at the end of the
   * datagram are XR: Sluice does not parse XR, so it is skipped (not an error) and not written
   * back.
   */
  static Stream<Arguments> parseCompoundAndWriteBack() {
    return Stream.of(
        Arguments.of("rtcp-sr-sdes", List.of(SR_FIRST, SDES), 0),
        Arguments.of("rtcp-sr-sdes-xr-dlrr", List.of(SR_SECOND, SDES), 24),
        Arguments.of("rtcp-rr-xr-rrtr", List.of(RR), 20),
        Arguments.of("rtcp-rr-remb-xr-rrtr", List.of(RR_REMB_RUN, REMB), 20),
        Arguments.of("rtcp-transport-cc", List.of(TRANSPORT_CC), 0),
        Arguments.of("rtcp-transport-cc-loss", List.of(TRANSPORT_CC_LOSS), 0),
        Arguments.of("rtcp-nack", List.of(NACK), 0),
        Arguments.of("rtcp-pli", List.of(PLI), 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void parseCompoundAndWriteBack(String name, List<RtcpPacket> expected, int xrBytes) {
    withDatagram(name, buf -> assertThat(RtcpPacket.parseCompound(buf))
        .containsExactlyElementsOf(expected));
    // The writers choose what Chromium chose (one SDES chunk padded to the word, REMB's smallest
    // exponent, transport-cc chunk kinds and P-bit padding), so the bytes come back exactly.
    byte[] wire = datagramBytes(name);
    ByteBuf out = PooledByteBufAllocator.DEFAULT.heapBuffer(wire.length);
    try {
      for (RtcpPacket p : expected) {
        int before = out.writerIndex();
        assertThat(p.write(out)).isEqualTo(p.encodedLength())
            .isEqualTo(out.writerIndex() - before);
      }
      assertThat(ByteBufUtil.hexDump(out))
          .isEqualTo(ByteBufUtil.hexDump(Arrays.copyOf(wire, wire.length - xrBytes)));
    } finally {
      assertThat(out.release()).isTrue();
    }
  }

  // ---- One message at a time: view and parse ------------------------------------------------

  /** name, the SR at the start of the datagram. SDES follows it in both. */
  static Stream<Arguments> senderReportAndSdes() {
    return Stream.of(
        Arguments.of("rtcp-sr-sdes", SR_FIRST),
        Arguments.of("rtcp-sr-sdes-xr-dlrr", SR_SECOND));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void senderReportAndSdes(String name, SenderReport expected) {
    withDatagram(name, buf -> {
      RtcpCompoundIterator it = new RtcpCompoundIterator();
      assertThat(it.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);

      assertThat(it.next()).isTrue();
      SenderReport.View sr = new SenderReport.View();
      assertThat(sr.tryWrap(it)).isEqualTo(RtcpParseResult.OK);
      assertThat(sr.ssrc()).isEqualTo(VIDEO_SSRC);
      assertThat(sr.ntpTimestamp()).isEqualTo(expected.ntpTimestamp());
      assertThat(sr.rtpTimestamp()).isEqualTo(expected.rtpTimestamp());
      assertThat(sr.packetCount()).isEqualTo(expected.packetCount());
      assertThat(sr.octetCount()).isEqualTo(expected.octetCount());
      assertThat(sr.reportCount()).isZero(); // pc1 receives nothing, so reports on nothing
      assertThat(SenderReport.parse(buf, it.index(), it.length())).isEqualTo(expected);

      assertThat(it.next()).isTrue();
      SourceDescription.View sdes = new SourceDescription.View();
      assertThat(sdes.tryWrap(it)).isEqualTo(RtcpParseResult.OK);
      assertThat(sdes.chunkCount()).isEqualTo(1);
      assertThat(sdes.chunkSsrc(0)).isEqualTo(VIDEO_SSRC);
      int item = sdes.findItem(0, SourceDescription.CNAME);
      assertThat(item).isEqualTo(it.index() + 8); // header, chunk SSRC, then the CNAME item
      assertThat(sdes.itemTextLength(item)).isEqualTo(16);
      assertThat(sdes.cname(0)).isEqualTo(CNAME);
      assertThat(sdes.findItem(0, SourceDescription.NAME)).isEqualTo(-1);
      assertThat(SourceDescription.parse(buf, it.index(), it.length())).isEqualTo(SDES);
    });
    // The CNAME is the one the offer gave pc1's streams.
    assertThat(new String(ChromiumCaptures.resource("sdp/vp8.offer.sdp"), StandardCharsets.UTF_8))
        .contains("a=ssrc:" + VIDEO_SSRC + " cname:" + CNAME + "\r\n");
  }

  static Stream<Arguments> receiverReport() {
    return Stream.of(
        Arguments.of("rtcp-rr-xr-rrtr", RR),
        Arguments.of("rtcp-rr-remb-xr-rrtr", RR_REMB_RUN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void receiverReport(String name, ReceiverReport expected) {
    withDatagram(name, buf -> {
      RtcpCompoundIterator it = new RtcpCompoundIterator();
      assertThat(it.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(it.next()).isTrue();
      ReceiverReport.View rr = new ReceiverReport.View();
      assertThat(rr.tryWrap(it)).isEqualTo(RtcpParseResult.OK);
      assertThat(rr.ssrc()).isEqualTo(RECEIVER_SSRC);
      assertThat(rr.reportCount()).isEqualTo(2);
      for (int i = 0; i < 2; i++) {
        // The allocation-free readers the receiver statistics use.
        ReportBlock want = expected.reportBlocks().get(i);
        int b = rr.reportBlockIndex(i);
        assertThat(b).isEqualTo(8 + 24 * i);
        assertThat(ReportBlock.readSsrc(buf, b)).isEqualTo(want.ssrc());
        assertThat(ReportBlock.readFractionLost(buf, b)).isZero();
        assertThat(ReportBlock.readCumulativeLost(buf, b)).isZero();
        assertThat(ReportBlock.readExtendedHighestSeq(buf, b))
            .isEqualTo(want.extendedHighestSeq())
            .isLessThan(1 << 16); // cycles 0: no wrap in a 4-second call
        assertThat(ReportBlock.readJitter(buf, b)).isEqualTo(want.jitter());
        assertThat(ReportBlock.readLastSr(buf, b)).isZero();
        assertThat(ReportBlock.readDelaySinceLastSr(buf, b)).isZero();
        assertThat(rr.reportBlock(i)).isEqualTo(want);
      }
      assertThat(ReceiverReport.parse(buf, it.index(), it.length())).isEqualTo(expected);
      // parse(ByteBuf) reads the first packet of the compound only.
      assertThat(ReceiverReport.parse(buf)).isEqualTo(expected);
    });
  }

  @Test
  void rembAfterTheReceiverReport() {
    withDatagram("rtcp-rr-remb-xr-rrtr", buf -> {
      RtcpCompoundIterator it = new RtcpCompoundIterator();
      assertThat(it.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(it.next()).isTrue();
      assertThat(it.next()).isTrue();
      assertThat(ReceiverEstimatedMaxBitrate.isRemb(buf, it.index(), it.contentLength())).isTrue();
      ReceiverEstimatedMaxBitrate.View remb = new ReceiverEstimatedMaxBitrate.View();
      assertThat(remb.tryWrap(it)).isEqualTo(RtcpParseResult.OK);
      assertThat(remb.senderSsrc()).isEqualTo(RECEIVER_SSRC);
      assertThat(remb.mediaSsrc()).isZero(); // unused in REMB
      // Bytes 73..75 = 12 07 36: exp 4, mantissa 132918.
      assertThat(buf.getUnsignedMedium(it.index() + 17)).isEqualTo(4 << 18 | 132918);
      assertThat(remb.bitrate()).isEqualTo(132918L << 4).isEqualTo(2_126_688L);
      assertThat(remb.ssrcCount()).isEqualTo(2);
      assertThat(remb.ssrc(0)).isEqualTo(0x5f2cb53aL);
      assertThat(remb.ssrc(1)).isEqualTo(0xa534ad60L);
      assertThat(ReceiverEstimatedMaxBitrate.parse(buf, it.index(), it.length())).isEqualTo(REMB);
    });
  }

  @Test
  void nackReportsTheOneDroppedPacketThroughTheVisitor() {
    withDatagram("rtcp-nack", buf -> {
      TransportLayerNack.View nack = new TransportLayerNack.View();
      assertThat(nack.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(nack.senderSsrc()).isEqualTo(RECEIVER_SSRC);
      assertThat(nack.mediaSsrc()).isEqualTo(4241555708L);
      assertThat(nack.entryCount()).isEqualTo(1);
      assertThat(nack.pid(0)).isEqualTo(26469);
      assertThat(nack.blp(0)).isZero();
      assertThat(nack.lostCount()).isEqualTo(1);
      LostCollector lost = new LostCollector();
      assertThat(nack.forEachLost(lost)).isEqualTo(1);
      assertThat(lost.seqs()).containsExactly(26469);
      TransportLayerNack parsed = TransportLayerNack.parse(buf);
      assertThat(parsed).isEqualTo(NACK);
      assertThat(parsed.lostSequenceNumbers()).containsExactly(26469);
      // 26469 = 0x6765 ends in hex 5: the run dropped exactly such packets of PT 96.
      assertThat(26469 & 0xF).isEqualTo(5);
    });
  }

  @Test
  void pliNamesThePublisherVideo() {
    withDatagram("rtcp-pli", buf -> {
      PictureLossIndication.View pli = new PictureLossIndication.View();
      assertThat(pli.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(pli.length()).isEqualTo(PictureLossIndication.SIZE);
      assertThat(pli.senderSsrc()).isEqualTo(RECEIVER_SSRC);
      assertThat(pli.mediaSsrc()).isEqualTo(3444282286L);
      assertThat(PictureLossIndication.parse(buf)).isEqualTo(PLI);
    });
    assertThat(new String(ChromiumCaptures.resource("sdp/vp8-pli.offer.sdp"),
        StandardCharsets.UTF_8)).contains("a=ssrc-group:FID 3444282286 ");
  }

  /**
   * name, expected value, reference time in µs, received count, the sequence numbers not
   * received.
   */
  static Stream<Arguments> transportCc() {
    return Stream.of(
        // One run length chunk (0x200d): 13 small deltas.
        Arguments.of("rtcp-transport-cc", TRANSPORT_CC, 1_555_392_000L, 13, List.of()),
        // One one-bit status vector chunk (0xafc0): 10111111, then 6 unused symbols.
        Arguments.of("rtcp-transport-cc-loss", TRANSPORT_CC_LOSS, 1_586_496_000L, 7, List.of(31)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void transportCc(String name, TransportLayerCc expected, long referenceMicros, int received,
      List<Integer> notReceived) {
    withDatagram(name, buf -> {
      TransportLayerCc.View view = new TransportLayerCc.View();
      assertThat(view.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(view.senderSsrc()).isEqualTo(TRANSPORT_CC_SSRC);
      assertThat(view.mediaSsrc()).isEqualTo(expected.mediaSsrc());
      assertThat(view.baseSequenceNumber()).isEqualTo(expected.baseSequenceNumber());
      assertThat(view.packetStatusCount()).isEqualTo(expected.packets().size());
      assertThat(view.referenceTime()).isEqualTo(expected.referenceTime());
      assertThat(view.feedbackPacketCount()).isEqualTo(expected.feedbackPacketCount());
      assertThat(view.receivedCount()).isEqualTo(received);

      StatusCollector statuses = new StatusCollector();
      assertThat(view.forEachPacket(statuses)).isEqualTo(expected.packets().size());
      List<Integer> seqs = new ArrayList<>();
      List<Integer> lost = new ArrayList<>();
      for (int i = 0; i < statuses.count; i++) {
        seqs.add(statuses.seq[i]);
        PacketStatus want = expected.packets().get(i);
        assertThat(statuses.symbol[i]).as("symbol of seq %d", statuses.seq[i])
            .isEqualTo(want.symbol());
        assertThat(statuses.delta[i]).as("delta of seq %d", statuses.seq[i])
            .isEqualTo(want.receiveDelta());
        if (statuses.symbol[i] == TransportLayerCc.NOT_RECEIVED) {
          lost.add(statuses.seq[i]);
        }
      }
      int base = expected.baseSequenceNumber();
      assertThat(seqs).containsExactlyElementsOf(
          Stream.iterate(base, s -> s + 1).limit(expected.packets().size()).toList());
      assertThat(lost).containsExactlyElementsOf(notReceived);

      TransportLayerCc parsed = TransportLayerCc.parse(buf);
      assertThat(parsed).isEqualTo(expected);
      assertThat(parsed.referenceTimeMicros()).isEqualTo(referenceMicros);
    });
  }

  // ---- Timing across captures: NtpTime and RoundTripTime -------------------------------------

  @Test
  void senderReportNtpIsTheCaptureDateAndAdvancesWithTheRtpClock() {
    // RFC 4330 §3: seconds with the top bit set are in the 1900 era; the capture ran on
    // 2026-11-22 between 03:11 and 03:13 UTC (README).
    Instant first = Instant.ofEpochMilli(NtpTime.toUnixMillis(SR_FIRST.ntpTimestamp()));
    assertThat(first).isBetween(Instant.parse("2026-11-22T03:11:00Z"),
        Instant.parse("2026-11-22T03:13:00Z"));
    assertThat(first).isEqualTo(Instant.parse("2026-11-22T03:11:48.007Z"));
    // Between the two SRs (datagrams #73 and #131, 0.453 s apart in the pcap) the NTP clock
    // and the 90 kHz RTP clock of the same stream advance by the same 452-453 ms.
    long ntpNanos = NtpTime.toUnixNanos(SR_SECOND.ntpTimestamp())
        - NtpTime.toUnixNanos(SR_FIRST.ntpTimestamp());
    assertThat(ntpNanos).isEqualTo(452_923_000L);
    long rtpTicks = SR_SECOND.rtpTimestamp() - SR_FIRST.rtpTimestamp();
    assertThat(rtpTicks).isEqualTo(40_680L); // 452.000 ms at 90 kHz
    assertThat(Math.abs(ntpNanos - rtpTicks * 1_000_000_000L / 90_000)).isLessThan(1_000_000L);
  }

  @Test
  void capturedReceiverReportsHaveNoLastSrSoNoRoundTripTime() {
    // RFC 3550 §6.4.1: LSR 0 means no SR has been received from that source yet. A round trip
    // computed from it anyway would be the compact NTP clock itself, about 15.6 hours here.
    long arrival = SR_FIRST.ntpTimestamp(); // any time of that call
    for (ReceiverReport rr : List.of(RR, RR_REMB_RUN)) {
      for (ReportBlock block : rr.reportBlocks()) {
        assertThat(RoundTripTime.nanos(block, arrival)).as("block about %d", block.ssrc())
            .isEqualTo(RoundTripTime.UNKNOWN);
      }
    }
  }

  /**
   * RFC 3611 §4.4/§4.5: pc2's XR RRTR in {@code rtcp-rr-xr-rrtr} and pc1's XR DLRR in
   * {@code rtcp-sr-sdes-xr-dlrr}, 0.453 s later, are a matched pair: the DLRR's LRR is the
   * compact form of that RRTR's NTP time. The round trip then follows the same arithmetic as
   * RFC 3550 §6.4.1, {@code A - LRR - DLRR}. Both peer connections ran in one browser process on
   * one clock, and on loopback pc2 received the DLRR within microseconds of pc1 stamping the SR
   * it sent in the same datagram, so that SR's NTP time stands in for the arrival time A.
   */
  @Test
  void xrDlrrAnswersTheRrtrAndGivesTheLoopbackRoundTrip() {
    long[] rrtr = new long[1];
    withDatagram("rtcp-rr-xr-rrtr", buf -> rrtr[0] = rrtrNtp(buf, 56));
    assertThat(rrtr[0]).isEqualTo(0xeeacdbf4_01e8a2ecL);

    long[] dlrr = new long[3];
    withDatagram("rtcp-sr-sdes-xr-dlrr", buf -> {
      int xr = 56;
      assertThat((int) buf.getUnsignedByte(xr + 8)).as("block type").isEqualTo(5); // DLRR
      assertThat(buf.getUnsignedShort(xr + 10)).as("block length").isEqualTo(3);
      dlrr[0] = buf.getUnsignedInt(xr + 12); // SSRC of the receiver the sub-block answers
      dlrr[1] = buf.getUnsignedInt(xr + 16); // LRR
      dlrr[2] = buf.getUnsignedInt(xr + 20); // DLRR, 1/65536 s
    });
    assertThat(dlrr[0]).isEqualTo(RECEIVER_SSRC);
    assertThat(dlrr[1]).isEqualTo(0xdbf401e8L).isEqualTo(NtpTime.compact(rrtr[0]));
    assertThat(dlrr[2]).isEqualTo(29653);
    // pc1 held the RRTR for 452.5 ms before answering; the pcap puts the two 0.453 s apart.
    assertThat(NtpTime.compactToNanos(dlrr[2])).isEqualTo(452_468_872L);

    long arrival = NtpTime.compact(SR_SECOND.ntpTimestamp());
    assertThat(arrival).isEqualTo(0xdbf475d8L);
    // 0xdbf475d8 - 0xdbf401e8 - 0x73d5 = 27 units: 0.41 ms, a loopback round trip.
    assertThat(RoundTripTime.compact(arrival, dlrr[1], dlrr[2])).isEqualTo(27);
    assertThat(RoundTripTime.nanos(arrival, dlrr[1], dlrr[2])).isEqualTo(411_987L);
    assertThat(RoundTripTime.millis(arrival, dlrr[1], dlrr[2])).isZero();
  }

  /**
   * Reads the NTP time of the XR RRTR block in the XR packet at absolute index {@code xr}
   * (RFC 3611 §4.4).
   *
   * <pre>
   *  XR header (4 bytes) | SSRC (4) | BT=4 | reserved | block length=2 | NTP, 64 bits
   * </pre>
   */
  private static long rrtrNtp(ByteBuf buf, int xr) {
    assertThat((int) buf.getUnsignedByte(xr + 1)).as("packet type").isEqualTo(PT_XR);
    assertThat(buf.getUnsignedInt(xr + 4)).as("XR sender").isEqualTo(RECEIVER_SSRC);
    assertThat((int) buf.getUnsignedByte(xr + 8)).as("block type").isEqualTo(4); // RRTR
    assertThat(buf.getUnsignedShort(xr + 10)).as("block length").isEqualTo(2);
    return buf.getLong(xr + 12);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static List<PacketStatus> received(int... deltas) {
    List<PacketStatus> out = new ArrayList<>();
    for (int d : deltas) {
      out.add(PacketStatus.received(d));
    }
    return out;
  }

  /** Reusable NACK visitor: records into a fixed array, as a retransmitter would. */
  private static final class LostCollector implements TransportLayerNack.LostPacketVisitor {
    private final int[] seqs = new int[17];
    private int count;

    @Override
    public void onLost(int sequenceNumber) {
      seqs[count++] = sequenceNumber;
    }

    int[] seqs() {
      return Arrays.copyOf(seqs, count);
    }
  }

  /** Reusable transport-cc visitor: records into fixed arrays. */
  private static final class StatusCollector implements TransportLayerCc.PacketVisitor {
    final int[] seq = new int[16];
    final int[] symbol = new int[16];
    final int[] delta = new int[16];
    int count;

    @Override
    public void onPacket(int sequenceNumber, int sym, int receiveDelta) {
      seq[count] = sequenceNumber;
      symbol[count] = sym;
      delta[count] = receiveDelta;
      count++;
    }
  }
}
