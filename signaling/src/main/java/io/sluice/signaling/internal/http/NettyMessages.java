package io.sluice.signaling.internal.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Converts between Netty's HTTP messages and the plain {@link SignalingRequest}/{@link
 * SignalingResponse}. */
final class NettyMessages {
  private NettyMessages() {}

  /**
   * Copies a request out of Netty. Borrows {@code msg}: the caller still owns and releases it.
   *
   * @param rawPath the request target's path ({@link HttpRouter#rawPath})
   */
  static SignalingRequest toRequest(FullHttpRequest msg, String rawPath,
      InetSocketAddress remote) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : msg.headers()) {
      headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(h.getValue());
    }
    headers.replaceAll((k, v) -> List.copyOf(v));
    return new SignalingRequest(msg.method().name(), rawPath, Map.copyOf(headers),
        ByteBufUtil.getBytes(msg.content()), remote);
  }

  /** Returns the {@code Origin} of a Netty request, or null. */
  static @Nullable String origin(HttpHeaders headers) {
    return headers.get(HttpHeaderNames.ORIGIN);
  }

  /**
   * Builds the Netty response for {@code r}, adding the CORS headers every response carries and
   * {@code Connection} and {@code Content-Length}. The caller owns the result (its content is an
   * unpooled wrapper of the body array) and passes it to a write, which releases it.
   */
  static FullHttpResponse toNetty(SignalingResponse r, @Nullable String origin, Cors cors,
      boolean keepAlive) {
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
    HttpHeaders h = res.headers();
    for (Map.Entry<String, String> e : r.headers()) {
      h.add(e.getKey(), e.getValue());
    }
    List<Map.Entry<String, String>> corsHeaders = new ArrayList<>(3);
    cors.addResponseHeaders(origin, corsHeaders);
    corsHeaders.forEach(e -> h.add(e.getKey(), e.getValue()));
    h.setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
    h.set(HttpHeaderNames.CONNECTION,
        keepAlive && !r.close() ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    return res;
  }
}
