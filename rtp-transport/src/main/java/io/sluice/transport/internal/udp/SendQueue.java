package io.sluice.transport.internal.udp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;

/**
 * Datagrams written on one channel's event loop between two flushes, handed to the channel at the
 * flush as UDP GSO sends (Linux {@code UDP_SEGMENT}, see {@code udp(7)}) wherever consecutive
 * datagrams to one recipient allow it, and as plain datagrams otherwise.
 *
 * <p>One GSO send is one buffer that the kernel cuts into datagrams of {@code segmentSize} bytes,
 * all to the same recipient; only the last may be shorter. So a run is: datagrams to one recipient
 * in the order they were written, each exactly as long as the first, optionally ended by one
 * shorter datagram, at most {@link #MAX_SEGMENTS} of them and {@link #MAX_GSO_BYTES} in all. On
 * loopback such a send costs the sending thread about half the CPU per datagram of sendmmsg with
 * 8 datagrams per run, and a quarter with 16 (see the README's transport section). It pays where a
 * burst goes to one peer (a frame's packets to one viewer in one read batch, retransmissions, a
 * client publishing to one node); a packet fanned out to many peers is one datagram per peer.
 *
 * <p>At a flush, datagrams are grouped by recipient (in order of each recipient's first datagram),
 * so datagrams to one recipient keep their order while those to different recipients may be
 * reordered among themselves, which UDP allows anyway.
 *
 * <p>Not thread-safe: only the channel's event loop touches it. Bounded by {@link #CAPACITY}
 * datagrams; the channel drains it early when it is full or holds as many bytes as the channel
 * may still buffer (its write high-water mark).
 */
final class SendQueue {
  /** Datagrams held between flushes; beyond this the channel drains the queue early. */
  static final int CAPACITY = 1024;
  /**
   * Segments per GSO send: the kernel's {@code UDP_MAX_SEGMENTS} is 64 on the kernels this runs
   * on (newer ones allow 128); more makes the send fail with EINVAL.
   */
  static final int MAX_SEGMENTS = 64;
  /** Bytes per GSO send: the largest UDP payload in IPv4 (65,535 − 20 − 8). */
  static final int MAX_GSO_BYTES = 65_507;
  /**
   * Largest segment: the IPv6 minimum link MTU (1280, RFC 8200 §5) less the IPv6 and UDP headers.
   * A GSO segment must fit the path MTU unfragmented or the whole send fails with EINVAL, where a
   * plain datagram would merely be fragmented; WebRTC keeps packets at about 1200 bytes anyway.
   */
  static final int MAX_SEGMENT_SIZE = 1232;

  /** Where drained datagrams go; the queue passes ownership of each buffer. */
  interface Output {
    /** One plain datagram. */
    void datagram(ByteBuf content, InetSocketAddress recipient);

    /**
     * One GSO send: {@code segments} datagrams of {@code segmentSize} bytes (the last may be
     * shorter) in one direct buffer.
     */
    void segmented(ByteBuf content, int segmentSize, int segments, InetSocketAddress recipient);
  }

  private static final int TABLE_SIZE = 2 * CAPACITY; // power of two, load at most 1/2
  private static final int TABLE_MASK = TABLE_SIZE - 1;

  private final ByteBufAllocator alloc;
  private final ByteBuf[] contents = new ByteBuf[CAPACITY];
  private final InetSocketAddress[] recipients = new InetSocketAddress[CAPACITY];
  /** Per datagram: 1 + the index of the next datagram to the same recipient, 0 at the end. */
  private final int[] next = new int[CAPACITY];
  /** Open-addressing table by recipient: 1 + index of its first and its last datagram, 0 = free. */
  private final int[] heads = new int[TABLE_SIZE];
  private final int[] tails = new int[TABLE_SIZE];
  /** Table slots in the order their recipients first appeared, to clear and drain them. */
  private final int[] slots = new int[CAPACITY];
  private boolean segmentation;
  private int size;
  private long bytes;

  /**
   * @param alloc allocates the direct buffer of each GSO send
   * @param segmentation true to coalesce runs into GSO sends (only where the kernel and transport
   *     support {@code UDP_SEGMENT}); false to hand every datagram on as it is
   */
  SendQueue(ByteBufAllocator alloc, boolean segmentation) {
    this.alloc = alloc;
    this.segmentation = segmentation;
  }

  /** True if drains coalesce runs into GSO sends. */
  boolean segmentation() {
    return segmentation;
  }

  /** Stops coalescing, for example after the kernel refused a GSO send. */
  void disableSegmentation() {
    segmentation = false;
  }

  /** Datagrams queued. */
  int size() {
    return size;
  }

  /** Bytes queued. */
  long bytes() {
    return bytes;
  }

  /** True if {@link #add} would overflow: drain first. */
  boolean isFull() {
    return size == CAPACITY;
  }

  /**
   * Queues a datagram. Takes ownership of {@code content}.
   *
   * @throws IllegalStateException if the queue {@link #isFull()}; the content is released
   */
  void add(ByteBuf content, InetSocketAddress recipient) {
    if (size == CAPACITY) {
      content.release();
      throw new IllegalStateException("send queue full: " + CAPACITY + " datagrams");
    }
    contents[size] = content;
    recipients[size] = recipient;
    bytes += content.readableBytes();
    size++;
  }

  /** Hands every queued datagram to {@code out}, coalesced where it can, and empties the queue. */
  void drain(Output out) {
    if (size == 0) {
      return;
    }
    int destinations = link();
    int n = size;
    // Empty first: should out throw, the entries not yet handed on are released below.
    size = 0;
    bytes = 0;
    try {
      for (int d = 0; d < destinations; d++) {
        int slot = slots[d];
        int i = heads[slot] - 1;
        heads[slot] = 0;
        tails[slot] = 0;
        while (i >= 0) {
          i = emitRun(i, out);
        }
      }
    } finally {
      for (int i = 0; i < n; i++) {
        ByteBuf b = contents[i];
        if (b != null) {
          contents[i] = null;
          b.release();
        }
        recipients[i] = null;
      }
      for (int d = 0; d < destinations; d++) {
        heads[slots[d]] = 0;
        tails[slots[d]] = 0;
      }
    }
  }

  /** Releases every queued datagram without sending it (the channel closed). */
  void releaseAll() {
    for (int i = 0; i < size; i++) {
      contents[i].release();
      contents[i] = null;
      recipients[i] = null;
    }
    size = 0;
    bytes = 0;
  }

  /** Chains each datagram to the next one for the same recipient; returns the recipient count. */
  private int link() {
    int destinations = 0;
    for (int i = 0; i < size; i++) {
      InetSocketAddress to = recipients[i];
      next[i] = 0;
      int slot = mix(to.hashCode()) & TABLE_MASK;
      while (true) {
        int head = heads[slot];
        if (head == 0) {
          heads[slot] = i + 1;
          tails[slot] = i + 1;
          slots[destinations++] = slot;
          break;
        }
        InetSocketAddress other = recipients[head - 1];
        if (other == to || other.equals(to)) {
          next[tails[slot] - 1] = i + 1;
          tails[slot] = i + 1;
          break;
        }
        slot = (slot + 1) & TABLE_MASK;
      }
    }
    return destinations;
  }

  /** Hands on the run that starts at datagram {@code i}; returns the index after it, or -1. */
  private int emitRun(int i, Output out) {
    ByteBuf first = contents[i];
    InetSocketAddress to = recipients[i];
    int segmentSize = first.readableBytes();
    int count = 1;
    int total = segmentSize;
    int j = next[i] - 1;
    if (segmentation && segmentSize > 0 && segmentSize <= MAX_SEGMENT_SIZE) {
      while (j >= 0 && count < MAX_SEGMENTS) {
        int length = contents[j].readableBytes();
        if (length > segmentSize || length == 0 || total + length > MAX_GSO_BYTES) {
          break;
        }
        count++;
        total += length;
        j = next[j] - 1;
        if (length < segmentSize) {
          break; // a shorter datagram can only be the last segment
        }
      }
    }
    if (count == 1) {
      contents[i] = null;
      out.datagram(first, to);
      return j;
    }
    // The kernel wants the segments back to back in one buffer. The channel would copy our heap
    // buffers into a direct one anyway, so this is the same one copy, done once per run.
    ByteBuf joined = alloc.directBuffer(total, total);
    for (int k = i, c = 0; c < count; c++) {
      ByteBuf part = contents[k];
      contents[k] = null;
      joined.writeBytes(part, part.readerIndex(), part.readableBytes());
      part.release();
      k = next[k] - 1;
    }
    out.segmented(joined, segmentSize, count, to);
    return j;
  }

  /** Spreads InetSocketAddress hashes (address hash + port) over the table. */
  private static int mix(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
