package io.sluice.transport.internal.ice;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.transport.stun.Fingerprint;
import io.sluice.transport.stun.MessageIntegrity;
import io.sluice.transport.stun.StunAttributeType;
import io.sluice.transport.stun.StunMessage;
import io.sluice.transport.stun.StunMessageType;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import javax.crypto.SecretKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Jazzer fuzz target for {@link IceLiteAgent#handle}: any datagram gets an answer that follows the
 * rules, and only a successful check changes the session.
 *
 * <p>The table holds one session with fixed credentials (ufrag {@code fuzz}, remote ufrag
 * {@code peer}) so that the seeds in {@code IceLiteAgentFuzzTestInputs/handle/} can be signed:
 * a valid check with and without USE-CANDIDATE, ICE-CONTROLLED (487), an unknown
 * comprehension-required attribute (420), a wrong password (401), no USERNAME (400) and a
 * Binding indication. Fuzz with
 * {@code JAZZER_FUZZ=1 ./mvnw -pl rtp-transport test -Dtest=IceLiteAgentFuzzTest#handle}.
 */
class IceLiteAgentFuzzTest {
  private static final IceCredentials LOCAL =
      new IceCredentials("fuzz", "fuzzfuzzfuzzfuzzfuzzfuzz");
  private static final SecretKey KEY = MessageIntegrity.shortTermKey(LOCAL.pwd());
  private static final InetSocketAddress FROM = new InetSocketAddress("192.0.2.10", 40000);

  private final IceSessionTable table =
      new IceSessionTable(4, Duration.ofSeconds(30), new SecureRandom(), IceSessionListener.NONE);
  private final IceSession session = table.create(LOCAL, "peer", 0);
  private final IceLiteAgent agent = new IceLiteAgent(table);
  private long now = 1;

  @FuzzTest(maxDuration = "5m")
  void handle(byte[] data) {
    ByteBuf request = Unpooled.buffer(data.length).writeBytes(data);
    ByteBuf response = Unpooled.buffer(IceLiteAgent.MAX_RESPONSE_SIZE);
    try {
      now++;
      String before = state();

      IceCheckOutcome outcome = agent.handle(request, FROM, now, response);

      assertThat(outcome).isNotNull();
      assertThat(request.readerIndex()).isZero();
      assertThat(request.writerIndex()).isEqualTo(data.length);
      if (outcome == IceCheckOutcome.SUCCESS) {
        assertThat(session.lastValidCheckNanos()).isEqualTo(now);
        assertThat(table.findByAddress(FROM)).isSameAs(session);
      } else {
        assertThat(state()).as("%s changed the session", outcome).isEqualTo(before);
      }
      if (!outcome.hasResponse()) {
        assertThat(response.readableBytes()).isZero();
        return;
      }
      StunMessage r = StunMessage.parse(response);
      StunMessage q = StunMessage.parse(request);
      assertThat(r.transactionId()).isEqualTo(q.transactionId());
      assertThat(new Fingerprint().verify(r)).isTrue();
      // Only answers to authenticated requests carry MESSAGE-INTEGRITY (RFC 8489 §9.1.3).
      boolean authenticated =
          "fuzz:peer".equals(q.username()) && new MessageIntegrity().verify(q, KEY);
      assertThat(r.has(StunAttributeType.MESSAGE_INTEGRITY)).isEqualTo(authenticated);
      if (authenticated) {
        assertThat(new MessageIntegrity().verify(r, KEY)).isTrue();
      }
      if (outcome == IceCheckOutcome.SUCCESS) {
        assertThat(authenticated).isTrue();
        assertThat(r.messageType()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
        assertThat(r.xorMappedAddress()).isEqualTo(FROM);
      } else {
        assertThat(r.messageType()).isEqualTo(StunMessageType.BINDING_ERROR_RESPONSE);
        assertThat(r.errorCode()).isEqualTo(outcome.errorCode());
      }
    } finally {
      request.release();
      response.release();
    }
  }

  /** The seeds reach the outcomes their names claim, so the fuzzer starts past each check. */
  @ParameterizedTest
  @CsvSource({
    "valid-check,                     SUCCESS",
    "valid-check-use-candidate,       SUCCESS",
    "role-conflict-ice-controlled,    ROLE_CONFLICT",
    "unknown-comprehension-required,  UNKNOWN_ATTRIBUTE",
    "wrong-password,                  BAD_MESSAGE_INTEGRITY",
    "no-username,                     BAD_REQUEST",
    "binding-indication,              DROPPED_NOT_BINDING_REQUEST",
  })
  void seedsReachTheirOutcome(String seed, IceCheckOutcome expected) throws IOException {
    String path = "IceLiteAgentFuzzTestInputs/handle/" + seed;
    byte[] bytes;
    try (InputStream in = IceLiteAgentFuzzTest.class.getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      bytes = in.readAllBytes();
    }
    ByteBuf request = Unpooled.wrappedBuffer(bytes);
    ByteBuf response = Unpooled.buffer(IceLiteAgent.MAX_RESPONSE_SIZE);
    try {
      assertThat(agent.handle(request, FROM, 5, response)).isEqualTo(expected);
    } finally {
      assertThat(request.release()).isTrue();
      assertThat(response.release()).isTrue();
    }
  }

  private String state() {
    List<InetSocketAddress> mapped = session.validatedAddresses();
    return table.size() + " " + table.addressCount() + " " + session.lastValidCheckNanos() + " "
        + session.selectedAddress() + " " + mapped + " " + session.localCredentials();
  }
}
