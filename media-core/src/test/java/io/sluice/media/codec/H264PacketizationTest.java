package io.sluice.media.codec;

import static io.sluice.media.codec.H264Packetization.AGGREGATION;
import static io.sluice.media.codec.H264Packetization.FRAGMENT;
import static io.sluice.media.codec.H264Packetization.FRAGMENT_END;
import static io.sluice.media.codec.H264Packetization.FRAGMENT_START;
import static io.sluice.media.codec.H264Packetization.IDR;
import static io.sluice.media.codec.H264Packetization.MALFORMED;
import static io.sluice.media.codec.H264Packetization.PPS;
import static io.sluice.media.codec.H264Packetization.SPS;
import static io.sluice.media.codec.Payloads.hex;
import static io.sluice.media.codec.Payloads.inspect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class H264PacketizationTest {

  /** SPS of Constrained Baseline level 3.1, 1280x720, as browsers send it. */
  static final String SPS_NALU = "67 42 c0 1f da 01 40 16 e8 06 d0 a1 35"; // 13 bytes
  static final String PPS_NALU = "68 ce 06 e2"; // 4 bytes
  static final String IDR_NALU = "65 88 84 00 33 ff"; // 6 bytes: start of an IDR slice

  /** What libwebrtc sends first on a key frame: one STAP-A with SPS, PPS and the IDR slice. */
  static final String STAP_A_KEYFRAME = String.join("\n",
      "78                                               # F=0 NRI=3 type=24 (STAP-A)",
      "00 0d " + SPS_NALU + "  # unit 1: size 13, SPS",
      "00 04 " + PPS_NALU + "                           # unit 2: size 4, PPS",
      "00 06 " + IDR_NALU + "                     # unit 3: size 6, IDR slice");

  static Stream<Arguments> golden() {
    return Stream.of(
        arguments("single NAL unit: IDR slice", IDR_NALU, IDR),
        arguments("single NAL unit: non-IDR slice", "41 9a 02 1c 66  # NRI=2 type=1", 0),
        arguments("single NAL unit: SPS alone is not a key frame", SPS_NALU, SPS),
        arguments("single NAL unit: PPS alone", PPS_NALU, PPS),
        arguments("single NAL unit: SEI", "06 05 01 ff", 0),
        arguments("STAP-A with SPS, PPS and IDR", STAP_A_KEYFRAME, AGGREGATION | SPS | PPS | IDR),
        arguments("STAP-A with SPS and PPS only",
            "78 | 00 0d " + SPS_NALU + " | 00 04 " + PPS_NALU, AGGREGATION | SPS | PPS),
        arguments("STAP-A with a single non-IDR slice", "58 | 00 03 41 9a 02", AGGREGATION),
        arguments("STAP-B with DON, PPS and IDR", String.join("\n",
            "79          # NRI=3 type=25 (STAP-B)",
            "00 07       # DON=7",
            "00 04 " + PPS_NALU,
            "00 06 " + IDR_NALU), AGGREGATION | PPS | IDR),
        arguments("MTAP16 with IDR", """
            7a          # NRI=3 type=26 (MTAP16)
            00 01       # DONB=1
            00 06       # NALU size 6
            00          # DOND=0
            00 00       # TS offset=0
            """ + IDR_NALU, AGGREGATION | IDR),
        arguments("MTAP24 with SPS", """
            7b          # NRI=3 type=27 (MTAP24)
            00 01       # DONB=1
            00 0d       # NALU size 13
            00          # DOND=0
            00 00 00    # TS offset=0
            """ + SPS_NALU, AGGREGATION | SPS),
        arguments("FU-A: first fragment of an IDR slice", """
            7c          # FU indicator: NRI=3 type=28 (FU-A)
            85          # FU header: S=1 E=0 R=0 type=5
            88 84 00 33 # slice data
            """, FRAGMENT | FRAGMENT_START | IDR),
        arguments("FU-A: middle fragment of an IDR slice", """
            7c          # FU-A
            05          # S=0 E=0 type=5
            e2 51 9f 02
            """, FRAGMENT),
        arguments("FU-A: last fragment of an IDR slice", "7c | 45 | 3c 80",
            FRAGMENT | FRAGMENT_END),
        arguments("FU-A: first fragment of a non-IDR slice", "5c | 81 | 9a 02 1c",
            FRAGMENT | FRAGMENT_START),
        arguments("FU-B: first fragment of an IDR slice", """
            7d          # FU indicator: NRI=3 type=29 (FU-B)
            85          # S=1 type=5
            00 07       # DON=7
            88 84
            """, FRAGMENT | FRAGMENT_START | IDR),
        arguments("forbidden bit and NRI are not checked", "e5 88 84", IDR));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void parsesGoldenPayloads(String name, String hex, int flags) {
    byte[] payload = hex(hex);
    assertThat(inspect(VideoCodec.H264, payload)).isEqualTo(flags);
    ByteBuf buf = Payloads.wrap(payload);
    try {
      assertThat(H264Packetization.isKeyframe(buf, 0, payload.length))
          .isEqualTo((flags & IDR) != 0);
    } finally {
      assertThat(buf.release()).isTrue();
    }
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        arguments("empty", "", "0 bytes"),
        arguments("reserved type 0", "00 88", "NAL unit type 0 (expected: 1-29, 0 is reserved"),
        arguments("reserved type 30", "1e 88", "NAL unit type 30"),
        arguments("reserved type 31", "7f 88", "NAL unit type 31"),
        arguments("STAP-A without units", "78",
            "STAP-A: 1 bytes (expected: 2+ bytes, at least one aggregation unit)"),
        arguments("STAP-B without units", "79 00 07", "STAP-B: 3 bytes (expected: 4+ bytes"),
        arguments("STAP-A unit larger than the packet", "78 | 00 0e " + SPS_NALU,
            "unit #1 NAL unit size 14 with 13 bytes left (expected: 1..13)"),
        arguments("STAP-A unit of size 0", "78 | 00 00 | 00 04 " + PPS_NALU,
            "unit #1 NAL unit size 0"),
        arguments("STAP-A with one trailing byte", "78 | 00 04 " + PPS_NALU + " | 00",
            "1 trailing bytes at unit #2 (expected: 2+ bytes of unit header)"),
        arguments("STAP-A inside STAP-A", "78 | 00 05 | 78 00 02 41 9a",
            "unit #1 has NAL unit type 24 (expected: not 24-29"),
        arguments("FU-A inside STAP-A", "78 | 00 03 | 7c 85 88",
            "unit #1 has NAL unit type 28"),
        arguments("MTAP16 unit header cut off", "7a 00 01 | 00 06 00 00",
            "4 trailing bytes at unit #1 (expected: 5+ bytes of unit header)"),
        arguments("FU-A of one byte", "7c", "FU-A: 1 bytes (expected: 3+ bytes"),
        arguments("FU-A without FU payload", "7c 85", "FU-A: 2 bytes (expected: 3+ bytes"),
        arguments("FU-B without FU payload", "7d 85 00 07", "FU-B: 4 bytes (expected: 5+ bytes"),
        arguments("FU-A with S=1 and E=1", "7c c5 88", "S=1 and E=1"),
        arguments("FU-A fragmenting an STAP-A", "7c 98 00",
            "fragmented NAL unit type 24 (expected: not 24-29"),
        arguments("FU-B that is not a first fragment", "7d 05 00 07 88",
            "FU-B: S=0 (expected: S=1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsMalformedPayloads(String name, String hex, String message) {
    byte[] payload = hex(hex);
    assertThat(inspect(VideoCodec.H264, payload)).isEqualTo(MALFORMED);
    ByteBuf buf = Payloads.wrap(payload);
    try {
      assertThatThrownBy(() -> H264Packetization.parse(buf, 0, payload.length))
          .isInstanceOf(MalformedPayloadException.class)
          .hasMessageContaining(message);
      assertThat(H264Packetization.isKeyframe(buf, 0, payload.length)).isFalse();
    } finally {
      assertThat(buf.release()).isTrue();
    }
  }

  @Test
  void stapACutAnywhereButAUnitBoundaryIsMalformed() {
    byte[] stap = hex(STAP_A_KEYFRAME);
    Map<Integer, Integer> boundaries = Map.of(
        1 + 2 + 13, AGGREGATION | SPS,
        1 + 2 + 13 + 2 + 4, AGGREGATION | SPS | PPS,
        stap.length, AGGREGATION | SPS | PPS | IDR);
    for (int n = 0; n <= stap.length; n++) {
      assertThat(inspect(VideoCodec.H264, Arrays.copyOf(stap, n)))
          .as("first %d bytes", n)
          .isEqualTo(boundaries.getOrDefault(n, MALFORMED));
    }
  }
}
