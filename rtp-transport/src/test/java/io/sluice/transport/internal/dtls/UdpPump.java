package io.sluice.transport.internal.dtls;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Bridges a {@link DtlsSession} to real UDP on 127.0.0.1, standing in for the node's Netty
 * channel: a socket whose datagrams a virtual thread hands to {@link DtlsSession#offer}, and a
 * {@link DatagramSink} that sends to the peer's address.
 */
final class UdpPump implements DatagramSink, AutoCloseable {
  private final DatagramSocket socket;
  private final AtomicReference<@Nullable InetSocketAddress> peer = new AtomicReference<>();
  private final AtomicReference<@Nullable DtlsSession> session = new AtomicReference<>();
  private volatile boolean running = true;
  private final Thread thread;

  /**
   * Binds to an ephemeral port on 127.0.0.1.
   *
   * @param peer the peer's address if known (we are the client); otherwise it is learned from the
   *     first datagram (we are the server)
   */
  UdpPump(@Nullable InetSocketAddress peer) throws SocketException {
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    socket.setSoTimeout(100);
    this.peer.set(peer);
    this.thread = Thread.ofVirtual().name("udp-pump").start(this::pump);
  }

  int port() {
    return socket.getLocalPort();
  }

  void attach(DtlsSession session) {
    this.session.set(session);
  }

  private void pump() {
    byte[] buf = new byte[2048];
    DatagramPacket packet = new DatagramPacket(buf, buf.length);
    while (running) {
      try {
        packet.setLength(buf.length);
        socket.receive(packet);
        peer.compareAndSet(null, (InetSocketAddress) packet.getSocketAddress());
        DtlsSession s = session.get();
        if (s != null) {
          s.offer(buf, 0, packet.getLength());
        }
      } catch (SocketTimeoutException e) {
        // poll the running flag
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  @Override
  public void send(byte[] data, int offset, int length) throws IOException {
    InetSocketAddress to = peer.get();
    if (to == null) {
      throw new IOException("peer address not known yet");
    }
    socket.send(new DatagramPacket(data, offset, length, to));
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    socket.close();
    thread.join(java.time.Duration.ofSeconds(5));
  }
}
