package io.sluice.transport.internal.plain;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.sluice.media.rtcp.RtcpCompoundIterator;
import io.sluice.media.rtp.RtpPacket;
import io.sluice.transport.internal.plain.PlainRtpEndpoint.Drop;
import io.sluice.transport.internal.srtp.SrtpProfile;
import io.sluice.transport.internal.udp.PacketClass;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Jazzer fuzz target for plain RTP/RTCP ingest ({@link PlainRtpIngest}, what
 * {@link PlainRtpEndpoint} does with each datagram from ffmpeg or GStreamer).
 *
 * <p>Input: the first byte picks the sender (even: the allowed source, odd: another address), the
 * rest is the datagram, in a pooled direct buffer as epoll delivers it. Whatever it holds, exactly
 * one counter moves, the datagram is released, and the listener gets only what parses in full:
 * a byte-identical heap copy with SRTP tail room whose every header field, extension and (for
 * RTCP) every packet of the compound can be read.
 *
 * <p>Seeds in {@code PlainRtpIngestFuzzTestInputs/ingest/}: {@code rtp-vp8-extensions} (RTP with
 * a one-byte extension block and padding), {@code rtcp-sr-sdes} (SR + SDES CNAME compound),
 * {@code rtp-wrong-source}, {@code stun-binding} and {@code rtp-truncated} (15 CSRCs announced, one present). Fuzz with
 * {@code JAZZER_FUZZ=1 ./mvnw -pl rtp-transport test -Dtest=PlainRtpIngestFuzzTest#ingest}.
 */
class PlainRtpIngestFuzzTest {
  private static final InetSocketAddress ALLOWED = new InetSocketAddress("192.0.2.7", 5004);
  private static final InetSocketAddress OTHER = new InetSocketAddress("198.51.100.9", 5004);

  private final List<ByteBuf> delivered = new ArrayList<>();
  private final List<PacketClass> deliveredAs = new ArrayList<>();
  private final PlainRtpIngest ingest = new PlainRtpIngest(ALLOWED.getAddress(),
      new PlainRtpEndpoint.Listener() {
        @Override
        public void onRtp(ByteBuf packet, InetSocketAddress sender) {
          delivered.add(packet);
          deliveredAs.add(PacketClass.RTP);
        }

        @Override
        public void onRtcp(ByteBuf packet, InetSocketAddress sender) {
          delivered.add(packet);
          deliveredAs.add(PacketClass.RTCP);
        }
      }, PooledByteBufAllocator.DEFAULT, 1);
  private final RtpPacket rtp = new RtpPacket();
  private final RtcpCompoundIterator rtcp = new RtcpCompoundIterator();

  @FuzzTest(maxDuration = "5m")
  void ingest(byte[] data) {
    ingestOne(data);
  }

  /** The seeds end where their names say. */
  @ParameterizedTest
  @CsvSource({
    "rtp-vp8-extensions, ",
    "rtcp-sr-sdes,       ",
    "rtp-wrong-source,   WRONG_SOURCE",
    "stun-binding,       NOT_RTP",
    "rtp-truncated,      MALFORMED",
  })
  void seedsReachTheirOutcome(String seed, @Nullable Drop expected) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("PlainRtpIngestFuzzTestInputs/ingest/" + seed)) {
      assertThat(in).as(seed).isNotNull();
      assertThat(ingestOne(in.readAllBytes())).isEqualTo(expected);
    }
  }

  private @Nullable Drop ingestOne(byte[] data) {
    if (data.length == 0) {
      return null;
    }
    InetSocketAddress sender = (data[0] & 1) == 0 ? ALLOWED : OTHER;
    ByteBuf datagram = PooledByteBufAllocator.DEFAULT.directBuffer(data.length - 1);
    datagram.writeBytes(data, 1, data.length - 1);
    byte[] bytes = ByteBufUtil.getBytes(datagram);
    PacketClass kind = PacketClass.of(datagram);
    long before = counters();

    Drop drop = ingest.onDatagram(0, kind, datagram, sender);

    assertThat(datagram.refCnt()).as("datagram released").isZero();
    assertThat(counters()).as("one counter per datagram").isEqualTo(before + 1);
    try {
      if (drop != null) {
        assertThat(delivered).isEmpty();
        if (sender == OTHER) {
          assertThat(drop).isEqualTo(Drop.WRONG_SOURCE);
        } else if (kind != PacketClass.RTP && kind != PacketClass.RTCP) {
          assertThat(drop).isEqualTo(Drop.NOT_RTP);
        } else {
          assertThat(drop).isEqualTo(Drop.MALFORMED);
        }
        return drop;
      }
      assertThat(sender).isEqualTo(ALLOWED);
      assertThat(deliveredAs).containsExactly(kind);
      ByteBuf copy = delivered.get(0);
      assertThat(copy.hasArray()).as("heap copy").isTrue();
      assertThat(ByteBufUtil.getBytes(copy)).isEqualTo(bytes);
      assertThat(copy.maxWritableBytes()).isGreaterThanOrEqualTo(SrtpProfile.MAX_TRAILER_LENGTH);
      if (kind == PacketClass.RTP) {
        readAll(RtpPacket.parse(copy), copy);
      } else {
        rtcp.wrap(copy);
        int end = copy.readerIndex() + copy.readableBytes();
        int packets = 0;
        while (rtcp.next()) {
          packets++;
          assertThat(rtcp.index() + rtcp.length()).isLessThanOrEqualTo(end);
          assertThat(rtcp.contentLength()).isBetween(0, rtcp.length());
          rtcp.packetType();
          rtcp.count();
        }
        assertThat(packets).isEqualTo(rtcp.packetCount()).isPositive();
        rtcp.clear();
      }
      return null;
    } finally {
      for (ByteBuf b : delivered) {
        assertThat(b.release()).isTrue();
      }
      delivered.clear();
      deliveredAs.clear();
    }
  }

  private void readAll(RtpPacket p, ByteBuf buf) {
    int end = buf.readerIndex() + buf.readableBytes();
    assertThat(p.version()).isEqualTo(2);
    assertThat(p.payloadOffset() + p.payloadLength() + p.paddingLength()).isEqualTo(end);
    assertThat(p.headerLength()).isGreaterThanOrEqualTo(12 + 4 * p.csrcCount());
    for (int i = 0; i < p.csrcCount(); i++) {
      p.csrc(i);
    }
    p.sequenceNumber();
    p.timestamp();
    p.ssrc();
    p.payloadType();
    if (p.hasExtension()) {
      p.extensionProfile();
      assertThat(p.extensionDataOffset() + p.extensionDataLength())
          .isLessThanOrEqualTo(p.payloadOffset());
      for (int id = 1; id < 256; id++) {
        if (p.findExtension(id) >= 0) {
          assertThat(p.findExtension(id) + p.extensionLength(id))
              .isLessThanOrEqualTo(p.payloadOffset());
        }
      }
    }
  }

  private long counters() {
    long n = ingest.rtpPackets() + ingest.rtcpPackets();
    for (Drop d : Drop.values()) {
      n += ingest.drops(d);
    }
    return n;
  }
}
