package io.sluice.signaling.internal.http;

/** Text helpers for what goes back to a remote client: one line, bounded. */
public final class SignalingText {
  private SignalingText() {}

  /**
   * Returns {@code s} on one line (control characters become spaces), cut to {@code max}
   * characters with {@code "..."} at the end.
   */
  public static String oneLine(String s, int max) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), max));
    for (int i = 0; i < s.length() && sb.length() < max; i++) {
      char c = s.charAt(i);
      sb.append(Character.isISOControl(c) ? ' ' : c);
    }
    if (s.length() > max) {
      sb.setLength(max - 3);
      sb.append("...");
    }
    return sb.toString().strip();
  }
}
