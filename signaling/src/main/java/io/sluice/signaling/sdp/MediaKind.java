package io.sluice.signaling.sdp;

import org.jspecify.annotations.Nullable;

/**
 * The media types of an {@code m=} line (RFC 8866 §5.14) that Sluice carries over RTP. Other types,
 * such as {@code application} for data channels, are rejected in answers.
 */
public enum MediaKind {
  /** {@code m=audio}. */
  AUDIO("audio"),
  /** {@code m=video}. */
  VIDEO("video");

  private final String token;

  MediaKind(String token) {
    this.token = token;
  }

  /** Returns the media type as written in the {@code m=} line. */
  public String token() {
    return token;
  }

  /** Returns the kind for an {@code m=} media type, or null if it is not audio or video. */
  public static @Nullable MediaKind fromToken(String token) {
    return switch (token) {
      case "audio" -> AUDIO;
      case "video" -> VIDEO;
      default -> null;
    };
  }
}
