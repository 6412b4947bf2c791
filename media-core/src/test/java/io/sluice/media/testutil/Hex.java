package io.sluice.media.testutil;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/** Hex helpers for golden-vector tests: whitespace and {@code |} separators are ignored. */
public final class Hex {
  private Hex() {}

  /** Decodes hex text such as {@code "90 60 1f40 | 0001e240"} into bytes. */
  public static byte[] bytes(String hex) {
    String clean = hex.replaceAll("[\\s|]", "");
    return ByteBufUtil.decodeHexDump(clean);
  }

  /** Returns a new heap buffer holding the decoded bytes. The caller owns (releases) it. */
  public static ByteBuf buf(String hex) {
    return Unpooled.buffer(256).writeBytes(bytes(hex));
  }

  /** Returns the readable bytes of {@code buf} as lower-case hex without separators. */
  public static String of(ByteBuf buf) {
    return ByteBufUtil.hexDump(buf);
  }

  /** Normalises hex text as {@link #of} prints it. */
  public static String norm(String hex) {
    return hex.replaceAll("[\\s|]", "").toLowerCase(java.util.Locale.ROOT);
  }
}
