package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.SdpText;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]}
 * attribute (RFC 8866 §6.6), for example {@code a=rtpmap:111 opus/48000/2}.
 *
 * <p>For audio the encoding parameter is the channel count; it is 0 here when absent (one
 * channel, by RFC 8866). Encoding names compare case-insensitively ({@code OPUS} is
 * {@code opus}).
 *
 * @param payloadType the RTP payload type, 0..127
 * @param encodingName the encoding name, for example {@code "VP8"}
 * @param clockRate the RTP clock rate in Hz, positive
 * @param channels the channel count, or 0 if absent
 */
public record RtpMap(int payloadType, String encodingName, int clockRate, int channels) {
  /** The attribute name, {@code "rtpmap"}. */
  public static final String NAME = "rtpmap";

  private static final String EXPECTED =
      "\"<payload type> <encoding name>/<clock rate>[/<channels>]\"";

  /** Validates each field. */
  public RtpMap {
    if (payloadType < 0 || payloadType > 127) {
      throw new IllegalArgumentException("payload type not in 0..127: " + payloadType);
    }
    SdpText.requireToken(encodingName, "encoding name");
    if (encodingName.indexOf('/') >= 0) {
      throw new IllegalArgumentException("encoding name contains '/': " + encodingName);
    }
    if (clockRate <= 0) {
      throw new IllegalArgumentException("clock rate <= 0: " + clockRate);
    }
    if (channels < 0) {
      throw new IllegalArgumentException("channels < 0: " + channels);
    }
  }

  /** Returns the channel count, 1 when the attribute has none. */
  public int channelCount() {
    return channels == 0 ? 1 : channels;
  }

  /** Returns true if the encoding name is {@code name}, ignoring case. */
  public boolean is(String name) {
    return encodingName.equalsIgnoreCase(name);
  }

  /** Returns the attribute value, for example {@code "111 opus/48000/2"}. */
  public String toValue() {
    String v = payloadType + " " + encodingName + "/" + clockRate;
    return channels > 0 ? v + "/" + channels : v;
  }

  /** Returns {@code a=rtpmap:<value>}. */
  public Attribute toAttribute() {
    return Attribute.of(NAME, toValue());
  }

  /** Parses an {@code a=rtpmap} value, or returns null if it is malformed. */
  public static @Nullable RtpMap tryParse(String value) {
    try {
      return parse(value);
    } catch (SdpParseException e) {
      return null;
    }
  }

  /**
   * Parses an {@code a=rtpmap} value.
   *
   * @throws SdpParseException naming the malformed part
   */
  public static RtpMap parse(String value) {
    List<String> words = SdpText.splitWords(value);
    if (words.size() != 2) {
      throw SdpText.malformed(NAME, value, "has " + words.size() + " words", EXPECTED);
    }
    int pt = SdpText.parseInt(words.get(0), 127);
    if (pt < 0) {
      throw SdpText.malformed(NAME, value, "has payload type " + SdpText.quote(words.get(0)),
          "a number 0..127");
    }
    String[] parts = words.get(1).split("/", -1);
    if (parts.length == 1) {
      throw SdpText.malformed(NAME, value, "has no clock rate", EXPECTED);
    }
    if (parts.length > 3) {
      throw SdpText.malformed(NAME, value, "has " + parts.length + " '/'-separated parts",
          EXPECTED);
    }
    String name = parts[0];
    if (!SdpText.isToken(name)) {
      throw SdpText.malformed(NAME, value, "has encoding name " + SdpText.quote(name), "a token");
    }
    int clock = SdpText.parseInt(parts[1], Integer.MAX_VALUE);
    if (clock <= 0) {
      throw SdpText.malformed(NAME, value, "has clock rate " + SdpText.quote(parts[1]),
          "a positive number");
    }
    int channels = 0;
    if (parts.length == 3) {
      channels = SdpText.parseInt(parts[2], 255);
      if (channels <= 0) {
        throw SdpText.malformed(NAME, value, "has channel count " + SdpText.quote(parts[2]),
            "a number 1..255");
      }
    }
    return new RtpMap(pt, name, clock, channels);
  }
}
