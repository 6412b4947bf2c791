package io.sluice.transport.internal.ice;

import io.netty.buffer.ByteBuf;
import io.sluice.transport.stun.Fingerprint;
import io.sluice.transport.stun.MessageIntegrity;
import io.sluice.transport.stun.StunMessage;
import io.sluice.transport.stun.StunMessageClass;
import io.sluice.transport.stun.StunMessageType;
import io.sluice.transport.stun.StunMessageWriter;
import io.sluice.transport.stun.StunParseResult;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import javax.crypto.SecretKey;

/**
 * The controlling side of ICE towards an ICE-lite peer (RFC 8445 §2.5, §6.1.1): what a Sluice edge
 * does when it pulls from an origin, and what a load-test bee does towards a node.
 *
 * <p>A lite peer has exactly one candidate per component and never sends checks, so there is one
 * candidate pair: this agent sends Binding requests to it with USE-CANDIDATE (aggressive
 * nomination), ICE-CONTROLLING and short-term MESSAGE-INTEGRITY with the peer's password, and
 * accepts a response only if its transaction id matches an outstanding request and its
 * MESSAGE-INTEGRITY (peer's password) and FINGERPRINT verify. After the first success it keeps
 * sending a check every {@link #CONSENT_INTERVAL} (RFC 7675 §5.1), which refreshes the lite peer's
 * consent; without a success for {@link #consentTimeout()} the pair has lost consent.
 *
 * <p>The caller owns scheduling and I/O: it calls {@link #nextCheckDelay}, writes a request with
 * {@link #writeCheck}, and feeds responses to {@link #onResponse}. Those methods synchronize: a
 * response may arrive on another event loop than the one that sends the checks (with
 * {@code SO_REUSEPORT} the kernel picks the socket per 4-tuple), and checks are rare enough that
 * an uncontended lock costs nothing that matters.
 */
public final class IceClientSession {

  /** Interval between consent checks once connected (RFC 7675: 5 s, randomised ±20%). */
  public static final Duration CONSENT_INTERVAL = Duration.ofSeconds(5);
  /** First retransmission interval while connecting (RFC 8445 §14.3 Ta is 50 ms). */
  static final long INITIAL_RTO_NANOS = 50_000_000L;
  /** Retransmissions double up to this interval. */
  static final long MAX_RTO_NANOS = 1_600_000_000L;
  /** Outstanding transactions remembered (a late response to an older one is still accepted). */
  static final int MAX_PENDING = 8;

  /** State of the single candidate pair. */
  public enum State {
    /** Checks sent, no valid response yet. */
    CHECKING,
    /** A valid response arrived; consent is fresh. */
    CONNECTED,
    /** No valid response within the consent timeout, or the peer answered with an error. */
    FAILED
  }

  private final IceCredentials local;
  private final String remoteUfrag;
  private final SecretKey remoteKey;
  private final InetSocketAddress remote;
  private final long tiebreaker;
  private final long consentTimeoutNanos;
  private final SecureRandom random;
  private final StunMessage message = new StunMessage();
  private final StunMessageWriter writer = new StunMessageWriter();
  private final MessageIntegrity integrity = new MessageIntegrity();
  private final Fingerprint fingerprint = new Fingerprint();
  private final byte[][] pending = new byte[MAX_PENDING][12];
  private int pendingCount;
  private int pendingNext;

  private volatile State state = State.CHECKING;
  private final long startNanos;
  private long lastSuccessNanos;
  private long rtoNanos = INITIAL_RTO_NANOS;
  private int lastErrorCode;

  /**
   * Creates the agent for one pair.
   *
   * @param local our credentials, sent in the offer
   * @param remoteUfrag the lite peer's ufrag from its answer
   * @param remotePwd the lite peer's password from its answer
   * @param remote the lite peer's host candidate
   * @param consentTimeout how long without a valid response before the pair fails (30 s)
   */
  public IceClientSession(IceCredentials local, String remoteUfrag, String remotePwd,
      InetSocketAddress remote, Duration consentTimeout, SecureRandom random, long nowNanos) {
    IceCredentials.checkUfrag(remoteUfrag);
    this.local = local;
    this.remoteUfrag = remoteUfrag;
    this.remoteKey = MessageIntegrity.shortTermKey(remotePwd);
    this.remote = remote;
    this.random = random;
    this.tiebreaker = random.nextLong();
    this.consentTimeoutNanos = consentTimeout.toNanos();
    this.startNanos = nowNanos;
  }

  /** Our credentials. */
  public IceCredentials localCredentials() {
    return local;
  }

  /** The lite peer's address, where checks and media go. */
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  /** The pair's state. */
  public State state() {
    return state;
  }

  /** The STUN error code of the last error response, or 0. */
  public int lastErrorCode() {
    return lastErrorCode;
  }

  /**
   * Writes the next check (a Binding request with USE-CANDIDATE) into {@code out} and remembers
   * its transaction id. Borrows {@code out}, which must take 128 more bytes.
   */
  public synchronized void writeCheck(ByteBuf out) {
    byte[] tid = pending[pendingNext];
    random.nextBytes(tid);
    pendingNext = (pendingNext + 1) % MAX_PENDING;
    pendingCount = Math.min(MAX_PENDING, pendingCount + 1);
    writer.begin(out, StunMessageType.BINDING_REQUEST, tid)
        .username(remoteUfrag + ":" + local.ufrag())
        .priority(0x6E00_1EFFL) // host candidate priority (RFC 8445 §5.1.2.1) of a single pair
        .iceControlling(tiebreaker)
        .useCandidate()
        .messageIntegrity(integrity, remoteKey)
        .fingerprint(fingerprint)
        .end();
  }

  /**
   * Returns how long to wait before the next check: retransmissions back off from 50 ms while
   * checking; once connected, a randomised consent interval. Returns -1 when the pair has failed.
   */
  public synchronized long nextCheckDelayNanos() {
    if (state == State.FAILED) {
      return -1;
    }
    if (state == State.CHECKING) {
      long d = rtoNanos;
      rtoNanos = Math.min(MAX_RTO_NANOS, rtoNanos * 2);
      return d;
    }
    long base = CONSENT_INTERVAL.toNanos();
    return (long) (base * (0.8 + 0.4 * random.nextDouble()));
  }

  /**
   * Updates the consent state at {@code nowNanos}: the pair fails when no valid response arrived
   * for the consent timeout (counted from the start while still checking).
   *
   * @return the state after the check
   */
  public synchronized State tick(long nowNanos) {
    if (state != State.FAILED) {
      long since = state == State.CONNECTED ? lastSuccessNanos : startNanos;
      if (nowNanos - since > consentTimeoutNanos) {
        state = State.FAILED;
      }
    }
    return state;
  }

  /**
   * Handles a STUN datagram from the peer's address. Borrows {@code datagram}.
   *
   * @return true if it was a valid success response to one of our checks (the pair is then
   *     {@link State#CONNECTED}); false if it was ignored (malformed, unknown transaction, failed
   *     integrity or fingerprint, or an error response, which fails the pair for 401 and 487)
   */
  public synchronized boolean onResponse(ByteBuf datagram, long nowNanos) {
    if (message.tryParse(datagram) != StunParseResult.OK || state == State.FAILED) {
      return false;
    }
    try {
      StunMessageClass kind = message.messageClass();
      if (message.method() != StunMessageType.BINDING
          || (kind != StunMessageClass.SUCCESS_RESPONSE && kind != StunMessageClass.ERROR_RESPONSE)
          || !isPending(datagram, message.transactionIdIndex())
          || !message.has(io.sluice.transport.stun.StunAttributeType.MESSAGE_INTEGRITY)
          || !integrity.verify(message, remoteKey)
          || (message.has(io.sluice.transport.stun.StunAttributeType.FINGERPRINT)
              && !fingerprint.verify(message))) {
        return false;
      }
      if (kind == StunMessageClass.ERROR_RESPONSE) {
        lastErrorCode = message.errorCode();
        if (lastErrorCode == 401 || lastErrorCode == 487) {
          state = State.FAILED;
        }
        return false;
      }
      state = State.CONNECTED;
      lastSuccessNanos = nowNanos;
      rtoNanos = INITIAL_RTO_NANOS;
      return true;
    } finally {
      message.clear();
    }
  }

  private boolean isPending(ByteBuf buf, int tidIndex) {
    outer:
    for (int i = 0; i < pendingCount; i++) {
      byte[] tid = pending[i];
      for (int j = 0; j < 12; j++) {
        if (buf.getByte(tidIndex + j) != tid[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return "IceClientSession(" + local.ufrag() + " -> " + remoteUfrag + "@" + remote + ", " + state + ")";
  }
}
