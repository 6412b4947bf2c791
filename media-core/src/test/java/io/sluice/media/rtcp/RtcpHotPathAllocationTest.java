package io.sluice.media.rtcp;

import static io.sluice.media.rtcp.RtcpTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Measures that the hot path does not allocate: the compound walk, every view's {@code tryWrap}
 * on good and bad input, the accessors and visitors, and the primitive writers. Uses the JVM's
 * per-thread allocation counter, so it counts every object, however short-lived.
 *
 * <p>The buffers are unpooled heap buffers on purpose: under paranoid leak detection a pooled
 * buffer records a stack trace on access, which would be the detector allocating, not the code.
 */
class RtcpHotPathAllocationTest {
  private static final int WARM_UP = 20_000;
  private static final int MEASURED = 10_000;

  // An array, not a List: a for-each over a List allocates an Iterator unless the JIT removes
  // it, and under the Jazzer agent (same JVM as RtcpFuzzTest) it does not.
  private final ByteBuf[] inputs = {
      Unpooled.wrappedBuffer(RtcpGoldenPackets.RR_SDES_CNAME),
      Unpooled.wrappedBuffer(RtcpGoldenPackets.SR_SDES),
      Unpooled.wrappedBuffer(RtcpGoldenPackets.RR_REMB),
      Unpooled.wrappedBuffer(RtcpGoldenPackets.NACK),
      Unpooled.wrappedBuffer(RtcpGoldenPackets.PLI),
      Unpooled.wrappedBuffer(RtcpGoldenPackets.FIR),
      Unpooled.wrappedBuffer(RtcpGoldenPackets.BYE),
      Unpooled.wrappedBuffer(RtcpGoldenPackets.TRANSPORT_CC_WRAP),
      Unpooled.wrappedBuffer(RtcpGoldenPackets.TRANSPORT_CC_RUNS),
      Unpooled.wrappedBuffer(RtcpGoldenPackets.RR_APP_XR_PLI),
      // Rejected input must be as cheap: no exception, no message.
      Unpooled.wrappedBuffer(hex("40 c9 00 01 00 00 00 01")),
      Unpooled.wrappedBuffer(hex("80 c9 00 02 00 00 00 01")),
      Unpooled.wrappedBuffer(hex("81 cd 00 02 00 00 00 01 12 34 ab cd"))};
  private final ByteBuf out = Unpooled.buffer(2048);

  private final RtcpCompoundIterator compound = new RtcpCompoundIterator();
  private final RtcpView[] views = {
      new SenderReport.View(), new ReceiverReport.View(), new SourceDescription.View(),
      new Goodbye.View(), new TransportLayerNack.View(), new PictureLossIndication.View(),
      new FullIntraRequest.View(), new ReceiverEstimatedMaxBitrate.View(),
      new TransportLayerCc.View()};
  private final Sink sink = new Sink();
  private final int[] lostTemplate = {40, 7, 65535, 3, 0, 9, 22, 7};
  private final int[] lost = new int[lostTemplate.length];
  private final long[] rembSsrcs = {0x1234abcdL, 0x5678L};
  private final List<ReportBlock> blocks =
      List.of(new ReportBlock(1, 2, 3, 4, 5, 6, 7), new ReportBlock(8, 9, 10, 11, 12, 13, 14));

  @AfterEach
  void release() {
    for (ByteBuf input : inputs) {
      input.release();
    }
    out.release();
  }

  @Test
  void hotPathAllocatesNothing() throws Throwable {
    MethodHandle allocatedBytes = allocatedBytesCounter();
    assumeTrue(allocatedBytes != null, "per-thread allocation counter not available");
    for (int i = 0; i < WARM_UP; i++) {
      round();
    }
    long before = (long) allocatedBytes.invokeExact();
    for (int i = 0; i < MEASURED; i++) {
      round();
    }
    long allocated = (long) allocatedBytes.invokeExact() - before;
    // One object per round would be at least 16 * MEASURED bytes; allow only measuring noise.
    assertThat(allocated).as("bytes allocated in %d rounds", MEASURED).isLessThan(1024);
    assertThat(sink.total).isNotZero();
  }

  private void round() {
    for (ByteBuf input : inputs) {
      if (compound.tryWrap(input) != RtcpParseResult.OK) {
        sink.total++;
        continue;
      }
      while (compound.next()) {
        for (RtcpView view : views) {
          if (view.tryWrap(compound) == RtcpParseResult.OK) {
            read(view);
          }
        }
      }
    }
    out.clear();
    System.arraycopy(lostTemplate, 0, lost, 0, lost.length);
    sink.total += TransportLayerNack.write(out, 1, 2, lost, 0, lost.length);
    sink.total += PictureLossIndication.write(out, 1, 2);
    sink.total += FullIntraRequest.write(out, 1, 2, 3);
    sink.total += ReceiverEstimatedMaxBitrate.write(out, 1, 1_500_000, rembSsrcs, 0, 2);
    sink.total += SourceDescription.writeCname(out, 1, "p9xRpT3TXg7dY8WZ");
    sink.total += Goodbye.write(out, 1, null);
    sink.total += ReceiverReport.write(out, 1, blocks);
    sink.total += SenderReport.write(out, 1, 2, 3, 4, 5, blocks);
    sink.total += RtcpHeader.setLength(out, 0, 20);
  }

  private void read(RtcpView view) {
    ByteBuf b = view.buffer();
    switch (view) {
      case SenderReport.View v -> sink.total += v.ntpTimestamp() + v.reportCount()
          + (v.reportCount() > 0 ? ReportBlock.readLastSr(b, v.reportBlockIndex(0)) : 0);
      case ReceiverReport.View v -> sink.total += v.ssrc()
          + (v.reportCount() > 0 ? ReportBlock.readJitter(b, v.reportBlockIndex(0)) : 0);
      case SourceDescription.View v -> sink.total += v.findItem(0, SourceDescription.CNAME);
      case Goodbye.View v -> sink.total += v.ssrc(0) + v.reasonIndex();
      case TransportLayerNack.View v -> sink.total += v.forEachLost(sink) + v.mediaSsrc();
      case PictureLossIndication.View v -> sink.total += v.mediaSsrc();
      case FullIntraRequest.View v -> sink.total += v.entrySequenceNumber(0);
      case ReceiverEstimatedMaxBitrate.View v -> sink.total += v.bitrate() + v.ssrc(0);
      case TransportLayerCc.View v -> sink.total += v.forEachPacket(sink) + v.referenceTime();
    }
  }

  /**
   * Returns {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes} bound to the
   * platform bean, or null. Looked up reflectively because the tests compile inside the
   * {@code io.sluice.media} module, which does not read {@code jdk.management}; they run on the
   * class path, where it is visible.
   */
  private static MethodHandle allocatedBytesCounter() {
    try {
      Object bean = Class.forName("java.lang.management.ManagementFactory")
          .getMethod("getThreadMXBean").invoke(null);
      Class<?> hotspot = Class.forName("com.sun.management.ThreadMXBean");
      if (!hotspot.isInstance(bean)
          || !(boolean) hotspot.getMethod("isThreadAllocatedMemoryEnabled").invoke(bean)) {
        return null;
      }
      return MethodHandles.publicLookup()
          .findVirtual(hotspot, "getCurrentThreadAllocatedBytes", MethodType.methodType(long.class))
          .bindTo(bean);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static final class Sink
      implements TransportLayerNack.LostPacketVisitor, TransportLayerCc.PacketVisitor {
    long total;

    @Override
    public void onLost(int sequenceNumber) {
      total += sequenceNumber;
    }

    @Override
    public void onPacket(int sequenceNumber, int symbol, int receiveDelta) {
      total += sequenceNumber + symbol + receiveDelta;
    }
  }
}
