package io.sluice.transport.internal.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.transport.dtls.DtlsFingerprint;
import io.sluice.transport.internal.dtls.DtlsContext;
import io.sluice.transport.internal.dtls.DtlsHandshakeResult;
import io.sluice.transport.internal.dtls.DtlsRole;
import io.sluice.transport.internal.dtls.DtlsSession;
import io.sluice.transport.internal.srtp.SrtpSession;
import io.sluice.transport.stun.Fingerprint;
import io.sluice.transport.stun.MessageIntegrity;
import io.sluice.transport.stun.StunMessage;
import io.sluice.transport.stun.StunMessageType;
import io.sluice.transport.stun.StunMessageWriter;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A WebRTC peer on a plain UDP socket, built from Sluice's own codecs, playing the browser's part:
 * it sends ICE checks as the controlling agent, runs the DTLS client, and protects and unprotects
 * SRTP. A pump thread routes what arrives: STUN and RTP/RTCP to queues, DTLS to the handshake.
 */
final class LoopbackPeer implements AutoCloseable {
  final DatagramSocket socket;
  final InetSocketAddress server;
  final BlockingQueue<byte[]> stun = new ArrayBlockingQueue<>(100);
  final BlockingQueue<byte[]> media = new ArrayBlockingQueue<>(1000);
  private final Thread pump;
  private volatile DtlsSession dtls;
  volatile SrtpSession srtp;

  LoopbackPeer(InetSocketAddress server) throws IOException {
    this.server = server;
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    socket.setSoTimeout(100);
    pump = Thread.ofPlatform().daemon().name("loopback-peer").start(this::pump);
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /** Sends a Binding request as a controlling browser does; returns the response bytes. */
  byte[] check(String serverUfrag, String peerUfrag, String password, boolean useCandidate)
      throws Exception {
    ByteBuf out = Unpooled.buffer(256);
    try {
      byte[] tid = new byte[12];
      ThreadLocalRandom.current().nextBytes(tid);
      StunMessageWriter w = new StunMessageWriter().begin(out, StunMessageType.BINDING_REQUEST, tid);
      w.username(serverUfrag + ":" + peerUfrag);
      w.priority(0x6e0001ffL);
      w.iceControlling(42);
      if (useCandidate) {
        w.useCandidate();
      }
      w.messageIntegrity(new MessageIntegrity(), MessageIntegrity.shortTermKey(password));
      w.fingerprint(new Fingerprint());
      w.end();
      send(out);
    } finally {
      out.release();
    }
    byte[] response = stun.poll(5, TimeUnit.SECONDS);
    if (response == null) {
      throw new AssertionError("no STUN response");
    }
    return response;
  }

  static StunMessage parseStun(byte[] bytes) {
    return StunMessage.parse(Unpooled.wrappedBuffer(bytes));
  }

  /** Starts the DTLS client towards the server, expecting {@code serverFingerprint}. */
  DtlsHandshakeResult handshake(DtlsContext context, DtlsFingerprint serverFingerprint)
      throws Exception {
    dtls = context.newSession(DtlsRole.CLIENT, serverFingerprint,
        (data, off, len) -> socket.send(new DatagramPacket(data, off, len, server)));
    DtlsHandshakeResult result = dtls.start().get(15, TimeUnit.SECONDS);
    if (result instanceof DtlsHandshakeResult.Success ok) {
      srtp = new SrtpSession(ok.keys());
    }
    return result;
  }

  DtlsSession dtls() {
    return dtls;
  }

  void send(ByteBuf datagram) throws IOException {
    byte[] bytes = new byte[datagram.readableBytes()];
    datagram.getBytes(datagram.readerIndex(), bytes);
    socket.send(new DatagramPacket(bytes, bytes.length, server));
  }

  void sendRaw(byte[] bytes) throws IOException {
    socket.send(new DatagramPacket(bytes, bytes.length, server));
  }

  private void pump() {
    byte[] in = new byte[2048];
    while (!socket.isClosed()) {
      DatagramPacket p = new DatagramPacket(in, in.length);
      try {
        socket.receive(p);
      } catch (SocketTimeoutException e) {
        continue;
      } catch (IOException e) {
        return;
      }
      int b0 = in[0] & 0xFF;
      byte[] copy = java.util.Arrays.copyOf(in, p.getLength());
      if (b0 <= 3) {
        stun.offer(copy);
      } else if (b0 >= 20 && b0 <= 63) {
        DtlsSession d = dtls;
        if (d != null) {
          d.offer(copy, 0, copy.length);
        }
      } else if (b0 >= 128 && b0 <= 191) {
        media.offer(copy);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    DtlsSession d = dtls;
    if (d != null) {
      d.close();
    }
    SrtpSession s = srtp;
    if (s != null) {
      s.close();
    }
    socket.close();
    pump.join(2000);
  }
}
