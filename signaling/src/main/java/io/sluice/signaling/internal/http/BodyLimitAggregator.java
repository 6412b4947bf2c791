package io.sluice.signaling.internal.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * Netty's {@link HttpObjectAggregator} with the server's body limit, answering an oversized
 * request with the server's own {@code 413 Content Too Large} (CORS headers and a one-line reason,
 * like every other response) and closing the connection: the rest of the body may still be on its
 * way and is not worth reading. An {@code Expect: 100-continue} request that announces too large
 * a body gets the same 413 instead of {@code 100 Continue}.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
  private final int maxBodyBytes;
  private final Cors cors;

  BodyLimitAggregator(int maxBodyBytes, Cors cors) {
    super(maxBodyBytes, true);
    this.maxBodyBytes = maxBodyBytes;
    this.cors = cors;
  }

  /** Borrows {@code oversized}: the aggregator releases it after this returns. */
  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    ctx.writeAndFlush(tooLarge(oversized)).addListener(ChannelFutureListener.CLOSE);
  }

  /** Replaces Netty's bare 413 and 417 answers to {@code Expect: 100-continue} with ours. */
  @Override
  protected @Nullable Object newContinueResponse(HttpMessage start, int maxContentLength,
      ChannelPipeline pipeline) {
    Object r = super.newContinueResponse(start, maxContentLength, pipeline);
    if (r instanceof HttpResponse res && res.status().code() >= 400) {
      int code = res.status().code();
      ReferenceCountUtil.release(r);
      return code == 413 ? tooLarge(start) : NettyMessages.toNetty(SignalingResponse.error(417,
          "unsupported Expect header (expected: 100-continue)").closing(),
          NettyMessages.origin(start.headers()), cors, false);
    }
    return r;
  }

  private Object tooLarge(HttpMessage request) {
    SignalingResponse r = SignalingResponse.error(413, "body exceeds " + maxBodyBytes + " bytes")
        .closing();
    return NettyMessages.toNetty(r, NettyMessages.origin(request.headers()), cors, false);
  }
}
