package io.sluice.signaling.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.signaling.internal.http.SessionRegistry.Kind;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Session slots: reserved before the backend runs, so limits hold under concurrency. */
class SessionRegistryTest {
  private static final InetAddress A = InetAddress.getLoopbackAddress();
  private static final InetAddress B = address("127.0.0.2");

  @Test
  void reservationsCountAgainstBothLimits() {
    SessionRegistry r = new SessionRegistry(3, 2);
    SessionRegistry.Reservation a1 = r.reserve(A);
    SessionRegistry.Reservation a2 = r.reserve(A);
    assertThat(r.reserve(A)).isNull(); // per address, though nothing is committed yet
    SessionRegistry.Reservation b1 = r.reserve(B);
    assertThat(r.reserve(B)).isNull(); // in all

    a1.cancel();
    assertThat(r.reserve(B)).isNotNull();
    assertThat(a2.commit("s1", "cam", Kind.WHIP, "\"e\"", "ufrag")).isNotNull();
    assertThat(r.size()).isEqualTo(1);
    assertThat(b1.commit("s1", "cam", Kind.WHIP, "\"e\"", null)).isNull(); // id in use
    assertThat(r.size()).isEqualTo(1);
    assertThatThrownBy(b1::cancel).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void removingFreesTheSlot() {
    SessionRegistry r = new SessionRegistry(1, 1);
    r.reserve(A).commit("s1", "cam", Kind.WHEP, "\"e\"", null);
    assertThat(r.reserve(A)).isNull();
    assertThat(r.get("s1").kind()).isEqualTo(Kind.WHEP);
    assertThat(r.remove("s1")).isNotNull();
    assertThat(r.remove("s1")).isNull();
    assertThat(r.reserve(A)).isNotNull();
  }

  private static InetAddress address(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
