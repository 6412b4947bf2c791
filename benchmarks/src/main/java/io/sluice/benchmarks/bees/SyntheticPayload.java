package io.sluice.benchmarks.bees;

import io.netty.buffer.ByteBuf;

/**
 * The payload layout of the synthetic stream the publisher sends and the bees read.
 *
 * <p>Video packets are VP8-looking (RFC 7741): a one-byte payload descriptor ({@code S=1} on the
 * first packet of a frame), and on a frame's first packet the three-byte VP8 payload header
 * ({@code P=0} on keyframes, RFC 6386 §9.1) followed, on keyframes, by the start code and a
 * 640x480 size, so that keyframe detection in a node sees real keyframes. After that comes the
 * probe: the magic {@code "SLTS"} and eight bytes of {@link System#nanoTime()} at send time, then
 * filler. Audio packets (Opus-looking) carry the probe at offset 0.
 *
 * <p>{@code System.nanoTime()} reads {@code CLOCK_MONOTONIC} on Linux, which all processes of one
 * host share, so bees on the publisher's machine can subtract it from their own clock: the
 * difference is ingest-to-egress latency plus both ends' own delays. Across hosts it means
 * nothing, and the bees report no latency when the probe is missing.
 */
final class SyntheticPayload {
  /** {@code "SLTS"}. */
  static final int MAGIC = 0x534C5453;
  /** Magic and timestamp. */
  static final int PROBE_SIZE = 12;
  /** Payload descriptor (1), VP8 payload header (3), keyframe start code and size (7). */
  static final int MAX_VP8_HEADER = 11;

  private SyntheticPayload() {}

  /**
   * Writes a VP8-looking payload of exactly {@code length} bytes (at least
   * {@link #MAX_VP8_HEADER} + {@link #PROBE_SIZE}).
   */
  static void writeVideo(ByteBuf out, int length, boolean frameStart, boolean keyframe,
      long sendNanos) {
    int start = out.writerIndex();
    out.writeByte(frameStart ? 0x10 : 0x00); // X=0 N=0 S PID=0
    if (frameStart) {
      // Size0=0, H(show_frame)=1, VER=0, P: 0 on keyframes. Size1, Size2 = 0.
      out.writeByte(keyframe ? 0x10 : 0x11).writeByte(0).writeByte(0);
      if (keyframe) {
        out.writeByte(0x9d).writeByte(0x01).writeByte(0x2a); // start code
        out.writeShortLE(640).writeShortLE(480);
      }
    }
    writeProbe(out, sendNanos);
    out.writeZero(length - (out.writerIndex() - start));
  }

  /** Writes an Opus-looking payload of exactly {@code length} bytes (at least the probe). */
  static void writeAudio(ByteBuf out, int length, long sendNanos) {
    int start = out.writerIndex();
    writeProbe(out, sendNanos);
    out.writeZero(length - (out.writerIndex() - start));
  }

  private static void writeProbe(ByteBuf out, long sendNanos) {
    out.writeInt(MAGIC).writeLong(sendNanos);
  }

  /**
   * Returns the send time in a decrypted payload of this layout, or -1 if there is no probe
   * where the layout puts one. Borrows {@code buf}; does not allocate.
   */
  static long sendNanos(ByteBuf buf, int payloadOffset, int payloadLength, boolean video) {
    int probe = payloadOffset;
    if (video) {
      if (payloadLength < 1) {
        return -1;
      }
      int descriptor = buf.getUnsignedByte(payloadOffset);
      if ((descriptor & 0x80) != 0) {
        return -1; // X=1: not ours
      }
      probe += 1;
      if ((descriptor & 0x10) != 0) {
        if (payloadLength < 4) {
          return -1;
        }
        boolean keyframe = (buf.getUnsignedByte(payloadOffset + 1) & 0x01) == 0;
        probe += keyframe ? 10 : 3;
      }
    }
    if (probe + PROBE_SIZE > payloadOffset + payloadLength || buf.getInt(probe) != MAGIC) {
      return -1;
    }
    return buf.getLong(probe + 4);
  }
}
