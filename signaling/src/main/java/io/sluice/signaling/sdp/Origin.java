package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.SdpText;

/**
 * The origin line {@code o=<username> <sess-id> <sess-version> <nettype> <addrtype>
 * <unicast-address>} (RFC 8866 §5.2).
 *
 * <p>The session id and version are kept as text: RFC 8866 only says they are digits, and
 * browsers use values up to 64 bits. Each field is one word without spaces.
 *
 * @param username the user's login, or {@code "-"}
 * @param sessionId the session id, unique with username and address
 * @param sessionVersion the version, increased on each change to the session
 * @param netType the network type, {@code "IN"}
 * @param addressType the address type, {@code "IP4"} or {@code "IP6"}
 * @param address the address of the machine that created the session
 */
public record Origin(
    String username,
    String sessionId,
    String sessionVersion,
    String netType,
    String addressType,
    String address) {

  /** Validates that each field is one word. */
  public Origin {
    SdpText.requireField(username, "origin username");
    SdpText.requireField(sessionId, "origin session id");
    SdpText.requireField(sessionVersion, "origin session version");
    SdpText.requireField(netType, "origin network type");
    SdpText.requireField(addressType, "origin address type");
    SdpText.requireField(address, "origin address");
  }

  /** Returns {@code o=- <sessionId> <sessionVersion> IN IP4 127.0.0.1}, as browsers write it. */
  public static Origin of(String sessionId, long sessionVersion) {
    return new Origin("-", sessionId, Long.toString(sessionVersion), "IN", "IP4", "127.0.0.1");
  }

  /** Returns the line's value, without {@code o=}. */
  public String toSdp() {
    return username + " " + sessionId + " " + sessionVersion + " " + netType + " " + addressType
        + " " + address;
  }

  @Override
  public String toString() {
    return "o=" + toSdp();
  }
}
