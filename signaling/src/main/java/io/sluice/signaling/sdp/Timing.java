package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.SdpText;
import java.util.List;

/**
 * A time description: {@code t=<start-time> <stop-time>} (RFC 8866 §5.9) with the {@code r=}
 * repeat lines that follow it (§5.10). WebRTC always uses {@code t=0 0}, a permanent session.
 *
 * <p>Repeat lines are kept as text; nothing in WebRTC reads them.
 *
 * @param startTime start, in NTP seconds, or 0
 * @param stopTime stop, in NTP seconds, or 0
 * @param repeatTimes the values of the {@code r=} lines after this {@code t=} line, in order
 */
public record Timing(long startTime, long stopTime, List<String> repeatTimes) {
  /** {@code t=0 0}. */
  public static final Timing PERMANENT = new Timing(0, 0, List.of());

  /** Validates the times (not negative) and copies the repeat lines. */
  public Timing {
    if (startTime < 0 || stopTime < 0) {
      throw new IllegalArgumentException("negative time: " + startTime + " " + stopTime);
    }
    repeatTimes = List.copyOf(repeatTimes);
    for (String r : repeatTimes) {
      SdpText.requireLineText(r, "repeat time");
    }
  }

  /** Returns the {@code t=} line's value, without {@code t=}. */
  public String toSdp() {
    return startTime + " " + stopTime;
  }
}
