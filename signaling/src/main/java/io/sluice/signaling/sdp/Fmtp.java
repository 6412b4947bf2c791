package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.SdpText;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code a=fmtp:<format> <format specific parameters>} attribute (RFC 8866 §6.15), for example
 * {@code a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f}.
 *
 * <p>The parameters are kept as raw text, so an answer can echo them unchanged, and are also
 * offered as a map of {@code name=value} pairs split on {@code ';'}. Parameter names are
 * case-insensitive (as RFC 6184 §8.1 says for H.264) for {@link #parameter}; an item without
 * {@code '='} (such as {@code 0-15} for telephone-event) maps to {@code ""}.
 *
 * @param format the format (a payload type for RTP)
 * @param parameters the raw parameter text, possibly empty
 */
public record Fmtp(String format, String parameters) {
  /** The attribute name, {@code "fmtp"}. */
  public static final String NAME = "fmtp";

  /** Validates the format (a token) and the parameters (line text). */
  public Fmtp {
    SdpText.requireToken(format, "fmtp format");
    SdpText.requireLineText(parameters, "fmtp parameters");
  }

  /** Returns the {@code a=fmtp} for payload type {@code pt} with parameters in map order. */
  public static Fmtp of(int payloadType, Map<String, String> parameters) {
    return new Fmtp(Integer.toString(payloadType), join(parameters));
  }

  /** Returns the format as an RTP payload type, or -1 if it is not a number 0..127. */
  public int payloadType() {
    return SdpText.parseInt(format, 127);
  }

  /** Returns the parameters as an insertion-ordered, unmodifiable map. */
  public Map<String, String> parameterMap() {
    Map<String, String> map = new LinkedHashMap<>();
    for (String item : parameters.split(";", -1)) {
      String it = item.trim();
      if (it.isEmpty()) {
        continue;
      }
      int eq = it.indexOf('=');
      if (eq < 0) {
        map.put(it, "");
      } else {
        map.put(it.substring(0, eq).trim(), it.substring(eq + 1).trim());
      }
    }
    return Collections.unmodifiableMap(map);
  }

  /** Returns the value of parameter {@code name} (ignoring case), or null. */
  public @Nullable String parameter(String name) {
    for (Map.Entry<String, String> e : parameterMap().entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /**
   * Returns a copy with parameter {@code name} set to {@code value}: replaced in place if present
   * (ignoring case), appended otherwise. Other parameters keep their order.
   */
  public Fmtp withParameter(String name, String value) {
    Map<String, String> map = new LinkedHashMap<>();
    boolean replaced = false;
    for (Map.Entry<String, String> e : parameterMap().entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        map.put(e.getKey(), value);
        replaced = true;
      } else {
        map.put(e.getKey(), e.getValue());
      }
    }
    if (!replaced) {
      map.put(name, value);
    }
    return new Fmtp(format, join(map));
  }

  /** Returns a copy for another format (payload type), with the same parameters. */
  public Fmtp withFormat(String newFormat) {
    return new Fmtp(newFormat, parameters);
  }

  /** Returns the attribute value, for example {@code "97 apt=96"}. */
  public String toValue() {
    return parameters.isEmpty() ? format : format + " " + parameters;
  }

  /** Returns {@code a=fmtp:<value>}. */
  public Attribute toAttribute() {
    return Attribute.of(NAME, toValue());
  }

  /** Parses an {@code a=fmtp} value, or returns null if it is malformed. */
  public static @Nullable Fmtp tryParse(String value) {
    try {
      return parse(value);
    } catch (SdpParseException e) {
      return null;
    }
  }

  /**
   * Parses an {@code a=fmtp} value: a format, then optionally a space and the parameters.
   *
   * @throws SdpParseException if the format is missing or not a token
   */
  public static Fmtp parse(String value) {
    int sp = value.indexOf(' ');
    String format = sp < 0 ? value : value.substring(0, sp);
    if (!SdpText.isToken(format)) {
      throw SdpText.malformed(NAME, value, "has format " + SdpText.quote(format),
          "\"<format> <parameters>\" where the format is a token such as a payload type");
    }
    String params = sp < 0 ? "" : value.substring(sp + 1).trim();
    return new Fmtp(format, params);
  }

  private static String join(Map<String, String> parameters) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : parameters.entrySet()) {
      if (sb.length() > 0) {
        sb.append(';');
      }
      sb.append(e.getKey());
      if (!e.getValue().isEmpty()) {
        sb.append('=').append(e.getValue());
      }
    }
    return sb.toString();
  }
}
