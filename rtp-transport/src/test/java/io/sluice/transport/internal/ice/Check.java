package io.sluice.transport.internal.ice;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.transport.stun.Fingerprint;
import io.sluice.transport.stun.MessageIntegrity;
import io.sluice.transport.stun.StunMessageType;
import io.sluice.transport.stun.StunMessageWriter;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Builds a connectivity check the way a full ICE agent (a browser) sends one: Binding request with
 * USERNAME "LFRAG:RFRAG", PRIORITY, ICE-CONTROLLING, optionally USE-CANDIDATE, then
 * MESSAGE-INTEGRITY with the receiver's password and FINGERPRINT (RFC 8445 §7.2.2).
 */
final class Check {
  int type = StunMessageType.BINDING_REQUEST;
  byte[] transactionId = randomTransactionId();
  @Nullable String username;
  @Nullable String password;
  boolean useCandidate;
  @Nullable Long controlling = 0x0102_0304_0506_0708L;
  @Nullable Long controlled;
  int[] unknownRequired = {};
  boolean fingerprint = true;
  boolean corruptFingerprint;

  static Check to(IceSession session, String remoteUfrag) {
    Check c = new Check();
    c.username = session.localCredentials().ufrag() + ":" + remoteUfrag;
    c.password = session.localCredentials().pwd();
    return c;
  }

  Check useCandidate() {
    useCandidate = true;
    return this;
  }

  Check username(@Nullable String value) {
    username = value;
    return this;
  }

  Check password(@Nullable String value) {
    password = value;
    return this;
  }

  Check controlled(long tiebreaker) {
    controlled = tiebreaker;
    controlling = null;
    return this;
  }

  Check bothRoles() {
    controlled = 1L;
    controlling = 2L;
    return this;
  }

  Check type(int value) {
    type = value;
    return this;
  }

  Check unknown(int... types) {
    unknownRequired = types;
    return this;
  }

  Check noFingerprint() {
    fingerprint = false;
    return this;
  }

  Check corruptFingerprint() {
    corruptFingerprint = true;
    return this;
  }

  /** A new heap buffer holding the check; the caller releases it. */
  ByteBuf build() {
    ByteBuf out = Unpooled.buffer(256);
    StunMessageWriter w = new StunMessageWriter().begin(out, type, transactionId);
    if (username != null) {
      w.username(username);
    }
    w.priority(0x6e0001ffL);
    if (controlling != null) {
      w.iceControlling(controlling);
    }
    if (controlled != null) {
      w.iceControlled(controlled);
    }
    if (useCandidate) {
      w.useCandidate();
    }
    for (int t : unknownRequired) {
      w.attribute(t, new byte[] {1, 2, 3});
    }
    if (password != null) {
      w.messageIntegrity(new MessageIntegrity(), MessageIntegrity.shortTermKey(password));
    }
    if (fingerprint) {
      w.fingerprint(new Fingerprint());
    }
    w.end();
    if (corruptFingerprint) {
      out.setByte(out.writerIndex() - 1, out.getByte(out.writerIndex() - 1) ^ 1);
    }
    return out;
  }

  private static byte[] randomTransactionId() {
    byte[] id = new byte[12];
    ThreadLocalRandom.current().nextBytes(id);
    return id;
  }
}
