package io.sluice.transport.internal.ice;

import static io.sluice.transport.stun.StunAttributeType.FINGERPRINT;
import static io.sluice.transport.stun.StunAttributeType.ICE_CONTROLLED;
import static io.sluice.transport.stun.StunAttributeType.ICE_CONTROLLING;
import static io.sluice.transport.stun.StunAttributeType.MESSAGE_INTEGRITY;
import static io.sluice.transport.stun.StunAttributeType.USERNAME;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import io.sluice.transport.internal.ice.IceSession.Credentials;
import io.sluice.transport.internal.ice.IceSession.RemoteTuple;
import io.sluice.transport.stun.ErrorCode;
import io.sluice.transport.stun.Fingerprint;
import io.sluice.transport.stun.MessageIntegrity;
import io.sluice.transport.stun.StunMessage;
import io.sluice.transport.stun.StunMessageType;
import io.sluice.transport.stun.StunMessageWriter;
import io.sluice.transport.stun.StunParseResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The connectivity-check side of an ICE-lite agent (RFC 8445 §2.5, §7.3): validates a Binding
 * request against the {@link IceSessionTable} and writes the response. A lite agent only answers
 * checks; it never sends any, and it is always the controlled agent (RFC 8445 §6.1.1).
 *
 * <h2>Checks, in order</h2>
 *
 * <ol>
 *   <li>Not a valid STUN message: dropped ({@link IceCheckOutcome#DROPPED_MALFORMED}).
 *   <li>FINGERPRINT present and wrong: dropped silently (RFC 8489 §6.3). Absent is accepted.
 *   <li>Not a Binding request (indications are ICE keepalives, RFC 8445 §11; a lite agent sends
 *       no requests, so it expects no responses): dropped.
 *   <li>USERNAME or MESSAGE-INTEGRITY missing: 400 Bad Request (RFC 8489 §9.1.3).
 *   <li>USERNAME is not "LFRAG:RFRAG" for a live session: 401. RFC 8445 leaves a choice between
 *       401 and dropping; RFC 8489 §9.1.3 says 401, which tells a misconfigured peer what is
 *       wrong and costs no amplification (the 401 is smaller than any request that reaches it).
 *       The session is looked up by remote address first (no allocation), then by the ufrag
 *       before the colon (a String lookup: one allocation, only for the first check from an
 *       address). If the session knows the remote ufrag, the part after the colon must equal it.
 *   <li>MESSAGE-INTEGRITY wrong for the session's password: 401.
 *   <li>From here the request is authenticated, and error responses carry MESSAGE-INTEGRITY
 *       (RFC 8489 §9.1.3; the 400/401 above must not). Unknown comprehension-required attributes:
 *       420 with UNKNOWN-ATTRIBUTES (RFC 8489 §6.3.1, checked after authentication).
 *   <li>Both ICE-CONTROLLING and ICE-CONTROLLED: 400.
 *   <li>ICE-CONTROLLED: 487 Role Conflict. RFC 8445 §7.3.1.1 has a controlled agent compare
 *       tiebreakers and either answer 487 or switch to controlling; a lite agent cannot control,
 *       so it always answers 487, whatever the tiebreaker. The full peer then switches to
 *       controlling (§7.2.5.1) and checks again. No state changes.
 *   <li>Otherwise: a valid check. Consent is refreshed, the address is mapped to the session, and
 *       USE-CANDIDATE nominates it ({@link IceSessionListener#onNominated}; the latest
 *       nomination wins, which is how NAT rebinding and ICE restart move media). The Binding
 *       success response carries XOR-MAPPED-ADDRESS (the source address), MESSAGE-INTEGRITY
 *       (session password) and FINGERPRINT, with the request's transaction ID.
 * </ol>
 *
 * <p>A request that fails any check never creates or changes a session: all state changes are
 * in the last step. Error responses carry FINGERPRINT too: connectivity checks use the FINGERPRINT
 * mechanism (RFC 8445 §7), and the peer's demultiplexer relies on it.
 * PRIORITY is not required: a lite agent forms no peer-reflexive candidates from it.
 *
 * <h2>Threads and allocation</h2>
 *
 * <p>{@link #handle} may be called from any number of threads at once. Each thread keeps its own
 * STUN view, writer, HMAC and CRC state in a {@link FastThreadLocal}. A check from a known
 * address allocates nothing (a test measures this), except when the thread's previous check used
 * a different session's key: deriving the HMAC pads copies the key (see {@link MessageIntegrity}).
 * The first check from a new address allocates the ufrag String, its raw IP bytes and the address
 * mapping, once.
 */
public final class IceLiteAgent {
  /**
   * The largest response {@link #handle} writes: a 420 with 16 unknown attributes is 20 (header)
   * + 28 (ERROR-CODE) + 36 (UNKNOWN-ATTRIBUTES) + 24 (MESSAGE-INTEGRITY) + 8 (FINGERPRINT) = 116
   * bytes; a success response with an IPv6 address is 76.
   */
  public static final int MAX_RESPONSE_SIZE = 128;

  private static final FastThreadLocal<Scratch> SCRATCH = new FastThreadLocal<>() {
    @Override
    protected Scratch initialValue() {
      return new Scratch();
    }
  };

  private final IceSessionTable table;

  /** An agent answering checks for the sessions in {@code table}. */
  public IceLiteAgent(IceSessionTable table) {
    this.table = table;
  }

  /** The table this agent answers for. */
  public IceSessionTable table() {
    return table;
  }

  /**
   * Handles one datagram that demultiplexed as STUN.
   *
   * @param request the datagram's readable bytes, <em>borrowed</em>: not retained, not released,
   *     indexes untouched
   * @param remote the datagram's source address, resolved
   * @param nowNanos the current {@code System.nanoTime()}
   * @param response where the response is appended at the writer index when the outcome
   *     {@link IceCheckOutcome#hasResponse() has one}; untouched otherwise. <em>Borrowed</em>; must
   *     be able to take {@link #MAX_RESPONSE_SIZE} more bytes
   * @return what was done; never null. Nothing in {@code request} makes this throw.
   * @throws IllegalArgumentException if {@code remote} is unresolved or {@code response} cannot
   *     grow by {@link #MAX_RESPONSE_SIZE} bytes (caller bugs, checked before anything else)
   */
  public IceCheckOutcome handle(ByteBuf request, InetSocketAddress remote, long nowNanos,
      ByteBuf response) {
    InetAddress remoteIp = remote.getAddress();
    if (remoteIp == null) {
      throw new IllegalArgumentException("unresolved remote address " + remote);
    }
    if (response.maxWritableBytes() < MAX_RESPONSE_SIZE) {
      throw new IllegalArgumentException("response buffer takes " + response.maxWritableBytes()
          + " more bytes (expected: " + MAX_RESPONSE_SIZE + "+)");
    }
    Scratch s = SCRATCH.get();
    StunMessage m = s.message;
    try {
      return check(s, m, request, remote, remoteIp, nowNanos, response);
    } finally {
      m.clear(); // don't keep the caller's buffer reachable from a thread-local
      s.writer.abort(); // no-op after a complete write; never leave the writer stuck mid-message
    }
  }

  private IceCheckOutcome check(Scratch s, StunMessage m, ByteBuf request,
      InetSocketAddress remote, InetAddress remoteIp, long nowNanos, ByteBuf response) {
    if (m.tryParse(request) != StunParseResult.OK) {
      return IceCheckOutcome.DROPPED_MALFORMED;
    }
    if (m.has(FINGERPRINT) && !s.fingerprint.verify(m)) {
      return IceCheckOutcome.DROPPED_BAD_FINGERPRINT;
    }
    if (m.messageType() != StunMessageType.BINDING_REQUEST) {
      return IceCheckOutcome.DROPPED_NOT_BINDING_REQUEST;
    }
    if (!m.has(USERNAME) || !m.has(MESSAGE_INTEGRITY)) {
      return reject(s, m, response, ErrorCode.BAD_REQUEST, IceCheckOutcome.BAD_REQUEST, null);
    }

    int usernameIndex = m.valueIndex(USERNAME);
    int usernameLength = m.valueLength(USERNAME);
    IceSession session = null;
    Credentials credentials = null;
    RemoteTuple tuple = table.tuple(remote);
    if (tuple != null) {
      Credentials c = tuple.session().credentials();
      if (c.matchesUsername(request, usernameIndex, usernameLength)) {
        session = tuple.session();
        credentials = c;
      }
    }
    if (session == null) {
      tuple = null; // that address's mapping is not for this USERNAME
      session = findByUsername(request, usernameIndex, usernameLength);
      if (session != null) {
        Credentials c = session.credentials();
        if (c.matchesUsername(request, usernameIndex, usernameLength)) {
          credentials = c;
        }
      }
    }
    if (session == null || credentials == null) {
      return reject(s, m, response, ErrorCode.UNAUTHENTICATED, IceCheckOutcome.UNKNOWN_USERNAME,
          null);
    }
    if (!s.integrity.verify(m, credentials.key)) {
      return reject(s, m, response, ErrorCode.UNAUTHENTICATED,
          IceCheckOutcome.BAD_MESSAGE_INTEGRITY, null);
    }

    // Authenticated: error responses from here on carry MESSAGE-INTEGRITY.
    if (m.unknownComprehensionRequiredCount() > 0) {
      return reject(s, m, response, ErrorCode.UNKNOWN_ATTRIBUTE,
          IceCheckOutcome.UNKNOWN_ATTRIBUTE, credentials);
    }
    boolean controlled = m.has(ICE_CONTROLLED);
    if (controlled && m.has(ICE_CONTROLLING)) {
      return reject(s, m, response, ErrorCode.BAD_REQUEST, IceCheckOutcome.BAD_REQUEST,
          credentials);
    }
    if (controlled) {
      return reject(s, m, response, ErrorCode.ROLE_CONFLICT, IceCheckOutcome.ROLE_CONFLICT,
          credentials);
    }

    byte[] ip = tuple != null ? tuple.ip() : remoteIp.getAddress();
    if (!table.recordValidCheck(session, remote, ip, m.useCandidate(), nowNanos)) {
      // Removed or expired between lookup and now: its credentials are no longer valid.
      return reject(s, m, response, ErrorCode.UNAUTHENTICATED, IceCheckOutcome.UNKNOWN_USERNAME,
          null);
    }
    s.writer.beginResponse(response, StunMessageType.BINDING_SUCCESS_RESPONSE, m)
        .xorMappedAddress(ip, remote.getPort())
        .messageIntegrity(s.integrity, credentials.key)
        .fingerprint(s.fingerprint)
        .end();
    return IceCheckOutcome.SUCCESS;
  }

  /**
   * Looks the session up by the ufrag before the first colon of USERNAME. Allocates the ufrag
   * String; only reached when the source address is not mapped to the USERNAME's session.
   */
  private @Nullable IceSession findByUsername(ByteBuf buf, int index, int length) {
    int colon = buf.indexOf(index, index + length, (byte) ':');
    if (colon <= index) {
      return null; // no colon, or an empty local ufrag
    }
    return table.findByLocalUfrag(buf.toString(index, colon - index, StandardCharsets.US_ASCII));
  }

  /**
   * Writes a Binding error response. {@code credentials} is null for the 400/401 sent before
   * authentication succeeded, which must not carry MESSAGE-INTEGRITY (RFC 8489 §9.1.3).
   */
  private static IceCheckOutcome reject(Scratch s, StunMessage m, ByteBuf response,
      ErrorCode error, IceCheckOutcome outcome, @Nullable Credentials credentials) {
    StunMessageWriter w = s.writer
        .beginResponse(response, StunMessageType.BINDING_ERROR_RESPONSE, m)
        .errorCode(error);
    if (outcome == IceCheckOutcome.UNKNOWN_ATTRIBUTE) {
      w.unknownAttributes(m);
    }
    if (credentials != null) {
      w.messageIntegrity(s.integrity, credentials.key);
    }
    w.fingerprint(s.fingerprint).end();
    return outcome;
  }

  /** Per-thread codec state: nothing here is shared between threads. */
  private static final class Scratch {
    final StunMessage message = new StunMessage();
    final StunMessageWriter writer = new StunMessageWriter();
    final MessageIntegrity integrity = new MessageIntegrity();
    final Fingerprint fingerprint = new Fingerprint();
  }
}
