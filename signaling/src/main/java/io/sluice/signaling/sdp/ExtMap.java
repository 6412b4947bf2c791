package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.SdpText;
import org.jspecify.annotations.Nullable;

/**
 * The {@code a=extmap:<id>[/<direction>] <URI> [<extension attributes>]} attribute (RFC 8285 §8),
 * which maps an RTP header extension URI to a local id, for example
 * {@code a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid}.
 *
 * <p>Ids 1..14 fit the one-byte header form, 15..255 need the two-byte form (RFC 8285 §4.3). The
 * answerer keeps the offerer's ids (RFC 8285 §7).
 *
 * @param id the local identifier, 1..255
 * @param direction the direction the extension is used in, or null for the media's direction
 * @param uri the extension's URI
 * @param extensionAttributes the text after the URI, or null
 */
public record ExtMap(int id, @Nullable Direction direction, String uri,
    @Nullable String extensionAttributes) {
  /** The attribute name, {@code "extmap"}. */
  public static final String NAME = "extmap";
  /** {@code urn:ietf:params:rtp-hdrext:sdes:mid} (RFC 8843 §15.1). */
  public static final String SDES_MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
  /** {@code http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time}. */
  public static final String ABS_SEND_TIME =
      "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
  /** {@code http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01}. */
  public static final String TRANSPORT_WIDE_CC =
      "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
  /** {@code urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id} (RFC 8852 §3.1). */
  public static final String SDES_RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
  /** {@code urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id} (RFC 8852 §3.2). */
  public static final String SDES_REPAIRED_RTP_STREAM_ID =
      "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

  /** Highest id, in the two-byte header form. */
  public static final int MAX_ID = 255;

  private static final String EXPECTED = "\"<id 1..255>[/<direction>] <URI> [<attributes>]\"";

  /** Validates each field. */
  public ExtMap {
    if (id < 1 || id > MAX_ID) {
      throw new IllegalArgumentException("extmap id not in 1..255: " + id);
    }
    SdpText.requireField(uri, "extmap URI");
    if (extensionAttributes != null) {
      SdpText.requireLineText(extensionAttributes, "extmap attributes");
      if (extensionAttributes.isEmpty()) {
        throw new IllegalArgumentException("empty extmap attributes; use null");
      }
    }
  }

  /** Returns {@code a=extmap:<id> <uri>}. */
  public static ExtMap of(int id, String uri) {
    return new ExtMap(id, null, uri, null);
  }

  /** Returns the attribute value, for example {@code "4 urn:ietf:params:rtp-hdrext:sdes:mid"}. */
  public String toValue() {
    StringBuilder sb = new StringBuilder().append(id);
    if (direction != null) {
      sb.append('/').append(direction.token());
    }
    sb.append(' ').append(uri);
    if (extensionAttributes != null) {
      sb.append(' ').append(extensionAttributes);
    }
    return sb.toString();
  }

  /** Returns {@code a=extmap:<value>}. */
  public Attribute toAttribute() {
    return Attribute.of(NAME, toValue());
  }

  /** Parses an {@code a=extmap} value, or returns null if it is malformed. */
  public static @Nullable ExtMap tryParse(String value) {
    try {
      return parse(value);
    } catch (SdpParseException e) {
      return null;
    }
  }

  /**
   * Parses an {@code a=extmap} value.
   *
   * @throws SdpParseException naming the malformed part
   */
  public static ExtMap parse(String value) {
    String v = value.trim();
    int sp = v.indexOf(' ');
    if (sp < 0) {
      throw SdpText.malformed(NAME, value, "has no URI", EXPECTED);
    }
    String idText = v.substring(0, sp);
    Direction direction = null;
    int slash = idText.indexOf('/');
    if (slash >= 0) {
      String dir = idText.substring(slash + 1);
      direction = Direction.fromToken(dir);
      if (direction == null) {
        throw SdpText.malformed(NAME, value, "has direction " + SdpText.quote(dir),
            "sendrecv, sendonly, recvonly or inactive");
      }
      idText = idText.substring(0, slash);
    }
    int id = SdpText.parseInt(idText, MAX_ID);
    if (id < 1) {
      throw SdpText.malformed(NAME, value, "has id " + SdpText.quote(idText), "a number 1..255");
    }
    String rest = v.substring(sp + 1).trim();
    int sp2 = rest.indexOf(' ');
    String uri = sp2 < 0 ? rest : rest.substring(0, sp2);
    String attrs = sp2 < 0 ? null : rest.substring(sp2 + 1).trim();
    if (!SdpText.isField(uri)) {
      throw SdpText.malformed(NAME, value, "has no URI", EXPECTED);
    }
    return new ExtMap(id, direction, uri, attrs == null || attrs.isEmpty() ? null : attrs);
  }
}
