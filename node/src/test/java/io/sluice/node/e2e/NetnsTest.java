package io.sluice.node.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code netns} Surefire execution really runs its tests in a private network namespace
 * with only loopback (bin/netns-java), with the project's test JVM options.
 */
@PrivateNetwork
class NetnsTest {
  /** TEST-NET-1 (RFC 5737): routable on an ordinary host, never answered. */
  private static final InetSocketAddress OFF_MACHINE = new InetSocketAddress("192.0.2.1", 9);

  @BeforeEach
  void inANamespace() {
    Assumptions.assumeFalse(PrivateNetwork.Check.disabled(),
        "SLUICE_NO_NETNS=1: tests run in the machine's namespace");
  }

  @Test
  void onlyLoopbackInAnotherNamespaceThanTheLauncher() {
    assertThat(PrivateNetwork.Check.interfaces()).containsExactly("lo");
    assertThat(PrivateNetwork.Check.namespace())
        .startsWith("net:[")
        .isNotEqualTo(System.getenv("SLUICE_HOST_NETNS"));
    assertThat(PrivateNetwork.Check.problem()).isNull();
  }

  @Test
  void udpOnLoopbackWorks() throws Exception {
    try (DatagramSocket a = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
         DatagramSocket b = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      b.setSoTimeout(5000);
      byte[] hello = "hello over lo".getBytes(StandardCharsets.US_ASCII);
      a.send(new DatagramPacket(hello, hello.length, b.getLocalSocketAddress()));
      DatagramPacket got = new DatagramPacket(new byte[64], 64);
      b.receive(got);
      assertThat(Arrays.copyOf(got.getData(), got.getLength())).isEqualTo(hello);
      assertThat(got.getSocketAddress()).isEqualTo(a.getLocalSocketAddress());
    }
  }

  @Test
  void nothingRoutesOffTheMachine() throws Exception {
    // With no interface but lo there is no route: the kernel refuses at once (ENETUNREACH).
    try (DatagramSocket s = new DatagramSocket()) { // the wildcard address, as a node binds
      assertThatThrownBy(() -> s.send(new DatagramPacket(new byte[1], 1, OFF_MACHINE)))
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("unreachable");
    }
    try (Socket s = new Socket()) {
      assertThatThrownBy(() -> s.connect(OFF_MACHINE, 5000))
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("unreachable");
    }
  }

  @Test
  void theProjectTestJvmOptionsStillApply() {
    // ${sluice.test.argLine} from the root pom: the fork in the namespace gets it too.
    assertThat(System.getProperty("io.netty.leakDetectionLevel")).isEqualTo("paranoid");
    assertThat(System.getProperty("junit.jupiter.extensions.autodetection.enabled"))
        .isEqualTo("true");
  }
}
