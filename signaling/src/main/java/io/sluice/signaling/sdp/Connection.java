package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.SdpText;

/**
 * The connection line {@code c=<nettype> <addrtype> <connection-address>} (RFC 8866 §5.7).
 *
 * <p>In WebRTC it carries the default candidate's address (often {@code IN IP4 0.0.0.0}); ICE
 * candidates carry the real ones. A multicast address keeps its {@code /ttl/count} suffix in
 * {@link #address()}.
 *
 * @param netType the network type, {@code "IN"}
 * @param addressType {@code "IP4"} or {@code "IP6"}
 * @param address the connection address
 */
public record Connection(String netType, String addressType, String address) {

  /** Validates that each field is one word. */
  public Connection {
    SdpText.requireField(netType, "connection network type");
    SdpText.requireField(addressType, "connection address type");
    SdpText.requireField(address, "connection address");
  }

  /** Returns {@code IN IP4 <address>}, or {@code IN IP6 <address>} if it contains a colon. */
  public static Connection of(String address) {
    return new Connection("IN", address.indexOf(':') >= 0 ? "IP6" : "IP4", address);
  }

  /** Returns the line's value, without {@code c=}. */
  public String toSdp() {
    return netType + " " + addressType + " " + address;
  }

  @Override
  public String toString() {
    return "c=" + toSdp();
  }
}
