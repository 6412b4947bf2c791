package io.sluice.signaling.internal.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty side of a signaling server: one NIO event loop group for accepting and serving
 * connections, and a virtual-thread executor for the routing code and backend calls.
 *
 * <p>Each connection's pipeline, thin by design:
 *
 * <pre>
 * RequestTimeoutHandler   whole request within the request timeout, else 408 / close
 * HttpServerCodec         HTTP/1.1, request line &le; 4 KiB, headers &le; 8 KiB
 * BodyLimitAggregator     one FullHttpRequest, body &le; maxBodyBytes, else 413
 * HttpRequestHandler      copy out, route on a virtual thread, write back
 * </pre>
 */
public final class NettyHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NettyHttpServer.class);

  /** Longest request line. */
  static final int MAX_INITIAL_LINE = 4096;
  /** Largest header block. */
  static final int MAX_HEADER_SIZE = 8192;
  /** How long {@link #close()} waits for backend calls in progress. */
  static final long CLOSE_WAIT_MILLIS = 5000;

  private final ServerSettings settings;
  private final SessionRegistry registry;
  private final ConnectionLimiter connections;
  private final Cors cors;
  private final HttpRouter router;
  private final ExecutorService executor;
  private final EventLoopGroup group;
  private final ChannelGroup channels;
  private @Nullable Channel serverChannel;

  /** Creates the server; nothing is bound until {@link #start()}. */
  public NettyHttpServer(ServerSettings settings) {
    this.settings = settings;
    this.registry = new SessionRegistry(settings.maxSessions(), settings.maxSessionsPerAddress());
    this.connections = new ConnectionLimiter(settings.maxConnections(),
        settings.maxConnectionsPerAddress());
    this.cors = new Cors(settings.allowedOrigins());
    this.router = new HttpRouter(settings, registry);
    this.executor = Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name("sluice-signaling-", 0).factory());
    this.group = new MultiThreadIoEventLoopGroup(settings.ioThreads(),
        new DefaultThreadFactory("sluice-signaling-io", true), NioIoHandler.newFactory());
    this.channels = new DefaultChannelGroup("sluice-signaling", ImmediateEventExecutor.INSTANCE);
  }

  /**
   * Binds and starts accepting.
   *
   * @throws IOException if the address cannot be bound
   */
  public InetSocketAddress start() throws IOException {
    ServerBootstrap b = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 128)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            init(ch);
          }
        });
    ChannelFuture f = b.bind(settings.bindAddress()).awaitUninterruptibly();
    if (!f.isSuccess()) {
      Throwable cause = f.cause();
      throw cause instanceof IOException io ? io
          : new IOException("cannot bind " + settings.bindAddress(), cause);
    }
    serverChannel = f.channel();
    channels.add(serverChannel);
    InetSocketAddress local = (InetSocketAddress) serverChannel.localAddress();
    log.debug("signaling server on http://{}:{}", local.getHostString(), local.getPort());
    return local;
  }

  private void init(SocketChannel ch) {
    InetAddress remote = ch.remoteAddress().getAddress();
    ConnectionLimiter.Admission admission = connections.acquire(remote);
    ch.closeFuture().addListener(f -> connections.release(remote));
    channels.add(ch);
    if (admission == ConnectionLimiter.Admission.CLOSE) {
      log.debug("{}: over {} connections, closing", ch, settings.maxConnections());
      ch.close();
      return;
    }
    RequestTimeoutHandler timeout =
        new RequestTimeoutHandler(settings.requestTimeout().toNanos(), cors);
    ch.pipeline().addLast("timeout", timeout)
        .addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
            .setMaxInitialLineLength(MAX_INITIAL_LINE)
            .setMaxHeaderSize(MAX_HEADER_SIZE)))
        .addLast("aggregator", new BodyLimitAggregator(settings.maxBodyBytes(), cors))
        .addLast("router", new HttpRequestHandler(router, executor, timeout, cors,
            admission == ConnectionLimiter.Admission.REFUSE, settings.retryAfter()));
  }

  /** Returns the session registry. */
  public SessionRegistry registry() {
    return registry;
  }

  /** Returns the number of open connections. */
  public int connectionCount() {
    return connections.total();
  }

  /**
   * Stops accepting, closes every connection, waits up to {@value #CLOSE_WAIT_MILLIS} ms for
   * backend calls in progress (their answers cannot be delivered any more, so the sessions they
   * create are rolled back) and stops the event loops. Sessions already created are left to the
   * backend.
   */
  @Override
  public void close() {
    channels.close().awaitUninterruptibly();
    executor.shutdown();
    try {
      if (!executor.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        log.warn("backend calls still running after {} ms; interrupting", CLOSE_WAIT_MILLIS);
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
