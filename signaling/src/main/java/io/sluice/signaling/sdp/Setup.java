package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.SdpText;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The {@code a=setup} attribute (RFC 4145 §4, used for DTLS-SRTP by RFC 5763 §5): which side opens
 * the connection. The {@code active} side is the DTLS client.
 *
 * <p>A WebRTC offerer says {@link #ACTPASS}; the answerer picks {@link #ACTIVE} or
 * {@link #PASSIVE}. A description without {@code a=setup} is {@link #ACTIVE} (RFC 4145 §4.1).
 */
public enum Setup {
  /** Opens the connection: the DTLS client. */
  ACTIVE("active"),
  /** Accepts the connection: the DTLS server. */
  PASSIVE("passive"),
  /** Either; the answerer chooses. Only valid in an offer. */
  ACTPASS("actpass"),
  /** Neither, for now. */
  HOLDCONN("holdconn");

  /** The attribute name, {@code "setup"}. */
  public static final String NAME = "setup";

  private final String token;

  Setup(String token) {
    this.token = token;
  }

  /** Returns the attribute value, for example {@code "actpass"}. */
  public String token() {
    return token;
  }

  /** Returns {@code a=setup:<token>}. */
  public Attribute toAttribute() {
    return Attribute.of(NAME, token);
  }

  /** Parses an {@code a=setup} value (case-insensitive), or returns null. */
  public static @Nullable Setup tryParse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (Setup s : values()) {
      if (s.token.equals(v)) {
        return s;
      }
    }
    return null;
  }

  /**
   * Parses an {@code a=setup} value.
   *
   * @throws SdpParseException if it is not one of active, passive, actpass, holdconn
   */
  public static Setup parse(String value) {
    Setup s = tryParse(value);
    if (s == null) {
      throw SdpText.malformed(NAME, value, "is not a setup role",
          "active, passive, actpass or holdconn");
    }
    return s;
  }
}
