package io.sluice.benchmarks.bees;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/**
 * Command-line options of the load tool, each with its bounds: a run is bounded in count and in
 * time whatever is asked.
 */
record BeesOptions(
    @Nullable URI whep,
    @Nullable URI publish,
    int bees,
    double rampPerSecond,
    int holdSeconds,
    @Nullable String token,
    boolean decrypt,
    Path out,
    long bitrate,
    int keyframeIntervalSeconds,
    boolean audio,
    int publishSeconds,
    int eventLoops) {

  static final int MAX_BEES = 10_000;
  static final double MAX_RAMP = 1000;
  static final int MAX_HOLD_SECONDS = 3600;
  static final int MAX_PUBLISH_SECONDS = 24 * 3600;

  static final String USAGE = """
      sluice-bees: WebRTC pseudo-subscribers ("bees") for any WHEP endpoint, and a WHIP publisher
      of a synthetic VP8 stream, on Sluice's own ICE, DTLS-SRTP and RTCP.

        java -jar sluice-bees.jar --whep URL [options]        bees only
        java -jar sluice-bees.jar --publish URL [options]     publisher only
        java -jar sluice-bees.jar --publish URL --whep URL    both: publish, then bees

      bees:
        --whep URL             WHEP endpoint to play, e.g. http://127.0.0.1:8080/whep/live
        -n, --bees N           number of bees (default 10, at most 10000)
        --ramp R               bees started per second (default 10, at most 1000)
        --hold S               seconds to hold after the last bee started (default 30, at most 3600)
        --no-decrypt           count-only bees: SRTP is neither authenticated nor decrypted;
                               no retransmission matching and no latency
        --loops N              event loops for the bees' sockets (default: available cores)
      publisher:
        --publish URL          WHIP endpoint to publish to, e.g. http://127.0.0.1:8080/whip/live
        --bitrate BPS          video bitrate (default 2500000: about 260 packets/s of 1200 bytes)
        --keyframe-interval S  seconds between keyframes (default 2)
        --audio                add Opus-like audio (50 packets/s)
        --duration S           publisher-only: seconds to publish (default 60, at most 86400)
      both:
        --token T              bearer token for WHIP and WHEP
        --out DIR              where result.json and report.html go (default bees-<time>)
        -h, --help             this text
      """;

  /** Parses {@code args}; throws IllegalArgumentException with a message for the user. */
  static BeesOptions parse(String[] args) {
    URI whep = null;
    URI publish = null;
    int bees = 10;
    double ramp = 10;
    int hold = 30;
    String token = null;
    boolean decrypt = true;
    Path out = null;
    long bitrate = 2_500_000;
    int keyframe = 2;
    boolean audio = false;
    int duration = 60;
    int loops = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--whep" -> whep = uri(a, value(args, ++i, a));
        case "--publish" -> publish = uri(a, value(args, ++i, a));
        case "-n", "--bees" -> bees = (int) number(a, value(args, ++i, a), 1, MAX_BEES);
        case "--ramp" -> ramp = decimal(a, value(args, ++i, a), 0.1, MAX_RAMP);
        case "--hold" -> hold = (int) number(a, value(args, ++i, a), 1, MAX_HOLD_SECONDS);
        case "--token" -> token = value(args, ++i, a);
        case "--no-decrypt" -> decrypt = false;
        case "--out" -> out = Path.of(value(args, ++i, a));
        case "--bitrate" -> bitrate = number(a, value(args, ++i, a), 100_000, 50_000_000);
        case "--keyframe-interval" -> keyframe = (int) number(a, value(args, ++i, a), 1, 60);
        case "--audio" -> audio = true;
        case "--duration" -> duration = (int) number(a, value(args, ++i, a), 1, MAX_PUBLISH_SECONDS);
        case "--loops" -> loops = (int) number(a, value(args, ++i, a), 1, 64);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (whep == null && publish == null) {
      throw new IllegalArgumentException("nothing to do: give --whep URL, --publish URL or both");
    }
    if (out == null) {
      out = Path.of("bees-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
    return new BeesOptions(whep, publish, bees, ramp, hold, token, decrypt, out, bitrate,
        keyframe, audio, duration, loops);
  }

  /** Seconds the ramp takes: the last bee starts at (N - 1) / R. */
  double rampSeconds() {
    return (bees - 1) / rampPerSecond;
  }

  static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static URI uri(String option, String s) {
    URI u;
    try {
      u = URI.create(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": not a URL: " + s);
    }
    if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
      throw new IllegalArgumentException(option + ": " + s + " (expected: an http or https URL)");
    }
    return u;
  }

  static long number(String option, String s, long min, long max) {
    long v;
    try {
      v = Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": " + s + " is not a whole number");
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException(option + ": " + v + " (expected: " + min + ".." + max + ")");
    }
    return v;
  }

  private static double decimal(String option, String s, double min, double max) {
    double v;
    try {
      v = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": " + s + " is not a number");
    }
    if (!(v >= min && v <= max)) {
      throw new IllegalArgumentException(option + ": " + v + " (expected: " + min + ".." + max + ")");
    }
    return v;
  }
}
