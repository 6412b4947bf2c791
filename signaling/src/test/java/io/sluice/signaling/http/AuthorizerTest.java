package io.sluice.signaling.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.signaling.http.Authorizer.Action;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The stock authorizers, on addresses that are only values here (nothing is sent). */
class AuthorizerTest {
  private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 5000);
  private static final InetSocketAddress LOOPBACK_8 = new InetSocketAddress("127.9.9.9", 5000);
  private static final InetSocketAddress LOOPBACK_V6 = new InetSocketAddress("::1", 5000);
  private static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.10", 5000);

  @Test
  void loopbackOnlyAllowsLoopbackForEveryAction() {
    Authorizer a = Authorizer.loopbackOnly();
    for (Action action : Action.values()) {
      assertThat(a.authorize(null, LOOPBACK, "s", action)).isTrue();
      assertThat(a.authorize(null, LOOPBACK_8, "s", action)).isTrue();
      assertThat(a.authorize(null, LOOPBACK_V6, null, action)).isTrue();
      assertThat(a.authorize(null, REMOTE, "s", action)).isFalse();
      assertThat(a.authorize("any-token", REMOTE, "s", action)).isFalse();
    }
  }

  @Test
  void bearerTokenAllowsExactlyThatToken() {
    Authorizer a = Authorizer.bearerToken("s3cret");
    assertThat(a.authorize("s3cret", REMOTE, "s", Action.PUBLISH)).isTrue();
    assertThat(a.authorize("s3cre", REMOTE, "s", Action.PUBLISH)).isFalse();
    assertThat(a.authorize("s3cret ", REMOTE, "s", Action.PUBLISH)).isFalse();
    assertThat(a.authorize(null, LOOPBACK, "s", Action.PUBLISH)).isFalse();
    assertThatThrownBy(() -> Authorizer.bearerToken("")).isInstanceOf(
        IllegalArgumentException.class);
  }

  @Test
  void orCombines() {
    Authorizer a = Authorizer.loopbackOnly().or(Authorizer.bearerToken("t"));
    assertThat(a.authorize(null, LOOPBACK, "s", Action.PLAY)).isTrue();
    assertThat(a.authorize("t", REMOTE, "s", Action.PLAY)).isTrue();
    assertThat(a.authorize("x", REMOTE, "s", Action.PLAY)).isFalse();
  }
}
