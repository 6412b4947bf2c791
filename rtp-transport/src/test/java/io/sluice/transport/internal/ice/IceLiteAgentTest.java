package io.sluice.transport.internal.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sluice.transport.stun.Fingerprint;
import io.sluice.transport.stun.MessageIntegrity;
import io.sluice.transport.stun.StunAttributeType;
import io.sluice.transport.stun.StunMessage;
import io.sluice.transport.stun.StunMessageType;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link IceLiteAgent}: every answer, and that failed checks change nothing. */
class IceLiteAgentTest {
  private static final String REMOTE_UFRAG = "brwsr";
  private static final long T0 = 1_000_000_000L;
  private static final InetSocketAddress A = new InetSocketAddress("198.51.100.7", 50000);
  private static final InetSocketAddress B = new InetSocketAddress("203.0.113.9", 61000);
  private static final InetSocketAddress V6 = new InetSocketAddress("2001:db8::42", 40000);

  private final RecordingListener listener = new RecordingListener();
  private final IceSessionTable table =
      new IceSessionTable(100, Duration.ofSeconds(30), new SecureRandom(), listener);
  private final IceLiteAgent agent = new IceLiteAgent(table);
  private final IceSession session = table.create(REMOTE_UFRAG, T0);
  private final ByteBuf response = Unpooled.buffer(IceLiteAgent.MAX_RESPONSE_SIZE);

  @AfterEach
  void releaseResponse() {
    assertThat(response.release()).isTrue();
  }

  /** Sends {@code check} from {@code from} at {@code now}; releases the request. */
  private IceCheckOutcome send(Check check, InetSocketAddress from, long now) {
    response.clear();
    ByteBuf request = check.build();
    try {
      int readerIndex = request.readerIndex();
      int writerIndex = request.writerIndex();
      IceCheckOutcome outcome = agent.handle(request, from, now, response);
      // The request is borrowed: indexes and reference count untouched.
      assertThat(request.readerIndex()).isEqualTo(readerIndex);
      assertThat(request.writerIndex()).isEqualTo(writerIndex);
      assertThat(request.refCnt()).isEqualTo(1);
      if (!outcome.hasResponse()) {
        assertThat(response.readableBytes()).as("no response for %s", outcome).isZero();
      }
      return outcome;
    } finally {
      assertThat(request.release()).isTrue();
    }
  }

  private StunMessage parsedResponse() {
    return StunMessage.parse(response);
  }

  private boolean responseSignedWith(IceSession s) {
    return new MessageIntegrity().verify(parsedResponse(),
        MessageIntegrity.shortTermKey(s.localCredentials().pwd()));
  }

  // --- Success ---------------------------------------------------------------------------------

  @Test
  void aValidCheckIsAnsweredWithTheMappedAddress() {
    Check check = Check.to(session, REMOTE_UFRAG);

    assertThat(send(check, A, T0 + 5)).isEqualTo(IceCheckOutcome.SUCCESS);

    StunMessage r = parsedResponse();
    assertThat(r.messageType()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
    assertThat(r.transactionId()).isEqualTo(check.transactionId);
    assertThat(r.xorMappedAddress()).isEqualTo(A);
    assertThat(r.has(StunAttributeType.USERNAME)).isFalse(); // RFC 8489 §9.1.3
    assertThat(responseSignedWith(session)).isTrue();
    assertThat(new Fingerprint().verify(r)).isTrue();
    assertThat(r.attributeIndex(StunAttributeType.FINGERPRINT)).isEqualTo(r.size() - 8);
    // Consent refreshed and the address mapped; no nomination without USE-CANDIDATE.
    assertThat(session.lastValidCheckNanos()).isEqualTo(T0 + 5);
    assertThat(table.findByAddress(A)).isSameAs(session);
    assertThat(session.validatedAddresses()).containsExactly(A);
    assertThat(session.isNominated()).isFalse();
    assertThat(listener.events).isEmpty();
  }

  @Test
  void ipv6PeersGetAnIpv6MappedAddress() {
    assertThat(send(Check.to(session, REMOTE_UFRAG), V6, T0)).isEqualTo(IceCheckOutcome.SUCCESS);
    assertThat(parsedResponse().xorMappedAddress()).isEqualTo(V6);
    assertThat(responseSignedWith(session)).isTrue();
  }

  @Test
  void theResponseIsAppendedAtTheWriterIndex() {
    ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(256);
    out.writeInt(0xCAFEBABE);
    ByteBuf request = Check.to(session, REMOTE_UFRAG).build();
    try {
      assertThat(agent.handle(request, A, T0, out)).isEqualTo(IceCheckOutcome.SUCCESS);
      assertThat(out.readInt()).isEqualTo(0xCAFEBABE);
      assertThat(StunMessage.parse(out).xorMappedAddress()).isEqualTo(A);
    } finally {
      assertThat(request.release()).isTrue();
      assertThat(out.release()).isTrue();
    }
  }

  @Test
  void aSessionWithoutRemoteUfragAcceptsAnyPeerUfrag() {
    IceSession open = table.create(null, T0);
    assertThat(send(Check.to(open, "whatever"), A, T0)).isEqualTo(IceCheckOutcome.SUCCESS);
    // ...but not an empty one.
    assertThat(send(Check.to(open, ""), B, T0)).isEqualTo(IceCheckOutcome.UNKNOWN_USERNAME);
  }

  @Test
  void checksWithoutFingerprintAreAccepted() {
    assertThat(send(Check.to(session, REMOTE_UFRAG).noFingerprint(), A, T0))
        .isEqualTo(IceCheckOutcome.SUCCESS);
  }

  // --- Nomination ------------------------------------------------------------------------------

  @Test
  void useCandidateNominatesTheAddress() {
    assertThat(send(Check.to(session, REMOTE_UFRAG).useCandidate(), A, T0))
        .isEqualTo(IceCheckOutcome.SUCCESS);

    assertThat(session.selectedAddress()).isEqualTo(A);
    assertThat(listener.events).containsExactly("nominated " + session.id() + " null -> " + A);
  }

  @Test
  void nominationFromANewTupleMovesTheSession() {
    send(Check.to(session, REMOTE_UFRAG).useCandidate(), A, T0);
    send(Check.to(session, REMOTE_UFRAG).useCandidate(), A, T0 + 1); // same tuple: no event

    // NAT rebinding: the peer now shows up from B.
    assertThat(send(Check.to(session, REMOTE_UFRAG).useCandidate(), B, T0 + 2))
        .isEqualTo(IceCheckOutcome.SUCCESS);

    assertThat(parsedResponse().xorMappedAddress()).isEqualTo(B);
    assertThat(session.selectedAddress()).isEqualTo(B);
    assertThat(table.findByAddress(A)).isSameAs(session);
    assertThat(table.findByAddress(B)).isSameAs(session);
    assertThat(listener.events).containsExactly(
        "nominated " + session.id() + " null -> " + A,
        "nominated " + session.id() + " " + A + " -> " + B);
  }

  @Test
  void aCheckWithoutUseCandidateDoesNotMoveTheNomination() {
    send(Check.to(session, REMOTE_UFRAG).useCandidate(), A, T0);
    assertThat(send(Check.to(session, REMOTE_UFRAG), B, T0)).isEqualTo(IceCheckOutcome.SUCCESS);
    assertThat(session.selectedAddress()).isEqualTo(A);
    assertThat(listener.events).hasSize(1);
  }

  // --- 400 ---------------------------------------------------------------------------------------

  @Test
  void missingUsernameIs400WithoutMessageIntegrity() {
    Check check = Check.to(session, REMOTE_UFRAG).username(null);

    assertThat(send(check, A, T0)).isEqualTo(IceCheckOutcome.BAD_REQUEST);

    StunMessage r = parsedResponse();
    assertThat(r.messageType()).isEqualTo(StunMessageType.BINDING_ERROR_RESPONSE);
    assertThat(r.transactionId()).isEqualTo(check.transactionId);
    assertThat(r.errorCode()).isEqualTo(400);
    assertThat(r.errorReason()).isEqualTo("Bad Request");
    assertThat(r.has(StunAttributeType.MESSAGE_INTEGRITY)).isFalse();
    assertThat(new Fingerprint().verify(r)).isTrue();
  }

  @Test
  void missingMessageIntegrityIs400() {
    assertThat(send(Check.to(session, REMOTE_UFRAG).password(null), A, T0))
        .isEqualTo(IceCheckOutcome.BAD_REQUEST);
    assertThat(parsedResponse().errorCode()).isEqualTo(400);
  }

  @Test
  void claimingBothRolesIs400WithMessageIntegrity() {
    assertThat(send(Check.to(session, REMOTE_UFRAG).bothRoles(), A, T0))
        .isEqualTo(IceCheckOutcome.BAD_REQUEST);
    assertThat(parsedResponse().errorCode()).isEqualTo(400);
    assertThat(responseSignedWith(session)).isTrue(); // authenticated by then
  }

  // --- 401 ---------------------------------------------------------------------------------------

  @Test
  void unknownLocalUfragIs401WithoutMessageIntegrity() {
    assertThat(send(Check.to(session, REMOTE_UFRAG).username("nosuch:" + REMOTE_UFRAG), A, T0))
        .isEqualTo(IceCheckOutcome.UNKNOWN_USERNAME);
    StunMessage r = parsedResponse();
    assertThat(r.errorCode()).isEqualTo(401);
    assertThat(r.errorReason()).isEqualTo("Unauthenticated");
    assertThat(r.has(StunAttributeType.MESSAGE_INTEGRITY)).isFalse();
  }

  @Test
  void wrongRemoteUfragIs401() {
    assertThat(send(Check.to(session, "other"), A, T0)).isEqualTo(IceCheckOutcome.UNKNOWN_USERNAME);
  }

  @Test
  void usernameWithoutColonIs401() {
    String ufrag = session.localCredentials().ufrag();
    assertThat(send(Check.to(session, REMOTE_UFRAG).username(ufrag), A, T0))
        .isEqualTo(IceCheckOutcome.UNKNOWN_USERNAME);
    assertThat(send(Check.to(session, REMOTE_UFRAG).username(":" + REMOTE_UFRAG), A, T0))
        .isEqualTo(IceCheckOutcome.UNKNOWN_USERNAME);
  }

  @Test
  void badMessageIntegrityIs401() {
    Check forged = Check.to(session, REMOTE_UFRAG).password("x".repeat(24));

    assertThat(send(forged, A, T0)).isEqualTo(IceCheckOutcome.BAD_MESSAGE_INTEGRITY);

    StunMessage r = parsedResponse();
    assertThat(r.errorCode()).isEqualTo(401);
    assertThat(r.has(StunAttributeType.MESSAGE_INTEGRITY)).isFalse();
  }

  @Test
  void badMessageIntegrityFromAKnownAddressIs401Too() {
    send(Check.to(session, REMOTE_UFRAG), A, T0);
    assertThat(send(Check.to(session, REMOTE_UFRAG).password("y".repeat(22)), A, T0 + 1))
        .isEqualTo(IceCheckOutcome.BAD_MESSAGE_INTEGRITY);
    assertThat(session.lastValidCheckNanos()).isEqualTo(T0);
  }

  // --- 420, 487 ----------------------------------------------------------------------------------

  @Test
  void unknownComprehensionRequiredAttributesAre420() {
    Check check = Check.to(session, REMOTE_UFRAG).unknown(0x7001, 0x0003);

    assertThat(send(check, A, T0)).isEqualTo(IceCheckOutcome.UNKNOWN_ATTRIBUTE);

    StunMessage r = parsedResponse();
    assertThat(r.errorCode()).isEqualTo(420);
    assertThat(r.errorReason()).isEqualTo("Unknown Attribute");
    assertThat(r.unknownAttributes()).containsExactly(0x7001, 0x0003);
    assertThat(responseSignedWith(session)).isTrue();
  }

  @Test
  void unknownAttributesAreCheckedOnlyAfterAuthentication() {
    // RFC 8489 §6.3: authentication first, so an unauthenticated sender learns nothing more.
    assertThat(send(Check.to(session, REMOTE_UFRAG).unknown(0x7001).password("z".repeat(22)), A,
        T0)).isEqualTo(IceCheckOutcome.BAD_MESSAGE_INTEGRITY);
  }

  @Test
  void unknownComprehensionOptionalAttributesAreIgnored() {
    assertThat(send(Check.to(session, REMOTE_UFRAG).unknown(0xC001), A, T0))
        .isEqualTo(IceCheckOutcome.SUCCESS);
  }

  @Test
  void aPeerClaimingTheControlledRoleGets487() {
    Check check = Check.to(session, REMOTE_UFRAG).controlled(Long.MIN_VALUE).useCandidate();

    assertThat(send(check, A, T0)).isEqualTo(IceCheckOutcome.ROLE_CONFLICT);

    StunMessage r = parsedResponse();
    assertThat(r.errorCode()).isEqualTo(487);
    assertThat(r.errorReason()).isEqualTo("Role Conflict");
    assertThat(responseSignedWith(session)).isTrue();
    assertThat(session.isNominated()).isFalse();
    assertThat(table.findByAddress(A)).isNull();
  }

  @Test
  void roleConflictDoesNotDependOnTheTiebreaker() {
    // A lite agent cannot take the controlling role, whichever tiebreaker wins (RFC 8445 §6.1.1).
    for (long tiebreaker : new long[] {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE}) {
      assertThat(send(Check.to(session, REMOTE_UFRAG).controlled(tiebreaker), A, T0))
          .isEqualTo(IceCheckOutcome.ROLE_CONFLICT);
    }
  }

  // --- Dropped -----------------------------------------------------------------------------------

  @Test
  void aWrongFingerprintIsDroppedSilently() {
    assertThat(send(Check.to(session, REMOTE_UFRAG).corruptFingerprint(), A, T0))
        .isEqualTo(IceCheckOutcome.DROPPED_BAD_FINGERPRINT);
  }

  @Test
  void malformedDatagramsAreDropped() {
    ByteBuf rtp = Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 0x60, 0, 1, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    try {
      assertThat(agent.handle(rtp, A, T0, response)).isEqualTo(IceCheckOutcome.DROPPED_MALFORMED);
      assertThat(response.readableBytes()).isZero();
    } finally {
      assertThat(rtp.release()).isTrue();
    }
  }

  @Test
  void indicationsAndResponsesAreDropped() {
    assertThat(send(Check.to(session, REMOTE_UFRAG).type(StunMessageType.BINDING_INDICATION), A,
        T0)).isEqualTo(IceCheckOutcome.DROPPED_NOT_BINDING_REQUEST);
    assertThat(send(Check.to(session, REMOTE_UFRAG)
        .type(StunMessageType.BINDING_SUCCESS_RESPONSE), A, T0))
        .isEqualTo(IceCheckOutcome.DROPPED_NOT_BINDING_REQUEST);
    assertThat(send(Check.to(session, REMOTE_UFRAG).type(0x0003), A, T0)) // TURN Allocate
        .isEqualTo(IceCheckOutcome.DROPPED_NOT_BINDING_REQUEST);
  }

  // --- Failed checks change nothing ------------------------------------------------------------

  @Test
  void noFailedCheckCreatesOrChangesASession() {
    send(Check.to(session, REMOTE_UFRAG).useCandidate(), A, T0);
    listener.events.clear();
    Supplier<String> snapshot = () -> table.size() + " sessions, " + table.addressCount()
        + " addresses, last " + session.lastValidCheckNanos() + ", selected "
        + session.selectedAddress() + ", mapped " + session.validatedAddresses() + ", B -> "
        + table.findByAddress(B) + ", credentials " + session.localCredentials();
    String before = snapshot.get();

    // Every failure, from a new address and with USE-CANDIDATE, an hour later.
    long later = T0 + TimeUnit.HOURS.toNanos(1);
    List<Check> failures = List.of(
        Check.to(session, REMOTE_UFRAG).useCandidate().username(null),
        Check.to(session, REMOTE_UFRAG).useCandidate().password(null),
        Check.to(session, REMOTE_UFRAG).useCandidate().username("nosuch:" + REMOTE_UFRAG),
        Check.to(session, "other").useCandidate(),
        Check.to(session, REMOTE_UFRAG).useCandidate().password("w".repeat(22)),
        Check.to(session, REMOTE_UFRAG).useCandidate().unknown(0x7001),
        Check.to(session, REMOTE_UFRAG).useCandidate().bothRoles(),
        Check.to(session, REMOTE_UFRAG).useCandidate().controlled(5),
        Check.to(session, REMOTE_UFRAG).useCandidate().corruptFingerprint(),
        Check.to(session, REMOTE_UFRAG).useCandidate().type(StunMessageType.BINDING_INDICATION));
    for (Check failure : failures) {
      for (InetSocketAddress from : new InetSocketAddress[] {A, B}) {
        assertThat(send(failure, from, later)).isNotEqualTo(IceCheckOutcome.SUCCESS);
        assertThat(snapshot.get()).isEqualTo(before);
      }
    }
    assertThat(listener.events).isEmpty();
    assertThat(table.expire(later)).containsExactly(session); // consent was never refreshed
  }

  // --- Address first, then USERNAME ------------------------------------------------------------

  @Test
  void anAddressMappedToOneSessionCanCarryAnotherSessionsCheck() {
    IceSession other = table.create(REMOTE_UFRAG, T0);
    send(Check.to(session, REMOTE_UFRAG), A, T0);

    // Same source address, other session's USERNAME: found by ufrag, and the address moves.
    assertThat(send(Check.to(other, REMOTE_UFRAG), A, T0 + 1)).isEqualTo(IceCheckOutcome.SUCCESS);

    assertThat(responseSignedWith(other)).isTrue();
    assertThat(table.findByAddress(A)).isSameAs(other);
    // The first session lost A without losing anything else, and removing it leaves A alone.
    assertThat(table.remove(session)).isTrue();
    assertThat(table.findByAddress(A)).isSameAs(other);
  }

  // --- ICE restart -------------------------------------------------------------------------------

  @Test
  void afterARestartOnlyTheNewCredentialsWork() {
    send(Check.to(session, REMOTE_UFRAG).useCandidate(), A, T0);
    Check oldCheck = Check.to(session, REMOTE_UFRAG);

    IceCredentials fresh = table.restart(session, "brwsr2");

    assertThat(fresh.ufrag()).isNotEqualTo(oldCheck.username.substring(0, 8));
    assertThat(send(oldCheck, A, T0 + 1)).isEqualTo(IceCheckOutcome.UNKNOWN_USERNAME);
    assertThat(send(oldCheck, B, T0 + 1)).isEqualTo(IceCheckOutcome.UNKNOWN_USERNAME);
    assertThat(session.selectedAddress()).isEqualTo(A); // media keeps flowing meanwhile
    assertThat(send(Check.to(session, "brwsr2").useCandidate(), B, T0 + 2))
        .isEqualTo(IceCheckOutcome.SUCCESS);
    assertThat(responseSignedWith(session)).isTrue();
    assertThat(session.selectedAddress()).isEqualTo(B);
    assertThat(listener.events).last().isEqualTo("nominated " + session.id() + " " + A + " -> " + B);
  }

  // --- Consent -----------------------------------------------------------------------------------

  @Test
  void checksKeepConsentAndSilenceExpiresIt() {
    long s = TimeUnit.SECONDS.toNanos(1);
    send(Check.to(session, REMOTE_UFRAG).useCandidate(), A, T0);
    send(Check.to(session, REMOTE_UFRAG), A, T0 + 10 * s);
    send(Check.to(session, REMOTE_UFRAG), A, T0 + 20 * s);

    assertThat(table.expire(T0 + 50 * s)).isEmpty(); // 30 s since the last check: not yet
    assertThat(table.expire(T0 + 50 * s + 1)).containsExactly(session);

    assertThat(session.isClosed()).isTrue();
    assertThat(listener.events).last().isEqualTo("expired " + session.id());
    assertThat(table.findByAddress(A)).isNull();
    assertThat(table.findByLocalUfrag(session.localCredentials().ufrag())).isNull();
    assertThat(send(Check.to(session, REMOTE_UFRAG), A, T0 + 51 * s))
        .isEqualTo(IceCheckOutcome.UNKNOWN_USERNAME);
  }

  @Test
  void aRemovedSessionAnswersNoMoreChecks() {
    send(Check.to(session, REMOTE_UFRAG), A, T0);
    assertThat(table.remove(session)).isTrue();
    assertThat(table.remove(session)).isFalse();
    assertThat(send(Check.to(session, REMOTE_UFRAG), A, T0)).isEqualTo(IceCheckOutcome.UNKNOWN_USERNAME);
    assertThat(table.size()).isZero();
  }

  // --- Caller errors and limits ----------------------------------------------------------------

  @Test
  void callerErrorsAreRefusedBeforeReadingTheRequest() {
    ByteBuf request = Check.to(session, REMOTE_UFRAG).build();
    ByteBuf small = Unpooled.buffer(16, 100);
    try {
      assertThatThrownBy(() -> agent.handle(request,
          InetSocketAddress.createUnresolved("example.org", 1), T0, response))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("unresolved remote address example.org/<unresolved>:1");
      assertThatThrownBy(() -> agent.handle(request, A, T0, small))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("response buffer takes 100 more bytes (expected: 128+)");
      assertThat(session.lastValidCheckNanos()).isEqualTo(T0);
    } finally {
      assertThat(request.release()).isTrue();
      assertThat(small.release()).isTrue();
    }
  }

  @Test
  void theLargestResponseFitsMaxResponseSize() {
    int[] many = new int[20];
    for (int i = 0; i < many.length; i++) {
      many[i] = 0x7000 + i;
    }
    ByteBuf exact = Unpooled.buffer(0, IceLiteAgent.MAX_RESPONSE_SIZE);
    ByteBuf request = Check.to(session, REMOTE_UFRAG).unknown(many).build();
    try {
      assertThat(agent.handle(request, V6, T0, exact)).isEqualTo(IceCheckOutcome.UNKNOWN_ATTRIBUTE);
      assertThat(StunMessage.parse(exact).unknownAttributes()).hasSize(16);
      assertThat(exact.readableBytes()).isLessThanOrEqualTo(IceLiteAgent.MAX_RESPONSE_SIZE);
    } finally {
      assertThat(request.release()).isTrue();
      assertThat(exact.release()).isTrue();
    }
  }

  @Test
  void theAddressMapIsBoundedPerSessionAndKeepsTheNominatedAddress() {
    InetSocketAddress first = new InetSocketAddress("192.0.2.1", 1000);
    send(Check.to(session, REMOTE_UFRAG).useCandidate(), first, T0);
    for (int port = 1001; port < 1001 + 2 * IceSessionTable.MAX_ADDRESSES_PER_SESSION; port++) {
      send(Check.to(session, REMOTE_UFRAG), new InetSocketAddress("192.0.2.1", port), T0);
    }
    assertThat(session.validatedAddresses()).hasSize(IceSessionTable.MAX_ADDRESSES_PER_SESSION);
    assertThat(table.addressCount()).isEqualTo(IceSessionTable.MAX_ADDRESSES_PER_SESSION);
    assertThat(table.findByAddress(first)).isSameAs(session); // nominated: never evicted
    assertThat(table.findByAddress(new InetSocketAddress("192.0.2.1", 1001))).isNull(); // oldest
  }
}
