package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.SdpText;
import org.jspecify.annotations.Nullable;

/**
 * The {@code a=rtcp-fb:<payload type or *> <type> [<parameter>]} attribute (RFC 4585 §4.2), for
 * example {@code a=rtcp-fb:96 nack pli} or {@code a=rtcp-fb:* transport-cc}.
 *
 * <p>Types Sluice acts on: {@code nack} (RFC 4585), {@code nack pli} (RFC 4585 §6.3.1),
 * {@code ccm fir} (RFC 5104 §7.1), {@code transport-cc}
 * (draft-holmer-rmcat-transport-wide-cc-extensions) and {@code goog-remb}.
 *
 * @param payloadType the payload type it applies to, or {@link #WILDCARD} for {@code *}
 * @param type the feedback type, for example {@code "nack"} or {@code "ccm"}
 * @param parameter the rest after the type, for example {@code "pli"}, or null
 */
public record RtcpFeedback(int payloadType, String type, @Nullable String parameter) {
  /** The attribute name, {@code "rtcp-fb"}. */
  public static final String NAME = "rtcp-fb";
  /** {@link #payloadType()} of {@code a=rtcp-fb:*}, which applies to every payload type. */
  public static final int WILDCARD = -1;

  private static final String EXPECTED = "\"<payload type or *> <type> [<parameter>]\"";

  /** Validates each field. */
  public RtcpFeedback {
    if (payloadType < WILDCARD || payloadType > 127) {
      throw new IllegalArgumentException("payload type not in 0..127 or WILDCARD: " + payloadType);
    }
    SdpText.requireToken(type, "rtcp-fb type");
    if (parameter != null) {
      SdpText.requireLineText(parameter, "rtcp-fb parameter");
      if (parameter.isEmpty()) {
        throw new IllegalArgumentException("empty rtcp-fb parameter; use null");
      }
    }
  }

  /** Returns feedback {@code id} (such as {@code "nack pli"}) for payload type {@code pt}. */
  public static RtcpFeedback of(int payloadType, String id) {
    int sp = id.indexOf(' ');
    return sp < 0
        ? new RtcpFeedback(payloadType, id, null)
        : new RtcpFeedback(payloadType, id.substring(0, sp), id.substring(sp + 1));
  }

  /** Returns true if this applies to payload type {@code pt}. */
  public boolean appliesTo(int pt) {
    return payloadType == WILDCARD || payloadType == pt;
  }

  /** Returns type and parameter, for example {@code "nack pli"} or {@code "transport-cc"}. */
  public String id() {
    return parameter == null ? type : type + " " + parameter;
  }

  /** Returns the same feedback for another payload type. */
  public RtcpFeedback withPayloadType(int pt) {
    return new RtcpFeedback(pt, type, parameter);
  }

  /** Returns the attribute value, for example {@code "96 nack pli"}. */
  public String toValue() {
    return (payloadType == WILDCARD ? "*" : Integer.toString(payloadType)) + " " + id();
  }

  /** Returns {@code a=rtcp-fb:<value>}. */
  public Attribute toAttribute() {
    return Attribute.of(NAME, toValue());
  }

  /** Parses an {@code a=rtcp-fb} value, or returns null if it is malformed. */
  public static @Nullable RtcpFeedback tryParse(String value) {
    try {
      return parse(value);
    } catch (SdpParseException e) {
      return null;
    }
  }

  /**
   * Parses an {@code a=rtcp-fb} value.
   *
   * @throws SdpParseException naming the malformed part
   */
  public static RtcpFeedback parse(String value) {
    String v = value.trim();
    int sp1 = v.indexOf(' ');
    if (sp1 < 0) {
      throw SdpText.malformed(NAME, value, "has no feedback type", EXPECTED);
    }
    String ptText = v.substring(0, sp1);
    int pt;
    if (ptText.equals("*")) {
      pt = WILDCARD;
    } else {
      pt = SdpText.parseInt(ptText, 127);
      if (pt < 0) {
        throw SdpText.malformed(NAME, value, "has payload type " + SdpText.quote(ptText),
            "a number 0..127 or *");
      }
    }
    String rest = v.substring(sp1 + 1).trim();
    int sp2 = rest.indexOf(' ');
    String type = sp2 < 0 ? rest : rest.substring(0, sp2);
    if (!SdpText.isToken(type)) {
      throw SdpText.malformed(NAME, value, "has feedback type " + SdpText.quote(type), EXPECTED);
    }
    String param = sp2 < 0 ? null : rest.substring(sp2 + 1).trim();
    return new RtcpFeedback(pt, type, param == null || param.isEmpty() ? null : param);
  }
}
