package io.sluice.transport.internal.dtls;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.tls.DatagramTransport;

/**
 * A BouncyCastle {@link DatagramTransport} fed from the network thread: {@link #offer} copies a
 * received datagram into a bounded queue and never blocks, and the handshake thread takes it in
 * {@link #receive}. Sends go straight to a {@link DatagramSink}.
 *
 * <p>Limits: at most {@link #DEFAULT_QUEUE_CAPACITY} datagrams wait (a handshake flight is a few;
 * more means the handshake thread is behind or the peer floods), each at most
 * {@link #RECEIVE_LIMIT} bytes. Overflow policy: a datagram that does not fit is dropped and
 * counted; DTLS retransmits flights, so a drop costs time, not correctness.
 *
 * <p>Closing: {@link #close} wakes a blocked {@link #receive}, which then throws an
 * {@link InterruptedIOException}. That type matters: BouncyCastle passes it through without
 * raising an {@code internal_error} alert, so a local close can still end with a clean
 * close_notify, and it is not a {@code SocketTimeoutException}, which BouncyCastle would treat as
 * a timeout and retry. {@link #send} keeps working after close, for that close_notify.
 */
final class QueueDatagramTransport implements DatagramTransport {
  /** Default send limit: keeps handshake flights clear of IP fragmentation on any path. */
  static final int DEFAULT_MTU = 1200;
  /** Largest datagram accepted: an Ethernet MTU's payload; WebRTC stacks send far less. */
  static final int RECEIVE_LIMIT = 1500;
  /** Datagrams that may wait for the handshake thread. */
  static final int DEFAULT_QUEUE_CAPACITY = 64;

  /** Marks the queue as closed; re-queued by every receive that takes it. */
  private static final byte[] CLOSED = new byte[0];

  private final ArrayBlockingQueue<byte[]> queue;
  private final DatagramSink sink;
  private final int mtu;
  private final LongAdder dropped = new LongAdder();
  private volatile boolean closed;
  /** True while {@link #receive} waits on an empty queue: everything offered was processed. */
  private volatile boolean waiting;

  QueueDatagramTransport(DatagramSink sink, int mtu, int queueCapacity) {
    if (mtu < 256 || mtu > RECEIVE_LIMIT) {
      throw new IllegalArgumentException("DTLS MTU: " + mtu + " (expected: 256.." + RECEIVE_LIMIT + ")");
    }
    this.sink = sink;
    this.mtu = mtu;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
  }

  /**
   * Queues a copy of the readable bytes of {@code datagram} (borrowed: not retained or released,
   * indexes untouched). Never blocks.
   *
   * @return false if the datagram was dropped (queue full, oversized, empty or transport closed)
   */
  boolean offer(ByteBuf datagram) {
    int length = datagram.readableBytes();
    if (closed || length == 0 || length > RECEIVE_LIMIT) {
      dropped.increment();
      return false;
    }
    byte[] copy = new byte[length];
    datagram.getBytes(datagram.readerIndex(), copy);
    return enqueue(copy);
  }

  /** Queues a copy of {@code length} bytes of {@code data} from {@code offset}. Never blocks. */
  boolean offer(byte[] data, int offset, int length) {
    if (closed || length == 0 || length > RECEIVE_LIMIT) {
      dropped.increment();
      return false;
    }
    byte[] copy = new byte[length];
    System.arraycopy(data, offset, copy, 0, length);
    return enqueue(copy);
  }

  private boolean enqueue(byte[] copy) {
    if (!queue.offer(copy)) {
      dropped.increment();
      return false;
    }
    return true;
  }

  /** Datagrams dropped by {@link #offer}. */
  long dropped() {
    return dropped.sum();
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * True if the handshake thread has processed every datagram offered so far and waits for the
   * next one (tests use it to know that their input was consumed).
   */
  boolean idle() {
    return waiting && queue.isEmpty();
  }

  @Override
  public int getReceiveLimit() {
    return RECEIVE_LIMIT;
  }

  @Override
  public int getSendLimit() {
    return mtu;
  }

  /**
   * Waits up to {@code waitMillis} (0: without limit) for a datagram and copies it into
   * {@code buf}.
   *
   * @return the datagram's length, or -1 on timeout
   * @throws InterruptedIOException if the transport is closed, or the thread interrupted
   */
  @Override
  public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
    if (closed) {
      throw closedException();
    }
    byte[] datagram;
    try {
      datagram = queue.poll();
      if (datagram == null) {
        waiting = true;
        datagram = waitMillis == 0 ? queue.take() : queue.poll(waitMillis, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("DTLS transport: interrupted");
    } finally {
      waiting = false;
    }
    if (datagram == null) {
      return -1;
    }
    if (datagram == CLOSED) {
      queue.offer(CLOSED); // wake any later receive too
      throw closedException();
    }
    if (datagram.length > len) {
      dropped.increment();
      return -1;
    }
    System.arraycopy(datagram, 0, buf, off, datagram.length);
    return datagram.length;
  }

  @Override
  public void send(byte[] buf, int off, int len) throws IOException {
    try {
      sink.send(buf, off, len);
    } catch (SinkException e) {
      throw e;
    } catch (IOException e) {
      throw new SinkException(e);
    }
  }

  /**
   * The sink failed to send. Marked so that the session can tell our own I/O failures from the
   * plain IOExceptions BouncyCastle lets out while parsing the peer's messages.
   */
  static final class SinkException extends IOException {
    SinkException(IOException cause) {
      super("DTLS sink: " + cause.getMessage(), cause);
    }
  }

  /** Stops receiving: drops queued datagrams and wakes a waiting {@link #receive}. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // offer() refuses new datagrams now; one racing past the flag may take the freed slot, so retry.
    do {
      queue.clear();
    } while (!queue.offer(CLOSED));
  }

  private static InterruptedIOException closedException() {
    return new InterruptedIOException("DTLS transport closed");
  }
}
