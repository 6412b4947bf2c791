package io.sluice.media.rtcp;

import static io.sluice.media.rtcp.RtcpTestSupport.assertRejected;
import static io.sluice.media.rtcp.RtcpTestSupport.encode;
import static io.sluice.media.rtcp.RtcpTestSupport.hex;
import static io.sluice.media.rtcp.RtcpTestSupport.useBuffer;
import static io.sluice.media.rtcp.RtcpTestSupport.written;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.media.rtcp.SourceDescription.Chunk;
import io.sluice.media.rtcp.SourceDescription.Item;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SourceDescriptionTest {

  static final byte[] CNAME_ONLY = Arrays.copyOfRange(RtcpGoldenPackets.RR_SDES_CNAME, 32, 60);

  /** Two chunks; the second has no CNAME, a NAME and an empty NOTE. */
  static final byte[] TWO_CHUNKS = hex("""
      82 ca 00 05   // V=2 P=0 SC=2, PT=202 SDES, length=5 -> 24 bytes
      00 00 00 01   // chunk 1: SSRC=1
      01 01 61      //   CNAME, length 1, "a"
      00            //   null item: 4+3+1 = 8 bytes, already on the boundary
      00 00 00 02   // chunk 2: SSRC=2
      02 03 62 6f 62  // NAME, length 3, "bob"
      07 00         //   NOTE, length 0
      00            //   null item: 4+5+2+1 = 12 bytes, on the boundary
      """);

  static final SourceDescription TWO_CHUNKS_VALUE = new SourceDescription(List.of(
      new Chunk(1, List.of(new Item(SourceDescription.CNAME, "a"))),
      new Chunk(2, List.of(new Item(SourceDescription.NAME, "bob"),
          new Item(SourceDescription.NOTE, "")))));

  @Test
  void readsGoldenCname() {
    useBuffer(CNAME_ONLY, buf -> {
      SourceDescription.View view = new SourceDescription.View();
      assertThat(view.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(view.chunkCount()).isEqualTo(1);
      assertThat(view.chunkSsrc(0)).isEqualTo(1);
      int item = view.findItem(0, SourceDescription.CNAME);
      assertThat(item).isEqualTo(8);
      assertThat(view.itemTextLength(item)).isEqualTo(16);
      assertThat(view.cname(0)).isEqualTo("p9xRpT3TXg7dY8WZ");
      assertThat(view.findItem(0, SourceDescription.TOOL)).isEqualTo(-1);
      assertThatThrownBy(() -> view.chunkSsrc(1)).isInstanceOf(IndexOutOfBoundsException.class);
    });
  }

  @Test
  void skipsOtherItemsAndFindsThemOnDemand() {
    useBuffer(TWO_CHUNKS, buf -> {
      SourceDescription.View view = new SourceDescription.View();
      assertThat(view.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(view.chunkCount()).isEqualTo(2);
      assertThat(view.chunkSsrc(1)).isEqualTo(2);
      assertThat(view.cname(0)).isEqualTo("a");
      assertThat(view.cname(1)).isNull();
      int note = view.findItem(1, SourceDescription.NOTE);
      assertThat(note).isEqualTo(21);
      assertThat(view.itemText(note)).isEmpty();
      assertThat(SourceDescription.parse(buf)).isEqualTo(TWO_CHUNKS_VALUE);
    });
    assertThat(encode(TWO_CHUNKS_VALUE)).isEqualTo(TWO_CHUNKS);
    assertThat(TWO_CHUNKS_VALUE.chunks().get(1).cname()).isNull();
  }

  @Test
  void writesCnameWithoutAllocatingAValue() {
    assertThat(written(out -> SourceDescription.writeCname(out, 1, "p9xRpT3TXg7dY8WZ")))
        .isEqualTo(CNAME_ONLY);
    assertThat(encode(SourceDescription.ofCname(1, "p9xRpT3TXg7dY8WZ"))).isEqualTo(CNAME_ONLY);
  }

  @Test
  void padsEveryChunkToTheBoundaryWithAtLeastOneNull() {
    for (int length = 0; length <= 9; length++) {
      String cname = "x".repeat(length);
      byte[] wire = written(out -> SourceDescription.writeCname(out, 7, cname));
      // 4 header + 4 SSRC + 2 item header + text + 1..4 nulls, a multiple of 4.
      assertThat(wire.length).isEqualTo(8 + ((2 + length + 1 + 3) & ~3));
      assertThat(wire[wire.length - 1]).isZero();
      useBuffer(wire, buf -> assertThat(SourceDescription.parse(buf))
          .isEqualTo(SourceDescription.ofCname(7, cname)));
    }
  }

  @Test
  void roundTripsUtf8AndRefusesTextOver255Bytes() {
    SourceDescription value = SourceDescription.ofCname(3, "grüße@ホスト");
    useBuffer(encode(value), buf -> assertThat(SourceDescription.parse(buf)).isEqualTo(value));
    assertThat(written(out -> SourceDescription.writeCname(out, 1, "x".repeat(255)))).hasSize(268);
    assertThatThrownBy(() -> written(out -> SourceDescription.writeCname(out, 1, "x".repeat(256))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SDES CNAME of 256 UTF-8 bytes (expected: <= 255)");
    assertThatThrownBy(() -> encode(SourceDescription.ofCname(1, "ü".repeat(128))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SDES item text of 256 UTF-8 bytes (expected: <= 255)");
  }

  @Test
  void invalidUtf8ParsesToReplacementCharacters() {
    // length=66 -> 268 bytes: header, SSRC, CNAME of 255 bytes, null item, 2 null octets.
    byte[] wire = hex("81 ca 00 42 00 00 00 01 01 ff" + " ff".repeat(255) + " 00 00 00");
    useBuffer(wire, buf -> {
      // 255 bytes of 0xff: each becomes U+FFFD. Parsing must not fail on the text growing.
      String cname = SourceDescription.parse(buf).chunks().get(0).cname();
      assertThat(cname).isEqualTo("\uFFFD".repeat(255));
    });
  }

  @Test
  void emptySdesIsValid() {
    useBuffer(hex("80 ca 00 00"), buf -> {
      SourceDescription.View view = new SourceDescription.View();
      assertThat(view.tryWrap(buf)).isEqualTo(RtcpParseResult.OK);
      assertThat(view.chunkCount()).isZero();
    });
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("second chunk missing", "82 ca 00 02 00 00 00 01 01 00 00 00",
            RtcpParseResult.TRUNCATED,
            "RTCP SDES: chunk 2 of 2 at byte 12: 0 bytes (expected: 4+ bytes)"),
        Arguments.of("item longer than the packet", "81 ca 00 02 00 00 00 01 01 05 61 62",
            RtcpParseResult.TRUNCATED,
            "RTCP SDES: item type 1 at byte 8: 4 bytes (expected: 7 bytes)"),
        Arguments.of("no null item", "81 ca 00 02 00 00 00 01 01 02 61 62",
            RtcpParseResult.TRUNCATED, "RTCP SDES: chunk 1 has no null item before byte 12"
                + " (expected: items ending with a null octet)"),
        Arguments.of("item header cut", "81 ca 00 02 00 00 00 01 01 01 61 07",
            RtcpParseResult.TRUNCATED,
            "RTCP SDES: item type 7 at byte 11: 1 bytes (expected: 2+ bytes)"),
        Arguments.of("chunk SSRC cut by padding", "a1 ca 00 02 00 00 00 01 01 00 00 06",
            RtcpParseResult.TRUNCATED,
            "RTCP SDES: chunk 1 of 1 at byte 4: 2 bytes (expected: 4+ bytes)"),
        Arguments.of("a BYE", "80 cb 00 00", RtcpParseResult.WRONG_TYPE,
            "RTCP SDES: packet type 203 (expected: 202)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsMalformed(String name, String bad, RtcpParseResult code, String message) {
    assertRejected(new SourceDescription.View(), TWO_CHUNKS, hex(bad), SourceDescription::parse,
        code, message);
  }
}
