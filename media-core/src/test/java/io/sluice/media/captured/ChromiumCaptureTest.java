package io.sluice.media.captured;

import static io.sluice.media.captured.ChromiumCaptures.captureNames;
import static io.sluice.media.captured.ChromiumCaptures.datagramBytes;
import static io.sluice.media.captured.ChromiumCaptures.withCapture;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.sluice.media.rtp.RtpPacket;
import io.sluice.media.testutil.Hex;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden vectors: whole UDP datagrams that Chromium 156 sent in an unencrypted loopback call
 * (see {@code captured/chromium/README.md} and the {@code .txt} dissection next to each
 * {@code .bin}, which every expected value here comes from). The extension ids are those of the
 * run's SDP: 1 ssrc-audio-level, 2 abs-send-time, 3 transport-wide-cc, 4 sdes:mid,
 * 7 video-timing, 8 color-space, 13 video-orientation.
 *
 * <p>This class checks the RTP headers and extensions through {@link RtpPacket};
 * {@link ChromiumRtcpCaptureTest} checks the RTCP captures ({@code rtcp-*.bin}) and
 * {@link ChromiumKeyframeCaptureTest} the video payloads.
 */
class ChromiumCaptureTest {

  private static final Set<String> RTCP_CAPTURES = Set.of(
      "rtcp-sr-sdes", "rtcp-sr-sdes-xr-dlrr", "rtcp-rr-xr-rrtr", "rtcp-rr-remb-xr-rrtr",
      "rtcp-transport-cc", "rtcp-transport-cc-loss", "rtcp-nack", "rtcp-pli");

  /**
   * name, PT, sequence number, timestamp, SSRC, marker, header length, payload length, padding
   * length, first payload bytes.
   */
  static Stream<Arguments> rtpHeaders() {
    return Stream.of(
        Arguments.of("vp8-keyframe-first", 96, 2036, 3247468059L, 0x72202998L, false, 28, 1081, 0,
            "90 80 b8 94 | 50 6a 00 | 9d 01 2a"), // descriptor, VP8 header (P=0), start code
        Arguments.of("vp8-keyframe-last", 96, 2037, 3247468059L, 0x72202998L, true, 48, 1061, 0,
            "80 80 b8 94"), // S=0: continues the same picture (PictureID 14484)
        Arguments.of("vp8-delta-first", 96, 2038, 3247472019L, 0x72202998L, false, 28, 594, 0,
            "90 80 b8 95 | b1 23 00"), // VP8 header with P=1
        Arguments.of("vp8-rtx-padding-probe", 97, 20410, 0L, 0x8de6f109L, false, 28, 0, 255, ""),
        Arguments.of("vp8-rtx-retransmission", 97, 19359, 2136889932L, 0xebee48b5L, false, 28, 958, 0,
            "67 65 | 90 80 b9 ca | 91 2b 00"), // OSN 26469, then the original VP8 payload
        Arguments.of("opus-marker", 111, 9760, 3120116523L, 0x2c6361c3L, true, 28, 32, 0, "78 0b e4 c1"),
        Arguments.of("opus", 111, 9809, 3120163563L, 0x2c6361c3L, false, 28, 64, 0, "78 b1 49 80"),
        Arguments.of("h264-stap-a-sps-pps", 108, 1909, 2301912013L, 0x1184b09aL, false, 28, 27, 0,
            "78 | 00 12 67 42 c0 1f"),
        Arguments.of("h264-fu-a-idr-start", 108, 1910, 2301912013L, 0x1184b09aL, false, 28, 1129, 0,
            "7c 85 b8 00"),
        Arguments.of("h264-fu-a-non-idr-start", 108, 1914, 2301930103L, 0x1184b09aL, false, 28, 812, 0,
            "7c 81 e0 00"),
        Arguments.of("h264-single-nal-sps", 114, 28445, 3495715288L, 0x9da08df6L, false, 28, 18, 0,
            "67 42 c0 1f"),
        Arguments.of("h264-single-nal-idr", 114, 28447, 3495715288L, 0x9da08df6L, false, 28, 972, 0,
            "65 b8 00 04"),
        Arguments.of("h264-single-nal-non-idr", 114, 28451, 3495724198L, 0x9da08df6L, false, 28, 987, 0,
            "61 e0 00 40"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void rtpHeaders(String name, int pt, int seq, long ts, long ssrc, boolean marker, int headerLength,
      int payloadLength, int paddingLength, String payloadStart) {
    withCapture(name, (buf, p) -> {
      assertThat(p.version()).isEqualTo(2);
      assertThat(p.payloadType()).isEqualTo(pt);
      assertThat(p.sequenceNumber()).isEqualTo(seq);
      assertThat(p.timestamp()).isEqualTo(ts);
      assertThat(p.ssrc()).isEqualTo(ssrc);
      assertThat(p.marker()).isEqualTo(marker);
      assertThat(p.csrcCount()).isZero();
      assertThat(p.headerLength()).isEqualTo(headerLength);
      assertThat(p.payloadOffset()).isEqualTo(headerLength);
      assertThat(p.payloadLength()).isEqualTo(payloadLength);
      assertThat(p.paddingLength()).isEqualTo(paddingLength);
      assertThat(p.hasPadding()).isEqualTo(paddingLength > 0);
      // Nothing is left over: header + payload + padding is the whole datagram.
      assertThat(headerLength + payloadLength + paddingLength).isEqualTo(buf.readableBytes());
      byte[] start = Hex.bytes(payloadStart);
      assertThat(ByteBufUtil.getBytes(buf, p.payloadOffset(), start.length)).isEqualTo(start);
    });
  }

  /** name, extension elements in wire order as {@code id:data} (every capture uses the one-byte form). */
  static Stream<Arguments> extensions() {
    return Stream.of(
        Arguments.of("vp8-keyframe-first", "2:ce 65 60, 3:00 06, 4:31"),
        // The last packet of a frame also carries color space, orientation (0 degrees) and timing.
        Arguments.of("vp8-keyframe-last",
            "2:ce 70 02, 3:00 08, 4:31, 8:06 06 06 10, 13:00, 7:03 00 02 00 09 00 0a 00 17 00 00 00 00"),
        Arguments.of("vp8-delta-first", "2:ce 90 0c, 3:00 0f, 4:31"),
        // A padding probe orders its elements differently: mid, transport-cc, abs-send-time.
        Arguments.of("vp8-rtx-padding-probe", "4:31, 3:00 05, 2:ce 63 25"),
        Arguments.of("vp8-rtx-retransmission", "2:4a df 57, 3:00 23, 4:31"),
        // ssrc-audio-level: V=1, level 127 (silence) in the first packet, 29 -dBov later.
        Arguments.of("opus-marker", "2:ce 15 df, 3:00 01, 4:30, 1:ff"),
        Arguments.of("opus", "2:d2 01 56, 3:00 6b, 4:30, 1:9d"),
        Arguments.of("h264-stap-a-sps-pps", "2:0c 4a f1, 3:00 04, 4:31"),
        Arguments.of("h264-fu-a-idr-start", "2:0c 4b 84, 3:00 05, 4:31"),
        Arguments.of("h264-fu-a-non-idr-start", "2:0d 12 91, 3:00 21, 4:31"),
        Arguments.of("h264-single-nal-sps", "2:2b 37 4e, 3:00 04, 4:31"),
        Arguments.of("h264-single-nal-idr", "2:2b 37 5f, 3:00 06, 4:31"),
        Arguments.of("h264-single-nal-non-idr", "2:2b 99 46, 3:00 16, 4:31"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void extensions(String name, String elements) {
    Map<Integer, byte[]> expected = new LinkedHashMap<>();
    for (String e : elements.split(",")) {
      String[] idData = e.trim().split(":");
      expected.put(Integer.parseInt(idData[0]), Hex.bytes(idData[1]));
    }
    withCapture(name, (buf, p) -> {
      assertThat(p.extensionProfile()).isEqualTo(RtpPacket.ONE_BYTE_PROFILE);
      int used = 0;
      int previous = -1;
      for (Map.Entry<Integer, byte[]> e : expected.entrySet()) {
        int id = e.getKey();
        byte[] data = e.getValue();
        assertThat(p.extensionLength(id)).as("length of id %d", id).isEqualTo(data.length);
        int at = p.findExtension(id);
        assertThat(at).as("id %d follows the previous element", id).isGreaterThan(previous);
        assertThat(ByteBufUtil.getBytes(buf, at, data.length)).as("data of id %d", id).isEqualTo(data);
        previous = at;
        used += 1 + data.length;
      }
      // Chromium pads the block with zeros to whole 32-bit words.
      assertThat(p.extensionDataLength()).isEqualTo((used + 3) & ~3);
      for (int id = 1; id <= 14; id++) {
        if (!expected.containsKey(id)) {
          assertThat(p.findExtension(id)).as("absent id %d", id).isEqualTo(-1);
          assertThat(p.extensionLength(id)).as("absent id %d", id).isEqualTo(-1);
        }
      }
    });
  }

  @Test
  void vp8KeyframeFirstPacketCarriesKeyframeHeader() {
    withCapture("vp8-keyframe-first", (buf, p) -> {
      int d = p.payloadOffset();
      // RFC 7741 §4.2: X=1, S=1, PID=0; I=1 with a 15-bit PictureID.
      assertThat(u8(buf, d) & 0x1F).isEqualTo(0x10);
      assertThat(buf.getUnsignedShort(d + 2) & 0x7FFF).isEqualTo(14484);
      // RFC 7741 §4.3: the VP8 payload header after the 4-byte descriptor; P=0 is a key frame.
      assertThat(u8(buf, d + 4) & 0x01).isZero();
      // RFC 6386 §9.1: start code, then 14-bit little-endian width and height.
      assertThat(buf.getUnsignedMedium(d + 7)).isEqualTo(0x9d012a);
      assertThat(buf.getUnsignedShortLE(d + 10) & 0x3FFF).isEqualTo(640);
      assertThat(buf.getUnsignedShortLE(d + 12) & 0x3FFF).isEqualTo(480);
    });
  }

  @Test
  void vp8DeltaFrameHasInterframeBit() {
    withCapture("vp8-delta-first", (buf, p) -> {
      int d = p.payloadOffset();
      assertThat(u8(buf, d) & 0x1F).isEqualTo(0x10); // S=1, PID=0
      assertThat(u8(buf, d + 4) & 0x01).isEqualTo(1); // P=1: interframe
      assertThat(buf.getUnsignedShort(d + 2) & 0x7FFF).isEqualTo(14485); // next picture
    });
  }

  @Test
  void vp8KeyframeLastPacketContinuesThePicture() {
    withCapture("vp8-keyframe-last", (buf, p) -> {
      int d = p.payloadOffset();
      assertThat(u8(buf, d) & 0x10).isZero(); // S=0: no VP8 payload header here
      assertThat(buf.getUnsignedShort(d + 2) & 0x7FFF).isEqualTo(14484);
      assertThat(p.marker()).isTrue();
    });
  }

  @Test
  void rtxRetransmissionCarriesTheNackedSequenceNumber() {
    byte[] nack = datagramBytes("rtcp-nack");
    int nacked = (nack[12] & 0xFF) << 8 | (nack[13] & 0xFF); // RFC 4585 §6.2.1 FCI PID
    assertThat(nacked).isEqualTo(26469);
    withCapture("vp8-rtx-retransmission", (buf, p) -> {
      // RFC 4588 §4: the OSN, then the original VP8 payload (S=1, PID=0, interframe).
      assertThat(buf.getUnsignedShort(p.payloadOffset())).isEqualTo(nacked);
      assertThat(u8(buf, p.payloadOffset() + 2) & 0x1F).isEqualTo(0x10);
      assertThat(u8(buf, p.payloadOffset() + 6) & 0x01).isEqualTo(1);
    });
  }

  @Test
  void rtxPaddingProbeIsAllPadding() {
    withCapture("vp8-rtx-padding-probe", (buf, p) -> {
      assertThat(p.hasPadding()).isTrue();
      assertThat(p.payloadLength()).isZero();
      assertThat(p.paddingLength()).isEqualTo(255);
      assertThat(u8(buf, buf.writerIndex() - 1)).isEqualTo(255);
      for (int i = p.payloadOffset(); i < buf.writerIndex() - 1; i++) {
        assertThat(buf.getByte(i)).as("padding byte at %d", i).isZero();
      }
    });
  }

  @Test
  void h264StapACarriesSpsAndPps() {
    withCapture("h264-stap-a-sps-pps", (buf, p) -> {
      int d = p.payloadOffset();
      assertThat(u8(buf, d) & 0x1F).isEqualTo(24); // RFC 6184 §5.7.1 STAP-A
      assertThat(buf.getUnsignedShort(d + 1)).isEqualTo(18);
      assertThat(u8(buf, d + 3)).isEqualTo(0x67); // SPS, NRI=3
      // OpenH264 writes profile-level-id 42c01f although the SDP negotiated 42e01f.
      assertThat(buf.getUnsignedMedium(d + 4)).isEqualTo(0x42c01f);
      assertThat(buf.getUnsignedShort(d + 21)).isEqualTo(4);
      assertThat(u8(buf, d + 23)).isEqualTo(0x68); // PPS
      assertThat(1 + 2 + 18 + 2 + 4).isEqualTo(p.payloadLength());
    });
  }

  /** name, FU indicator, FU header (RFC 6184 §5.8). */
  static Stream<Arguments> h264FuA() {
    return Stream.of(
        Arguments.of("h264-fu-a-idr-start", 0x7c, 0x85), // NRI=3 type 28; S=1 E=0 type 5 (IDR)
        Arguments.of("h264-fu-a-non-idr-start", 0x7c, 0x81)); // S=1 E=0 type 1 (non-IDR)
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void h264FuA(String name, int indicator, int header) {
    withCapture(name, (buf, p) -> {
      assertThat(u8(buf, p.payloadOffset())).isEqualTo(indicator);
      assertThat(u8(buf, p.payloadOffset() + 1)).isEqualTo(header);
    });
  }

  /** name, NAL unit header of a single NAL unit packet (packetization-mode=0). */
  static Stream<Arguments> h264SingleNal() {
    return Stream.of(
        Arguments.of("h264-single-nal-sps", 0x67),
        Arguments.of("h264-single-nal-idr", 0x65),
        Arguments.of("h264-single-nal-non-idr", 0x61));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void h264SingleNal(String name, int nalHeader) {
    withCapture(name, (buf, p) -> assertThat(u8(buf, p.payloadOffset())).isEqualTo(nalHeader));
  }

  @Test
  void removingVideoTimingShrinksTheRealExtensionBlock() {
    withCapture("vp8-keyframe-last", (buf, p) -> {
      byte[] payload = ByteBufUtil.getBytes(buf, p.payloadOffset(), p.payloadLength());
      assertThat(p.removeExtension(7)).isTrue();
      // 2 + 3 + 4 + 8 + 13 need 4 + 3 + 2 + 5 + 2 = 16 bytes: the block drops from 32 to 16.
      assertThat(p.extensionDataLength()).isEqualTo(16);
      assertThat(p.headerLength()).isEqualTo(32);
      assertThat(buf.readableBytes()).isEqualTo(1109 - 16);
      assertThat(p.findExtension(7)).isEqualTo(-1);
      assertThat(ByteBufUtil.getBytes(buf, p.findExtension(8), 4)).isEqualTo(Hex.bytes("06 06 06 10"));
      assertThat(ByteBufUtil.getBytes(buf, p.payloadOffset(), p.payloadLength())).isEqualTo(payload);
      // The rewritten packet parses again, with the same view of it.
      RtpPacket again = RtpPacket.parse(buf);
      assertThat(again.extensionLength(13)).isEqualTo(1);
      assertThat(again.payloadLength()).isEqualTo(payload.length);
    });
  }

  /** RFC 5761 §4 / RFC 7983: what a demultiplexer sees in the first two bytes of each capture. */
  @Test
  void everyCaptureHasADissectionAndDemultiplexesAsItsName() throws IOException, URISyntaxException {
    Set<String> rtp = new TreeSet<>();
    rtpHeaders().forEach(a -> rtp.add((String) a.get()[0]));
    Set<String> found = new TreeSet<>();
    for (String name : captureNames()) {
      found.add(name);
      assertThat(ChromiumCaptures.resource(name + ".txt")).as(name + ".txt").isNotEmpty();
      byte[] b = datagramBytes(name);
      assertThat(b[0] & 0xFF).as(name + " first byte").isBetween(128, 191);
      boolean rtcp = (b[1] & 0xFF) >= 192 && (b[1] & 0xFF) <= 223;
      assertThat(rtcp).as(name + " second byte %d", b[1] & 0xFF).isEqualTo(RTCP_CAPTURES.contains(name));
    }
    Set<String> all = new TreeSet<>(rtp);
    all.addAll(RTCP_CAPTURES);
    assertThat(found).isEqualTo(all);
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Returns the unsigned byte at absolute index {@code i} as an int (AssertJ compares boxed types). */
  private static int u8(ByteBuf buf, int i) {
    return buf.getUnsignedByte(i);
  }
}
