package io.sluice.node.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that must run in a private network namespace with only loopback, so that
 * the real browsers and media it starts cannot send a packet off the machine (issue 5,
 * shared/REAL-PEERS.md).
 *
 * <p>The {@value #TAG} tag puts the class in node/pom.xml's {@code netns} Surefire execution,
 * whose JVM is {@code bin/netns-java} ({@code unshare -n}, {@code ip link set lo up}); the default
 * execution leaves it out. Tags, not packages, select it: {@code -Dtest=...} overrides Surefire's
 * includes and excludes but not its tag filters, so a single test still runs in the namespace
 * only.
 *
 * <p>Before the class runs, {@link Check} fails it with the reason when it is not in such a
 * namespace: when {@code bin/netns-java} could not make one (not root), or when the JVM was not
 * started by it (an IDE). With {@code SLUICE_NO_NETNS=1} the check is skipped and the tests run
 * in the machine's own namespace, still on loopback only.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag(PrivateNetwork.TAG)
@ExtendWith(PrivateNetwork.Check.class)
public @interface PrivateNetwork {
  /** The JUnit tag of tests that run in the namespace. */
  String TAG = "netns";

  /** Fails a test class that is not in a private loopback-only network namespace. */
  final class Check implements BeforeAllCallback {
    /** Returns true if {@code SLUICE_NO_NETNS=1} turns the namespace off. */
    public static boolean disabled() {
      return "1".equals(System.getenv("SLUICE_NO_NETNS"));
    }

    /** Returns this process's network namespace, for example {@code net:[4026532177]}. */
    public static String namespace() {
      try {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Returns the names of the network interfaces this process sees, in kernel order. */
    public static List<String> interfaces() {
      try {
        // /proc/self/net is per network namespace; /sys/class/net is not: it shows the
        // namespace of whoever mounted sysfs, so inside `unshare -n` it still lists eth0.
        return Files.readAllLines(Path.of("/proc/self/net/dev")).stream()
            .skip(2)
            .map(l -> l.substring(0, l.indexOf(':')).strip())
            .toList();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Returns why this process is not in a private loopback-only namespace, or null if it is. */
    public static @Nullable String problem() {
      String error = System.getenv("SLUICE_NETNS_ERROR");
      if (error != null) {
        return error;
      }
      String host = System.getenv("SLUICE_HOST_NETNS");
      if (host == null) {
        return "this JVM was not started by bin/netns-java (run the test through Maven, "
            + "whose netns execution uses it)";
      }
      if (host.equals(namespace())) {
        return "still in the namespace bin/netns-java started from (" + host + ")";
      }
      List<String> interfaces = interfaces();
      if (!interfaces.equals(List.of("lo"))) {
        return "interfaces " + interfaces + " (expected: [lo])";
      }
      return null;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
      if (disabled()) {
        return;
      }
      String problem = problem();
      if (problem != null) {
        throw new IllegalStateException(context.getDisplayName()
            + " must run in a private network namespace with only loopback: " + problem
            + ". Run as root (CI does), or set SLUICE_NO_NETNS=1 to run in this namespace.");
      }
    }
  }
}
