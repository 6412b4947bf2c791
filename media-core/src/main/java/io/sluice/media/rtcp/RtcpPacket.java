package io.sluice.media.rtcp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * RFC 3550 §6: an immutable RTCP packet value, as the throwing {@code parse} entry points return
 * it and as the writers encode it. One record per message, named after its RFC.
 *
 * <p>These values allocate; they are for tools, tests, logging and control-plane code. The
 * per-packet hot path reads wire bytes through the {@link RtcpView} subclasses instead.
 */
public sealed interface RtcpPacket
    permits SenderReport,
        ReceiverReport,
        SourceDescription,
        Goodbye,
        TransportLayerNack,
        PictureLossIndication,
        FullIntraRequest,
        ReceiverEstimatedMaxBitrate,
        TransportLayerCc {

  /** Returns the number of bytes {@link #write(ByteBuf)} writes, header and padding included. */
  int encodedLength();

  /**
   * Writes this packet at the writer index of {@code out}, growing it if it must and can. Either
   * the whole packet is written or, if {@code out} cannot hold it, nothing. Borrows {@code out}.
   *
   * @return the number of bytes written, {@link #encodedLength()}
   * @throws IndexOutOfBoundsException if {@code out} cannot grow to hold the packet
   */
  int write(ByteBuf out);

  /**
   * Parses every packet of the compound RTCP datagram in the readable bytes of {@code datagram},
   * for tools and tests. Packets this library does not parse (APP, XR, other feedback types,
   * application-layer feedback other than REMB) are skipped. Borrows {@code datagram}; its indexes
   * are not moved.
   *
   * @throws MalformedRtcpException if the compound or any packet of a known type is malformed
   */
  static List<RtcpPacket> parseCompound(ByteBuf datagram) {
    RtcpCompoundIterator it = new RtcpCompoundIterator();
    it.wrap(datagram);
    List<RtcpPacket> packets = new ArrayList<>(it.packetCount());
    while (it.next()) {
      RtcpView view = viewFor(it);
      if (view != null) {
        view.wrap(it.buffer(), it.index(), it.length(), true);
        packets.add(view.toPacket());
      }
    }
    return List.copyOf(packets);
  }

  private static @Nullable RtcpView viewFor(RtcpCompoundIterator it) {
    int fmt = it.count();
    return switch (it.packetType()) {
      case RtcpHeader.PT_SR -> new SenderReport.View();
      case RtcpHeader.PT_RR -> new ReceiverReport.View();
      case RtcpHeader.PT_SDES -> new SourceDescription.View();
      case RtcpHeader.PT_BYE -> new Goodbye.View();
      case RtcpHeader.PT_RTPFB -> switch (fmt) {
        case TransportLayerNack.FMT -> new TransportLayerNack.View();
        case TransportLayerCc.FMT -> new TransportLayerCc.View();
        default -> null;
      };
      case RtcpHeader.PT_PSFB -> switch (fmt) {
        case PictureLossIndication.FMT -> new PictureLossIndication.View();
        case FullIntraRequest.FMT -> new FullIntraRequest.View();
        // Application-layer feedback (RFC 4585 §6.4) carries more than REMB: only REMB's
        // identifier makes it ours; any other AFB is skipped like an unknown type.
        case ReceiverEstimatedMaxBitrate.FMT ->
            ReceiverEstimatedMaxBitrate.isRemb(it.buffer(), it.index(), it.contentLength())
                ? new ReceiverEstimatedMaxBitrate.View()
                : null;
        default -> null;
      };
      default -> null;
    };
  }
}
