package io.sluice.transport.internal.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link IceSessionTable}: limits, restart, expiry, and many event loops at once. */
class IceSessionTableTest {
  private static final long T0 = 42L;
  private final RecordingListener listener = new RecordingListener();

  private IceSessionTable table(int maxSessions) {
    return new IceSessionTable(maxSessions, Duration.ofSeconds(30), new SecureRandom(), listener);
  }

  @Test
  void sessionsGetUniqueUfragsAndAreFoundByThem() {
    IceSessionTable table = table(1000);
    Set<String> ufrags = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      IceSession s = table.create("peer", T0);
      assertThat(ufrags.add(s.localCredentials().ufrag())).isTrue();
      assertThat(table.findByLocalUfrag(s.localCredentials().ufrag())).isSameAs(s);
      assertThat(s.remoteUfrag()).isEqualTo("peer");
      assertThat(s.lastValidCheckNanos()).isEqualTo(T0);
    }
    assertThat(table.size()).isEqualTo(1000);
    assertThat(table.findByLocalUfrag("nosuch")).isNull();
  }

  @Test
  void theSessionLimitRefusesNewSessionsAndFreesSlotsOnRemoval() {
    IceSessionTable table = table(2);
    IceSession first = table.create(null, T0);
    table.create(null, T0);

    assertThatThrownBy(() -> table.create(null, T0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ICE session table full: 2 sessions (limit: 2)");
    assertThat(table.size()).isEqualTo(2);

    table.remove(first);
    assertThat(table.create(null, T0)).isNotNull();
    assertThat(table.size()).isEqualTo(2);
  }

  @Test
  void invalidArgumentsAreRefused() {
    IceSessionTable table = table(10);
    assertThatThrownBy(() -> table.create("a:b", T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ice-ufrag of 3 characters (expected: 4..256)");
    assertThatThrownBy(() -> table.create("ab:cd", T0))
        .hasMessageStartingWith("ice-ufrag: character U+003A at index 2");
    assertThat(table.size()).isZero();
    assertThatThrownBy(() -> new IceSessionTable(0, Duration.ofSeconds(1), new SecureRandom(),
        listener)).hasMessage("maxSessions 0 (expected: 1+)");
    assertThatThrownBy(() -> new IceSessionTable(1, Duration.ZERO, new SecureRandom(), listener))
        .hasMessage("consentTimeout PT0S (expected: positive)");
  }

  @Test
  void aTakenUfragIsRefused() {
    IceSessionTable table = table(10);
    IceCredentials c = new IceCredentials("fixed", "p".repeat(22));
    table.create(c, null, T0);
    assertThatThrownBy(() -> table.create(c, null, T0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ICE ufrag fixed is taken");
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void restartReplacesTheUfragInTheTable() {
    IceSessionTable table = table(10);
    IceSession s = table.create("peer", T0);
    IceCredentials old = s.localCredentials();

    IceCredentials fresh = table.restart(s, "peer2");

    assertThat(fresh).isEqualTo(s.localCredentials());
    assertThat(fresh.ufrag()).isNotEqualTo(old.ufrag());
    assertThat(fresh.pwd()).isNotEqualTo(old.pwd());
    assertThat(s.remoteUfrag()).isEqualTo("peer2");
    assertThat(table.findByLocalUfrag(old.ufrag())).isNull();
    assertThat(table.findByLocalUfrag(fresh.ufrag())).isSameAs(s);
    assertThat(table.size()).isEqualTo(1);

    table.remove(s);
    assertThatThrownBy(() -> table.restart(s, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("ICE restart of a closed session: IceSession[id=");
  }

  @Test
  void sessionsThatNeverSeeACheckExpireToo() {
    IceSessionTable table = table(10);
    IceSession s = table.create(null, T0);
    long timeout = TimeUnit.SECONDS.toNanos(30);

    assertThat(table.expire(T0 + timeout)).isEmpty();
    assertThat(table.expire(T0 + timeout + 1)).containsExactly(s);
    assertThat(table.expire(T0 + 2 * timeout)).isEmpty(); // reported once
    assertThat(listener.events).containsExactly("expired " + s.id());
    assertThat(table.size()).isZero();
  }

  @Test
  void aFailingListenerDoesNotBreakTheTable() {
    IceSessionTable table = new IceSessionTable(10, Duration.ofSeconds(1), new SecureRandom(),
        new IceSessionListener() {
          @Override
          public void onExpired(IceSession session) {
            throw new IllegalStateException("listener bug");
          }
        });
    IceSession s = table.create(null, 0);
    assertThat(table.expire(TimeUnit.SECONDS.toNanos(2))).containsExactly(s);
    assertThat(table.size()).isZero();
  }

  /**
   * Four "event loops" answer checks at once: each has its own sessions, and all of them hammer
   * one shared session with nominations from different addresses. Every check succeeds, each
   * session ends up mapped to its addresses, and the shared session's nomination events form one
   * chain (each event's previous address is the one before's current), because they are
   * delivered under the session's lock.
   */
  @Test
  void manyEventLoopsAtOnce() throws Exception {
    IceSessionTable table = table(1000);
    IceLiteAgent agent = new IceLiteAgent(table);
    IceSession shared = table.create("peer", T0);
    int threads = 4;
    int perThread = 50;
    List<List<IceSession>> own = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<IceSession> list = new ArrayList<>();
      for (int i = 0; i < perThread; i++) {
        list.add(table.create("peer", T0));
      }
      own.add(list);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          start.await();
          int successes = 0;
          ByteBuf response = Unpooled.buffer(IceLiteAgent.MAX_RESPONSE_SIZE);
          try {
            for (int round = 0; round < 5; round++) {
              for (int i = 0; i < perThread; i++) {
                IceSession s = own.get(thread).get(i);
                InetSocketAddress from = new InetSocketAddress("10.0." + thread + "." + i, 5000);
                successes += check(agent, s, from, response);
                InetSocketAddress sharedFrom =
                    new InetSocketAddress("172.16." + thread + "." + (i % 4), 6000);
                successes += check(agent, shared, sharedFrom, response);
              }
            }
          } finally {
            response.release();
          }
          return successes;
        }));
      }
      start.countDown();
      for (Future<Integer> r : results) {
        assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(5 * perThread * 2);
      }
    } finally {
      pool.shutdownNow();
    }

    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        IceSession s = own.get(t).get(i);
        assertThat(table.findByAddress(new InetSocketAddress("10.0." + t + "." + i, 5000)))
            .isSameAs(s);
        assertThat(s.selectedAddress()).isEqualTo(new InetSocketAddress("10.0." + t + "." + i, 5000));
      }
    }
    String prefix = "nominated " + shared.id() + " ";
    String previous = "null";
    for (String event : listener.events) {
      if (event.startsWith(prefix)) {
        String[] parts = event.substring(prefix.length()).split(" -> ");
        assertThat(parts[0]).isEqualTo(previous);
        previous = parts[1];
      }
    }
    assertThat(previous).isEqualTo(String.valueOf(shared.selectedAddress()));
    assertThat(shared.validatedAddresses()).hasSizeLessThanOrEqualTo(
        IceSessionTable.MAX_ADDRESSES_PER_SESSION);
  }

  private static int check(IceLiteAgent agent, IceSession s, InetSocketAddress from,
      ByteBuf response) {
    response.clear();
    ByteBuf request = Check.to(s, "peer").useCandidate().build();
    try {
      return agent.handle(request, from, T0 + 1, response) == IceCheckOutcome.SUCCESS ? 1 : 0;
    } finally {
      request.release();
    }
  }
}
