package io.sluice.media.codec;

import static io.sluice.media.codec.Av1Packetization.ENDS_WITH_FRAGMENT;
import static io.sluice.media.codec.Av1Packetization.KEYFRAME;
import static io.sluice.media.codec.Av1Packetization.MALFORMED;
import static io.sluice.media.codec.Av1Packetization.SEQUENCE_HEADER;
import static io.sluice.media.codec.Av1Packetization.STARTS_WITH_FRAGMENT;
import static io.sluice.media.codec.Payloads.concat;
import static io.sluice.media.codec.Payloads.filled;
import static io.sluice.media.codec.Payloads.hex;
import static io.sluice.media.codec.Payloads.inspect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Av1PacketizationTest {

  /**
   * A sequence header OBU without obu_size (11 bytes: header 0x08 = type 1, then the header's 10
   * payload bytes: profile 0, level 8, 1280x720 and the tool flags; the bytes after the header are
   * only opaque data to the parser).
   */
  static final String SEQUENCE_HEADER_OBU = "08 00 00 00 42 a7 bf e4 60 0d 00";
  /** Start of a frame OBU: header 0x30 = type 6, no extension, no obu_size; then frame data. */
  static final String FRAME_OBU = "30 10 00 d8 47 f6";

  /** The first packet of a key frame as libwebrtc sends it: N=1, W=2, sequence header + frame. */
  static final String KEYFRAME_W2 = String.join("\n",
      "28                                   # Z=0 Y=0 W=2 N=1",
      "0b                                   # OBU element 1 length 11",
      SEQUENCE_HEADER_OBU + "   # element 1: sequence header",
      FRAME_OBU + "                    # element 2 (no length, takes the rest): frame");

  static Stream<Arguments> golden() {
    return Stream.of(
        arguments("key frame, W=2", KEYFRAME_W2, KEYFRAME | SEQUENCE_HEADER),
        arguments("key frame, W=0, every element length-prefixed", String.join("\n",
            "08                 # Z=0 Y=0 W=0 N=1",
            "0b " + SEQUENCE_HEADER_OBU,
            "06 " + FRAME_OBU), KEYFRAME | SEQUENCE_HEADER),
        arguments("key frame, W=3: sequence header, metadata, frame", String.join("\n",
            "38                 # Z=0 Y=0 W=3 N=1",
            "0b " + SEQUENCE_HEADER_OBU,
            "03 28 01 02        # element 2: metadata OBU (type 5)",
            FRAME_OBU + "  # element 3: frame, no length"), KEYFRAME | SEQUENCE_HEADER),
        arguments("interframe, W=1", "10 | " + FRAME_OBU, 0),
        arguments("interframe, W=0", "00 | 06 " + FRAME_OBU, 0),
        arguments("two-byte leb128 length", "00 | c8 01 | 30" + " 00".repeat(199), 0),
        arguments("non-minimal leb128 length is allowed", """
            00          # W=0
            86 80 00    # leb128 6, padded to three bytes
            """ + FRAME_OBU, 0),
        arguments("N=1 with the first OBU fragmented across packets", String.join("\n",
            "58                 # Z=0 Y=1 W=1 N=1",
            SEQUENCE_HEADER_OBU + " 30 10  # sequence header then start of the frame"),
            KEYFRAME | SEQUENCE_HEADER | ENDS_WITH_FRAGMENT),
        arguments("continuation: the first element is not an OBU header", String.join("\n",
            "90                 # Z=1 Y=0 W=1 N=0",
            SEQUENCE_HEADER_OBU + "  # bytes of the previous OBU that happen to read 0x08"),
            STARTS_WITH_FRAGMENT),
        arguments("continuation followed by a new OBU", String.join("\n",
            "a0                 # Z=1 Y=0 W=2",
            "02 f6 a1           # element 1: end of the previous OBU, 0xf6 is not an OBU header",
            FRAME_OBU), STARTS_WITH_FRAGMENT),
        arguments("sequence header without N=1 is not a key frame",
            "20 | 0b " + SEQUENCE_HEADER_OBU + " | " + FRAME_OBU, SEQUENCE_HEADER),
        arguments("sequence header after another OBU", String.join("\n",
            "30                 # W=3",
            "01 10              # temporal delimiter (should have been dropped)",
            "0b " + SEQUENCE_HEADER_OBU,
            FRAME_OBU), SEQUENCE_HEADER),
        arguments("sequence header with obu_has_size_field",
            "18 | 0a 09 00 00 00 42 a7 bf e4 60 0d  # W=1 N=1 | header 0x0a: type 1 S=1, obu_size 9",
            KEYFRAME | SEQUENCE_HEADER),
        arguments("OBU with extension header", "10 | 34 28 10 00 d8", 0),
        arguments("only an aggregation header with W=1: one empty element", "10", 0),
        arguments("empty elements are allowed", "00 | 00 | 06 " + FRAME_OBU, 0),
        arguments("W=2, second element empty", "20 | 06 " + FRAME_OBU, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void parsesGoldenPayloads(String name, String hex, int flags) {
    byte[] payload = hex(hex);
    assertThat(inspect(VideoCodec.AV1, payload)).isEqualTo(flags);
    ByteBuf buf = Payloads.wrap(payload);
    try {
      assertThat(Av1Packetization.isKeyframe(buf, 0, payload.length))
          .isEqualTo((flags & KEYFRAME) != 0);
    } finally {
      assertThat(buf.release()).isTrue();
    }
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        arguments("empty", "", "0 bytes"),
        arguments("N=1 with Z=1", "98 | " + FRAME_OBU, "N=1 with Z=1 (expected: Z=0"),
        arguments("W=0 without elements", "08",
            "1 byte with W=0 (expected: 2+ bytes, or W=1 for a single empty OBU element)"),
        arguments("W=2 without elements", "20", "1 byte with W=2"),
        arguments("leb128 cut off", "00 | 80", "length leb128 cut off after 1 bytes"),
        arguments("leb128 longer than 8 bytes", "00 | 80 80 80 80 80 80 80 80 01",
            "length is a leb128 of more than 8 bytes"),
        arguments("element length past the end", "00 | 07 " + FRAME_OBU,
            "OBU element #1 length 7 with 6 bytes left (expected: 0..6)"),
        arguments("second element length past the end", "00 | 01 10 | 09 " + FRAME_OBU,
            "OBU element #2 length 9 with 6 bytes left"),
        arguments("W=3 with only one length field", "30 | 06 " + FRAME_OBU,
            "OBU element #2 length leb128 cut off after 0 bytes"),
        arguments("forbidden bit set", "10 | b0 10 00", "OBU element #1 header b0 has the"
            + " forbidden bit set"),
        arguments("forbidden bit set in a later element", "20 | 01 10 | 88 00",
            "OBU element #2 header 88"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsMalformedPayloads(String name, String hex, String message) {
    byte[] payload = hex(hex);
    assertThat(inspect(VideoCodec.AV1, payload)).isEqualTo(MALFORMED);
    ByteBuf buf = Payloads.wrap(payload);
    try {
      assertThatThrownBy(() -> Av1Packetization.parse(buf, 0, payload.length))
          .isInstanceOf(MalformedPayloadException.class)
          .hasMessageContaining(message);
      assertThat(Av1Packetization.isKeyframe(buf, 0, payload.length)).isFalse();
    } finally {
      assertThat(buf.release()).isTrue();
    }
  }

  @Test
  void readsMultiByteLeb128Lengths() {
    // 20000 = 0b1_0011100_0100000: groups 0x20, 0x1c, 0x01 -> a0 9c 01
    byte[] payload = concat(hex("00 | a0 9c 01 | 08"), filled(19_999, 0x00));
    assertThat(inspect(VideoCodec.AV1, payload)).isEqualTo(SEQUENCE_HEADER);
    byte[] oneShort = java.util.Arrays.copyOf(payload, payload.length - 1);
    assertThat(inspect(VideoCodec.AV1, oneShort)).isEqualTo(MALFORMED);
  }

  @Test
  void readLeb128PacksLengthAndValue() {
    ByteBuf buf = Unpooled.wrappedBuffer(hex("e5 8e 26 | ff"));
    try {
      // The textbook LEB128 example: 624485 encodes as e5 8e 26.
      long leb = Av1Packetization.readLeb128(buf, 0, 4);
      assertThat(leb >>> 56).isEqualTo(3);
      assertThat(leb & 0x00FF_FFFF_FFFF_FFFFL).isEqualTo(624_485);
      assertThat(Av1Packetization.readLeb128(buf, 0, 2)).isEqualTo(-1);
      assertThat(Av1Packetization.readLeb128(buf, 3, 4)).isEqualTo(-1);
    } finally {
      assertThat(buf.release()).isTrue();
    }
  }
}
