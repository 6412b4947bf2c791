package io.sluice.signaling.sdp;

import org.jspecify.annotations.Nullable;

/**
 * An m-line that was rejected (port 0 in the answer, RFC 3264 §6, RFC 8829 §5.3.1) and why.
 *
 * @param mLineIndex the m-line's 0-based index
 * @param media the media type, for example {@code "application"}
 * @param mid the m-line's {@code a=mid}, or null
 * @param reason why, for logs and error bodies
 */
public record RejectedMedia(int mLineIndex, String media, @Nullable String mid, String reason) {
  /** Returns {@code m-line <index> (<media>, mid <mid>): <reason>}. */
  @Override
  public String toString() {
    return "m-line " + mLineIndex + " (" + media + (mid == null ? "" : ", mid " + mid) + "): "
        + reason;
  }
}
