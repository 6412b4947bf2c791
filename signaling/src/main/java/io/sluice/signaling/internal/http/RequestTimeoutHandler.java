package io.sluice.signaling.internal.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Bounds how long a connection may take to deliver one whole request: from the connection's
 * start, or from the previous response, until the request's last byte. A slow client that
 * trickles bytes cannot hold a connection open longer than that, unlike with an idle timeout
 * that each byte resets.
 *
 * <p>When the time is up, a connection that has sent part of a request gets {@code 408 Request
 * Timeout} and is closed; an idle keep-alive connection is closed without a response. While a
 * request is being served, the clock is stopped.
 *
 * <p>Sits first in the pipeline so that it sees raw bytes; {@link HttpRequestHandler} tells it,
 * on the event loop, when a request is complete and when its response is written.
 */
final class RequestTimeoutHandler extends ChannelInboundHandlerAdapter {
  private final long timeoutNanos;
  private final Cors cors;
  private @Nullable ChannelHandlerContext ctx;
  private @Nullable ScheduledFuture<?> timer;
  private boolean partialRequest;

  RequestTimeoutHandler(long timeoutNanos, Cors cors) {
    this.timeoutNanos = timeoutNanos;
    this.cors = cors;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    this.ctx = ctx;
    arm();
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    // Set before the decoder runs: if these bytes complete a request, requestReceived() clears
    // it again; if they start the next one while a request is served, it stays set.
    partialRequest = true;
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    disarm();
    super.channelInactive(ctx);
  }

  /** A whole request has arrived: stop the clock. Event loop only. */
  void requestReceived() {
    disarm();
    partialRequest = false;
  }

  /**
   * The last response is written and the connection stays open: restart the clock. Bytes of a
   * next request that arrived meanwhile count as a partial request. Event loop only.
   */
  void responseSent() {
    arm();
  }

  private void arm() {
    disarm();
    ChannelHandlerContext c = ctx;
    if (c != null && c.channel().isActive()) {
      timer = c.executor().schedule(this::expired, timeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void disarm() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expired() {
    timer = null;
    ChannelHandlerContext c = ctx;
    if (c == null || !c.channel().isActive()) {
      return;
    }
    if (!partialRequest) {
      c.close();
      return;
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
    SignalingResponse r = SignalingResponse.error(408, "request not received within " + ms
        + " ms").closing();
    // From the tail, so that the HTTP encoder writes it; whatever part of the request the
    // decoder holds is dropped with the connection.
    c.channel().writeAndFlush(NettyMessages.toNetty(r, null, cors, false))
        .addListener(ChannelFutureListener.CLOSE);
  }
}
