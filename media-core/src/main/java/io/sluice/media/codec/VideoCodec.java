package io.sluice.media.codec;

import org.jspecify.annotations.Nullable;

/** The video codecs whose RTP payloads this package can inspect. */
public enum VideoCodec {
  /** VP8, RTP payload format RFC 7741. */
  VP8("VP8"),
  /** VP9, RTP payload format RFC 9628. */
  VP9("VP9"),
  /** H.264/AVC, RTP payload format RFC 6184. */
  H264("H264"),
  /** AV1, AOMedia RTP payload format for AV1. */
  AV1("AV1");

  private static final VideoCodec[] VALUES = values();

  private final String encodingName;

  VideoCodec(String encodingName) {
    this.encodingName = encodingName;
  }

  /** Returns the encoding name used in SDP {@code a=rtpmap} lines, e.g. {@code "H264"}. */
  public String encodingName() {
    return encodingName;
  }

  /**
   * Returns the codec for an SDP encoding name such as {@code "vp8"} or {@code "H264"}, or null if
   * this package does not know it. Matching ignores case, because media subtype names are
   * case-insensitive (RFC 4855 §3, RFC 8866 §6.6).
   */
  public static @Nullable VideoCodec fromEncodingName(String encodingName) {
    for (VideoCodec codec : VALUES) {
      if (codec.encodingName.equalsIgnoreCase(encodingName)) {
        return codec;
      }
    }
    return null;
  }
}
