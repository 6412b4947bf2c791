package io.sluice.signaling.internal.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one routing handler: copies each aggregated request out of Netty, runs {@link HttpRouter}
 * on a virtual thread (backends may block), and writes the response back on the event loop.
 *
 * <p>One request per connection is served at a time, in order (RFC 9112 §9.3.2 pipelining):
 * requests that arrive while one is served wait in a queue of at most {@value #MAX_PIPELINED}; a
 * client that pipelines more is disconnected. Reading goes on while a request is served, so that
 * a client that hangs up is noticed (the channel closes on end of stream) before its answer is
 * written.
 *
 * <p>A response that carries a rollback (a {@code 201} that created a session) and cannot be
 * written, because the connection closed or the write failed, has its rollback run, so that the
 * backend deletes the session no client knows about.
 */
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(HttpRequestHandler.class);

  /** Most requests a connection may have waiting behind the one being served. */
  static final int MAX_PIPELINED = 4;

  private record Pending(SignalingRequest request, boolean keepAlive,
      @Nullable SignalingResponse immediate) {}

  private final HttpRouter router;
  private final ExecutorService executor;
  private final RequestTimeoutHandler timeout;
  private final Cors cors;
  private final boolean refused;
  private final Duration retryAfter;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private boolean busy;

  /**
   * @param refused true if the connection is over the per-address limit: its first request is
   *     answered 503 and the connection closed
   */
  HttpRequestHandler(HttpRouter router, ExecutorService executor, RequestTimeoutHandler timeout,
      Cors cors, boolean refused, Duration retryAfter) {
    this.router = router;
    this.executor = executor;
    this.timeout = timeout;
    this.cors = cors;
    this.refused = refused;
    this.retryAfter = retryAfter;
  }

  /** Borrows {@code msg}; {@link SimpleChannelInboundHandler} releases it after this returns. */
  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
    timeout.requestReceived();
    Pending p = pending(ctx, msg);
    if (busy) {
      if (queue.size() == MAX_PIPELINED) {
        log.debug("{}: more than {} pipelined requests, closing", ctx.channel(), MAX_PIPELINED);
        ctx.close();
        return;
      }
      queue.add(p);
      return;
    }
    serve(ctx, p);
  }

  private Pending pending(ChannelHandlerContext ctx, FullHttpRequest msg) {
    InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
    DecoderResult result = msg.decoderResult();
    String rawPath = result.isSuccess() ? HttpRouter.rawPath(msg.uri()) : null;
    SignalingRequest req = NettyMessages.toRequest(msg, rawPath == null ? "" : rawPath, remote);
    SignalingResponse immediate = null;
    if (!result.isSuccess()) {
      Throwable cause = result.cause();
      immediate = cause instanceof TooLongHttpLineException
          ? SignalingResponse.error(414, "request line too long").closing()
          : cause instanceof TooLongHttpHeaderException
              ? SignalingResponse.error(431, "request headers too large").closing()
              : SignalingResponse.error(400, "malformed HTTP request").closing();
    } else if (rawPath == null) {
      immediate = SignalingResponse.error(400, "malformed request target").closing();
    } else if (refused) {
      immediate = WhipWhepResource.unavailable("too many connections from "
          + remote.getAddress().getHostAddress(), retryAfter).closing();
    }
    return new Pending(req, HttpUtil.isKeepAlive(msg), immediate);
  }

  private void serve(ChannelHandlerContext ctx, Pending p) {
    busy = true;
    if (p.immediate() != null) {
      write(ctx, p, p.immediate());
      return;
    }
    try {
      executor.execute(() -> {
        SignalingResponse r;
        try {
          r = router.route(p.request());
        } catch (Throwable t) { // an Error from a backend: still answer, or the client hangs
          log.error("{} {} failed", p.request().method(),
              SignalingText.oneLine(p.request().rawPath(), 200), t);
          r = SignalingResponse.error(500, "internal error").closing();
        }
        SignalingResponse response = r;
        try {
          ctx.executor().execute(() -> write(ctx, p, response));
        } catch (RejectedExecutionException e) {
          rollback(response); // the server is closing
        }
      });
    } catch (RejectedExecutionException e) {
      write(ctx, p, SignalingResponse.error(503, "server closing").closing());
    }
  }

  private void write(ChannelHandlerContext ctx, Pending p, SignalingResponse r) {
    if (!ctx.channel().isActive()) {
      rollback(r);
      return;
    }
    boolean close = !p.keepAlive() || r.close();
    ctx.writeAndFlush(NettyMessages.toNetty(r, p.request().origin(), cors, !close))
        .addListener(f -> {
          if (!f.isSuccess()) {
            log.debug("{}: response {} not written", ctx.channel(), r.status(), f.cause());
            rollback(r);
            ctx.close();
            return;
          }
          if (close) {
            ctx.close();
            return;
          }
          busy = false;
          Pending next = queue.poll();
          if (next != null) {
            serve(ctx, next);
          } else {
            timeout.responseSent();
          }
        });
  }

  private static void rollback(SignalingResponse r) {
    Runnable rollback = r.rollback();
    if (rollback != null) {
      // Off the event loop: the backend's delete may block.
      Thread.ofVirtual().name("sluice-signaling-rollback").start(() -> {
        try {
          rollback.run();
        } catch (RuntimeException e) {
          log.warn("rollback failed", e);
        }
      });
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    queue.clear(); // plain copies: nothing to release, and nothing was created for them
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("{}: closing after {}", ctx.channel(), cause.toString());
    ctx.close();
  }
}
