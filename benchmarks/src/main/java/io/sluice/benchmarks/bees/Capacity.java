package io.sluice.benchmarks.bees;

import static io.sluice.benchmarks.bees.BeesOptions.number;
import static io.sluice.benchmarks.bees.BeesOptions.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sluice.node.client.WhepClient;
import io.sluice.node.client.WhipClient;
import io.sluice.transport.dtls.DtlsCertificate;
import io.sluice.transport.internal.dtls.DtlsContext;
import io.sluice.transport.internal.session.WebRtcClient;
import io.sluice.transport.internal.srtp.SrtpSession;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The capacity benchmark's driver (run by {@code benchmarks/capacity.sh}, which pins the node to
 * one core and this process to the other): publishes the synthetic stream to a node, adds bees
 * in steps, and after each step holds a measurement window in which it reads the node process's
 * CPU time ({@code /proc/<pid>/stat}), the packets the node sent to viewers (the admin API's
 * viewer counters), the bees' loss and the latency that bees read from the payload timestamps.
 * It stops at the first step whose loss exceeds the limit, whose window kept the node's core
 * busy beyond the CPU limit, at the viewer maximum, or when the next step would not fit in the
 * time limit. Writes {@code capacity.json}, and the bees' own {@code result.json} and
 * {@code report.html} for the whole run.
 */
public final class Capacity {
  static final int MAX_SECONDS = 3600;
  /** How long a step waits at most for its bees to receive (or fail) before measuring. */
  static final long JOIN_WAIT_NANOS = 20_000_000_000L;
  /** Sessions per client address; a node allows 64 by default. */
  static final int VIEWERS_PER_ADDRESS = 48;

  record Options(URI http, String stream, long nodePid, int clockTicksPerSecond, int start,
      int step, int maxViewers, double rampPerSecond, int settleSeconds, int holdSeconds,
      int maxSeconds, double lossLimitPercent, double cpuLimit, boolean decrypt, int latencyBees,
      long bitrate, int loops, Path out) {

    static final String USAGE = """
        Capacity benchmark driver (see benchmarks/capacity.sh, which starts the node):
          java -cp sluice-bees.jar io.sluice.benchmarks.bees.Capacity --node-pid PID [options]

          --http URL             the node's HTTP base (default http://127.0.0.1:8080)
          --stream NAME          stream to publish and play (default capacity)
          --node-pid PID         the node's process, for its CPU time (required)
          --clk-tck N            clock ticks per second of /proc/<pid>/stat (default 100)
          --start N              viewers of the first step (default 100)
          --step N               viewers added per step (default 100)
          --max-viewers N        stop at this many viewers (default 2000, at most 10000)
          --ramp R               viewers started per second within a step (default 20)
          --settle S             seconds after a step's last join before measuring (default 3)
          --hold S               seconds of each measurement window (default 10)
          --max-seconds S        stop before a step would end later than this (default 540)
          --loss-limit P         stop above this loss, in % (default 0.5)
          --cpu-limit F          stop when the node's core is busy beyond F of a core (default 0.95)
          --no-decrypt           count-only bees, except the --latency-bees
          --latency-bees N       with --no-decrypt: bees that decrypt to read latency (default 10)
          --bitrate BPS          published video bitrate (default 2500000)
          --loops N              event loops for the bees (default 1)
          --out DIR              where capacity.json, result.json and report.html go
        """;

    static Options parse(String[] args) {
      URI http = URI.create("http://127.0.0.1:8080");
      String stream = "capacity";
      long pid = -1;
      int tck = 100;
      int start = 100;
      int step = 100;
      int max = 2000;
      double ramp = 20;
      int settle = 3;
      int hold = 10;
      int maxSeconds = 540;
      double loss = 0.5;
      double cpu = 0.95;
      boolean decrypt = true;
      int latencyBees = 10;
      long bitrate = 2_500_000;
      int loops = 1;
      Path out = null;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--http" -> http = URI.create(value(args, ++i, a));
          case "--stream" -> stream = value(args, ++i, a);
          case "--node-pid" -> pid = number(a, value(args, ++i, a), 1, Long.MAX_VALUE);
          case "--clk-tck" -> tck = (int) number(a, value(args, ++i, a), 1, 1_000_000);
          case "--start" -> start = (int) number(a, value(args, ++i, a), 1, BeesOptions.MAX_BEES);
          case "--step" -> step = (int) number(a, value(args, ++i, a), 1, BeesOptions.MAX_BEES);
          case "--max-viewers" -> max = (int) number(a, value(args, ++i, a), 1, BeesOptions.MAX_BEES);
          case "--ramp" -> ramp = number(a, value(args, ++i, a), 1, (long) BeesOptions.MAX_RAMP);
          case "--settle" -> settle = (int) number(a, value(args, ++i, a), 0, 600);
          case "--hold" -> hold = (int) number(a, value(args, ++i, a), 1, 600);
          case "--max-seconds" -> maxSeconds = (int) number(a, value(args, ++i, a), 10, MAX_SECONDS);
          case "--loss-limit" -> loss = Double.parseDouble(value(args, ++i, a));
          case "--cpu-limit" -> cpu = Double.parseDouble(value(args, ++i, a));
          case "--no-decrypt" -> decrypt = false;
          case "--latency-bees" -> latencyBees = (int) number(a, value(args, ++i, a), 0, 1000);
          case "--bitrate" -> bitrate = number(a, value(args, ++i, a), 100_000, 50_000_000);
          case "--loops" -> loops = (int) number(a, value(args, ++i, a), 1, 64);
          case "--out" -> out = Path.of(value(args, ++i, a));
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (pid < 0) {
        throw new IllegalArgumentException("--node-pid is required");
      }
      if (!Files.isReadable(Path.of("/proc/" + pid + "/stat"))) {
        throw new IllegalArgumentException("--node-pid " + pid + ": no /proc/" + pid + "/stat");
      }
      if (out == null) {
        out = Path.of("capacity-"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
      }
      return new Options(http, stream, pid, tck, start, step, max, ramp, settle, hold,
          maxSeconds, loss, cpu, decrypt, decrypt ? 0 : latencyBees, bitrate, loops, out);
    }

    URI whip() {
      return http.resolve("/whip/" + stream);
    }

    URI whep() {
      return http.resolve("/whep/" + stream);
    }
  }

  /** CPU time of a process, from {@code /proc/<pid>/stat}, in clock ticks. */
  record Cpu(long user, long system) {
    static Cpu read(long pid) throws IOException {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      return new Cpu(Long.parseLong(f[11]), Long.parseLong(f[12])); // fields 14 and 15
    }
  }

  /** What is read at each end of a measurement window. */
  record Mark(long nanos, Cpu node, Cpu self, long nodeSent, long nodeReceived, long publisherSent,
      long beePackets, long beeExpected, long beeLost, int receiving, LatencyHistogram latency) {}

  private final Options o;
  private final PrintStream err;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .build();
  private final ObjectMapper json = new ObjectMapper();
  private final List<Map<String, Object>> steps = new ArrayList<>();
  private final List<HttpClient> httpClients = new ArrayList<>();

  private Capacity(Options o, PrintStream err) {
    this.o = o;
    this.err = err;
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
      System.out.print(Options.USAGE);
      return;
    }
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("capacity: " + e.getMessage());
      System.err.print(Options.USAGE);
      System.exit(2);
      return;
    }
    System.exit(new Capacity(o, System.err).run());
  }

  private int run() throws Exception {
    String startedAt = Instant.now().toString();
    long runStart = System.nanoTime();
    long runEnd = runStart + o.maxSeconds() * 1_000_000_000L;
    SrtpSession.warmUp();
    DtlsCertificate certificate = DtlsCertificate.generate();
    BeesOptions bo = new BeesOptions(o.whep(), o.whip(), o.maxViewers(), o.rampPerSecond(),
        o.holdSeconds(), null, o.decrypt(), o.out(), o.bitrate(), 2, false, o.maxSeconds(),
        o.loops());
    SyntheticPublisher publisher = new SyntheticPublisher(o.bitrate(), 2, false);
    WebRtcClient pubRtc = null;
    WhipClient whip = null;
    WebRtcClient beeRtc = null;
    WebRtcClient latencyRtc = null;
    Thread sender = null;
    Swarm swarm = null;
    String stopReason = "max viewers reached";
    long pubStart = System.nanoTime();
    long pubEnd;
    try {
      pubRtc = new WebRtcClient(1, DtlsContext.builder(certificate).build(), Bees.CONSENT_TIMEOUT,
          Bees.localAddressFor(o.whip()));
      whip = new WhipClient(pubRtc);
      publisher.start(whip, o.whip(), null, Bees.PUBLISH_CONNECT_MILLIS);
      SyntheticPublisher p = publisher;
      long publishUntil = runEnd + 60_000_000_000L;
      sender = Thread.ofPlatform().name("bees-publisher").start(() -> p.run(publishUntil));
      err.printf(Locale.ROOT, "publishing %s at %d kb/s; node pid %d; bees %s%n", o.whip(),
          o.bitrate() / 1000, o.nodePid(), o.decrypt() ? "decrypt in full"
              : "count only (--no-decrypt), " + o.latencyBees() + " of them decrypt for latency");
      Thread.sleep(2000); // the first keyframe, so the first bees start at once

      beeRtc = new WebRtcClient(o.loops(), DtlsContext.builder(certificate).build(),
          Bees.CONSENT_TIMEOUT, Bees.localAddressFor(o.whep()));
      beeRtc.decryptRtp(o.decrypt());
      // A node limits signaling sessions per client address (64 by default): POST from
      // several loopback addresses, at most VIEWERS_PER_ADDRESS from each.
      List<InetAddress> from = httpAddresses(o.maxViewers() + o.latencyBees());
      List<WhepClient> clients = new ArrayList<>();
      for (InetAddress a : from) {
        clients.add(new WhepClient(beeRtc, httpClient(a)));
      }
      WhepClient latencyWhep = null;
      if (o.latencyBees() > 0) {
        latencyRtc = new WebRtcClient(1, DtlsContext.builder(certificate).build(),
            Bees.CONSENT_TIMEOUT, Bees.localAddressFor(o.whep()));
        latencyWhep = new WhepClient(latencyRtc, httpClient(from.get(0)));
      }
      swarm = new Swarm(bo, clients, latencyWhep, o.latencyBees(), err, false,
          () -> p.videoPackets + p.audioPackets);
      swarm.begin(runEnd - System.nanoTime());
      try {
        for (int target = o.start(); ; target = Math.min(o.maxViewers(), target + o.step())) {
          double rampSeconds = (target - swarm.launched()) / o.rampPerSecond();
          long stepNanos = (long) ((rampSeconds + o.settleSeconds() + o.holdSeconds() + 2) * 1e9);
          if (System.nanoTime() + stepNanos - runEnd > 0) {
            stopReason = "time limit (--max-seconds " + o.maxSeconds() + ")";
            break;
          }
          swarm.runPhase(target, o.rampPerSecond(),
              System.nanoTime() + (long) ((rampSeconds + o.settleSeconds()) * 1e9));
          long joinDeadline = System.nanoTime() + JOIN_WAIT_NANOS;
          while (pending(swarm) > 0 && System.nanoTime() - joinDeadline < 0) {
            swarm.runPhase(target, o.rampPerSecond(), System.nanoTime() + 1_000_000_000L);
          }
          Mark before = mark(swarm, publisher);
          swarm.runPhase(target, o.rampPerSecond(),
              System.nanoTime() + o.holdSeconds() * 1_000_000_000L);
          Mark after = mark(swarm, publisher);
          Map<String, Object> s = step(target, before, after);
          steps.add(s);
          err.println(line(s));
          if (publisher.isClosed()) {
            stopReason = "publisher session closed: " + publisher.closeReason();
            break;
          }
          if ((double) s.get("lossPercent") > o.lossLimitPercent()) {
            stopReason = "loss above " + o.lossLimitPercent() + "%";
            break;
          }
          if ((double) s.get("nodeCores") >= o.cpuLimit()) {
            stopReason = "node core saturated (>= " + o.cpuLimit() + " of a core)";
            break;
          }
          if (target >= o.maxViewers()) {
            break;
          }
        }
      } finally {
        swarm.finish();
      }
    } finally {
      publisher.stop();
      if (sender != null) {
        sender.join(5_000);
      }
      pubEnd = System.nanoTime();
      publisher.close();
      if (whip != null) {
        whip.close();
      }
      if (pubRtc != null) {
        pubRtc.close();
      }
      if (beeRtc != null) {
        beeRtc.close();
      }
      if (latencyRtc != null) {
        latencyRtc.close();
      }
      for (HttpClient c : httpClients) {
        c.close();
      }
      http.close();
    }
    Files.createDirectories(o.out());
    Report report = new Report(bo, swarm, publisher, pubStart, pubEnd, startedAt);
    report.writeJson(o.out().resolve("result.json"));
    report.writeHtml(o.out().resolve("report.html"));
    Map<String, Object> result = result(startedAt, stopReason);
    json.enable(SerializationFeature.INDENT_OUTPUT).writeValue(
        o.out().resolve("capacity.json").toFile(), result);
    err.println("stopped: " + stopReason);
    err.println(summaryLine(result));
    err.println("wrote " + o.out().resolve("capacity.json") + ", result.json and report.html");
    return steps.isEmpty() ? 1 : 0;
  }

  /**
   * Loopback addresses to POST from: 127.0.0.1, .2, ... enough for {@code sessions} at
   * {@link #VIEWERS_PER_ADDRESS} each. For a node that is not on loopback, the one address.
   */
  private List<InetAddress> httpAddresses(int sessions) throws IOException {
    InetAddress server = InetAddress.getByName(o.http().getHost());
    if (!(server instanceof Inet4Address) || !server.isLoopbackAddress()) {
      return List.of(Bees.localAddressFor(o.http()));
    }
    int n = Math.min(250, (sessions + VIEWERS_PER_ADDRESS - 1) / VIEWERS_PER_ADDRESS);
    List<InetAddress> all = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      all.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) i}));
    }
    return all;
  }

  /** An HTTP client like the WHEP client's own, sending from {@code local}; closed at the end. */
  private HttpClient httpClient(InetAddress local) {
    HttpClient c = HttpClient.newBuilder().localAddress(local)
        .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    httpClients.add(c);
    return c;
  }

  /** Bees started that neither receive nor have failed yet. */
  private static int pending(Swarm swarm) {
    int n = 0;
    for (Bee b : swarm.bees) {
      if (b.firstRtpNanos == 0 && b.closedNanos == 0) {
        n++;
      }
    }
    return n;
  }

  private Mark mark(Swarm swarm, SyntheticPublisher publisher) throws IOException,
      InterruptedException {
    // CPU first, then the API, at both ends: the two intervals are shifted alike.
    long now = System.nanoTime();
    Cpu node = Cpu.read(o.nodePid());
    Cpu self = Cpu.read(ProcessHandle.current().pid());
    long[] api = nodeCounters();
    long packets = 0;
    long expected = 0;
    long lost = 0;
    int receiving = 0;
    LatencyHistogram latency = new LatencyHistogram();
    for (Bee b : swarm.bees) {
      packets += b.packets;
      expected += b.expectedSnapshot;
      lost += b.lostSnapshot;
      if (b.isReceiving()) {
        receiving++;
      }
      latency.add(b.latency);
    }
    return new Mark(now, node, self, api[0], api[1], publisher.videoPackets, packets, expected,
        lost, receiving, latency);
  }

  /** The stream's packets sent to all viewers and received from the publisher, per the API. */
  private long[] nodeCounters() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(o.http().resolve("/api/streams/"
            + o.stream())).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET /api/streams/" + o.stream() + ": HTTP " + r.statusCode());
    }
    JsonNode s = json.readTree(r.body());
    long sent = 0;
    for (JsonNode v : s.path("viewers")) {
      sent += v.path("packets").asLong();
    }
    return new long[] {sent, s.path("publisher").path("packets").asLong()};
  }

  private Map<String, Object> step(int target, Mark a, Mark b) {
    double seconds = (b.nanos() - a.nanos()) / 1e9;
    double tickMicros = 1e6 / o.clockTicksPerSecond();
    double nodeUser = (b.node().user() - a.node().user()) * tickMicros;
    double nodeSys = (b.node().system() - a.node().system()) * tickMicros;
    double self = (b.self().user() + b.self().system() - a.self().user() - a.self().system())
        * tickMicros;
    long sent = b.nodeSent() - a.nodeSent();
    long published = b.publisherSent() - a.publisherSent();
    long expected = b.beeExpected() - a.beeExpected();
    long lost = Math.max(0, b.beeLost() - a.beeLost());
    LatencyHistogram window = b.latency();
    window.subtract(a.latency());
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("viewers", target);
    s.put("receiving", b.receiving());
    s.put("windowSeconds", round(seconds));
    s.put("publishedPackets", published);
    s.put("nodeReceivedPackets", b.nodeReceived() - a.nodeReceived());
    s.put("nodeSentPackets", sent);
    s.put("nodeSentPacketsPerSecond", round(sent / seconds));
    s.put("beePacketsPerSecond", round((b.beePackets() - a.beePackets()) / seconds));
    s.put("nodeCpuMicros", round(nodeUser + nodeSys));
    s.put("nodeUserMicros", round(nodeUser));
    s.put("nodeSystemMicros", round(nodeSys));
    s.put("nodeCores", round(3, (nodeUser + nodeSys) / 1e6 / seconds));
    s.put("beesCores", round(3, self / 1e6 / seconds));
    s.put("nodeCpuMicrosPerPacket", sent > 0 ? round(3, (nodeUser + nodeSys) / sent) : null);
    s.put("nodeUserMicrosPerPacket", sent > 0 ? round(3, nodeUser / sent) : null);
    s.put("nodeSystemMicrosPerPacket", sent > 0 ? round(3, nodeSys / sent) : null);
    s.put("expected", expected);
    s.put("lost", lost);
    s.put("lossPercent", expected > 0 ? round(3, 100.0 * lost / expected) : 0.0);
    // Delivery against what the publisher sent, before repair and independent of the RRs.
    long due = published * b.receiving();
    s.put("deliveredPercent", due > 0
        ? round(3, 100.0 * (b.beePackets() - a.beePackets()) / due) : null);
    Map<String, Object> lat = new LinkedHashMap<>();
    lat.put("packets", window.count());
    for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
      double us = window.quantileMicros(q);
      lat.put("p" + trim(q * 100), us < 0 ? null : round(3, us / 1000));
    }
    s.put("latencyMs", lat);
    return s;
  }

  private Map<String, Object> result(String startedAt, String stopReason) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("tool", "sluice-capacity");
    r.put("startedAt", startedAt);
    Map<String, Object> mode = new LinkedHashMap<>();
    mode.put("decrypt", o.decrypt());
    mode.put("latencyBees", o.latencyBees());
    mode.put("description", o.decrypt()
        ? "bees decrypt in full (SRTP authenticated and decrypted, latency read by all)"
        : "count-only bees (--no-decrypt): SRTP neither authenticated nor decrypted; loss from"
            + " clear RTP headers, before repair (retransmissions cannot be matched); "
            + o.latencyBees() + " bees decrypt in full and read latency");
    r.put("mode", mode);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("http", o.http().toString());
    c.put("stream", o.stream());
    c.put("nodePid", o.nodePid());
    c.put("start", o.start());
    c.put("step", o.step());
    c.put("maxViewers", o.maxViewers());
    c.put("rampPerSecond", o.rampPerSecond());
    c.put("settleSeconds", o.settleSeconds());
    c.put("holdSeconds", o.holdSeconds());
    c.put("maxSeconds", o.maxSeconds());
    c.put("lossLimitPercent", o.lossLimitPercent());
    c.put("cpuLimit", o.cpuLimit());
    c.put("bitrate", o.bitrate());
    c.put("beeLoops", o.loops());
    c.put("availableProcessors", Runtime.getRuntime().availableProcessors());
    r.put("config", c);
    r.put("stopReason", stopReason);
    Map<String, Object> best = null;
    for (Map<String, Object> s : steps) {
      if ((double) s.get("lossPercent") <= o.lossLimitPercent()
          && (int) s.get("receiving") >= (int) s.get("viewers")) {
        best = s;
      }
    }
    Map<String, Object> sum = new LinkedHashMap<>();
    sum.put("viewersHeld", best == null ? 0 : best.get("viewers"));
    sum.put("lossLimitPercent", o.lossLimitPercent());
    if (best != null) {
      sum.put("nodeCoresAtViewersHeld", best.get("nodeCores"));
      sum.put("beesCoresAtViewersHeld", best.get("beesCores"));
      sum.put("nodeCpuMicrosPerPacket", best.get("nodeCpuMicrosPerPacket"));
      sum.put("latencyMs", best.get("latencyMs"));
      Object us = best.get("nodeCpuMicrosPerPacket");
      if (us instanceof Double d && d > 0) {
        // What one fully busy core would carry at the measured cost per packet.
        double pps = o.bitrate() / 8.0 / 1200;
        sum.put("viewersPerCoreAtMeasuredCost", (long) (1e6 / d / pps));
      }
      sum.put("note", "figures of the largest step held at <= " + o.lossLimitPercent()
          + "% loss with every bee receiving; node CPU is process CPU time (user + system) over"
          + " the window; latency is publisher send to bee receive (node plus both tools)");
    }
    r.put("summary", sum);
    r.put("steps", steps);
    return r;
  }

  private String line(Map<String, Object> s) {
    @SuppressWarnings("unchecked")
    Map<String, Object> lat = (Map<String, Object>) s.get("latencyMs");
    return String.format(Locale.ROOT, "step %5d viewers (%d receiving): node %.2f cores,"
            + " %s µs/packet (user %s, sys %s), %s pkt/s sent | bees %.2f cores | loss %.3f%%,"
            + " delivered %s%% | latency p50 %s p99 %s ms",
        s.get("viewers"), s.get("receiving"), s.get("nodeCores"),
        s.get("nodeCpuMicrosPerPacket"), s.get("nodeUserMicrosPerPacket"),
        s.get("nodeSystemMicrosPerPacket"), s.get("nodeSentPacketsPerSecond"),
        s.get("beesCores"), s.get("lossPercent"), s.get("deliveredPercent"), lat.get("p50"),
        lat.get("p99"));
  }

  private static String summaryLine(Map<String, Object> result) {
    @SuppressWarnings("unchecked")
    Map<String, Object> s = (Map<String, Object>) result.get("summary");
    return "held " + s.get("viewersHeld") + " viewers at <= " + s.get("lossLimitPercent")
        + "% loss; node " + s.get("nodeCpuMicrosPerPacket") + " CPU-µs per forwarded packet ("
        + s.get("viewersPerCoreAtMeasuredCost") + " viewers per core at that cost); latency "
        + s.get("latencyMs");
  }

  private static double round(double v) {
    return round(1, v);
  }

  private static double round(int digits, double v) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
