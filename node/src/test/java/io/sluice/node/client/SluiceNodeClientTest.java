package io.sluice.node.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.node.SluiceNode;
import io.sluice.signaling.sdp.MediaKind;
import io.sluice.signaling.sdp.Msid;
import io.sluice.signaling.sdp.NegotiatedCodec;
import io.sluice.signaling.sdp.NegotiatedMedia;
import io.sluice.signaling.sdp.SendStream;
import io.sluice.transport.dtls.DtlsCertificate;
import io.sluice.transport.internal.dtls.DtlsContext;
import io.sluice.transport.internal.session.CloseReason;
import io.sluice.transport.internal.session.TransportSession;
import io.sluice.transport.internal.session.TransportSessionListener;
import io.sluice.transport.internal.session.WebRtcClient;
import io.sluice.transport.internal.srtp.SrtpSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The clients against a real {@link SluiceNode} on loopback: WhipClient publishes a VP8-looking
 * stream at about 260 packets/s, WhepClient plays it from the node and receives it.
 */
@io.sluice.node.e2e.PrivateNetwork
class SluiceNodeClientTest {
  private static final SendStream VIDEO =
      SendStream.of(MediaKind.VIDEO, 0x12345678L, "pub", new Msid("live", "v")).withRtx(0x1234567AL);

  @BeforeAll
  static void warmUp() {
    SrtpSession.warmUp();
  }

  /** Counts a viewer's packets and checks what it can of each. */
  static final class Viewer implements TransportSessionListener {
    final CountDownLatch connected = new CountDownLatch(1);
    final AtomicInteger packets = new AtomicInteger();
    final AtomicInteger keyframes = new AtomicInteger();
    final AtomicLong ssrc = new AtomicLong(-1);
    final AtomicInteger pt = new AtomicInteger(-1);
    final AtomicInteger wrongSize = new AtomicInteger();

    @Override
    public void onConnected(TransportSession session) {
      connected.countDown();
    }

    @Override
    public void onRtp(TransportSession session, ByteBuf packet) {
      try {
        packets.incrementAndGet();
        ssrc.set(packet.getUnsignedInt(8));
        pt.set(packet.getUnsignedByte(1) & 0x7F);
        if (packet.readableBytes() != 1200) {
          wrongSize.incrementAndGet();
        }
        // S=1 and P=0 in the VP8 payload header: a keyframe starts here.
        if (packet.getUnsignedByte(12) == 0x10 && (packet.getUnsignedByte(13) & 1) == 0) {
          keyframes.incrementAndGet();
        }
      } finally {
        packet.release();
      }
    }
  }

  /** Publisher events: connected, and PLIs from the node (answered with a keyframe). */
  static final class Publisher implements TransportSessionListener {
    final CountDownLatch connected = new CountDownLatch(1);
    final AtomicBoolean keyframeWanted = new AtomicBoolean();

    @Override
    public void onConnected(TransportSession session) {
      connected.countDown();
    }

    @Override
    public void onRtcp(TransportSession session, ByteBuf packet) {
      try {
        for (int i = packet.readerIndex(); i + 4 <= packet.writerIndex();
            i += 4 * (packet.getUnsignedShort(i + 2) + 1)) {
          if (packet.getUnsignedByte(i + 1) == 206) {
            keyframeWanted.set(true); // PLI or FIR
          }
        }
      } finally {
        packet.release();
      }
    }

    @Override
    public void onClosed(TransportSession session, CloseReason reason, String detail) {}
  }

  /** One 1200-byte VP8-looking packet. */
  static ByteBuf vp8(int pt, int seq, long ts, boolean marker, boolean frameStart, boolean key) {
    ByteBuf b = Unpooled.buffer(1200 + 16);
    b.writeByte(0x80).writeByte((marker ? 0x80 : 0) | pt).writeShort(seq).writeInt((int) ts)
        .writeInt((int) VIDEO.ssrc());
    b.writeByte(frameStart ? 0x10 : 0x00);
    if (frameStart) {
      b.writeByte(key ? 0x10 : 0x11).writeShort(0);
      if (key) {
        b.writeByte(0x9d).writeByte(0x01).writeByte(0x2a).writeShortLE(640).writeShortLE(480);
      }
    }
    return b.writeZero(1200 - b.readableBytes());
  }

  @Test
  void whipPublishesAndWhepPlaysThroughANode() throws Exception {
    try (SluiceNode node = SluiceNode.builder()
            .httpAddress(new InetSocketAddress("127.0.0.1", 0))
            .udpAddress(new InetSocketAddress("127.0.0.1", 0))
            .eventLoops(1)
            .build().start();
        WebRtcClient rtc = new WebRtcClient(1, DtlsContext.builder(DtlsCertificate.generate())
            .build(), Duration.ofSeconds(30), InetAddress.getLoopbackAddress());
        WhipClient whip = new WhipClient(rtc);
        WhepClient whep = new WhepClient(rtc)) {
      URI base = node.baseUri();
      Publisher pub = new Publisher();
      WhipClient.Session publishing =
          whip.publish(base.resolve("/whip/live"), null, List.of(VIDEO), pub);
      NegotiatedCodec vp8 = publishing.codec(MediaKind.VIDEO);
      assertThat(vp8.name()).isEqualTo("VP8");
      assertThat(pub.connected.await(10, TimeUnit.SECONDS)).isTrue();

      Viewer viewer = new Viewer();
      WhepClient.Session playing = null;
      // 30 frames/s of 8 or 9 packets plus a keyframe (4 packets more) each second: ~260/s.
      int seq = 1000;
      long ts = 5000;
      int sent = 0;
      long next = System.nanoTime();
      for (int frame = 0; frame < 150; frame++) {
        if (frame == 15) {
          playing = whep.play(base.resolve("/whep/live"), null, viewer);
        }
        boolean key = frame % 30 == 0 || pub.keyframeWanted.getAndSet(false);
        int count = key ? 12 : frame % 3 == 0 ? 9 : 8;
        for (int i = 0; i < count; i++) {
          publishing.transport().sendRtp(vp8(vp8.payloadType(), seq++ & 0xFFFF, ts,
              i == count - 1, i == 0, key), i == count - 1);
          sent++;
        }
        ts += 3000;
        next += 33_333_333L;
        LockSupport.parkNanos(next - System.nanoTime());
      }
      assertThat(sent).isBetween(1200, 1400); // 5 s at ~260 packets/s

      assertThat(viewer.connected.await(1, TimeUnit.SECONDS)).isTrue();
      NegotiatedMedia video = playing.media(MediaKind.VIDEO);
      assertThat(video.codecs().get(0).name()).isEqualTo("VP8");
      // The viewer joined after 0.5 s: it gets the rest, from a keyframe on, as the node sends it.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      while (viewer.packets.get() < 900 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(viewer.packets.get()).isGreaterThan(900);
      assertThat(viewer.keyframes.get()).isGreaterThanOrEqualTo(1);
      assertThat(viewer.wrongSize.get()).isZero();
      assertThat(viewer.pt.get()).isEqualTo(video.codecs().get(0).payloadType());
      if (!video.remoteSsrcs().isEmpty()) {
        assertThat(viewer.ssrc.get()).isEqualTo(video.remoteSsrcs().get(0));
      }
      playing.close();
      publishing.close();
      assertThat(whep.sessionCount()).isZero();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (node.sessionCount() > 0 && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertThat(node.sessionCount()).isZero();
    }
  }
}
