package io.sluice.media.captured;

import static io.sluice.media.captured.ChromiumCaptures.withCapture;
import static io.sluice.media.captured.ChromiumCaptures.withDatagram;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.media.codec.H264Packetization;
import io.sluice.media.codec.KeyframeDetector;
import io.sluice.media.codec.VideoCodec;
import io.sluice.media.codec.Vp8PayloadDescriptor;
import io.sluice.media.rtcp.TransportLayerNack;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden vectors: key frame detection ({@link KeyframeDetector} and the per-codec classes) on the
 * payload of every video RTP packet Chromium 156 sent in the captured calls (see
 * {@code captured/chromium/README.md}); {@link io.sluice.media.rtp.RtpPacket} finds the payload.
 *
 * <p>"Key frame" is the codec classes' definition, which for H.264 is stricter than the
 * dissections' wording: {@link H264Packetization} flags a packet as a key frame only if it
 * carries the start of an IDR slice, because a decoder cannot start from parameter sets alone. The
 * dissections of {@code h264-single-nal-sps} and {@code h264-stap-a-sps-pps} say "key frame: yes"
 * because those packets open an IDR access unit; here they carry the SPS/PPS flags and the IDR
 * slice that follows them is the key frame.
 */
class ChromiumKeyframeCaptureTest {

  private static final int VP8_START = Vp8PayloadDescriptor.START_OF_PARTITION
      | Vp8PayloadDescriptor.START_OF_FRAME;
  private static final int FU_START = H264Packetization.FRAGMENT
      | H264Packetization.FRAGMENT_START;

  /**
   * name, encoding name from the run's {@code a=rtpmap}, flags of the codec class, key frame.
   */
  static Stream<Arguments> videoPayloads() {
    return Stream.of(
        // S=1, PID=0, P=0 and the 9d 01 2a start code.
        Arguments.of("vp8-keyframe-first", "VP8", VP8_START | Vp8PayloadDescriptor.KEYFRAME, true),
        // S=0: a continuation of the same picture carries no payload header at all.
        Arguments.of("vp8-keyframe-last", "VP8", 0, false),
        // S=1, PID=0 but P=1: an interframe.
        Arguments.of("vp8-delta-first", "VP8", VP8_START, false),
        // STAP-A [SPS, PPS]: the parameter sets that open the IDR access unit, not the slice.
        Arguments.of("h264-stap-a-sps-pps", "H264",
            H264Packetization.AGGREGATION | H264Packetization.SPS | H264Packetization.PPS, false),
        // FU-A, S=1, fragmented NAL type 5.
        Arguments.of("h264-fu-a-idr-start", "H264", FU_START | H264Packetization.IDR, true),
        // FU-A, S=1, fragmented NAL type 1.
        Arguments.of("h264-fu-a-non-idr-start", "H264", FU_START, false),
        // packetization-mode=0: single NAL unit packets of type 7, 5 and 1.
        Arguments.of("h264-single-nal-sps", "H264", H264Packetization.SPS, false),
        Arguments.of("h264-single-nal-idr", "H264", H264Packetization.IDR, true),
        Arguments.of("h264-single-nal-non-idr", "H264", 0, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void videoPayloads(String name, String encodingName, int flags, boolean keyframe) {
    VideoCodec codec = VideoCodec.fromEncodingName(encodingName);
    assertThat(codec).isNotNull();
    withCapture(name, (buf, p) -> {
      int offset = p.payloadOffset();
      int length = p.payloadLength();
      assertThat(KeyframeDetector.inspect(codec, buf, offset, length)).isEqualTo(flags);
      assertThat(KeyframeDetector.isKeyframe(codec, buf, offset, length)).isEqualTo(keyframe);
      // The throwing entry point accepts the real packet and agrees.
      int parsed = codec == VideoCodec.VP8
          ? Vp8PayloadDescriptor.parse(buf, offset, length)
          : H264Packetization.parse(buf, offset, length);
      assertThat(parsed).isEqualTo(flags);
      assertThat((flags & KeyframeDetector.KEYFRAME) != 0).isEqualTo(keyframe);
      // The readable-bytes overload, on a slice that is just the payload.
      assertThat(KeyframeDetector.isKeyframe(codec, buf.slice(offset, length))).isEqualTo(keyframe);
      assertThat(buf.readerIndex()).isZero();
    });
  }

  /** name, VP8 PictureID. Chromium sends X=1, I=1, M=1: a 4-byte descriptor, 15-bit PictureID. */
  static Stream<Arguments> vp8Descriptor() {
    return Stream.of(
        Arguments.of("vp8-keyframe-first", 14484),
        Arguments.of("vp8-keyframe-last", 14484),
        Arguments.of("vp8-delta-first", 14485));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void vp8Descriptor(String name, int pictureId) {
    withCapture(name, (buf, p) -> {
      assertThat(Vp8PayloadDescriptor.size(buf, p.payloadOffset(), p.payloadLength())).isEqualTo(4);
      assertThat(Vp8PayloadDescriptor.pictureId(buf, p.payloadOffset(), p.payloadLength()))
          .isEqualTo(pictureId);
    });
  }

  /**
   * The parameter sets and the IDR slice they announce share an RTP timestamp and follow each
   * other: the key frame is the next packet of the same access unit.
   */
  @Test
  void parameterSetsPrecedeTheirIdrSliceInTheSameAccessUnit() {
    long[] stap = new long[2];
    withCapture("h264-stap-a-sps-pps", (buf, p) -> {
      stap[0] = p.sequenceNumber();
      stap[1] = p.timestamp();
    });
    withCapture("h264-fu-a-idr-start", (buf, p) -> {
      assertThat(p.sequenceNumber()).isEqualTo(stap[0] + 1);
      assertThat(p.timestamp()).isEqualTo(stap[1]);
    });
    long[] sps = new long[2];
    withCapture("h264-single-nal-sps", (buf, p) -> {
      sps[0] = p.sequenceNumber();
      sps[1] = p.timestamp();
    });
    withCapture("h264-single-nal-idr", (buf, p) -> {
      // 28446, between them, is not among the captures.
      assertThat(p.sequenceNumber()).isEqualTo(sps[0] + 2);
      assertThat(p.timestamp()).isEqualTo(sps[1]);
    });
  }

  /**
   * RFC 4588 §4: an RTX packet's payload is the 2-byte original sequence number, then the
   * original payload. The OSN is the sequence number {@code rtcp-nack} asked for, and what follows
   * it is a valid VP8 interframe start.
   */
  @Test
  void rtxRetransmissionCarriesAValidVp8PayloadAfterTheOsn() {
    int[] nacked = new int[1];
    withDatagram("rtcp-nack",
        buf -> nacked[0] = TransportLayerNack.parse(buf).nacks().get(0).pid());
    assertThat(nacked[0]).isEqualTo(26469);
    withCapture("vp8-rtx-retransmission", (buf, p) -> {
      assertThat(buf.getUnsignedShort(p.payloadOffset())).isEqualTo(nacked[0]);
      int offset = p.payloadOffset() + 2;
      int length = p.payloadLength() - 2;
      assertThat(Vp8PayloadDescriptor.parse(buf, offset, length)).isEqualTo(VP8_START);
      assertThat(KeyframeDetector.isKeyframe(VideoCodec.VP8, buf, offset, length)).isFalse();
      assertThat(Vp8PayloadDescriptor.pictureId(buf, offset, length)).isEqualTo(14794);
      // Read from the OSN on, 0x67 looks like a descriptor with S=0: a detector that forgot to
      // skip the OSN would never see this frame start.
      assertThat(KeyframeDetector.inspect(VideoCodec.VP8, buf, p.payloadOffset(),
          p.payloadLength()) & Vp8PayloadDescriptor.START_OF_FRAME).isZero();
    });
  }

  /** An RTX padding probe has no payload at all: malformed for the detector, never a key frame. */
  @Test
  void rtxPaddingProbeIsNoKeyframe() {
    withCapture("vp8-rtx-padding-probe", (buf, p) -> {
      assertThat(p.payloadLength()).isZero();
      assertThat(KeyframeDetector.inspect(VideoCodec.VP8, buf, p.payloadOffset(), 0))
          .isEqualTo(KeyframeDetector.MALFORMED);
      assertThat(KeyframeDetector.isKeyframe(VideoCodec.VP8, buf, p.payloadOffset(), 0)).isFalse();
    });
  }
}
