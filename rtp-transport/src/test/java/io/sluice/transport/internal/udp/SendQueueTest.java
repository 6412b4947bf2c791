package io.sluice.transport.internal.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SendQueueTest {
  private static final InetSocketAddress A = new InetSocketAddress("192.0.2.1", 5000);
  private static final InetSocketAddress B = new InetSocketAddress("192.0.2.2", 5000);
  private static final InetSocketAddress C = new InetSocketAddress("2001:db8::1", 5000);

  /** One send as the queue handed it on: its recipient, segment size and datagram lengths. */
  record Send(InetSocketAddress to, int segmentSize, List<Integer> lengths) {
    static Send single(InetSocketAddress to, int length) {
      return new Send(to, 0, List.of(length));
    }

    static Send gso(InetSocketAddress to, int segmentSize, Integer... lengths) {
      return new Send(to, segmentSize, List.of(lengths));
    }
  }

  /** Records sends and checks that each datagram's bytes arrive whole and in order per peer. */
  private static final class Recorder implements SendQueue.Output {
    final List<Send> sends = new ArrayList<>();
    final List<byte[]> datagrams = new ArrayList<>();

    @Override
    public void datagram(ByteBuf content, InetSocketAddress recipient) {
      sends.add(Send.single(recipient, content.readableBytes()));
      datagrams.add(ByteBufUtil.getBytes(content));
      assertThat(content.release()).isTrue();
    }

    @Override
    public void segmented(ByteBuf content, int segmentSize, int segments,
        InetSocketAddress recipient) {
      assertThat(content.isDirect()).isTrue();
      List<Integer> lengths = new ArrayList<>();
      int offset = content.readerIndex();
      for (int i = 0; i < segments; i++) {
        int length = Math.min(segmentSize, content.writerIndex() - offset);
        assertThat(length).as("segment %d of %d", i, segments).isPositive();
        lengths.add(length);
        datagrams.add(ByteBufUtil.getBytes(content, offset, length));
        offset += length;
      }
      assertThat(offset).as("bytes past the last segment").isEqualTo(content.writerIndex());
      sends.add(new Send(recipient, segmentSize, lengths));
      assertThat(content.release()).isTrue();
    }
  }

  /** A datagram whose bytes name its recipient and its position, so reordering shows. */
  private static ByteBuf datagram(int length, int tag) {
    ByteBuf b = Unpooled.buffer(length);
    for (int i = 0; i < length; i++) {
      b.writeByte(tag + i);
    }
    return b;
  }

  static Stream<Arguments> runs() {
    int max = SendQueue.MAX_SEGMENT_SIZE;
    Integer[] sixtyFour = new Integer[SendQueue.MAX_SEGMENTS];
    Arrays.fill(sixtyFour, 100);
    int fit = SendQueue.MAX_GSO_BYTES / max; // 53 segments of 1232 bytes
    Integer[] fitting = new Integer[fit];
    Arrays.fill(fitting, max);
    return Stream.of(
        Arguments.of("one datagram", List.of(A), List.of(1200),
            List.of(Send.single(A, 1200))),
        Arguments.of("a frame to one peer", List.of(A, A, A, A), List.of(1200, 1200, 1200, 1200),
            List.of(Send.gso(A, 1200, 1200, 1200, 1200, 1200))),
        Arguments.of("shorter last segment", List.of(A, A, A), List.of(1100, 1100, 700),
            List.of(Send.gso(A, 1100, 1100, 1100, 700))),
        Arguments.of("a shorter one ends the run", List.of(A, A, A, A),
            List.of(1100, 700, 1100, 1100),
            List.of(Send.gso(A, 1100, 1100, 700), Send.gso(A, 1100, 1100, 1100))),
        Arguments.of("a longer one starts a new run", List.of(A, A, A), List.of(1100, 1101, 1101),
            List.of(Send.single(A, 1100), Send.gso(A, 1101, 1101, 1101))),
        Arguments.of("fan-out: one datagram per peer", List.of(A, B, C), List.of(1200, 1200, 1200),
            List.of(Send.single(A, 1200), Send.single(B, 1200), Send.single(C, 1200))),
        Arguments.of("interleaved peers are grouped, in order of first appearance",
            List.of(B, A, B, A, C, B), List.of(300, 1200, 300, 1200, 50, 300),
            List.of(Send.gso(B, 300, 300, 300, 300), Send.gso(A, 1200, 1200, 1200),
                Send.single(C, 50))),
        Arguments.of("segments above the IPv6 minimum MTU go one by one", List.of(A, A),
            List.of(max + 1, max + 1), List.of(Send.single(A, max + 1), Send.single(A, max + 1))),
        Arguments.of("exactly the largest segment", List.of(A, A), List.of(max, max),
            List.of(Send.gso(A, max, max, max))),
        Arguments.of("empty datagrams go one by one", List.of(A, A), List.of(0, 0),
            List.of(Send.single(A, 0), Send.single(A, 0))),
        Arguments.of("at most MAX_SEGMENTS per send",
            repeat(A, SendQueue.MAX_SEGMENTS + 1), repeat(100, SendQueue.MAX_SEGMENTS + 1),
            List.of(Send.gso(A, 100, sixtyFour), Send.single(A, 100))),
        Arguments.of("at most MAX_GSO_BYTES per send", repeat(A, fit + 1), repeat(max, fit + 1),
            List.of(Send.gso(A, max, fitting), Send.single(A, max))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void coalescesRunsToOnePeer(String name, List<InetSocketAddress> to, List<Integer> lengths,
      List<Send> expected) {
    SendQueue queue = new SendQueue(PooledByteBufAllocator.DEFAULT, true);
    Recorder out = new Recorder();
    List<byte[]> written = new ArrayList<>();
    for (int i = 0; i < to.size(); i++) {
      ByteBuf d = datagram(lengths.get(i), i * 7);
      written.add(ByteBufUtil.getBytes(d));
      queue.add(d, to.get(i));
    }
    assertThat(queue.size()).isEqualTo(to.size());
    assertThat(queue.bytes()).isEqualTo(lengths.stream().mapToLong(Integer::longValue).sum());

    queue.drain(out);

    assertThat(out.sends).isEqualTo(expected);
    assertThat(queue.size()).isZero();
    assertThat(queue.bytes()).isZero();
    // Every datagram went out once, with its own bytes, in write order for its peer.
    List<byte[]> perPeerOrder = new ArrayList<>();
    for (InetSocketAddress peer : to.stream().distinct().toList()) {
      for (int i = 0; i < to.size(); i++) {
        if (to.get(i).equals(peer)) {
          perPeerOrder.add(written.get(i));
        }
      }
    }
    assertThat(out.datagrams).containsExactlyElementsOf(perPeerOrder);
  }

  @Test
  void withoutSegmentationEveryDatagramGoesAlone() {
    SendQueue queue = new SendQueue(PooledByteBufAllocator.DEFAULT, true);
    queue.disableSegmentation();
    assertThat(queue.segmentation()).isFalse();
    Recorder out = new Recorder();
    for (int i = 0; i < 3; i++) {
      queue.add(datagram(1200, i), A);
    }
    queue.drain(out);
    assertThat(out.sends).containsExactly(
        Send.single(A, 1200), Send.single(A, 1200), Send.single(A, 1200));
  }

  @Test
  void equalAddressesAreOnePeerAndTheTableEmptiesBetweenDrains() {
    SendQueue queue = new SendQueue(PooledByteBufAllocator.DEFAULT, true);
    for (int round = 0; round < 3; round++) {
      Recorder out = new Recorder();
      // Distinct objects, equal addresses: one peer.
      queue.add(datagram(500, 1), new InetSocketAddress("192.0.2.1", 5000));
      queue.add(datagram(500, 2), new InetSocketAddress("192.0.2.1", 5000));
      queue.add(datagram(500, 3), new InetSocketAddress("192.0.2.1", 5001));
      queue.drain(out);
      assertThat(out.sends).as("round %d", round).containsExactly(
          Send.gso(A, 500, 500, 500), Send.single(new InetSocketAddress("192.0.2.1", 5001), 500));
    }
  }

  @Test
  void holdsUpToCapacityAcrossManyPeers() {
    SendQueue queue = new SendQueue(PooledByteBufAllocator.DEFAULT, true);
    // Every peer twice, so each chain has two links, with as many peers as fit.
    int peers = SendQueue.CAPACITY / 2;
    for (int round = 0; round < 2; round++) {
      for (int p = 0; p < peers; p++) {
        queue.add(datagram(40, p), new InetSocketAddress("10.0." + (p >> 8) + "." + (p & 255), 9));
      }
    }
    assertThat(queue.isFull()).isTrue();
    ByteBuf extra = datagram(10, 0);
    assertThatThrownBy(() -> queue.add(extra, A)).isInstanceOf(IllegalStateException.class);
    assertThat(extra.refCnt()).isZero();
    Recorder out = new Recorder();
    queue.drain(out);
    assertThat(out.sends).hasSize(peers).allSatisfy(s -> assertThat(s.lengths()).hasSize(2));
    assertThat(out.datagrams).hasSize(SendQueue.CAPACITY);
  }

  @Test
  void releaseAllFreesWhatWasQueued() {
    SendQueue queue = new SendQueue(PooledByteBufAllocator.DEFAULT, true);
    ByteBuf a = datagram(100, 1);
    ByteBuf b = datagram(100, 2);
    queue.add(a, A);
    queue.add(b, B);
    queue.releaseAll();
    assertThat(a.refCnt()).isZero();
    assertThat(b.refCnt()).isZero();
    assertThat(queue.size()).isZero();
    Recorder out = new Recorder();
    queue.drain(out);
    assertThat(out.sends).isEmpty();
  }

  private static <T> List<T> repeat(T value, int n) {
    List<T> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(value);
    }
    return list;
  }
}
