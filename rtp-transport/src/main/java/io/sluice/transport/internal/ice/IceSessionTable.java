package io.sluice.transport.internal.ice;

import io.sluice.transport.internal.ice.IceSession.Credentials;
import io.sluice.transport.internal.ice.IceSession.RemoteTuple;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The ICE-lite sessions of one node (one UDP port), keyed by local ufrag and by remote address.
 *
 * <p>Reads are lock-free from any number of event-loop threads ({@link ConcurrentHashMap} and
 * volatile session fields). The kernel spreads the 4-tuples of one SO_REUSEPORT port over several
 * sockets, so a session's checks and media can arrive on different loops; every loop sees the
 * same table. Changes to one session (a valid check, a restart, removal) take that session's lock;
 * different sessions never contend.
 *
 * <h2>Limits</h2>
 *
 * <ul>
 *   <li><b>Sessions:</b> at most {@code maxSessions} (default {@value #DEFAULT_MAX_SESSIONS}).
 *       Overflow policy: {@link #create} refuses with {@link IllegalStateException}; existing
 *       sessions are never evicted to make room. Signaling answers the new peer with an error.
 *   <li><b>Addresses per session:</b> at most {@value #MAX_ADDRESSES_PER_SESSION} remote
 *       addresses are mapped to a session (one per candidate pair the peer checks). Overflow
 *       policy: the oldest address that is not the nominated one is unmapped.
 *   <li><b>Age:</b> a session with no valid check for the consent timeout (default 30 s, RFC 7675
 *       §5.1) is removed by {@link #expire}, which the embedder calls periodically (e.g. every
 *       second). The time since creation counts as well, so a session whose peer never shows up
 *       expires too.
 * </ul>
 *
 * <h2>Time</h2>
 *
 * <p>All times are {@code System.nanoTime()}-style nanoseconds passed in by the caller, so tests
 * control the clock.
 */
public final class IceSessionTable implements IceSessionLookup {
  /** Default session limit per node. */
  public static final int DEFAULT_MAX_SESSIONS = 10_000;
  /** Default consent timeout: RFC 7675 §5.1 expires consent after 30 s without a response. */
  public static final Duration DEFAULT_CONSENT_TIMEOUT = Duration.ofSeconds(30);
  /** Remote addresses mapped per session; see the class javadoc for the overflow policy. */
  public static final int MAX_ADDRESSES_PER_SESSION = 8;

  /** Tries at generating a ufrag no session uses; 48 random bits make a second try rare. */
  private static final int MAX_UFRAG_ATTEMPTS = 16;
  private static final System.Logger LOG = System.getLogger(IceSessionTable.class.getName());

  private final ConcurrentHashMap<String, IceSession> byUfrag = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<InetSocketAddress, RemoteTuple> byAddress =
      new ConcurrentHashMap<>();
  private final AtomicInteger sessionCount = new AtomicInteger();
  private final int maxSessions;
  private final long consentTimeoutNanos;
  private final SecureRandom random;
  private final IceSessionListener listener;

  /** A table with the default limits and a new {@link SecureRandom}. */
  public IceSessionTable(IceSessionListener listener) {
    this(DEFAULT_MAX_SESSIONS, DEFAULT_CONSENT_TIMEOUT, new SecureRandom(), listener);
  }

  /**
   * A table with explicit limits.
   *
   * @param maxSessions the most sessions at once, at least 1
   * @param consentTimeout how long a session lives without a valid check, positive
   * @param random source of ufrags and passwords
   * @param listener receives nomination and expiry events
   */
  public IceSessionTable(int maxSessions, Duration consentTimeout, SecureRandom random,
      IceSessionListener listener) {
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions " + maxSessions + " (expected: 1+)");
    }
    if (consentTimeout.isNegative() || consentTimeout.isZero()) {
      throw new IllegalArgumentException(
          "consentTimeout " + consentTimeout + " (expected: positive)");
    }
    this.maxSessions = maxSessions;
    this.consentTimeoutNanos = consentTimeout.toNanos();
    this.random = random;
    this.listener = listener;
  }

  /**
   * Creates a session with freshly generated local credentials whose ufrag no other session of
   * this table uses.
   *
   * @param remoteUfrag the peer's ice-ufrag from its SDP, or null to accept any peer ufrag in
   *     USERNAME (e.g. before the answer arrives)
   * @param nowNanos the current time; the consent timeout runs from here until the first check
   * @throws IllegalStateException if the table holds {@code maxSessions} sessions
   * @throws IllegalArgumentException if {@code remoteUfrag} is not a valid ice-ufrag
   */
  public IceSession create(@Nullable String remoteUfrag, long nowNanos) {
    if (remoteUfrag != null) {
      IceCredentials.checkUfrag(remoteUfrag);
    }
    int count = sessionCount.incrementAndGet();
    if (count > maxSessions) {
      sessionCount.decrementAndGet();
      throw new IllegalStateException(
          "ICE session table full: " + maxSessions + " sessions (limit: " + maxSessions + ")");
    }
    boolean done = false;
    try {
      for (int attempt = 0; attempt < MAX_UFRAG_ATTEMPTS; attempt++) {
        IceSession session =
            new IceSession(new Credentials(IceCredentials.generate(random), remoteUfrag), nowNanos);
        if (byUfrag.putIfAbsent(session.localCredentials().ufrag(), session) == null) {
          done = true;
          return session;
        }
      }
      throw new IllegalStateException(
          "no unused ICE ufrag after " + MAX_UFRAG_ATTEMPTS + " attempts (is the RNG broken?)");
    } finally {
      if (!done) {
        sessionCount.decrementAndGet();
      }
    }
  }

  /**
   * Creates a session with given local credentials, for tests and fuzzing that need known
   * passwords. Same limits as {@link #create}.
   *
   * @throws IllegalStateException if the table is full or the ufrag is taken
   */
  IceSession create(IceCredentials local, @Nullable String remoteUfrag, long nowNanos) {
    if (remoteUfrag != null) {
      IceCredentials.checkUfrag(remoteUfrag);
    }
    if (sessionCount.incrementAndGet() > maxSessions) {
      sessionCount.decrementAndGet();
      throw new IllegalStateException(
          "ICE session table full: " + maxSessions + " sessions (limit: " + maxSessions + ")");
    }
    IceSession session = new IceSession(new Credentials(local, remoteUfrag), nowNanos);
    if (byUfrag.putIfAbsent(local.ufrag(), session) != null) {
      sessionCount.decrementAndGet();
      throw new IllegalStateException("ICE ufrag " + local.ufrag() + " is taken");
    }
    return session;
  }

  /**
   * ICE restart (RFC 8445 §9): gives {@code session} new local credentials. The old ufrag stops
   * matching at once (checks with it get 401) and the new one is registered. The nominated
   * address and the mapped addresses stay, so media keeps flowing until the peer nominates again.
   *
   * @param newRemoteUfrag the peer's new ice-ufrag, or null to accept any
   * @return the new local credentials, for the SDP
   * @throws IllegalStateException if the session was removed or expired
   */
  public IceCredentials restart(IceSession session, @Nullable String newRemoteUfrag) {
    if (newRemoteUfrag != null) {
      IceCredentials.checkUfrag(newRemoteUfrag);
    }
    synchronized (session) {
      if (session.isClosed()) {
        throw new IllegalStateException("ICE restart of a closed session: " + session);
      }
      for (int attempt = 0; attempt < MAX_UFRAG_ATTEMPTS; attempt++) {
        Credentials fresh = new Credentials(IceCredentials.generate(random), newRemoteUfrag);
        if (byUfrag.putIfAbsent(fresh.local.ufrag(), session) == null) {
          Credentials old = session.credentials();
          // Swap before unmapping: a check that still finds the session under the old ufrag
          // compares its USERNAME with the new credentials and fails.
          session.credentials(fresh);
          byUfrag.remove(old.local.ufrag(), session);
          return fresh.local;
        }
      }
      throw new IllegalStateException(
          "no unused ICE ufrag after " + MAX_UFRAG_ATTEMPTS + " attempts (is the RNG broken?)");
    }
  }

  /**
   * Removes {@code session} and unmaps its addresses. No listener event (the caller knows).
   *
   * @return false if it was already removed or expired
   */
  public boolean remove(IceSession session) {
    synchronized (session) {
      if (!close(session)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Removes every session with no valid check for the consent timeout, then reports each to
   * {@link IceSessionListener#onExpired}. Call periodically from one thread.
   *
   * @return the expired sessions (a new list; allocates, but this is not per packet)
   */
  public List<IceSession> expire(long nowNanos) {
    List<IceSession> expired = new ArrayList<>();
    for (IceSession session : byUfrag.values()) {
      if (!isExpired(session, nowNanos)) {
        continue;
      }
      synchronized (session) {
        // Re-check under the lock: a valid check may have refreshed consent since.
        if (isExpired(session, nowNanos) && close(session)) {
          expired.add(session);
        }
      }
    }
    for (IceSession session : expired) {
      try {
        listener.onExpired(session);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "IceSessionListener.onExpired failed for " + session, e);
      }
    }
    return expired;
  }

  @Override
  public @Nullable IceSession findByAddress(InetSocketAddress remote) {
    RemoteTuple tuple = byAddress.get(remote);
    return tuple == null ? null : tuple.session();
  }

  @Override
  public @Nullable IceSession findByLocalUfrag(String localUfrag) {
    return byUfrag.get(localUfrag);
  }

  /** Number of live sessions. */
  public int size() {
    return sessionCount.get();
  }

  /** Number of mapped remote addresses, over all sessions. */
  public int addressCount() {
    return byAddress.size();
  }

  /** The most sessions this table holds. */
  public int maxSessions() {
    return maxSessions;
  }

  /** How long a session lives without a valid check. */
  public Duration consentTimeout() {
    return Duration.ofNanos(consentTimeoutNanos);
  }

  // --- Used by IceLiteAgent ------------------------------------------------------------------

  @Nullable RemoteTuple tuple(InetSocketAddress remote) {
    return byAddress.get(remote);
  }

  /**
   * Applies a connectivity check that passed every validation: refreshes consent, maps
   * {@code remote} to the session, and on USE-CANDIDATE nominates {@code remote}. This is the
   * only place a check changes state.
   *
   * @param ip the raw IP of {@code remote} (kept, not copied)
   * @return false if the session was closed meanwhile (nothing changed)
   */
  boolean recordValidCheck(IceSession session, InetSocketAddress remote, byte[] ip,
      boolean useCandidate, long nowNanos) {
    synchronized (session) {
      if (session.isClosed()) {
        return false;
      }
      session.lastValidCheckNanos(nowNanos);
      RemoteTuple mapped = byAddress.get(remote);
      if (mapped == null || mapped.session() != session) {
        mapAddress(session, new RemoteTuple(session, remote, ip));
      }
      if (useCandidate) {
        InetSocketAddress previous = session.selectedAddress();
        if (!remote.equals(previous)) {
          session.selectedAddress(remote);
          try {
            listener.onNominated(session, previous, remote);
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "IceSessionListener.onNominated failed for " + session, e);
          }
        }
      }
      return true;
    }
  }

  // --- Internals ---------------------------------------------------------------------------

  /** Caller holds the session's lock. */
  private void mapAddress(IceSession session, RemoteTuple tuple) {
    // An address can move between sessions (a NAT reusing a port for another peer); the old
    // session keeps a stale tuple in its deque, which unmaps nothing when it goes (remove(k, v)).
    RemoteTuple replaced = byAddress.put(tuple.address(), tuple);
    if (replaced != null && replaced.session() == session) {
      session.tuples.remove(replaced);
    }
    session.tuples.addLast(tuple);
    if (session.tuples.size() > MAX_ADDRESSES_PER_SESSION) {
      InetSocketAddress selected = session.selectedAddress();
      for (Iterator<RemoteTuple> it = session.tuples.iterator(); it.hasNext(); ) {
        RemoteTuple oldest = it.next();
        if (!oldest.address().equals(selected)) {
          it.remove();
          byAddress.remove(oldest.address(), oldest);
          break;
        }
      }
    }
  }

  /** Caller holds the session's lock. */
  private boolean close(IceSession session) {
    if (session.isClosed()) {
      return false;
    }
    session.close();
    byUfrag.remove(session.localCredentials().ufrag(), session);
    for (RemoteTuple tuple : session.tuples) {
      byAddress.remove(tuple.address(), tuple);
    }
    session.tuples.clear();
    sessionCount.decrementAndGet();
    return true;
  }

  private boolean isExpired(IceSession session, long nowNanos) {
    return nowNanos - session.lastValidCheckNanos() > consentTimeoutNanos;
  }
}
