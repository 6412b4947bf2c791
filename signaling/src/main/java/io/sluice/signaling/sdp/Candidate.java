package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.SdpText;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An ICE candidate, the {@code a=candidate} attribute (RFC 8839 §5.1).
 *
 * <pre>
 * candidate-attribute   = "candidate" ":" foundation SP component-id SP
 *                         transport SP priority SP connection-address SP port
 *                         SP cand-type [SP rel-addr] [SP rel-port]
 *                         *(SP cand-extension)
 * cand-type             = "typ" SP candidate-types
 * rel-addr              = "raddr" SP connection-address
 * rel-port              = "rport" SP port
 * cand-extension        = extension-att-name SP extension-att-value
 * </pre>
 *
 * <p>For example {@code 1467250027 1 udp 2122260223 192.168.1.10 54400 typ host generation 0
 * network-id 1}. The address may be an IPv4 or IPv6 address or a name (browsers hide host
 * addresses behind mDNS names ending in {@code .local}). Extension attributes such as
 * {@code generation}, {@code network-id} or {@code tcptype} (RFC 6544) are kept in order.
 *
 * @param foundation the foundation, 1..32 characters
 * @param component the component id, 1..256 (1 is RTP; with rtcp-mux there is no other)
 * @param transport the transport, {@code "udp"} or {@code "tcp"} in any case
 * @param priority the priority, 0..2<sup>32</sup>-1
 * @param address the connection address
 * @param port the port, 0..65535
 * @param type the candidate type: {@code host}, {@code srflx}, {@code prflx}, {@code relay}
 * @param relatedAddress {@code raddr}, or null
 * @param relatedPort {@code rport}, or -1
 * @param extensions the extension attributes, in order
 */
public record Candidate(
    String foundation,
    int component,
    String transport,
    long priority,
    String address,
    int port,
    String type,
    @Nullable String relatedAddress,
    int relatedPort,
    Map<String, String> extensions) {

  /** The attribute name, {@code "candidate"}. */
  public static final String NAME = "candidate";
  /** The property attribute that ends the candidate list, {@code "end-of-candidates"}. */
  public static final String END_OF_CANDIDATES = "end-of-candidates";

  private static final String EXPECTED =
      "\"<foundation> <component> <transport> <priority> <address> <port> typ <type>"
          + " [raddr <address>] [rport <port>] *(<name> <value>)\"";
  private static final long MAX_PRIORITY = 0xFFFF_FFFFL;

  /** Validates each field and copies the extensions. */
  public Candidate {
    if (foundation.length() > 32 || !SdpText.isToken(foundation)) {
      throw new IllegalArgumentException("foundation is not a 1..32 character token: "
          + SdpText.quote(foundation));
    }
    if (component < 1 || component > 256) {
      throw new IllegalArgumentException("component not in 1..256: " + component);
    }
    SdpText.requireToken(transport, "transport");
    if (priority < 0 || priority > MAX_PRIORITY) {
      throw new IllegalArgumentException("priority not in 0..2^32-1: " + priority);
    }
    SdpText.requireField(address, "address");
    checkPort(port);
    SdpText.requireToken(type, "candidate type");
    if (relatedAddress != null) {
      SdpText.requireField(relatedAddress, "related address");
    }
    if (relatedPort != -1) {
      checkPort(relatedPort);
    }
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : extensions.entrySet()) {
      copy.put(SdpText.requireToken(e.getKey(), "extension name"),
          SdpText.requireField(e.getValue(), "extension value"));
    }
    extensions = Collections.unmodifiableMap(copy);
  }

  /**
   * Returns a UDP host candidate for component 1 with the RFC 8445 §5.1.2.1 priority of a host
   * candidate with local preference 65535 (2130706431).
   */
  public static Candidate host(String foundation, String address, int port) {
    return new Candidate(foundation, 1, "udp", (126L << 24) | (65535L << 8) | 255, address, port,
        "host", null, -1, Map.of());
  }

  /** Returns true if the transport is UDP. */
  public boolean isUdp() {
    return transport.equalsIgnoreCase("udp");
  }

  /** Returns the RFC 6544 {@code tcptype} extension, or null. */
  public @Nullable String tcpType() {
    return extensions.get("tcptype");
  }

  /** Returns the attribute value, without {@code candidate:}. */
  public String toValue() {
    StringBuilder sb = new StringBuilder()
        .append(foundation).append(' ')
        .append(component).append(' ')
        .append(transport).append(' ')
        .append(priority).append(' ')
        .append(address).append(' ')
        .append(port).append(" typ ").append(type);
    if (relatedAddress != null) {
      sb.append(" raddr ").append(relatedAddress);
    }
    if (relatedPort != -1) {
      sb.append(" rport ").append(relatedPort);
    }
    for (Map.Entry<String, String> e : extensions.entrySet()) {
      sb.append(' ').append(e.getKey()).append(' ').append(e.getValue());
    }
    return sb.toString();
  }

  /** Returns {@code a=candidate:<value>}. */
  public Attribute toAttribute() {
    return Attribute.of(NAME, toValue());
  }

  /** Parses an {@code a=candidate} value, or returns null if it is malformed. */
  public static @Nullable Candidate tryParse(String value) {
    try {
      return parse(value);
    } catch (SdpParseException e) {
      return null;
    }
  }

  /**
   * Parses an {@code a=candidate} value (without the {@code candidate:} name).
   *
   * @throws SdpParseException naming the malformed part
   */
  public static Candidate parse(String value) {
    SdpText.checkLineText(NAME, value);
    List<String> w = SdpText.splitWords(value);
    if (w.size() < 8) {
      throw SdpText.malformed(NAME, value, "has " + w.size() + " words", EXPECTED);
    }
    String foundation = w.get(0);
    if (foundation.length() > 32 || !SdpText.isToken(foundation)) {
      throw SdpText.malformed(NAME, value, "has foundation " + SdpText.quote(foundation),
          "1..32 token characters");
    }
    int component = SdpText.parseInt(w.get(1), 256);
    if (component < 1) {
      throw SdpText.malformed(NAME, value, "has component " + SdpText.quote(w.get(1)),
          "a number 1..256");
    }
    String transport = w.get(2);
    if (!SdpText.isToken(transport)) {
      throw SdpText.malformed(NAME, value, "has transport " + SdpText.quote(transport),
          "udp, tcp or another token");
    }
    long priority = SdpText.parseDecimal(w.get(3), MAX_PRIORITY);
    if (priority < 0) {
      throw SdpText.malformed(NAME, value, "has priority " + SdpText.quote(w.get(3)),
          "a number 0..4294967295");
    }
    String address = w.get(4);
    int port = parsePort(value, "port", w.get(5));
    if (!w.get(6).equals("typ")) {
      throw SdpText.malformed(NAME, value, "has " + SdpText.quote(w.get(6)) + " as word 7",
          "\"typ\"");
    }
    String type = w.get(7);
    if (!SdpText.isToken(type)) {
      throw SdpText.malformed(NAME, value, "has candidate type " + SdpText.quote(type),
          "host, srflx, prflx or relay");
    }
    if ((w.size() - 8) % 2 != 0) {
      throw SdpText.malformed(NAME, value,
          "ends with " + SdpText.quote(w.get(w.size() - 1)) + " without a value",
          "name value pairs after the type");
    }
    String relatedAddress = null;
    int relatedPort = -1;
    Map<String, String> extensions = new LinkedHashMap<>();
    for (int i = 8; i < w.size(); i += 2) {
      String name = w.get(i);
      String v = w.get(i + 1);
      if (name.equals("raddr") && relatedAddress == null) {
        relatedAddress = v;
      } else if (name.equals("rport") && relatedPort == -1) {
        relatedPort = parsePort(value, "rport", v);
      } else if (!SdpText.isToken(name)) {
        throw SdpText.malformed(NAME, value, "has extension name " + SdpText.quote(name),
            "a token");
      } else {
        extensions.put(name, v);
      }
    }
    return new Candidate(foundation, component, transport, priority, address, port, type,
        relatedAddress, relatedPort, extensions);
  }

  private static int parsePort(String value, String what, String text) {
    int port = SdpText.parseInt(text, 65535);
    if (port < 0) {
      throw SdpText.malformed(NAME, value, "has " + what + " " + SdpText.quote(text),
          "a number 0..65535");
    }
    return port;
  }

  private static void checkPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port not in 0..65535: " + port);
    }
  }
}
