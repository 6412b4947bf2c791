package io.sluice.benchmarks.bees;

import io.sluice.node.client.WhepClient;
import io.sluice.node.client.WhipClient;
import io.sluice.transport.dtls.DtlsCertificate;
import io.sluice.transport.internal.dtls.DtlsContext;
import io.sluice.transport.internal.session.WebRtcClient;
import io.sluice.transport.internal.srtp.SrtpSession;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The load tool: N pseudo-subscribers ("bees") against any WHEP endpoint, and a synthetic WHIP
 * publisher, so that a whole test needs no browser. See {@link BeesOptions#USAGE} and
 * {@code benchmarks/README.md}.
 */
public final class Bees {
  /** How long the publisher waits for ICE and DTLS. */
  static final long PUBLISH_CONNECT_MILLIS = 10_000;
  static final Duration CONSENT_TIMEOUT = Duration.ofSeconds(30);

  private Bees() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
      System.out.print(BeesOptions.USAGE);
      return;
    }
    BeesOptions options;
    try {
      options = BeesOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("sluice-bees: " + e.getMessage());
      System.err.print(BeesOptions.USAGE);
      System.exit(2);
      return;
    }
    System.exit(run(options, System.err, System.console() != null));
  }

  /** Runs and writes the results; returns the exit status (0: something was received). */
  static int run(BeesOptions o, PrintStream err, boolean terminal) throws Exception {
    String startedAt = Instant.now().toString();
    SrtpSession.warmUp(); // jitsi-srtp benchmarks its providers once, for about 2 s
    DtlsCertificate certificate = DtlsCertificate.generate();
    SyntheticPublisher publisher = null;
    Swarm swarm = null;
    long pubStart = 0;
    long pubEnd = 0;
    Thread sender = null;
    WebRtcClient pubRtc = null;
    WhipClient whip = null;
    WebRtcClient beeRtc = null;
    try {
      if (o.publish() != null) {
        pubRtc = new WebRtcClient(1, DtlsContext.builder(certificate).build(), CONSENT_TIMEOUT,
            localAddressFor(o.publish()));
        whip = new WhipClient(pubRtc);
        publisher = new SyntheticPublisher(o.bitrate(), o.keyframeIntervalSeconds(), o.audio());
        publisher.start(whip, o.publish(), o.token(), PUBLISH_CONNECT_MILLIS);
        err.println("publishing to " + o.publish() + " at " + o.bitrate() / 1000 + " kb/s");
        long deadline = System.nanoTime() + (o.whep() == null ? o.publishSeconds()
            : (long) Math.ceil(o.rampSeconds()) + o.holdSeconds() + 60) * 1_000_000_000L;
        SyntheticPublisher p = publisher;
        pubStart = System.nanoTime();
        sender = Thread.ofPlatform().name("bees-publisher").start(() -> p.run(deadline));
      }
      if (o.whep() != null) {
        beeRtc = new WebRtcClient(o.eventLoops(), DtlsContext.builder(certificate).build(),
            CONSENT_TIMEOUT, localAddressFor(o.whep()));
        beeRtc.decryptRtp(o.decrypt());
        SyntheticPublisher p = publisher;
        swarm = new Swarm(o, new WhepClient(beeRtc), err, terminal,
            () -> p == null ? 0 : p.videoPackets + p.audioPackets);
        swarm.run();
      } else if (publisher != null) {
        publisherProgress(publisher, sender, err, terminal);
      }
    } finally {
      if (publisher != null) {
        publisher.stop();
        if (sender != null) {
          sender.join(5_000);
        }
        pubEnd = System.nanoTime();
        publisher.close();
      }
      if (whip != null) {
        whip.close();
      }
      if (pubRtc != null) {
        pubRtc.close();
      }
      if (beeRtc != null) {
        beeRtc.close();
      }
    }
    Report report = new Report(o, swarm, publisher, pubStart, pubEnd, startedAt);
    Files.createDirectories(o.out());
    report.writeJson(o.out().resolve("result.json"));
    report.writeHtml(o.out().resolve("report.html"));
    Map<String, Object> s = report.summary();
    if (swarm != null) {
      err.println(String.format(Locale.ROOT, "bees: %s of %s received RTP; join %s ms; loss %s %%;"
              + " latency %s ms (%s)", s.get("beesReceiving"), s.get("beesRequested"),
          s.get("joinTimeMs"), s.get("lossPercent"), s.get("latencyMs"),
          o.decrypt() ? "full decrypt" : "no-decrypt"));
    }
    err.println("wrote " + o.out().resolve("result.json") + " and " + o.out().resolve("report.html"));
    if (swarm != null) {
      return ((Number) s.get("beesReceiving")).intValue() > 0 ? 0 : 1;
    }
    return publisher != null && publisher.videoPackets > 0 ? 0 : 1;
  }

  private static void publisherProgress(SyntheticPublisher p, @Nullable Thread sender,
      PrintStream err, boolean terminal) throws InterruptedException {
    long start = System.nanoTime();
    long lastBytes = 0;
    while (sender != null && sender.isAlive()) {
      sender.join(1000);
      long bytes = p.bytesSent;
      String line = String.format(Locale.ROOT, "[%6.1fs] published %d video + %d audio packets,"
              + " %d keyframes | %.2f Mb/s | NACKs %d, RTX %d, PLI %d",
          (System.nanoTime() - start) / 1e9, p.videoPackets, p.audioPackets, p.keyframes,
          (bytes - lastBytes) * 8 / 1e6, p.nacksReceived, p.retransmitted, p.plisReceived);
      lastBytes = bytes;
      err.print(terminal ? "\r" + line + "\u001b[K" : line + "\n");
    }
    if (terminal) {
      err.println();
    }
    if (p.isClosed() && p.closeReason() != null) {
      err.println("publisher session closed: " + p.closeReason());
    }
  }

  /** The address the sessions' sockets bind: loopback for a loopback server, else any. */
  static InetAddress localAddressFor(URI endpoint) throws UnknownHostException {
    InetAddress server = InetAddress.getByName(endpoint.getHost());
    if (server.isLoopbackAddress()) {
      return server;
    }
    return InetAddress.getByName(server instanceof Inet6Address ? "::" : "0.0.0.0");
  }
}
