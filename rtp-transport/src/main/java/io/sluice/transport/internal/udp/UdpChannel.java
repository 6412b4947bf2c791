package io.sluice.transport.internal.udp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;

/**
 * One of the channels that together serve a {@link UdpEndpoint}'s port, bound to one event loop.
 * A session writes through the channel that last received from its peer, so that its packets are
 * sent from that channel's event loop without locks, and flushed once per batch.
 *
 * <p>Writes made on the channel's event loop wait in a {@link SendQueue} until the flush, which
 * sends runs of equal-size datagrams to one recipient as one UDP GSO send where the kernel
 * supports it ({@link UdpEndpoint#isSegmentationOffload()}), and everything with one sendmmsg.
 * Writes from other threads go to Netty's outbound buffer directly, as before.
 */
public final class UdpChannel {
  private final Channel channel;
  private final int index;
  private final LongAdder sendDrops;
  private final SendQueue queue;
  private final SendCounters sendCounters;
  private final SendQueue.Output output = new SendQueue.Output() {
    @Override
    public void datagram(ByteBuf content, InetSocketAddress recipient) {
      channel.write(new DatagramPacket(content, recipient), channel.voidPromise());
    }

    @Override
    public void segmented(ByteBuf content, int segmentSize, int segments,
        InetSocketAddress recipient) {
      sendCounters.gsoSends.increment();
      sendCounters.gsoSegments.add(segments);
      // A promise (not the void one) so that a refused send turns GSO off; one per run.
      channel.write(new SegmentedDatagramPacket(content, segmentSize, recipient))
          .addListener((ChannelFuture f) -> onSegmentedWrite(f, segments));
    }
  };
  /** Counters every channel of an endpoint adds to. */
  static final class SendCounters {
    final LongAdder gsoSends = new LongAdder();
    final LongAdder gsoSegments = new LongAdder();
    final LongAdder gsoFailures = new LongAdder();
  }

  UdpChannel(Channel channel, int index, LongAdder sendDrops, boolean segmentation,
      SendCounters sendCounters) {
    this.channel = channel;
    this.index = index;
    this.sendDrops = sendDrops;
    this.sendCounters = sendCounters;
    this.queue = new SendQueue(channel.alloc(), segmentation);
    // Close runs the listener on the event loop, the only thread that touches the queue.
    channel.closeFuture().addListener(f -> queue.releaseAll());
  }

  /** True while flushes coalesce datagrams into UDP GSO sends on this channel. */
  public boolean isSegmentationOffload() {
    return queue.segmentation();
  }

  /** Returns this channel's position among the endpoint's channels (0-based). */
  public int index() {
    return index;
  }

  /** Returns the event loop that runs this channel's I/O. */
  public EventLoop eventLoop() {
    return channel.eventLoop();
  }

  /** Returns the underlying Netty channel. */
  public Channel channel() {
    return channel;
  }

  /**
   * Queues {@code content} for {@code recipient} without flushing. Takes ownership of
   * {@code content}. When the channel's outbound buffer is above its high-water mark, a write on
   * the channel's own loop first flushes what is queued (a fan-out queues one packet per viewer
   * before the batch ends: a thousand viewers of one packet already pass a 1 MiB mark); if the
   * buffer is still above the mark (the socket cannot take more), or the channel is closed, the
   * datagram is dropped (released and counted): for real-time media a late packet is worth less
   * than a bounded queue.
   *
   * @return true if queued
   */
  public boolean write(ByteBuf content, InetSocketAddress recipient) {
    if (!channel.eventLoop().inEventLoop()) {
      if (!channel.isActive() || !channel.isWritable()) {
        return drop(content);
      }
      channel.write(new DatagramPacket(content, recipient), channel.voidPromise());
      return true;
    }
    if (!channel.isActive()) {
      return drop(content);
    }
    if (queue.isFull()
        || queue.bytes() + content.readableBytes() > channel.bytesBeforeUnwritable()) {
      // Hand the queue to Netty now, so that its high-water mark bounds what we hold.
      queue.drain(output);
    }
    if (!channel.isWritable()) {
      // A fan-out passes the mark within one batch: send what Netty holds before giving up.
      channel.flush();
      if (!channel.isWritable()) {
        return drop(content);
      }
    }
    queue.add(content, recipient);
    return true;
  }

  private boolean drop(ByteBuf content) {
    content.release();
    sendDrops.increment();
    return false;
  }

  /** Queues and flushes one datagram. Takes ownership of {@code content}. */
  public boolean writeAndFlush(ByteBuf content, InetSocketAddress recipient) {
    boolean queued = write(content, recipient);
    flush();
    return queued;
  }

  /**
   * Flushes queued datagrams: runs to one recipient as GSO sends where supported, all of them in
   * batches with sendmmsg on epoll.
   */
  public void flush() {
    if (channel.eventLoop().inEventLoop()) {
      queue.drain(output);
    }
    channel.flush();
  }

  /**
   * A GSO send the kernel or transport refused (EIO from a device without checksum offload, EINVAL
   * for a segment over the path MTU): its datagrams are lost and counted, and this channel sends
   * datagram by datagram from now on.
   */
  private void onSegmentedWrite(ChannelFuture f, int segments) {
    if (!f.isSuccess() && channel.isActive()) {
      sendCounters.gsoFailures.increment();
      sendDrops.add(segments);
      queue.disableSegmentation();
    }
  }

  @Override
  public String toString() {
    return "UdpChannel(" + index + ", " + channel.localAddress() + ")";
  }
}
