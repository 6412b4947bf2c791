package io.sluice.benchmarks.bees;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The run's results: {@code result.json} for tools and a self-contained {@code report.html}
 * (inline SVG, no scripts) for people. Both say which receive mode the bees used.
 */
final class Report {
  private final Map<String, Object> root = new LinkedHashMap<>();

  Report(BeesOptions o, @Nullable Swarm swarm, @Nullable SyntheticPublisher publisher,
      long publisherStartNanos, long publisherEndNanos, String startedAt) {
    root.put("tool", "sluice-bees");
    root.put("startedAt", startedAt);
    Map<String, Object> mode = new LinkedHashMap<>();
    mode.put("decrypt", o.decrypt());
    mode.put("description", o.decrypt()
        ? "full: SRTP authenticated and decrypted, retransmissions matched, latency read"
        : "count-only (--no-decrypt): SRTP neither authenticated nor decrypted; counts and"
            + " loss from clear RTP headers; no retransmission matching, no latency");
    if (swarm != null && !o.decrypt() && swarm.latencyBees() > 0) {
      mode.put("latencyBees", swarm.latencyBees());
      mode.put("description", mode.get("description") + "; except the first "
          + swarm.latencyBees() + " bees, which decrypt in full to read latency");
    }
    root.put("mode", mode);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("whep", o.whep() == null ? null : o.whep().toString());
    config.put("publish", o.publish() == null ? null : o.publish().toString());
    config.put("bees", o.bees());
    config.put("rampPerSecond", o.rampPerSecond());
    config.put("holdSeconds", o.holdSeconds());
    config.put("token", o.token() != null);
    config.put("eventLoops", o.eventLoops());
    config.put("bitrate", o.bitrate());
    config.put("keyframeIntervalSeconds", o.keyframeIntervalSeconds());
    config.put("audio", o.audio());
    root.put("config", config);
    if (swarm != null) {
      addSwarm(swarm);
    }
    if (publisher != null) {
      Map<String, Object> p = new LinkedHashMap<>();
      double seconds = Math.max(1e-9, (publisherEndNanos - publisherStartNanos) / 1e9);
      p.put("seconds", round(seconds));
      p.put("videoPackets", publisher.videoPackets);
      p.put("audioPackets", publisher.audioPackets);
      p.put("frames", publisher.frames);
      p.put("keyframes", publisher.keyframes);
      p.put("bitrateBps", round(publisher.bytesSent * 8 / seconds));
      p.put("packetsPerSecond", round((publisher.videoPackets + publisher.audioPackets) / seconds));
      p.put("nacksReceived", publisher.nacksReceived);
      p.put("retransmitted", publisher.retransmitted);
      p.put("keyframeRequestsReceived", publisher.plisReceived);
      p.put("closeReason", publisher.closeReason());
      root.put("publisher", p);
    }
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> summary() {
    return (Map<String, Object>) root.getOrDefault("summary", Map.of());
  }

  private void addSwarm(Swarm swarm) {
    List<Map<String, Object>> rows = new ArrayList<>();
    List<double[]> perBee = new ArrayList<>(); // join ms, kbps, loss %, jitter ms
    LatencyHistogram all = new LatencyHistogram();
    Map<String, Integer> failures = new LinkedHashMap<>();
    long packets = 0;
    long bytes = 0;
    long nacks = 0;
    long nackPackets = 0;
    long rtx = 0;
    long malformed = 0;
    long plis = 0;
    int joined = 0;
    for (Bee b : swarm.bees) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("index", b.index);
      double join = b.firstRtpNanos == 0 ? Double.NaN : (b.firstRtpNanos - b.postNanos) / 1e6;
      long endRx = b.lastRtpNanos;
      double seconds = b.firstRtpNanos == 0 ? 0 : (endRx - b.firstRtpNanos) / 1e9;
      double kbps = seconds > 0 ? b.bytes * 8 / seconds / 1000 : 0;
      long expected = b.expected();
      double loss = expected > 0 ? 100.0 * b.lost() / expected : Double.NaN;
      double jitter = b.jitterMillis();
      r.put("joinMs", num(join));
      r.put("answerMs", b.answeredNanos == 0 ? null : round((b.answeredNanos - b.postNanos) / 1e6));
      r.put("packets", b.packets);
      r.put("bytes", b.bytes);
      r.put("bitrateKbps", round(kbps));
      r.put("expected", expected);
      r.put("lost", b.lost());
      r.put("lossPercent", num(loss));
      r.put("jitterMs", jitter < 0 ? null : round(jitter));
      r.put("nacksSent", b.nackedSeqs);
      r.put("nackPackets", b.nackPackets);
      r.put("rtxReceived", b.rtxPackets);
      r.put("recoveredByNack", b.nackRecovered());
      r.put("plisSent", b.plisSent);
      r.put("rrsSent", b.rrsSent);
      r.put("malformed", b.malformed);
      r.put("unclassified", b.unknownPackets);
      r.put("sentBeforeConnected", b.replayedPackets);
      r.put("latencyP50Ms", latency(b.latency, 0.5));
      r.put("latencyP99Ms", latency(b.latency, 0.99));
      r.put("error", b.error);
      r.put("closeReason", b.closeReason);
      rows.add(r);
      if (b.error != null) {
        failures.merge(b.error, 1, Integer::sum);
      } else if (b.firstRtpNanos == 0) {
        failures.merge("no RTP received (" + b.closeReason + ")", 1, Integer::sum);
      } else {
        joined++;
        perBee.add(new double[] {join, kbps, loss, jitter});
      }
      packets += b.packets;
      bytes += b.bytes;
      nacks += b.nackedSeqs;
      nackPackets += b.nackPackets;
      rtx += b.rtxPackets;
      malformed += b.malformed;
      plis += b.plisSent;
      all.add(b.latency);
    }
    Map<String, Object> s = new LinkedHashMap<>();
    double runSeconds = (swarm.endNanos - swarm.startNanos) / 1e9;
    s.put("runSeconds", round(runSeconds));
    s.put("beesRequested", swarm.bees.size());
    s.put("beesReceiving", joined);
    s.put("beesFailed", swarm.bees.size() - joined);
    s.put("failures", failures);
    s.put("packets", packets);
    s.put("bytes", bytes);
    s.put("meanAggregateBitrateBps", round(bytes * 8 / Math.max(1e-9, runSeconds)));
    s.put("nacksSent", nacks);
    s.put("nackPackets", nackPackets);
    s.put("rtxReceived", rtx);
    s.put("plisSent", plis);
    s.put("malformed", malformed);
    s.put("joinTimeMs", percentiles(perBee, v -> v[0]));
    s.put("bitrateKbps", percentiles(perBee, v -> v[1]));
    s.put("lossPercent", percentiles(perBee, v -> v[2]));
    s.put("jitterMs", percentiles(perBee, v -> v[3]));
    Map<String, Object> lat = new LinkedHashMap<>();
    if (all.count() > 0) {
      lat.put("packets", all.count());
      for (double q : new double[] {0.5, 0.9, 0.95, 0.99, 0.999}) {
        lat.put("p" + trim(q * 100), latency(all, q));
      }
      lat.put("note", "send timestamp in the payload to receive, both System.nanoTime() on one"
          + " host: node ingest-to-egress plus publisher and bee overheads; packets sent before"
          + " a bee's DTLS completed (a cached GOP replayed to a new viewer) are left out");
    } else {
      lat.put("note", "no latency: " + (swarm.bees.isEmpty() ? "no bees"
          : "count-only mode, or the stream carries no Sluice send timestamps"));
    }
    s.put("latencyMs", lat);
    root.put("summary", s);
    List<Map<String, Object>> timeline = new ArrayList<>();
    for (Swarm.Sample x : swarm.samples) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("t", round(x.t()));
      t.put("started", x.started());
      t.put("receiving", x.receiving());
      t.put("failed", x.failed());
      t.put("bitrateBps", round(x.bitrateBps()));
      t.put("packetsPerSecond", round(x.packetsPerSecond()));
      t.put("lossPercent", round(x.lossPercent()));
      timeline.add(t);
    }
    root.put("timeline", timeline);
    root.put("bees", rows);
  }

  private static @Nullable Double latency(LatencyHistogram h, double q) {
    double us = h.quantileMicros(q);
    return us < 0 ? null : round(us / 1000);
  }

  private static Map<String, Object> percentiles(List<double[]> rows, ToDoubleFunction<double[]> f) {
    double[] v = Swarm.Stats.sorted(rows.stream().mapToDouble(f).filter(x -> !Double.isNaN(x)
        && x >= 0).toArray());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", v.length);
    if (v.length == 0) {
      return m;
    }
    m.put("min", round(v[0]));
    for (double q : new double[] {0.5, 0.9, 0.95, 0.99}) {
      m.put("p" + trim(q * 100), round(Swarm.Stats.quantile(v, q)));
    }
    m.put("max", round(v[v.length - 1]));
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    m.put("mean", round(sum / v.length));
    return m;
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static @Nullable Double num(double d) {
    return Double.isNaN(d) ? null : round(d);
  }

  private static double round(double d) {
    return Math.round(d * 1000) / 1000.0;
  }

  void writeJson(Path file) throws IOException {
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
  }

  // ---- HTML ---------------------------------------------------------------------------------

  @SuppressWarnings("unchecked")
  void writeHtml(Path file) throws IOException {
    StringBuilder h = new StringBuilder(64 * 1024);
    Map<String, Object> mode = (Map<String, Object>) root.get("mode");
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>sluice-bees report</title>")
        .append("<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1000px}")
        .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;")
        .append("padding:3px 8px;text-align:right}th{background:#f4f4f4}.mode{padding:.5em 1em;")
        .append("background:#fff6d6;border:1px solid #e0c060;display:inline-block}")
        .append("svg{margin:.5em 0}text{font:11px sans-serif}</style></head><body>");
    h.append("<h1>sluice-bees report</h1><p>Started ").append(esc(root.get("startedAt")))
        .append("</p><p class=\"mode\"><b>Mode:</b> ").append(esc(mode.get("description")))
        .append("</p>");
    h.append("<h2>Configuration</h2>").append(table((Map<String, Object>) root.get("config")));
    Map<String, Object> s = (Map<String, Object>) root.get("summary");
    if (s != null) {
      Map<String, Object> flat = new LinkedHashMap<>();
      s.forEach((k, v) -> {
        if (!(v instanceof Map)) {
          flat.put(k, v);
        }
      });
      h.append("<h2>Summary</h2>").append(table(flat));
      h.append("<h2>Across bees</h2><table><tr><th>metric</th><th>count</th><th>min</th>")
          .append("<th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>max</th><th>mean</th></tr>");
      for (String k : List.of("joinTimeMs", "bitrateKbps", "lossPercent", "jitterMs")) {
        Map<String, Object> p = (Map<String, Object>) s.get(k);
        h.append("<tr><th>").append(k).append("</th>");
        for (String c : List.of("count", "min", "p50", "p90", "p95", "p99", "max", "mean")) {
          h.append("<td>").append(esc(p.getOrDefault(c, "-"))).append("</td>");
        }
        h.append("</tr>");
      }
      h.append("</table>");
      h.append("<h2>Latency (ms)</h2>").append(table((Map<String, Object>) s.get("latencyMs")));
      Map<String, Object> failures = (Map<String, Object>) s.get("failures");
      if (!failures.isEmpty()) {
        h.append("<h2>Failures</h2>").append(table(failures));
      }
      List<Map<String, Object>> tl = (List<Map<String, Object>>) root.get("timeline");
      h.append("<h2>Bees receiving over time</h2>")
          .append(Svg.line(tl, "receiving", 1, "bees"));
      h.append("<h2>Aggregate bitrate</h2>").append(Svg.line(tl, "bitrateBps", 1e-6, "Mb/s"));
      h.append("<h2>Loss per second</h2>").append(Svg.line(tl, "lossPercent", 1, "% lost"));
      List<Map<String, Object>> bees = (List<Map<String, Object>>) root.get("bees");
      List<Double> joins = new ArrayList<>();
      for (Map<String, Object> b : bees) {
        if (b.get("joinMs") instanceof Double d) {
          joins.add(d);
        }
      }
      h.append("<h2>Join time distribution (POST to first RTP)</h2>")
          .append(Svg.histogram(joins, "ms", "bees"));
    }
    Map<String, Object> p = (Map<String, Object>) root.get("publisher");
    if (p != null) {
      h.append("<h2>Publisher</h2>").append(table(p));
    }
    h.append("<p>Per-bee figures are in result.json.</p></body></html>\n");
    Files.writeString(file, h, StandardCharsets.UTF_8);
  }

  private static String table(Map<String, Object> m) {
    StringBuilder t = new StringBuilder("<table>");
    m.forEach((k, v) -> t.append("<tr><th style=\"text-align:left\">").append(esc(k))
        .append("</th><td>").append(esc(v)).append("</td></tr>"));
    return t.append("</table>").toString();
  }

  static String esc(@Nullable Object o) {
    String s = String.valueOf(o);
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** Inline SVG charts. */
  static final class Svg {
    private static final int W = 900;
    private static final int H = 240;
    private static final int L = 60;
    private static final int B = 30;

    private Svg() {}

    static String line(List<Map<String, Object>> rows, String key, double scale, String unit) {
      if (rows.isEmpty()) {
        return "<p>(no samples)</p>";
      }
      double maxX = 0;
      double maxY = 0;
      for (Map<String, Object> r : rows) {
        maxX = Math.max(maxX, ((Number) r.get("t")).doubleValue());
        maxY = Math.max(maxY, ((Number) r.get(key)).doubleValue() * scale);
      }
      maxY = niceCeil(maxY);
      maxX = Math.max(1, maxX);
      StringBuilder s = frame(maxX, maxY, "s", unit);
      s.append("<polyline fill=\"none\" stroke=\"#2060c0\" stroke-width=\"2\" points=\"");
      for (Map<String, Object> r : rows) {
        double x = ((Number) r.get("t")).doubleValue();
        double y = ((Number) r.get(key)).doubleValue() * scale;
        s.append(fmt(px(x, maxX))).append(',').append(fmt(py(y, maxY))).append(' ');
      }
      return s.append("\"/></svg>").toString();
    }

    static String histogram(List<Double> values, String xUnit, String yUnit) {
      if (values.isEmpty()) {
        return "<p>(no bee received RTP)</p>";
      }
      double max = 0;
      for (double v : values) {
        max = Math.max(max, v);
      }
      int bins = 20;
      double maxX = niceCeil(max);
      int[] counts = new int[bins];
      for (double v : values) {
        counts[Math.min(bins - 1, (int) (v / maxX * bins))]++;
      }
      int top = 0;
      for (int c : counts) {
        top = Math.max(top, c);
      }
      double maxY = niceCeil(top);
      StringBuilder s = frame(maxX, maxY, xUnit, yUnit);
      for (int i = 0; i < bins; i++) {
        double x0 = px(maxX * i / bins, maxX);
        double x1 = px(maxX * (i + 1) / bins, maxX);
        double y = py(counts[i], maxY);
        s.append("<rect fill=\"#40a060\" x=\"").append(fmt(x0 + 1)).append("\" y=\"")
            .append(fmt(y)).append("\" width=\"").append(fmt(x1 - x0 - 2)).append("\" height=\"")
            .append(fmt(H - B - y)).append("\"/>");
      }
      return s.append("</svg>").toString();
    }

    private static StringBuilder frame(double maxX, double maxY, String xUnit, String yUnit) {
      StringBuilder s = new StringBuilder();
      s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"")
          .append(H).append("\">");
      s.append("<line x1=\"").append(L).append("\" y1=\"").append(H - B).append("\" x2=\"")
          .append(W - 10).append("\" y2=\"").append(H - B).append("\" stroke=\"#000\"/>");
      s.append("<line x1=\"").append(L).append("\" y1=\"10\" x2=\"").append(L).append("\" y2=\"")
          .append(H - B).append("\" stroke=\"#000\"/>");
      for (int i = 0; i <= 4; i++) {
        double y = maxY * i / 4;
        double yy = py(y, maxY);
        s.append("<line x1=\"").append(L).append("\" x2=\"").append(W - 10).append("\" y1=\"")
            .append(fmt(yy)).append("\" y2=\"").append(fmt(yy)).append("\" stroke=\"#eee\"/>");
        s.append("<text x=\"").append(L - 5).append("\" y=\"").append(fmt(yy + 4))
            .append("\" text-anchor=\"end\">").append(label(y)).append("</text>");
        double x = maxX * i / 4;
        s.append("<text x=\"").append(fmt(px(x, maxX))).append("\" y=\"").append(H - B + 15)
            .append("\" text-anchor=\"middle\">").append(label(x)).append("</text>");
      }
      s.append("<text x=\"").append(W - 10).append("\" y=\"").append(H - 3)
          .append("\" text-anchor=\"end\">").append(esc(xUnit)).append("</text>");
      s.append("<text x=\"5\" y=\"12\">").append(esc(yUnit)).append("</text>");
      return s;
    }

    private static double px(double x, double maxX) {
      return L + (W - 10 - L) * x / maxX;
    }

    private static double py(double y, double maxY) {
      return (H - B) - (H - B - 10) * y / maxY;
    }

    private static double niceCeil(double v) {
      if (v <= 0) {
        return 1;
      }
      double p = Math.pow(10, Math.floor(Math.log10(v)));
      for (double m : new double[] {1, 2, 2.5, 5, 10}) {
        if (v <= m * p) {
          return m * p;
        }
      }
      return 10 * p;
    }

    private static String label(double v) {
      return v == Math.rint(v) && Math.abs(v) < 1e12 ? Long.toString((long) v)
          : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String fmt(double v) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
  }
}
