package io.sluice.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;

/**
 * Test support: golden payloads written as commented hex, and an oracle that runs a parser over a
 * payload placed in the middle of a larger pooled buffer.
 */
final class Payloads {
  /** Bytes before and after the payload; the parsers must never read them. */
  static final int GUARD = 7;

  private Payloads() {}

  /**
   * Parses hex where {@code #} starts a comment to the end of the line and whitespace and
   * {@code |} are ignored, so golden packets can be laid out field by field.
   */
  static byte[] hex(String commented) {
    StringBuilder digits = new StringBuilder();
    for (String line : commented.split("\n")) {
      int hash = line.indexOf('#');
      String code = hash < 0 ? line : line.substring(0, hash);
      for (char c : code.toCharArray()) {
        if (Character.digit(c, 16) >= 0) {
          digits.append(c);
        } else if (!Character.isWhitespace(c) && c != '|') {
          throw new IllegalArgumentException("not hex: '" + c + "' in " + line);
        }
      }
    }
    return HexFormat.of().parseHex(digits);
  }

  /**
   * Returns an unpooled heap buffer holding {@code payload} at index 0, owned by the caller.
   * Unlike {@code Unpooled.wrappedBuffer}, an empty payload still gets its own buffer, so the
   * caller's {@code release()} returns true.
   */
  static ByteBuf wrap(byte[] payload) {
    return Unpooled.buffer(payload.length + 1).writeBytes(payload);
  }

  /** Returns {@code n} bytes of {@code fill}. */
  static byte[] filled(int n, int fill) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) fill);
    return b;
  }

  /** Concatenates byte arrays. */
  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int i = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, i, p.length);
      i += p.length;
    }
    return out;
  }

  /** Returns the lenient ({@code tryParse}) result of {@code codec}'s own parser class. */
  static int tryParse(VideoCodec codec, ByteBuf buf, int offset, int length) {
    return switch (codec) {
      case VP8 -> Vp8PayloadDescriptor.tryParse(buf, offset, length);
      case VP9 -> Vp9PayloadDescriptor.tryParse(buf, offset, length);
      case H264 -> H264Packetization.tryParse(buf, offset, length);
      case AV1 -> Av1Packetization.tryParse(buf, offset, length);
    };
  }

  /** Returns the strict ({@code parse}) result of {@code codec}'s own parser class. */
  static int parse(VideoCodec codec, ByteBuf buf, int offset, int length) {
    return switch (codec) {
      case VP8 -> Vp8PayloadDescriptor.parse(buf, offset, length);
      case VP9 -> Vp9PayloadDescriptor.parse(buf, offset, length);
      case H264 -> H264Packetization.parse(buf, offset, length);
      case AV1 -> Av1Packetization.parse(buf, offset, length);
    };
  }

  /**
   * Runs every entry point for {@code codec} over {@code payload} and checks that they agree:
   * the payload sits between guard bytes of two different values and the result must not change
   * (no read outside the range); {@code parse} returns the same flags or, exactly when
   * {@code tryParse} says {@code MALFORMED}, throws {@link MalformedPayloadException};
   * {@link KeyframeDetector} agrees with the flags. Returns the {@code tryParse} result. Owns and
   * releases the buffers it allocates.
   */
  static int inspect(VideoCodec codec, byte[] payload) {
    return inspect(codec, payload, true);
  }

  /**
   * Same checks as {@link #inspect(VideoCodec, byte[])}; with {@code pooled} false the buffers
   * are unpooled heap wrappers, which leak detection does not track, for fuzzing speed.
   */
  static int inspect(VideoCodec codec, byte[] payload, boolean pooled) {
    int first = inspectWithGuard(codec, payload, 0x00, pooled);
    int second = inspectWithGuard(codec, payload, 0xFF, pooled);
    assertThat(second).as("result must not depend on bytes outside the payload").isEqualTo(first);
    return first;
  }

  private static int inspectWithGuard(VideoCodec codec, byte[] payload, int guard,
      boolean pooled) {
    byte[] guarded = concat(filled(GUARD, guard), payload, filled(GUARD, guard));
    ByteBuf buf = pooled
        ? PooledByteBufAllocator.DEFAULT.directBuffer(guarded.length).writeBytes(guarded)
        : Unpooled.wrappedBuffer(guarded);
    try {
      int flags = tryParse(codec, buf, GUARD, payload.length);
      assertThat(flags).isGreaterThanOrEqualTo(KeyframeDetector.MALFORMED);
      assertThat(KeyframeDetector.inspect(codec, buf, GUARD, payload.length)).isEqualTo(flags);
      boolean keyframe = flags != KeyframeDetector.MALFORMED
          && (flags & KeyframeDetector.KEYFRAME) != 0;
      assertThat(KeyframeDetector.isKeyframe(codec, buf, GUARD, payload.length))
          .isEqualTo(keyframe);
      if (flags == KeyframeDetector.MALFORMED) {
        assertThatThrownBy(() -> parse(codec, buf, GUARD, payload.length))
            .isInstanceOf(MalformedPayloadException.class)
            .hasMessageContaining("expected");
      } else {
        assertThat(parse(codec, buf, GUARD, payload.length)).isEqualTo(flags);
      }
      assertThat(buf.readerIndex()).isZero();
      assertThat(buf.writerIndex()).isEqualTo(GUARD + payload.length + GUARD);
      return flags;
    } finally {
      assertThat(buf.release()).isTrue();
    }
  }
}
