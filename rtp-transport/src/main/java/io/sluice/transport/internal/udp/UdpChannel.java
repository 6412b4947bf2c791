package io.sluice.transport.internal.udp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;

/**
 * One of the channels that together serve a {@link UdpEndpoint}'s port, bound to one event loop.
 * A session writes through the channel that last received from its peer, so that its packets are
 * sent from that channel's event loop without locks, and flushed once per batch.
 */
public final class UdpChannel {
  private final Channel channel;
  private final int index;
  private final LongAdder sendDrops;

  UdpChannel(Channel channel, int index, LongAdder sendDrops) {
    this.channel = channel;
    this.index = index;
    this.sendDrops = sendDrops;
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
    if (!channel.isWritable() && channel.isActive() && channel.eventLoop().inEventLoop()) {
      channel.flush();
    }
    if (!channel.isActive() || !channel.isWritable()) {
      content.release();
      sendDrops.increment();
      return false;
    }
    channel.write(new DatagramPacket(content, recipient), channel.voidPromise());
    return true;
  }

  /** Queues and flushes one datagram. Takes ownership of {@code content}. */
  public boolean writeAndFlush(ByteBuf content, InetSocketAddress recipient) {
    boolean queued = write(content, recipient);
    channel.flush();
    return queued;
  }

  /** Flushes queued datagrams (sent in batches with sendmmsg on epoll). */
  public void flush() {
    channel.flush();
  }

  @Override
  public String toString() {
    return "UdpChannel(" + index + ", " + channel.localAddress() + ")";
  }
}
