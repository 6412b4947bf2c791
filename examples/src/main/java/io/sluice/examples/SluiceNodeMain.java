package io.sluice.examples;

import io.sluice.node.Role;
import io.sluice.node.SluiceNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The runnable Sluice node ({@code examples/target/sluice-node.jar}): a {@link SluiceNode} with
 * the demo page, configured from the command line. {@code --help} lists the options.
 */
public final class SluiceNodeMain {
  private SluiceNodeMain() {}

  /** The parsed command line. */
  record Options(InetSocketAddress http, InetSocketAddress udp, Role role, List<URI> origins,
      String publicIp, InetSocketAddress rtpIngest, String rtpIngestStream, Path rtpIngestSdp,
      boolean help, boolean version) {}

  static final String USAGE = """
      Usage: java -jar sluice-node.jar [options]

        --http HOST:PORT          HTTP address: WHIP, WHEP, admin API, demo page (default 127.0.0.1:8080)
        --udp HOST:PORT           media address: ICE, DTLS, SRTP on one port (default 127.0.0.1:10000)
        --role origin|edge        node role (default origin)
        --origin URL              for an edge: an origin to pull from, e.g. http://10.0.0.1:8080;
                                  repeat for failover, in order of preference
        --public-ip IP            the address to advertise in ICE candidates (default: the --udp host)
        --rtp-ingest HOST:PORT    take plain RTP (ffmpeg -f rtp, GStreamer udpsink) on this port
        --rtp-ingest-stream ID    the stream id plain RTP ingest publishes (default rtp)
        --rtp-ingest-sdp FILE     the sender's SDP (default: VP8 on PT 96, H264 on 97, Opus on 111)
        --version                 print the version and exit
        --help                    print this help and exit

      Publish: POST http://HOST:PORT/whip/{stream}   Play: POST http://HOST:PORT/whep/{stream}
      Admin:   GET  http://HOST:PORT/api/streams     Health: GET http://HOST:PORT/healthz
      """;

  /**
   * Parses the command line.
   *
   * @throws IllegalArgumentException naming the bad option
   */
  static Options parse(String[] args) {
    InetSocketAddress http = SluiceNode.DEFAULT_HTTP;
    InetSocketAddress udp = SluiceNode.DEFAULT_UDP;
    Role role = Role.ORIGIN;
    List<URI> origins = new ArrayList<>();
    String publicIp = null;
    InetSocketAddress rtpIngest = null;
    String rtpStream = "rtp";
    Path rtpSdp = null;
    boolean help = false;
    boolean version = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--help", "-h" -> help = true;
        case "--version" -> version = true;
        case "--http" -> http = address(a, value(args, ++i, a));
        case "--udp" -> udp = address(a, value(args, ++i, a));
        case "--role" -> {
          String r = value(args, ++i, a);
          role = switch (r) {
            case "origin" -> Role.ORIGIN;
            case "edge" -> Role.EDGE;
            default -> throw new IllegalArgumentException(
                "--role: " + r + " (expected: origin or edge)");
          };
        }
        case "--origin" -> {
          String u = value(args, ++i, a);
          URI uri;
          try {
            uri = URI.create(u);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--origin: not a URL: " + u);
          }
          if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
              || uri.getHost() == null) {
            throw new IllegalArgumentException("--origin: " + u + " (expected: http://host:port)");
          }
          origins.add(uri);
        }
        case "--public-ip" -> publicIp = value(args, ++i, a);
        case "--rtp-ingest" -> rtpIngest = address(a, value(args, ++i, a));
        case "--rtp-ingest-stream" -> rtpStream = value(args, ++i, a);
        case "--rtp-ingest-sdp" -> rtpSdp = Path.of(value(args, ++i, a));
        default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
      }
    }
    if (role == Role.EDGE && origins.isEmpty() && !help && !version) {
      throw new IllegalArgumentException("--role edge needs at least one --origin URL");
    }
    if (role == Role.ORIGIN && !origins.isEmpty()) {
      throw new IllegalArgumentException("--origin is for --role edge");
    }
    return new Options(http, udp, role, List.copyOf(origins), publicIp, rtpIngest, rtpStream,
        rtpSdp, help, version);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  static InetSocketAddress address(String option, String value) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new IllegalArgumentException(option + ": " + value + " (expected: HOST:PORT)");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": bad port in " + value);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(option + ": port " + port + " (expected: 0..65535)");
    }
    return new InetSocketAddress(host, port);
  }

  static String version() {
    String v = SluiceNodeMain.class.getPackage().getImplementationVersion();
    return "Sluice " + (v == null ? "(development build)" : v) + " on Java " + Runtime.version();
  }

  /** Builds the node the options describe. */
  static SluiceNode build(Options o) throws IOException {
    SluiceNode.Builder b = SluiceNode.builder()
        .httpAddress(o.http())
        .udpAddress(o.udp())
        .role(o.role())
        .publicAddress(o.publicIp());
    o.origins().forEach(b::addOrigin);
    if (o.rtpIngest() != null) {
      String sdp = o.rtpIngestSdp() == null ? null : Files.readString(o.rtpIngestSdp());
      b.rtpIngest(o.rtpIngest(), o.rtpIngestStream(), sdp);
    }
    return b.build();
  }

  /** Entry point: starts the node and runs until the process is stopped. */
  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      err.println("sluice-node: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    if (o.help()) {
      out.print(USAGE);
      return 0;
    }
    if (o.version()) {
      out.println(version());
      return 0;
    }
    SluiceNode node = build(o);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "sluice-shutdown"));
    node.start();
    out.println(version());
    out.println("Sluice " + o.role().name().toLowerCase(java.util.Locale.ROOT) + " node: demo page "
        + node.baseUri() + "/  media udp " + node.udpAddress().getHostString() + ":"
        + node.udpAddress().getPort());
    stopped.await();
    return 0;
  }
}
