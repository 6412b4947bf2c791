package io.sluice.signaling.internal.http;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The WHIP and WHEP session resources a server has handed out: for each, its stream, its kind, the
 * remote address that created it, its current entity-tag (RFC 9725 §4.3.1) and the remote ICE
 * ufrag of its current ICE session.
 *
 * <p>Bounded by count: at most {@code maxSessions} in all and {@code maxSessionsPerAddress} per
 * remote IP address. A request beyond either limit is refused before the backend is called
 * ({@link #reserve} returns null) and the client gets {@code 503} with {@code Retry-After}. Entries
 * are not aged out here: a session lives as long as the backend keeps it, and the backend reports
 * its end through {@code SignalingServer.sessionEnded}. Thread-safe.
 */
public final class SessionRegistry {

  /** Whether a session publishes (WHIP) or plays (WHEP). */
  public enum Kind {
    /** A WHIP publisher. */
    WHIP,
    /** A WHEP viewer. */
    WHEP
  }

  /** A session resource. Its mutable fields are guarded by {@link #lock()}. */
  public static final class Session {
    private final String id;
    private final String streamId;
    private final Kind kind;
    private final InetAddress remote;
    private final ReentrantLock lock = new ReentrantLock();
    private String etag;
    private @Nullable String remoteUfrag;

    Session(String id, String streamId, Kind kind, InetAddress remote, String etag,
        @Nullable String remoteUfrag) {
      this.id = id;
      this.streamId = streamId;
      this.kind = kind;
      this.remote = remote;
      this.etag = etag;
      this.remoteUfrag = remoteUfrag;
    }

    /** Returns the session id. */
    public String id() {
      return id;
    }

    /** Returns the stream id. */
    public String streamId() {
      return streamId;
    }

    /** Returns WHIP or WHEP. */
    public Kind kind() {
      return kind;
    }

    /**
     * Returns the lock that serialises PATCH and DELETE on this session (a virtual thread parks
     * on it without pinning its carrier, unlike {@code synchronized} on JDK 21).
     */
    public ReentrantLock lock() {
      return lock;
    }

    /** Returns the current strong entity-tag, quoted. Hold {@link #lock()}. */
    public String etag() {
      return etag;
    }

    /** Returns the remote ufrag of the current ICE session, or null if unknown. */
    public @Nullable String remoteUfrag() {
      return remoteUfrag;
    }

    /** Starts a new ICE session: new entity-tag and remote ufrag. Hold {@link #lock()}. */
    public void restarted(String newEtag, String newRemoteUfrag) {
      this.etag = newEtag;
      this.remoteUfrag = newRemoteUfrag;
    }
  }

  /** A claim on one session slot, taken before the backend is called. */
  public final class Reservation {
    private final InetAddress remote;
    private boolean done;

    Reservation(InetAddress remote) {
      this.remote = remote;
    }

    /**
     * Turns the slot into a session. Returns null, and frees the slot, if the id is already in
     * use.
     */
    public @Nullable Session commit(String id, String streamId, Kind kind, String etag,
        @Nullable String remoteUfrag) {
      synchronized (SessionRegistry.this) {
        check();
        done = true;
        if (sessions.containsKey(id)) {
          releaseSlot(remote);
          return null;
        }
        Session s = new Session(id, streamId, kind, remote, etag, remoteUfrag);
        sessions.put(id, s);
        return s;
      }
    }

    /** Frees the slot: the backend refused or failed. */
    public void cancel() {
      synchronized (SessionRegistry.this) {
        check();
        done = true;
        releaseSlot(remote);
      }
    }

    private void check() {
      if (done) {
        throw new IllegalStateException("reservation already committed or cancelled");
      }
    }
  }

  private final int maxSessions;
  private final int maxSessionsPerAddress;
  private final Map<String, Session> sessions = new HashMap<>();
  private final Map<InetAddress, Integer> perAddress = new HashMap<>();
  private int slots;

  /** Creates a registry with the given limits. */
  public SessionRegistry(int maxSessions, int maxSessionsPerAddress) {
    this.maxSessions = maxSessions;
    this.maxSessionsPerAddress = maxSessionsPerAddress;
  }

  /**
   * Claims a session slot for {@code remote}, or returns null at {@code maxSessions} or
   * {@code maxSessionsPerAddress}. Slots of sessions being created count, so concurrent POSTs
   * cannot overshoot a limit.
   */
  public synchronized @Nullable Reservation reserve(InetAddress remote) {
    int n = perAddress.getOrDefault(remote, 0);
    if (slots >= maxSessions || n >= maxSessionsPerAddress) {
      return null;
    }
    slots++;
    perAddress.put(remote, n + 1);
    return new Reservation(remote);
  }

  /** Returns the session, or null. */
  public synchronized @Nullable Session get(String id) {
    return sessions.get(id);
  }

  /** Removes the session and frees its slot; returns it, or null if it was not registered. */
  public synchronized @Nullable Session remove(String id) {
    Session s = sessions.remove(id);
    if (s != null) {
      releaseSlot(s.remote);
    }
    return s;
  }

  /** Returns the number of registered sessions. */
  public synchronized int size() {
    return sessions.size();
  }

  private void releaseSlot(InetAddress remote) {
    slots--;
    perAddress.computeIfPresent(remote, (k, n) -> n == 1 ? null : n - 1);
  }
}
