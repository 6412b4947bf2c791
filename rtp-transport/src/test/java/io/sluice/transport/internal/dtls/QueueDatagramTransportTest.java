package io.sluice.transport.internal.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QueueDatagramTransportTest {

  @Test
  void offerCopiesAndBorrows() throws Exception {
    QueueDatagramTransport t = new QueueDatagramTransport((d, o, l) -> { }, 1200, 4);
    ByteBuf datagram = Unpooled.buffer(16).writeBytes(new byte[] {0, 1, 2, 3, 4});
    datagram.readerIndex(1);
    try {
      assertThat(t.offer(datagram)).isTrue();
      datagram.setByte(2, 99); // the queued copy must not see this
      assertThat(datagram.refCnt()).isEqualTo(1);
      assertThat(datagram.readerIndex()).isEqualTo(1);
      byte[] buf = new byte[t.getReceiveLimit()];
      assertThat(t.receive(buf, 0, buf.length, 100)).isEqualTo(4);
      assertThat(buf).startsWith(1, 2, 3, 4);
    } finally {
      assertThat(datagram.release()).isTrue();
    }
  }

  @Test
  void dropsAndCountsWhenFullOversizedOrEmpty() {
    QueueDatagramTransport t = new QueueDatagramTransport((d, o, l) -> { }, 1200, 2);
    assertThat(t.offer(new byte[10], 0, 10)).isTrue();
    assertThat(t.offer(new byte[10], 0, 10)).isTrue();
    assertThat(t.offer(new byte[10], 0, 10)).isFalse(); // full
    assertThat(t.offer(new byte[1501], 0, 1501)).isFalse(); // larger than RECEIVE_LIMIT
    assertThat(t.offer(new byte[0], 0, 0)).isFalse();
    assertThat(t.dropped()).isEqualTo(3);
  }

  @Test
  void receiveReturnsMinusOneOnTimeout() throws Exception {
    QueueDatagramTransport t = new QueueDatagramTransport((d, o, l) -> { }, 1200, 2);
    long start = System.nanoTime();
    assertThat(t.receive(new byte[1500], 0, 1500, 50)).isEqualTo(-1);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(45);
  }

  @Test
  void closeWakesABlockedReceiveAndLaterOnes() throws Exception {
    QueueDatagramTransport t = new QueueDatagramTransport((d, o, l) -> { }, 1200, 1);
    t.offer(new byte[3], 0, 3); // queue full: close must still get its marker in
    byte[] buf = new byte[1500];
    assertThat(t.receive(buf, 0, buf.length, 10)).isEqualTo(3);
    CompletableFuture<Throwable> blocked = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        t.receive(buf, 0, buf.length, 0); // 0: wait without limit
        blocked.complete(null);
      } catch (Throwable e) {
        blocked.complete(e);
      }
    });
    Thread.sleep(50);
    t.close();
    assertThat(blocked.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedIOException.class)
        .hasMessage("DTLS transport closed");
    assertThatThrownBy(() -> t.receive(buf, 0, buf.length, 10)).isInstanceOf(InterruptedIOException.class);
    assertThat(t.offer(new byte[3], 0, 3)).isFalse();
  }

  @Test
  void sendGoesToTheSinkEvenAfterClose() throws Exception {
    List<byte[]> sent = new ArrayList<>();
    QueueDatagramTransport t = new QueueDatagramTransport(
        (d, o, l) -> sent.add(java.util.Arrays.copyOfRange(d, o, o + l)), 1200, 1);
    assertThat(t.getSendLimit()).isEqualTo(1200);
    t.send(new byte[] {9, 8, 7}, 1, 2);
    t.close(); // a close_notify is sent after the receive side closes
    t.send(new byte[] {5}, 0, 1);
    assertThat(sent).containsExactly(new byte[] {8, 7}, new byte[] {5});
  }
}
