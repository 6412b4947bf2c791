package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.SdpText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code a=rid:<rid-id> <send|recv> [<restrictions>]} attribute (RFC 8851 §10), which names
 * an RTP stream, for example {@code a=rid:h send} or
 * {@code a=rid:f send pt=96,98;max-width=1280;max-fps=30}. Used with {@link Simulcast}.
 *
 * <pre>
 * rid-syntax    = %s"a=rid:" rid-id SP rid-dir [ rid-pt-param-list / rid-param-list ]
 * rid-id        = 1*(alpha-numeric / "-" / "_")
 * rid-dir       = %s"send" / %s"recv"
 * rid-pt-param-list = SP rid-fmt-list *(";" rid-param)
 * rid-fmt-list  = %s"pt=" fmt *( "," fmt )
 * </pre>
 *
 * @param id the RtpStreamId, carried in the RTP header extension (RFC 8852)
 * @param direction whether the description's author sends or receives this stream
 * @param payloadTypes the {@code pt=} restriction, empty if none
 * @param restrictions the other restrictions ({@code max-width}, {@code max-fps}, ...) in order;
 *     a restriction without {@code '='} maps to {@code ""}
 */
public record Rid(String id, Rid.Direction direction, List<Integer> payloadTypes,
    Map<String, String> restrictions) {
  /** The attribute name, {@code "rid"}. */
  public static final String NAME = "rid";

  private static final String EXPECTED = "\"<rid-id> send|recv [pt=<pt>,...;<name>=<value>;...]\"";

  /** Whether the stream is sent or received by the description's author. */
  public enum Direction {
    /** {@code send}. */
    SEND("send"),
    /** {@code recv}. */
    RECV("recv");

    private final String token;

    Direction(String token) {
      this.token = token;
    }

    /** Returns {@code "send"} or {@code "recv"}. */
    public String token() {
      return token;
    }

    /** Returns the other direction. */
    public Direction reverse() {
      return this == SEND ? RECV : SEND;
    }
  }

  /** Validates the id and restrictions and copies the collections. */
  public Rid {
    if (!isRidId(id)) {
      throw new IllegalArgumentException("rid id is not 1*(ALPHA / DIGIT / \"-\" / \"_\"): "
          + SdpText.quote(id));
    }
    payloadTypes = List.copyOf(payloadTypes);
    for (int pt : payloadTypes) {
      if (pt < 0 || pt > 127) {
        throw new IllegalArgumentException("payload type not in 0..127: " + pt);
      }
    }
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : restrictions.entrySet()) {
      String k = e.getKey();
      String v = e.getValue();
      if (!SdpText.isField(k) || k.indexOf(';') >= 0 || k.indexOf('=') >= 0 || k.equals("pt")) {
        throw new IllegalArgumentException("bad rid restriction name: " + SdpText.quote(k));
      }
      if (v.indexOf(';') >= 0 || (!v.isEmpty() && !SdpText.isField(v))) {
        throw new IllegalArgumentException("bad rid restriction value: " + SdpText.quote(v));
      }
      copy.put(k, v);
    }
    restrictions = Collections.unmodifiableMap(copy);
  }

  /** Returns {@code a=rid:<id> <direction>} without restrictions. */
  public static Rid of(String id, Direction direction) {
    return new Rid(id, direction, List.of(), Map.of());
  }

  /** Returns the attribute value, for example {@code "h send pt=96;max-width=640"}. */
  public String toValue() {
    StringBuilder sb = new StringBuilder(id).append(' ').append(direction.token());
    String sep = " ";
    if (!payloadTypes.isEmpty()) {
      sb.append(sep).append("pt=");
      for (int i = 0; i < payloadTypes.size(); i++) {
        sb.append(i == 0 ? "" : ",").append(payloadTypes.get(i));
      }
      sep = ";";
    }
    for (Map.Entry<String, String> e : restrictions.entrySet()) {
      sb.append(sep).append(e.getKey());
      if (!e.getValue().isEmpty()) {
        sb.append('=').append(e.getValue());
      }
      sep = ";";
    }
    return sb.toString();
  }

  /** Returns {@code a=rid:<value>}. */
  public Attribute toAttribute() {
    return Attribute.of(NAME, toValue());
  }

  /** Parses an {@code a=rid} value, or returns null if it is malformed. */
  public static @Nullable Rid tryParse(String value) {
    try {
      return parse(value);
    } catch (SdpParseException e) {
      return null;
    }
  }

  /**
   * Parses an {@code a=rid} value.
   *
   * @throws SdpParseException naming the malformed part
   */
  public static Rid parse(String value) {
    SdpText.checkLineText(NAME, value);
    List<String> w = SdpText.splitWords(value);
    if (w.size() < 2 || w.size() > 3) {
      throw SdpText.malformed(NAME, value, "has " + w.size() + " words", EXPECTED);
    }
    if (!isRidId(w.get(0))) {
      throw SdpText.malformed(NAME, value, "has rid-id " + SdpText.quote(w.get(0)),
          "letters, digits, '-' and '_'");
    }
    Direction direction = switch (w.get(1)) {
      case "send" -> Direction.SEND;
      case "recv" -> Direction.RECV;
      default -> throw SdpText.malformed(NAME, value, "has direction " + SdpText.quote(w.get(1)),
          "send or recv");
    };
    List<Integer> pts = new ArrayList<>();
    Map<String, String> restrictions = new LinkedHashMap<>();
    if (w.size() == 3) {
      for (String item : w.get(2).split(";", -1)) {
        int eq = item.indexOf('=');
        String k = eq < 0 ? item : item.substring(0, eq);
        String v = eq < 0 ? "" : item.substring(eq + 1);
        if (k.isEmpty() || (eq >= 0 && v.isEmpty())) {
          throw SdpText.malformed(NAME, value, "has restriction " + SdpText.quote(item),
              "<name>=<value> items separated by ';'");
        }
        if (k.equals("pt")) {
          for (String p : v.split(",", -1)) {
            int pt = SdpText.parseInt(p, 127);
            if (pt < 0) {
              throw SdpText.malformed(NAME, value, "has payload type " + SdpText.quote(p),
                  "a number 0..127");
            }
            pts.add(pt);
          }
        } else {
          restrictions.put(k, v);
        }
      }
    }
    return new Rid(w.get(0), direction, pts, restrictions);
  }

  /** Returns true for an RFC 8851 {@code rid-id}: 1*(ALPHA / DIGIT / "-" / "_"). */
  static boolean isRidId(String s) {
    if (s.isEmpty() || s.length() > 255) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
