package io.sluice.media.routing;

import io.sluice.media.rtp.RtpPacket;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;

/**
 * One live stream: at most one {@link MediaSource} with its tracks, and any number of
 * {@link MediaSink}s. Created by a {@link StreamRegistry}.
 *
 * <p><b>Fan-out.</b> {@link #forward} hands each packet, as one shared buffer, to every sink in
 * turn; a sink copies only what it must encrypt for its peer. Nothing is copied per subscriber
 * here and nothing is allocated.
 *
 * <p><b>Threading.</b> Everything that touches the stream's per-packet state runs on the
 * <em>stream thread</em>: the thread its source delivers packets on, reached through the
 * {@link Executor} the source gave to {@link #publish}. The forwarding path takes no lock: it
 * reads the sink array from a volatile field, which {@link #subscribe} and {@link #unsubscribe}
 * replace (copy on write) under a lock that the forwarding path never takes. A new sink is added
 * on the stream thread, after the GOP cache has been replayed to it, so it never sees a packet
 * twice or out of order. Other threads reach the stream thread through {@link #execute}.
 *
 * <p><b>Keyframes.</b> {@link #requestKeyframe} may be called from any thread, by any number of
 * viewers: at most one request per track per {@link StreamRegistry.Config#keyframeRequestInterval
 * interval} reaches the source.
 */
public final class Stream {
  /** Most tracks a stream may have. */
  public static final int MAX_TRACKS = 16;

  private static final MediaSink[] NO_SINKS = new MediaSink[0];

  private final String id;
  private final StreamRegistry registry;
  private final Object lock = new Object();
  private final GopCache gop;
  private final RtpPacket replayView = new RtpPacket();
  private final AtomicLongArray lastKeyframeRequest = new AtomicLongArray(MAX_TRACKS);
  private final long createdNanos = System.nanoTime();

  private volatile @Nullable MediaSource source;
  private volatile List<Track> tracks = List.of();
  private volatile @Nullable Executor executor;
  private volatile MediaSink[] sinks = NO_SINKS;
  /**
   * Subscribed sinks whose subscription has not run on the stream thread yet. Guarded by
   * {@link #lock}. Whoever takes a sink out of here or out of {@link #sinks} (the subscription
   * task, {@link #unsubscribe} or {@link #close}) is the one that adds it or tells it it was
   * removed, so an unsubscribe is never lost and {@link MediaSink#removed} runs once.
   */
  private final Set<MediaSink> pending = new HashSet<>();
  private volatile boolean closed;
  private final java.util.concurrent.atomic.AtomicInteger pendingSources =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile long downSinceNanos;

  // Written on the stream thread only; read racily for statistics.
  private long forwardedPackets;
  private long forwardedBytes;
  private long sinkErrors;
  private long keyframeRequests;
  private long keyframesReceived;
  private long lastPacketNanos;
  /** The source whose packets were forwarded last; stream thread only. */
  private @Nullable MediaSource lastSource;

  Stream(String id, StreamRegistry registry) {
    this.id = id;
    this.registry = registry;
    StreamRegistry.Config config = registry.config();
    this.gop = new GopCache(config.gopCachePackets(), config.gopCacheMaxAge().toNanos());
    this.downSinceNanos = createdNanos;
    for (int i = 0; i < MAX_TRACKS; i++) {
      lastKeyframeRequest.set(i, createdNanos - config.keyframeRequestInterval().toNanos());
    }
  }

  /** The stream's id, as in {@code /whep/{id}}. */
  public String id() {
    return id;
  }

  /** The current source, or null while nobody publishes. */
  public @Nullable MediaSource source() {
    return source;
  }

  /** The current source's tracks; empty while nobody publishes. */
  public List<Track> tracks() {
    return tracks;
  }

  /** Returns the track of {@code kind} with the lowest index, or null. */
  public @Nullable Track track(Track.Kind kind) {
    for (Track t : tracks) {
      if (t.kind() == kind) {
        return t;
      }
    }
    return null;
  }

  /** The current sinks, in the order they receive packets. */
  public List<MediaSink> sinks() {
    return List.of(sinks);
  }

  /** True while a source publishes. */
  public boolean isLive() {
    return source != null;
  }

  /**
   * Marks a source that has been accepted but not published yet (a WHIP publisher whose ICE and
   * DTLS are still running): while any is pending, the registry's grace time does not close the
   * stream. Each call must be matched by one {@link #sourceSettled()}.
   */
  public void sourcePending() {
    pendingSources.incrementAndGet();
  }

  /** The pending source published, or gave up; see {@link #sourcePending()}. */
  public void sourceSettled() {
    pendingSources.decrementAndGet();
  }

  /** Sources marked pending and not settled yet. */
  public int pendingSources() {
    return pendingSources.get();
  }

  /** True once the registry has closed the stream. */
  public boolean isClosed() {
    return closed;
  }

  /** Packets handed to the sinks so far (each counted once, however many sinks). */
  public long forwardedPackets() {
    return forwardedPackets;
  }

  /** Bytes of the packets counted by {@link #forwardedPackets()}. */
  public long forwardedBytes() {
    return forwardedBytes;
  }

  /** Exceptions thrown by sinks (counted, logged by the node, never passed on). */
  public long sinkErrors() {
    return sinkErrors;
  }

  /** Keyframe requests that reached the source. */
  public long keyframeRequests() {
    return keyframeRequests;
  }

  /** Keyframes the source delivered (first packets of keyframes). */
  public long keyframesReceived() {
    return keyframesReceived;
  }

  /** Packets held by the GOP cache now. */
  public int gopCachePackets() {
    return gop.size();
  }

  /** {@link System#nanoTime()} of the last packet, or 0. */
  public long lastPacketNanos() {
    return lastPacketNanos;
  }

  // ---- the source side --------------------------------------------------------------------

  /**
   * Makes {@code newSource} the stream's source, replacing (and {@linkplain MediaSource#detached
   * detaching}) any other. Sinks keep their place and are told with
   * {@link MediaSink#onSourceChanged} just before the new source's first packet, so a publisher
   * that reconnects or fails over keeps its viewers.
   *
   * @param newTracks the tracks the source will deliver; indexes must be 0..n-1 in order
   * @param streamThread runs tasks on the thread that will call {@link #forward}
   * @throws IllegalStateException if the stream is closed
   */
  public void publish(MediaSource newSource, List<Track> newTracks, Executor streamThread) {
    if (newTracks.size() > MAX_TRACKS) {
      throw new IllegalArgumentException(
          newTracks.size() + " tracks (expected: at most " + MAX_TRACKS + ")");
    }
    for (int i = 0; i < newTracks.size(); i++) {
      if (newTracks.get(i).index() != i) {
        throw new IllegalArgumentException("track " + i + " has index " + newTracks.get(i).index());
      }
    }
    MediaSource old;
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("stream " + id + " is closed");
      }
      old = source;
      tracks = List.copyOf(newTracks);
      executor = streamThread;
      source = newSource;
    }
    if (old != null && old != newSource) {
      old.detached(this);
    }
    // The GOP cache and the sinks learn of the change with the new source's first packet, on
    // the stream thread (see forward), so nothing of the new source is forwarded before it.
    registry.listener().onStreamUp(this, newSource);
  }

  /**
   * Ends {@code leaving}'s publication if it is still the source. The sinks stay for the
   * registry's grace time, waiting for a new source (a reconnecting publisher); then the stream
   * closes. Does nothing if another source has replaced {@code leaving}.
   */
  public void unpublish(MediaSource leaving) {
    synchronized (lock) {
      if (source != leaving) {
        return;
      }
      source = null;
      downSinceNanos = System.nanoTime();
    }
    execute(() -> {
      if (lastSource == leaving) {
        gop.clear(); // free the pictures while nobody publishes
      }
    });
    registry.listener().onStreamDown(this, leaving);
    registry.scheduleGraceCheck(this);
  }

  /**
   * Hands one packet of {@code from} to every sink. Called by the source on the stream thread;
   * the caller keeps ownership of the buffer and may release it when this returns.
   *
   * @param from the calling source: packets of a replaced source are dropped
   * @param track the packet's track, as published
   * @param packet a view bound to the packet
   * @param keyframe true if the packet starts a keyframe (the source detects it)
   * @return false if {@code from} is not the stream's source
   */
  public boolean forward(MediaSource from, Track track, RtpPacket packet, boolean keyframe,
      long nowNanos) {
    if (from != source) {
      return false;
    }
    if (from != lastSource) {
      changeSource(from);
    }
    lastPacketNanos = nowNanos;
    forwardedPackets++;
    forwardedBytes += packet.length();
    if (track.kind() == Track.Kind.VIDEO) {
      if (keyframe) {
        keyframesReceived++;
      }
      gop.onVideoPacket(track, packet, keyframe, nowNanos);
    }
    MediaSink[] s = sinks;
    for (MediaSink sink : s) {
      try {
        sink.onRtp(track, packet, keyframe, nowNanos);
      } catch (RuntimeException e) {
        sinkErrors++;
      }
    }
    return true;
  }

  /**
   * The first packet of a new source (stream thread): the old source's pictures do not continue
   * the new one's, and sinks must rebase. A source that publishes again after a gap is new too.
   */
  private void changeSource(MediaSource from) {
    boolean replaced = lastSource != null;
    lastSource = from;
    gop.clear();
    if (!replaced) {
      return;
    }
    for (MediaSink sink : sinks) {
      try {
        sink.onSourceChanged(this);
      } catch (RuntimeException e) {
        sinkErrors++;
      }
    }
  }

  /** Ends a batch of {@link #forward} calls: sinks flush what they queued. Stream thread. */
  public void flush() {
    for (MediaSink sink : sinks) {
      try {
        sink.flush();
      } catch (RuntimeException e) {
        sinkErrors++;
      }
    }
  }

  // ---- the sink side ----------------------------------------------------------------------

  /**
   * Adds a sink. On the stream thread, the GOP cache is replayed to it first (so a viewer can
   * decode at once), then it receives live packets; if the cache holds no keyframe, a keyframe
   * is requested. Without a source yet, the sink is added at once and waits.
   *
   * @throws IllegalStateException if the stream is closed
   */
  public void subscribe(MediaSink sink) {
    boolean now;
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("stream " + id + " is closed");
      }
      now = executor == null;
      if (now) {
        addSink(sink);
      } else {
        pending.add(sink);
      }
    }
    if (now) {
      registry.listener().onSinkAdded(this, sink);
      return;
    }
    execute(() -> {
      synchronized (lock) {
        if (!pending.contains(sink)) {
          return; // unsubscribed or closed meanwhile: that side tells the sink
        }
      }
      replayGop(sink);
      try {
        sink.flush(); // not in a receive batch: nothing else flushes the replay
      } catch (RuntimeException e) {
        sinkErrors++;
      }
      synchronized (lock) {
        if (!pending.remove(sink)) {
          return;
        }
        addSink(sink);
      }
      registry.listener().onSinkAdded(this, sink);
      Track video = track(Track.Kind.VIDEO);
      if (video != null && gop.size() == 0) {
        requestKeyframe(video);
      }
    });
  }

  /**
   * Removes a sink, also one whose {@link #subscribe} has not reached the stream thread yet; it
   * hears {@link MediaSink#removed} on the stream thread. Idempotent.
   */
  public void unsubscribe(MediaSink sink) {
    boolean wasPending;
    boolean removed;
    synchronized (lock) {
      wasPending = pending.remove(sink);
      MediaSink[] s = sinks;
      int i = wasPending ? -1 : Arrays.asList(s).indexOf(sink);
      removed = i >= 0;
      if (removed) {
        MediaSink[] n = new MediaSink[s.length - 1];
        System.arraycopy(s, 0, n, 0, i);
        System.arraycopy(s, i + 1, n, i, s.length - i - 1);
        sinks = n;
      }
    }
    if (wasPending || removed) {
      execute(() -> sink.removed(this));
      if (removed) { // a pending sink was never added: no listener event either way
        registry.listener().onSinkRemoved(this, sink);
      }
      registry.scheduleGraceCheck(this);
    }
  }

  /** Appends to the sink array (copy on write). Holds {@link #lock}. */
  private void addSink(MediaSink sink) {
    MediaSink[] s = sinks;
    MediaSink[] n = Arrays.copyOf(s, s.length + 1);
    n[s.length] = sink;
    sinks = n;
  }

  private void replayGop(MediaSink sink) {
    List<Track> t = tracks;
    long now = System.nanoTime();
    for (int i = 0; i < gop.size(); i++) {
      int trackIndex = gop.trackIndex(i);
      if (trackIndex >= t.size()
          || replayView.tryWrap(gop.packet(i), gop.offset(i), gop.length(i))
              != RtpPacket.Result.OK) {
        continue;
      }
      try {
        sink.onRtp(t.get(trackIndex), replayView, i == 0, now);
      } catch (RuntimeException e) {
        sinkErrors++;
      }
    }
    replayView.clear();
  }

  /**
   * Asks the source for a keyframe of {@code track}, at most once per the registry's
   * keyframe-request interval per track however many callers ask. Any thread.
   *
   * @return true if the request goes to the source, false if rate-limited or nobody publishes
   */
  public boolean requestKeyframe(Track track) {
    int i = track.index();
    if (i >= MAX_TRACKS || source == null) {
      return false;
    }
    long now = System.nanoTime();
    long last = lastKeyframeRequest.get(i);
    if (now - last < registry.config().keyframeRequestInterval().toNanos()
        || !lastKeyframeRequest.compareAndSet(i, last, now)) {
      return false;
    }
    execute(() -> {
      MediaSource s = source;
      if (s != null) {
        keyframeRequests++;
        s.requestKeyframe(track);
      }
    });
    return true;
  }

  /**
   * Runs {@code task} on the stream thread (at once on the caller's thread when nobody has
   * published yet). Tasks rejected by a shut-down executor are dropped.
   */
  public void execute(Runnable task) {
    Executor ex = executor;
    if (ex == null) {
      task.run();
      return;
    }
    try {
      ex.execute(task);
    } catch (RejectedExecutionException e) {
      // The event loop is shutting down with the node: nothing left to do.
    }
  }

  /** The {@link System#nanoTime()} since which the stream has had no source. */
  long downSinceNanos() {
    return downSinceNanos;
  }

  /** Closes the stream: detaches the source, removes every sink, frees the GOP cache. */
  void close() {
    MediaSource s;
    MediaSink[] removed;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      s = source;
      source = null;
      MediaSink[] live = sinks;
      removed = Arrays.copyOf(live, live.length + pending.size());
      int i = live.length;
      for (MediaSink p : pending) {
        removed[i++] = p; // their subscription task finds them gone and does nothing
      }
      pending.clear();
      sinks = NO_SINKS;
    }
    if (s != null) {
      s.detached(this);
    }
    Runnable finish = () -> {
      gop.clear();
      for (MediaSink sink : removed) {
        try {
          sink.removed(this);
        } catch (RuntimeException e) {
          sinkErrors++;
        }
      }
    };
    Executor ex = executor;
    if (ex == null) {
      finish.run();
    } else {
      try {
        ex.execute(finish);
      } catch (RejectedExecutionException e) {
        finish.run(); // the loop is gone, so nothing races with us
      }
    }
    registry.listener().onStreamClosed(this);
  }

  @Override
  public String toString() {
    MediaSource s = source;
    return "Stream(" + id + ", " + (s == null ? "no source" : s.describe()) + ", "
        + sinks.length + " sinks)";
  }
}
