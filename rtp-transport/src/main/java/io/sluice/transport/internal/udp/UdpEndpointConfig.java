package io.sluice.transport.internal.udp;

import java.net.InetSocketAddress;

/**
 * Settings of a {@link UdpEndpoint}.
 *
 * @param bindAddress the address and port to bind; port 0 picks a free port
 * @param eventLoops number of event loops and, with epoll, of {@code SO_REUSEPORT} channels
 * @param preferEpoll use the native epoll transport when available (NIO otherwise)
 * @param maxDatagramSize largest datagram received; larger ones are truncated by the kernel
 * @param datagramsPerRead datagrams received per recvmmsg call (epoll only)
 * @param socketBufferBytes SO_RCVBUF and SO_SNDBUF size requested from the kernel
 * @param writeHighWaterMark bytes queued on one channel above which writes are dropped
 * @param segmentationOffload send runs of equal-size datagrams to one peer as UDP GSO sends where
 *     the kernel supports it (epoll only); false sends every datagram on its own with sendmmsg
 */
public record UdpEndpointConfig(
    InetSocketAddress bindAddress,
    int eventLoops,
    boolean preferEpoll,
    int maxDatagramSize,
    int datagramsPerRead,
    int socketBufferBytes,
    int writeHighWaterMark,
    boolean segmentationOffload) {

  /** Default receive batch: 16 datagrams per recvmmsg, as seen to work on this kind of machine. */
  public static final int DEFAULT_DATAGRAMS_PER_READ = 16;
  /** Default largest datagram: an Ethernet MTU. */
  public static final int DEFAULT_MAX_DATAGRAM_SIZE = 1500;

  /** Validates the settings. */
  public UdpEndpointConfig {
    if (eventLoops < 1 || eventLoops > 256) {
      throw new IllegalArgumentException("eventLoops: " + eventLoops + " (expected: 1..256)");
    }
    if (maxDatagramSize < 64 || maxDatagramSize > 65_507) {
      throw new IllegalArgumentException("maxDatagramSize: " + maxDatagramSize + " (expected: 64..65507)");
    }
    if (datagramsPerRead < 1 || datagramsPerRead > 1024) {
      throw new IllegalArgumentException("datagramsPerRead: " + datagramsPerRead + " (expected: 1..1024)");
    }
    if (socketBufferBytes < 0 || writeHighWaterMark < 1) {
      throw new IllegalArgumentException("socketBufferBytes and writeHighWaterMark must be positive");
    }
  }

  /** Settings with UDP GSO on where supported (the default). */
  public UdpEndpointConfig(InetSocketAddress bindAddress, int eventLoops, boolean preferEpoll,
      int maxDatagramSize, int datagramsPerRead, int socketBufferBytes, int writeHighWaterMark) {
    this(bindAddress, eventLoops, preferEpoll, maxDatagramSize, datagramsPerRead,
        socketBufferBytes, writeHighWaterMark, true);
  }

  /** Defaults for {@code bindAddress}: one loop per core, epoll, 16 datagrams per read, 4 MiB buffers. */
  public static UdpEndpointConfig defaults(InetSocketAddress bindAddress) {
    return new UdpEndpointConfig(bindAddress, Runtime.getRuntime().availableProcessors(), true,
        DEFAULT_MAX_DATAGRAM_SIZE, DEFAULT_DATAGRAMS_PER_READ, 4 << 20, 1 << 20);
  }

  /** Returns a copy with {@code eventLoops} loops. */
  public UdpEndpointConfig withEventLoops(int eventLoops) {
    return new UdpEndpointConfig(bindAddress, eventLoops, preferEpoll, maxDatagramSize,
        datagramsPerRead, socketBufferBytes, writeHighWaterMark, segmentationOffload);
  }

  /** Returns a copy that uses NIO even where epoll is available. */
  public UdpEndpointConfig withNio() {
    return new UdpEndpointConfig(bindAddress, eventLoops, false, maxDatagramSize,
        datagramsPerRead, socketBufferBytes, writeHighWaterMark, segmentationOffload);
  }

  /** Returns a copy that sends every datagram on its own (no UDP GSO). */
  public UdpEndpointConfig withoutSegmentationOffload() {
    return new UdpEndpointConfig(bindAddress, eventLoops, preferEpoll, maxDatagramSize,
        datagramsPerRead, socketBufferBytes, writeHighWaterMark, false);
  }
}
