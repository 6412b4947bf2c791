package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.SdpText;

/**
 * The bandwidth line {@code b=<bwtype>:<bandwidth>} (RFC 8866 §5.8), for example {@code b=AS:2500}
 * (kilobits per second) or {@code b=TIAS:2500000} (bits per second, RFC 3890).
 *
 * @param type the bandwidth type, a token such as {@code "AS"} or {@code "TIAS"}
 * @param bandwidth the value, in the unit the type defines
 */
public record Bandwidth(String type, long bandwidth) {

  /** Validates the type (a token) and that the value is not negative. */
  public Bandwidth {
    SdpText.requireToken(type, "bandwidth type");
    if (type.indexOf(':') >= 0) {
      throw new IllegalArgumentException("bandwidth type contains ':': " + type);
    }
    if (bandwidth < 0) {
      throw new IllegalArgumentException("bandwidth < 0: " + bandwidth);
    }
  }

  /** Returns the line's value, without {@code b=}. */
  public String toSdp() {
    return type + ":" + bandwidth;
  }

  @Override
  public String toString() {
    return "b=" + toSdp();
  }
}
