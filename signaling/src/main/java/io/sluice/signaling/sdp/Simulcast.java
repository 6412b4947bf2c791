package io.sluice.signaling.sdp;

import io.sluice.signaling.internal.sdp.SdpText;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code a=simulcast} attribute (RFC 8853 §5), which lists the RTP streams (by
 * {@link Rid rid}) a media source is sent or received as, for example
 * {@code a=simulcast:send q;h;f} or {@code a=simulcast:recv 1,~4;2;3}.
 *
 * <pre>
 * sc-value     = ( sc-send [SP sc-recv] ) / ( sc-recv [SP sc-send] )
 * sc-send      = %s"send" SP sc-str-list
 * sc-recv      = %s"recv" SP sc-str-list
 * sc-str-list  = sc-alt-list *( ";" sc-alt-list )
 * sc-alt-list  = sc-id *( "," sc-id )
 * sc-id        = [sc-id-paused] rid-id
 * sc-id-paused = "~"
 * </pre>
 *
 * <p>Each list holds simulcast streams in order of preference; each stream is a list of
 * alternative rids (most often just one).
 *
 * @param send the streams the author sends, empty if none
 * @param receive the streams the author receives, empty if none
 */
public record Simulcast(List<List<Stream>> send, List<List<Stream>> receive) {
  /** The attribute name, {@code "simulcast"}. */
  public static final String NAME = "simulcast";

  private static final String EXPECTED = "\"send <rid>;<rid>... [recv <rid>;...]\"";

  /**
   * One alternative of a simulcast stream.
   *
   * @param rid the rid-id
   * @param paused true if written with the {@code ~} prefix (initially paused)
   */
  public record Stream(String rid, boolean paused) {
    /** Validates the rid-id. */
    public Stream {
      if (!Rid.isRidId(rid)) {
        throw new IllegalArgumentException("bad rid-id: " + SdpText.quote(rid));
      }
    }

    @Override
    public String toString() {
      return paused ? "~" + rid : rid;
    }
  }

  /** Copies the lists and checks that at least one direction is present. */
  public Simulcast {
    send = copy(send);
    receive = copy(receive);
    if (send.isEmpty() && receive.isEmpty()) {
      throw new IllegalArgumentException("simulcast without send or recv streams");
    }
  }

  /** Returns the attribute value, for example {@code "send q;h;f"}. */
  public String toValue() {
    StringBuilder sb = new StringBuilder();
    if (!send.isEmpty()) {
      sb.append("send ");
      append(sb, send);
    }
    if (!receive.isEmpty()) {
      sb.append(sb.length() > 0 ? " " : "").append("recv ");
      append(sb, receive);
    }
    return sb.toString();
  }

  /** Returns {@code a=simulcast:<value>}. */
  public Attribute toAttribute() {
    return Attribute.of(NAME, toValue());
  }

  /** Parses an {@code a=simulcast} value, or returns null if it is malformed. */
  public static @Nullable Simulcast tryParse(String value) {
    try {
      return parse(value);
    } catch (SdpParseException e) {
      return null;
    }
  }

  /**
   * Parses an {@code a=simulcast} value.
   *
   * @throws SdpParseException naming the malformed part
   */
  public static Simulcast parse(String value) {
    List<String> w = SdpText.splitWords(value);
    if (w.size() != 2 && w.size() != 4) {
      throw SdpText.malformed(NAME, value, "has " + w.size() + " words", EXPECTED);
    }
    List<List<Stream>> send = List.of();
    List<List<Stream>> recv = List.of();
    for (int i = 0; i < w.size(); i += 2) {
      List<List<Stream>> list = parseList(value, w.get(i + 1));
      if (w.get(i).equals("send") && send.isEmpty()) {
        send = list;
      } else if (w.get(i).equals("recv") && recv.isEmpty()) {
        recv = list;
      } else {
        throw SdpText.malformed(NAME, value, "has direction " + SdpText.quote(w.get(i)),
            "send and/or recv, each once");
      }
    }
    return new Simulcast(send, recv);
  }

  private static List<List<Stream>> parseList(String value, String text) {
    List<List<Stream>> out = new ArrayList<>();
    for (String alt : text.split(";", -1)) {
      List<Stream> alternatives = new ArrayList<>();
      for (String id : alt.split(",", -1)) {
        boolean paused = id.startsWith("~");
        String rid = paused ? id.substring(1) : id;
        if (!Rid.isRidId(rid)) {
          throw SdpText.malformed(NAME, value, "has stream " + SdpText.quote(id),
              "rid-ids, optionally prefixed with ~");
        }
        alternatives.add(new Stream(rid, paused));
      }
      out.add(alternatives);
    }
    return out;
  }

  private static List<List<Stream>> copy(List<List<Stream>> lists) {
    List<List<Stream>> out = new ArrayList<>(lists.size());
    for (List<Stream> l : lists) {
      if (l.isEmpty()) {
        throw new IllegalArgumentException("simulcast stream without rids");
      }
      out.add(List.copyOf(l));
    }
    return List.copyOf(out);
  }

  private static void append(StringBuilder sb, List<List<Stream>> list) {
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        sb.append(';');
      }
      List<Stream> alts = list.get(i);
      for (int j = 0; j < alts.size(); j++) {
        if (j > 0) {
          sb.append(',');
        }
        sb.append(alts.get(j));
      }
    }
  }
}
