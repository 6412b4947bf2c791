package io.sluice.signaling.sdp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real WebRTC implementation that makes WHIP and WHEP offers and takes an answer back on the
 * same peer connection: headless Chromium ({@link ChromiumClient}), Firefox ({@link
 * FirefoxClient}) or GStreamer's webrtcbin ({@link WebrtcbinClient}). The golden offers in
 * {@code real/} were made with these, and {@code RealClientLiveTest} runs them against the
 * answerer.
 */
interface RealClient extends AutoCloseable {

  /** What an offer is for. */
  enum Kind {
    /** A WHIP publisher: audio and video {@code sendonly} from the fake camera and microphone. */
    WHIP("whip"),
    /** A WHIP publisher whose video has three simulcast layers (rids q, h, f). */
    WHIP_SIMULCAST("whip-simulcast"),
    /** A WHEP viewer: two {@code recvonly} transceivers, audio then video. */
    WHEP("whep");

    final String id;

    Kind(String id) {
      this.id = id;
    }
  }

  /**
   * An offer as the client made it.
   *
   * @param offer what {@code createOffer} returned (no candidates)
   * @param gathered the local description once ICE gathering completed (what a non-trickle WHIP
   *     client posts, RFC 9725 §4.3)
   * @param gatheringComplete whether gathering completed within the client's wait
   */
  record Offer(String offer, String gathered, boolean gatheringComplete) {}

  /**
   * What the client made of an answer.
   *
   * @param error empty when the client accepted the answer, otherwise its error
   * @param directions each transceiver's negotiated direction, in m-line order
   */
  record AnswerResult(String error, List<String> directions) {}

  /** A file-name prefix: {@code chromium}, {@code firefox}, {@code webrtcbin}. */
  String name();

  /** The client's version as it reports it, e.g. {@code Chromium 156.0.8078.79}. */
  String version();

  /** Makes an offer of {@code kind} and keeps its peer connection for {@link #applyAnswer}. */
  Offer makeOffer(Kind kind) throws Exception;

  /** Applies {@code answer} to the offer of {@code kind} and closes that peer connection. */
  AnswerResult applyAnswer(Kind kind, String answer) throws Exception;

  /** Deletes a client's temporary profile directory and everything in it. */
  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
