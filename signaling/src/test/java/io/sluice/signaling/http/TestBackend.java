package io.sluice.signaling.http;

import io.sluice.signaling.sdp.Candidate;
import io.sluice.signaling.sdp.MediaKind;
import io.sluice.signaling.sdp.Msid;
import io.sluice.signaling.sdp.SdpAnswerer;
import io.sluice.signaling.sdp.SdpConfig;
import io.sluice.signaling.sdp.SendStream;
import io.sluice.signaling.sdp.SessionDescription;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A backend that answers with the real {@link SdpAnswerer} (fixed ICE credentials, a made-up
 * SHA-256 fingerprint, one host candidate on 127.0.0.1:40000) and records what the server asked
 * of it. Stream ids with special meaning:
 *
 * <ul>
 *   <li>{@code redirect-*}: 307 to another node;
 *   <li>{@code full}: 503 with Retry-After 7 s;
 *   <li>{@code taken}: 409;
 *   <li>{@code boom}: an unexpected RuntimeException;
 *   <li>{@code slow}: publish waits for {@link #releaseSlow} (at most 10 s).
 * </ul>
 *
 * <p>WHEP plays streams in {@link #liveStreams}: {@code live} from the start, and any stream once
 * published.
 */
final class TestBackend implements WhipWhepBackend {
  static final String UFRAG = "sluiceUfrag";
  static final String PWD = "sluicePasswordSluicePass";
  static final String FINGERPRINT =
      "A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90:01:12:23:34:45:56:67:78:89:9A:AB:BC:CD:DE:EF:F0";
  static final int MEDIA_PORT = 40000;
  static final URI OTHER_NODE = URI.create("http://127.0.0.2:8080/whip/elsewhere");

  static final SendStream AUDIO =
      SendStream.of(MediaKind.AUDIO, 1111, "sluice", new Msid("sluice-stream", "sluice-audio"));
  static final SendStream VIDEO =
      SendStream.of(MediaKind.VIDEO, 2222, "sluice", new Msid("sluice-stream", "sluice-video"))
          .withRtx(3333);

  /** One trickle PATCH as the backend saw it. */
  record Trickle(String sessionId, List<Candidate> candidates, boolean endOfCandidates) {}

  /** One ICE restart as the backend saw it. */
  record Restart(String sessionId, IceCredentials remote, List<Candidate> candidates,
      IceCredentials local) {}

  private final SdpAnswerer answerer = new SdpAnswerer(SdpConfig.builder()
      .iceUfrag(UFRAG)
      .icePwd(PWD)
      .fingerprint(FINGERPRINT)
      .addHostCandidate("127.0.0.1", MEDIA_PORT)
      .build());

  final Map<String, String> sessions = new ConcurrentHashMap<>(); // id -> stream
  final Set<String> liveStreams = ConcurrentHashMap.newKeySet();
  final List<String> deleted = new CopyOnWriteArrayList<>();
  final List<Trickle> trickles = new CopyOnWriteArrayList<>();
  final List<Restart> restarts = new CopyOnWriteArrayList<>();
  final List<RequestContext> contexts = new CopyOnWriteArrayList<>();
  final CountDownLatch slowEntered = new CountDownLatch(1);
  private final CountDownLatch slowRelease = new CountDownLatch(1);
  volatile boolean supportTrickle = true;
  volatile boolean supportRestart = true;

  TestBackend() {
    liveStreams.add("live");
  }

  void releaseSlow() {
    slowRelease.countDown();
  }

  @Override
  public SessionAnswer publish(String streamId, SessionDescription offer, RequestContext context)
      throws SignalingException {
    contexts.add(context);
    refuse(streamId);
    if (streamId.equals("slow")) {
      slowEntered.countDown();
      try {
        slowRelease.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    SessionDescription answer = answerer.answerPublisher(offer).localDescription();
    String id = SessionAnswer.newSessionId();
    sessions.put(id, streamId);
    liveStreams.add(streamId);
    return new SessionAnswer(id, answer);
  }

  @Override
  public SessionAnswer play(String streamId, SessionDescription offer, RequestContext context)
      throws SignalingException {
    contexts.add(context);
    refuse(streamId);
    if (!liveStreams.contains(streamId)) {
      throw SignalingException.notFound("no stream " + streamId);
    }
    SessionDescription answer =
        answerer.answerViewer(offer, List.of(AUDIO, VIDEO)).localDescription();
    String id = SessionAnswer.newSessionId();
    sessions.put(id, streamId);
    return new SessionAnswer(id, answer);
  }

  private static void refuse(String streamId) throws SignalingException {
    if (streamId.startsWith("redirect")) {
      throw SignalingException.redirect(OTHER_NODE);
    }
    switch (streamId) {
      case "full" -> throw SignalingException.unavailable("node full", Duration.ofSeconds(7));
      case "taken" -> throw SignalingException.conflict("stream taken already has a publisher");
      case "boom" -> throw new IllegalStateException("secret internal detail");
      default -> { }
    }
  }

  @Override
  public void delete(String sessionId) {
    sessions.remove(sessionId);
    deleted.add(sessionId);
  }

  @Override
  public void patchTrickle(String sessionId, List<Candidate> candidates, boolean endOfCandidates)
      throws SignalingException {
    if (!supportTrickle) {
      WhipWhepBackend.super.patchTrickle(sessionId, candidates, endOfCandidates);
    }
    trickles.add(new Trickle(sessionId, candidates, endOfCandidates));
  }

  @Override
  public IceCredentials iceRestart(String sessionId, IceCredentials remote,
      List<Candidate> candidates) throws SignalingException {
    if (!supportRestart) {
      return WhipWhepBackend.super.iceRestart(sessionId, remote, candidates);
    }
    IceCredentials local = new IceCredentials(SdpConfig.randomIceUfrag(),
        SdpConfig.randomIcePwd());
    restarts.add(new Restart(sessionId, remote, candidates, local));
    return local;
  }
}
