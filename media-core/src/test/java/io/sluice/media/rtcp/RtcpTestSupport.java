package io.sluice.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.function.Consumer;
import java.util.function.Function;

/** Hex vectors and leak-safe buffer handling shared by the RTCP tests. */
final class RtcpTestSupport {
  private RtcpTestSupport() {}

  /**
   * Parses commented hex: on each line, everything from {@code //} on is a comment; whitespace is
   * ignored; what is left must be pairs of hex digits.
   */
  static byte[] hex(String text) {
    StringBuilder digits = new StringBuilder();
    for (String line : text.split("\n")) {
      int comment = line.indexOf("//");
      digits.append((comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s+", ""));
    }
    return ByteBufUtil.decodeHexDump(digits);
  }

  /**
   * Copies {@code bytes} into a pooled direct buffer (tracked by the paranoid leak detector),
   * hands it to {@code body}, and releases it, checking the test held the last reference.
   */
  static <T> T withBuffer(byte[] bytes, Function<ByteBuf, T> body) {
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length);
    try {
      buf.writeBytes(bytes);
      return body.apply(buf);
    } finally {
      assertThat(buf.release()).as("test owns the last reference").isTrue();
    }
  }

  /** Like {@link #withBuffer(byte[], Function)} without a result. */
  static void useBuffer(byte[] bytes, Consumer<ByteBuf> body) {
    withBuffer(bytes, buf -> {
      body.accept(buf);
      return null;
    });
  }

  /** Runs {@code writer} against a fresh pooled buffer and returns what it wrote. */
  static byte[] written(Consumer<ByteBuf> writer) {
    ByteBuf out = PooledByteBufAllocator.DEFAULT.heapBuffer(16);
    try {
      writer.accept(out);
      return ByteBufUtil.getBytes(out);
    } finally {
      assertThat(out.release()).as("test owns the last reference").isTrue();
    }
  }

  /** Writes {@code packet} and checks the returned size and encodedLength agree with the bytes. */
  static byte[] encode(RtcpPacket packet) {
    int[] returned = new int[1];
    byte[] bytes = written(out -> returned[0] = packet.write(out));
    assertThat(returned[0]).as("bytes written").isEqualTo(bytes.length);
    assertThat(packet.encodedLength()).as("encodedLength").isEqualTo(bytes.length);
    return bytes;
  }

  /**
   * Checks both entry points reject {@code bad}: {@code tryWrap} returns {@code code} and leaves
   * {@code view} reading the {@code valid} packet it held before, the buffer's indexes are not
   * moved, and {@code parse} throws a {@link MalformedRtcpException} with exactly
   * {@code message}.
   */
  static void assertRejected(RtcpView view, byte[] valid, byte[] bad,
      Function<ByteBuf, ?> parse, RtcpParseResult code, String message) {
    useBuffer(valid, validBuf -> {
      assertThat(view.tryWrap(validBuf)).isEqualTo(RtcpParseResult.OK);
      RtcpPacket before = view.toPacket();
      useBuffer(bad, badBuf -> {
        int reader = badBuf.readerIndex();
        int writer = badBuf.writerIndex();
        assertThat(view.tryWrap(badBuf)).isEqualTo(code);
        assertThat(view.buffer()).as("view unchanged").isSameAs(validBuf);
        assertThat(view.toPacket()).as("view unchanged").isEqualTo(before);
        assertThatThrownBy(() -> parse.apply(badBuf))
            .isExactlyInstanceOf(MalformedRtcpException.class)
            .hasMessage(message);
        assertThat(badBuf.readerIndex()).isEqualTo(reader);
        assertThat(badBuf.writerIndex()).isEqualTo(writer);
      });
    });
  }
}
