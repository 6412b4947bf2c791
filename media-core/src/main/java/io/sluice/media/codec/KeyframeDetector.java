package io.sluice.media.codec;

import io.netty.buffer.ByteBuf;

/**
 * Tells whether an RTP payload starts a key frame, for every {@link VideoCodec}: the single entry
 * point over {@link Vp8PayloadDescriptor}, {@link Vp9PayloadDescriptor}, {@link H264Packetization}
 * and {@link Av1Packetization}, whose class comments define "key frame" for each codec.
 *
 * <p>Meant for the per-packet path (answering a PLI from a cache, switching simulcast layers,
 * starting a new subscriber): allocation-free, and it never throws on bad wire input. A malformed
 * payload is simply not a key frame; callers that want to count malformed payloads use
 * {@link #inspect}, which tells the two apart.
 *
 * <p>Every method borrows the buffer: it reads {@code [offset, offset + length)} by absolute index
 * and changes neither the reader/writer indexes nor the reference count.
 */
public final class KeyframeDetector {
  /** {@link #inspect} result for a payload that fails its codec's validation. */
  public static final int MALFORMED = PayloadChecks.MALFORMED;
  /** The key frame flag in an {@link #inspect} result; the same bit in every codec class. */
  public static final int KEYFRAME = 1;

  private KeyframeDetector() {}

  /**
   * Returns true if the RTP payload in {@code [offset, offset + length)} of {@code buf} is valid
   * and starts a key frame of {@code codec}. Returns false for malformed payloads, including a
   * range outside the buffer. Borrows {@code buf}.
   */
  public static boolean isKeyframe(VideoCodec codec, ByteBuf buf, int offset, int length) {
    return switch (codec) {
      case VP8 -> Vp8PayloadDescriptor.isKeyframe(buf, offset, length);
      case VP9 -> Vp9PayloadDescriptor.isKeyframe(buf, offset, length);
      case H264 -> H264Packetization.isKeyframe(buf, offset, length);
      case AV1 -> Av1Packetization.isKeyframe(buf, offset, length);
    };
  }

  /**
   * Returns true if the readable bytes of {@code payload} are a valid RTP payload that starts a
   * key frame of {@code codec}. Borrows {@code payload}.
   */
  public static boolean isKeyframe(VideoCodec codec, ByteBuf payload) {
    return isKeyframe(codec, payload, payload.readerIndex(), payload.readableBytes());
  }

  /**
   * Validates the payload and returns the codec class's flags (for example
   * {@link H264Packetization#SPS}), or {@link #MALFORMED}. {@link #KEYFRAME} is the key frame flag
   * for every codec. Never throws, never allocates. Borrows {@code buf}.
   */
  public static int inspect(VideoCodec codec, ByteBuf buf, int offset, int length) {
    return switch (codec) {
      case VP8 -> Vp8PayloadDescriptor.tryParse(buf, offset, length);
      case VP9 -> Vp9PayloadDescriptor.tryParse(buf, offset, length);
      case H264 -> H264Packetization.tryParse(buf, offset, length);
      case AV1 -> Av1Packetization.tryParse(buf, offset, length);
    };
  }
}
