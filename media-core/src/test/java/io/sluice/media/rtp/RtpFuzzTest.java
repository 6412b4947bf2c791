package io.sluice.media.rtp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Jazzer fuzz target for the RTP parser and its in-place mutations. In a plain test run Jazzer
 * replays the seeds under {@code RtpFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} it fuzzes.
 *
 * <p>Properties: {@link RtpPacket#tryWrap} never throws; {@link RtpPacket#parse} throws only
 * {@link MalformedRtpException} and agrees with {@code tryWrap}; a bound view exposes only bytes
 * inside the packet; adding and removing extensions keeps the packet valid and its payload intact.
 */
class RtpFuzzTest {

  @FuzzTest(maxDuration = "5m")
  void tryWrapAndMutate(FuzzedDataProvider data) {
    int id = data.consumeInt(0, 256);
    int len = data.consumeInt(0, 256);
    boolean remove = data.consumeBoolean();
    byte[] bytes = data.consumeRemainingAsBytes();
    ByteBuf buf = Unpooled.buffer(bytes.length + 600).writeBytes(bytes);
    ByteBuf value = Unpooled.buffer(256).writeZero(256);
    try {
      RtpPacket view = new RtpPacket();
      RtpPacket.Result result = view.tryWrap(buf);
      boolean threw = false;
      try {
        RtpPacket.parse(buf);
      } catch (MalformedRtpException e) {
        threw = true;
        if (e.getMessage() == null || e.getMessage().isEmpty()) {
          throw new AssertionError("empty message", e);
        }
      }
      if (threw == (result == RtpPacket.Result.OK)) {
        throw new AssertionError("parse and tryWrap disagree: " + result);
      }
      if (result != RtpPacket.Result.OK) {
        return;
      }
      int end = view.offset() + view.length();
      if (view.payloadOffset() < view.offset() + 12 || view.payloadOffset() + view.payloadLength() > end
          || view.payloadLength() < 0) {
        throw new AssertionError("payload outside packet: " + view);
      }
      view.toString();
      for (int i = 0; i < view.csrcCount(); i++) {
        view.csrc(i);
      }
      for (int i = 1; i <= 255; i++) {
        int at = view.findExtension(i);
        if (at >= 0 && at + view.extensionLength(i) > view.payloadOffset()) {
          throw new AssertionError("extension " + i + " outside its block");
        }
      }
      byte[] payload = new byte[view.payloadLength()];
      buf.getBytes(view.payloadOffset(), payload);
      boolean changed = remove ? view.removeExtension(id) : view.addExtension(id, value, 0, len);
      if (changed) {
        RtpPacket again = RtpPacket.parse(buf);
        byte[] after = new byte[again.payloadLength()];
        buf.getBytes(again.payloadOffset(), after);
        if (!java.util.Arrays.equals(payload, after)) {
          throw new AssertionError("payload changed by extension edit: id=" + id + " len=" + len + " remove=" + remove + " in=" + io.netty.buffer.ByteBufUtil.hexDump(bytes) + " out=" + io.netty.buffer.ByteBufUtil.hexDump(buf));
        }
        if (!remove && again.extensionLength(id) != len) {
          throw new AssertionError("added extension " + id + " len " + len + " reads back as " + again.extensionLength(id) + " in=" + io.netty.buffer.ByteBufUtil.hexDump(bytes) + " out=" + io.netty.buffer.ByteBufUtil.hexDump(buf));
        }
        if (remove && again.findExtension(id) >= 0 && view.hasExtension()) {
          // A second element with the same id may legitimately remain; it must still parse.
          again.extensionLength(id);
        }
      }
    } finally {
      buf.release();
      value.release();
    }
  }
}
