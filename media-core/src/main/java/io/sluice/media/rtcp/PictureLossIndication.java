package io.sluice.media.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * RFC 4585 §6.3.1: Picture Loss Indication (PLI), a payload-specific feedback message (PSFB,
 * FMT = 1) by which a decoder asks the media sender for a keyframe.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| FMT=1   |  PT=PSFB=206  |          length=2             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>PLI has no FCI, so the sender sets length to 2. A receiver that finds extra FCI bytes
 * ignores them rather than dropping the packet: a dropped PLI is a frozen picture until the next
 * keyframe, and the bytes the PLI needs are all present.
 *
 * @param senderSsrc SSRC of the packet sender
 * @param mediaSsrc SSRC of the media source that should send a keyframe
 */
public record PictureLossIndication(long senderSsrc, long mediaSsrc) implements RtcpPacket {

  /** The feedback message type of PLI in a PSFB packet. */
  public static final int FMT = 1;
  /** Size of a PLI on the wire. */
  public static final int SIZE = 12;

  private static final String NAME = "RTCP PLI";

  /** Validates both SSRCs. */
  public PictureLossIndication {
    Checks.u32("sender SSRC", senderSsrc);
    Checks.u32("media SSRC", mediaSsrc);
  }

  /**
   * Parses the PLI at the reader index of {@code packet}, for tools and tests. Borrows
   * {@code packet}; its indexes are not moved.
   *
   * @throws MalformedRtcpException with a message naming what was found and what was expected
   */
  public static PictureLossIndication parse(ByteBuf packet) {
    return parse(packet, packet.readerIndex(), packet.readableBytes());
  }

  /**
   * Parses the PLI at absolute index {@code index}, within {@code length} bytes. Borrows
   * {@code buf}.
   *
   * @throws MalformedRtcpException with a message naming what was found and what was expected
   */
  public static PictureLossIndication parse(ByteBuf buf, int index, int length) {
    View view = new View();
    view.wrap(buf, index, length, true);
    return view.toPacket();
  }

  @Override
  public int encodedLength() {
    return SIZE;
  }

  /** Writes this PLI; see {@link RtcpPacket#write(ByteBuf)}. Borrows {@code out}. */
  @Override
  public int write(ByteBuf out) {
    return write(out, senderSsrc, mediaSsrc);
  }

  /**
   * Writes a PLI at the writer index of {@code out} without allocating. Either all of it is
   * written or nothing. Borrows {@code out}.
   *
   * @return {@link #SIZE}
   * @throws IndexOutOfBoundsException if {@code out} cannot grow to hold the packet
   */
  public static int write(ByteBuf out, long senderSsrc, long mediaSsrc) {
    out.ensureWritable(SIZE);
    RtcpHeader.write(out, false, FMT, RtcpHeader.PT_PSFB, SIZE);
    out.writeInt((int) senderSsrc);
    out.writeInt((int) mediaSsrc);
    return SIZE;
  }

  /**
   * RFC 4585 §6.3.1: an allocation-free, reusable view over a PLI on the wire. See
   * {@link RtcpView} for the contract of {@code tryWrap}.
   */
  public static final class View extends RtcpFeedbackView {
    /** Creates a view over nothing; call {@code tryWrap} first. */
    public View() {}

    @Override
    RtcpParseResult wrap(ByteBuf buf, int index, int length, boolean throwing) {
      RtcpParseResult r = RtcpHeader.check(
          buf, index, length, NAME, RtcpHeader.PT_PSFB, FMT, SIZE, throwing);
      if (r == RtcpParseResult.OK) {
        set(buf, index);
      }
      return r;
    }

    @Override
    public PictureLossIndication toPacket() {
      return new PictureLossIndication(senderSsrc(), mediaSsrc());
    }
  }
}
