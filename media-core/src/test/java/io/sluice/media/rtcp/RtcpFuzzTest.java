package io.sluice.media.rtcp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Jazzer fuzz targets for every RTCP parser. A plain {@code mvnw test} replays the seeds in
 * {@code src/test/resources/io/sluice/media/rtcp/RtcpFuzzTestInputs/<method>/} (the golden
 * packets of {@link RtcpGoldenPackets}); {@code JAZZER_FUZZ=1} with
 * {@code -Dtest=RtcpFuzzTest#<method>} fuzzes one target.
 *
 * <p>Each target checks the contract of both entry points on arbitrary bytes: the hot path
 * ({@code tryWrap}, accessors, visitors) never throws; the throwing path throws nothing but
 * {@link MalformedRtcpException}; they agree on what is valid and on what they read; and every
 * value that parses writes back to bytes that parse to the same value.
 */
class RtcpFuzzTest {
  // Reused across inputs, as on the hot path: a view must work after any earlier failure.
  private final RtcpCompoundIterator iterator = new RtcpCompoundIterator();
  private final RtcpView[] views = {
      new SenderReport.View(), new ReceiverReport.View(), new SourceDescription.View(),
      new Goodbye.View(), new TransportLayerNack.View(), new PictureLossIndication.View(),
      new FullIntraRequest.View(), new ReceiverEstimatedMaxBitrate.View(),
      new TransportLayerCc.View()};
  private final CountingVisitor visitor = new CountingVisitor();

  /** Walks a compound through the iterator and every view, and checks parseCompound agrees. */
  @FuzzTest(maxDuration = "5m")
  void compound(byte[] data) {
    ByteBuf buf = Unpooled.wrappedBuffer(data);
    try {
      RtcpParseResult walk = iterator.tryWrap(buf);
      List<RtcpPacket> hot = new ArrayList<>();
      boolean hotRejectedAPacket = false;
      if (walk == RtcpParseResult.OK) {
        int n = 0;
        while (iterator.next()) {
          n++;
          check(iterator.index() + iterator.length() <= data.length, "packet inside datagram");
          RtcpView match = null;
          for (RtcpView view : views) {
            RtcpParseResult r = view.tryWrap(iterator);
            if (r == RtcpParseResult.OK) {
              readEverything(view);
              check(match == null, "two views accept one packet");
              match = view;
            } else if (r != RtcpParseResult.WRONG_TYPE && isTypeOf(view, iterator)) {
              hotRejectedAPacket = true;
            }
          }
          if (match != null) {
            hot.add(match.toPacket());
          }
        }
        check(n == iterator.packetCount(), "packetCount matches the walk");
      }

      List<RtcpPacket> parsed = null;
      try {
        parsed = RtcpPacket.parseCompound(buf);
      } catch (MalformedRtcpException expected) {
        check(walk != RtcpParseResult.OK || hotRejectedAPacket, "parse threw, hot path did not");
      }
      if (parsed != null) {
        check(walk == RtcpParseResult.OK && !hotRejectedAPacket, "hot path rejected, parse not");
        check(parsed.equals(hot), "hot path and parse read the same packets");
        for (RtcpPacket packet : parsed) {
          checkRoundTrip(packet, RtcpFuzzTest::parseSingle);
        }
      }
      check(buf.readerIndex() == 0 && buf.writerIndex() == data.length, "indexes not moved");
    } finally {
      buf.release();
    }
  }

  @FuzzTest(maxDuration = "5m")
  void senderReport(byte[] data) {
    message(data, views[0], SenderReport::parse);
  }

  @FuzzTest(maxDuration = "5m")
  void receiverReport(byte[] data) {
    message(data, views[1], ReceiverReport::parse);
  }

  @FuzzTest(maxDuration = "5m")
  void sourceDescription(byte[] data) {
    message(data, views[2], SourceDescription::parse);
  }

  @FuzzTest(maxDuration = "5m")
  void goodbye(byte[] data) {
    message(data, views[3], Goodbye::parse);
  }

  @FuzzTest(maxDuration = "5m")
  void transportLayerNack(byte[] data) {
    message(data, views[4], TransportLayerNack::parse);
  }

  @FuzzTest(maxDuration = "5m")
  void pictureLossIndication(byte[] data) {
    message(data, views[5], PictureLossIndication::parse);
  }

  @FuzzTest(maxDuration = "5m")
  void fullIntraRequest(byte[] data) {
    message(data, views[6], FullIntraRequest::parse);
  }

  @FuzzTest(maxDuration = "5m")
  void receiverEstimatedMaxBitrate(byte[] data) {
    message(data, views[7], ReceiverEstimatedMaxBitrate::parse);
  }

  @FuzzTest(maxDuration = "5m")
  void transportLayerCc(byte[] data) {
    message(data, views[8], TransportLayerCc::parse);
  }

  /** One message through both entry points: they must agree, and the value must round-trip. */
  private void message(byte[] data, RtcpView view, Function<ByteBuf, RtcpPacket> parse) {
    ByteBuf buf = Unpooled.wrappedBuffer(data);
    try {
      RtcpParseResult r = view.tryWrap(buf);
      RtcpPacket hot = null;
      if (r == RtcpParseResult.OK) {
        readEverything(view);
        hot = view.toPacket();
      }
      RtcpPacket parsed = null;
      try {
        parsed = parse.apply(buf);
      } catch (MalformedRtcpException expected) {
        check(r != RtcpParseResult.OK, "parse threw, tryWrap returned OK");
      }
      if (parsed != null) {
        check(parsed.equals(hot), "tryWrap and parse read the same packet");
        checkRoundTrip(parsed, parse);
      }
      check(buf.readerIndex() == 0 && buf.writerIndex() == data.length, "indexes not moved");
    } finally {
      buf.release();
    }
  }

  private static RtcpPacket parseSingle(ByteBuf buf) {
    List<RtcpPacket> packets = RtcpPacket.parseCompound(buf);
    check(packets.size() == 1, "one packet written, one parsed");
    return packets.get(0);
  }

  private static void checkRoundTrip(RtcpPacket packet, Function<ByteBuf, RtcpPacket> parse) {
    if (hasReplacedText(packet)) {
      return; // invalid UTF-8 became U+FFFD, which may no longer fit the 255-byte length octet
    }
    ByteBuf out = Unpooled.buffer(packet.encodedLength());
    try {
      int written = packet.write(out);
      check(written == out.readableBytes() && written == packet.encodedLength(), "size");
      check(written % 4 == 0, "packets end on a 32-bit boundary");
      check(parse.apply(out).equals(packet), "write then parse gives the same value");
    } finally {
      out.release();
    }
  }

  private static boolean hasReplacedText(RtcpPacket packet) {
    if (packet instanceof Goodbye bye) {
      return bye.reason() != null && bye.reason().indexOf('\uFFFD') >= 0;
    }
    if (packet instanceof SourceDescription sdes) {
      for (SourceDescription.Chunk chunk : sdes.chunks()) {
        for (SourceDescription.Item item : chunk.items()) {
          if (item.text().indexOf('\uFFFD') >= 0) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean isTypeOf(RtcpView view, RtcpCompoundIterator it) {
    int pt = it.packetType();
    int fmt = it.count();
    return switch (view) {
      case SenderReport.View v -> pt == RtcpHeader.PT_SR;
      case ReceiverReport.View v -> pt == RtcpHeader.PT_RR;
      case SourceDescription.View v -> pt == RtcpHeader.PT_SDES;
      case Goodbye.View v -> pt == RtcpHeader.PT_BYE;
      case TransportLayerNack.View v -> pt == RtcpHeader.PT_RTPFB && fmt == TransportLayerNack.FMT;
      case TransportLayerCc.View v -> pt == RtcpHeader.PT_RTPFB && fmt == TransportLayerCc.FMT;
      case PictureLossIndication.View v ->
          pt == RtcpHeader.PT_PSFB && fmt == PictureLossIndication.FMT;
      case FullIntraRequest.View v -> pt == RtcpHeader.PT_PSFB && fmt == FullIntraRequest.FMT;
      case ReceiverEstimatedMaxBitrate.View v -> pt == RtcpHeader.PT_PSFB
          && fmt == ReceiverEstimatedMaxBitrate.FMT
          && ReceiverEstimatedMaxBitrate.isRemb(it.buffer(), it.index(), it.contentLength());
    };
  }

  /** Calls every accessor and visitor of a wrapped view; none may throw. */
  private void readEverything(RtcpView view) {
    ByteBuf b = view.buffer();
    switch (view) {
      case SenderReport.View v -> {
        long sum = v.ssrc() + v.ntpTimestamp() + v.rtpTimestamp() + v.packetCount()
            + v.octetCount();
        for (int i = 0; i < v.reportCount(); i++) {
          int block = v.reportBlockIndex(i);
          sum += ReportBlock.readSsrc(b, block) + ReportBlock.readCumulativeLost(b, block)
              + ReportBlock.readDelaySinceLastSr(b, block);
        }
        visitor.sink += sum;
      }
      case ReceiverReport.View v -> {
        for (int i = 0; i < v.reportCount(); i++) {
          visitor.sink += ReportBlock.readLastSr(b, v.reportBlockIndex(i)) + v.ssrc();
        }
      }
      case SourceDescription.View v -> {
        for (int c = 0; c < v.chunkCount(); c++) {
          int item = v.findItem(c, SourceDescription.CNAME);
          visitor.sink += v.chunkSsrc(c) + (item < 0 ? 0 : v.itemTextLength(item));
          check(item < 0 || item + 2 + v.itemTextLength(item) <= v.index() + v.length(),
              "SDES item inside the packet");
        }
      }
      case Goodbye.View v -> {
        for (int i = 0; i < v.ssrcCount(); i++) {
          visitor.sink += v.ssrc(i);
        }
        visitor.sink += v.reasonIndex();
      }
      case TransportLayerNack.View v -> {
        visitor.count = 0;
        int n = v.forEachLost(visitor);
        check(n == v.lostCount() && n == visitor.count && n >= v.entryCount(), "NACK count");
        visitor.sink += v.senderSsrc() + v.mediaSsrc() + v.pid(0) + v.blp(v.entryCount() - 1);
      }
      case PictureLossIndication.View v -> visitor.sink += v.senderSsrc() + v.mediaSsrc();
      case FullIntraRequest.View v -> {
        for (int i = 0; i < v.entryCount(); i++) {
          visitor.sink += v.entrySsrc(i) + v.entrySequenceNumber(i);
        }
      }
      case ReceiverEstimatedMaxBitrate.View v -> {
        check(v.bitrate() >= 0, "REMB bitrate fits in 63 bits");
        for (int i = 0; i < v.ssrcCount(); i++) {
          visitor.sink += v.ssrc(i);
        }
      }
      case TransportLayerCc.View v -> {
        visitor.count = 0;
        visitor.received = 0;
        int n = v.forEachPacket(visitor);
        check(n == v.packetStatusCount() && n == visitor.count, "transport-cc count");
        check(visitor.received == v.receivedCount(), "transport-cc received count");
        visitor.sink += v.baseSequenceNumber() + v.referenceTime() + v.feedbackPacketCount();
      }
    }
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }

  /** Preallocated visitor for both visitor interfaces, as a hot-path caller would keep one. */
  private static final class CountingVisitor
      implements TransportLayerNack.LostPacketVisitor, TransportLayerCc.PacketVisitor {
    int count;
    int received;
    long sink;

    @Override
    public void onLost(int sequenceNumber) {
      check(sequenceNumber >= 0 && sequenceNumber <= 0xFFFF, "lost seq is 16-bit");
      count++;
    }

    @Override
    public void onPacket(int sequenceNumber, int symbol, int receiveDelta) {
      check(sequenceNumber >= 0 && sequenceNumber <= 0xFFFF, "transport seq is 16-bit");
      check(symbol >= 0 && symbol <= 2, "symbol is 0, 1 or 2");
      count++;
      received += symbol == TransportLayerCc.NOT_RECEIVED ? 0 : 1;
    }
  }
}
