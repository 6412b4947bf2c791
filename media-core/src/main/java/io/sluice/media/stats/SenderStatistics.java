package io.sluice.media.stats;

import io.netty.buffer.ByteBuf;
import io.sluice.media.rtp.SequenceMath;

/**
 * Statistics for one sent RTP stream (one SSRC), for the sender info of an RTCP sender report
 * (RFC 3550 §6.4.1):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |              NTP timestamp, most significant word             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             NTP timestamp, least significant word             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         RTP timestamp                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     sender's packet count                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      sender's octet count                     |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 *
 * <p>The packet count counts RTP data packets and the octet count their payload octets, without
 * header or padding; both wrap at 2<sup>32</sup> on the wire. The SR's RTP timestamp is the
 * stream's RTP time at the instant of the NTP timestamp: this class extrapolates it from the
 * newest sent timestamp and the local time of the first packet that carried it, at the clock rate
 * given at construction. Packets with the same or an older timestamp (the rest of a video frame,
 * B-frames, reordering) count but do not move that anchor.
 *
 * <p>Not thread-safe: one instance per sent stream, driven by one thread. {@link #onPacketSent}
 * and {@link #writeSenderInfo} do not allocate.
 */
public final class SenderStatistics {
  /** Size of the sender info on the wire. */
  public static final int SENDER_INFO_SIZE = 20;

  private final long ssrc;
  private final int clockRate;

  private long packetCount;
  private long octetCount;
  private boolean hasSent;
  private long anchorRtpTimestamp;
  private long anchorNanos;

  /**
   * Creates statistics for the stream {@code ssrc} whose RTP timestamps run at {@code clockRate}
   * Hz.
   *
   * @throws IllegalArgumentException if {@code clockRate} is not positive
   */
  public SenderStatistics(long ssrc, int clockRate) {
    this.ssrc = ssrc & 0xFFFF_FFFFL;
    this.clockRate = RtpClock.checkClockRate(clockRate);
  }

  /** Returns the SSRC of the sent stream. */
  public long ssrc() {
    return ssrc;
  }

  /**
   * Records a sent RTP packet.
   *
   * @param rtpTimestamp the packet's RTP timestamp
   * @param payloadOctets payload size in bytes, without RTP header, extensions or padding
   * @param timeNanos the local monotonic time that {@code rtpTimestamp} corresponds to: the
   *     capture time when known, otherwise the send time
   * @throws IllegalArgumentException if {@code payloadOctets} is negative
   */
  public void onPacketSent(long rtpTimestamp, int payloadOctets, long timeNanos) {
    if (payloadOctets < 0) {
      throw new IllegalArgumentException("payload " + payloadOctets + " bytes (expected: >= 0)");
    }
    packetCount++;
    octetCount += payloadOctets;
    long ts = rtpTimestamp & 0xFFFF_FFFFL;
    // Only a newer timestamp moves the anchor: the packets of one video frame share a timestamp,
    // and the first of them is the one sent closest to the capture time.
    if (!hasSent || SequenceMath.isTsNewer(ts, anchorRtpTimestamp)) {
      anchorRtpTimestamp = ts;
      anchorNanos = timeNanos;
    }
    hasSent = true;
  }

  /** Returns true once a packet has been sent; an SR before that has nothing to report. */
  public boolean hasSent() {
    return hasSent;
  }

  /** Returns the number of packets sent (not wrapped; the SR carries the low 32 bits). */
  public long packetCount() {
    return packetCount;
  }

  /** Returns the number of payload octets sent (not wrapped; the SR carries the low 32 bits). */
  public long octetCount() {
    return octetCount;
  }

  /**
   * Returns the RTP timestamp corresponding to the local time {@code nowNanos}, extrapolated from
   * the latest sent timestamp; 0 before the first packet.
   */
  public long rtpTimestampAt(long nowNanos) {
    if (!hasSent) {
      return 0;
    }
    return SequenceMath.tsAdd(anchorRtpTimestamp,
        RtpClock.nanosToUnits(nowNanos - anchorNanos, clockRate));
  }

  /**
   * Writes the 20-byte sender info at the writer index of {@code out}. Borrows {@code out};
   * allocation-free.
   *
   * @param ntpTimestamp the wallclock time of the report as a 64-bit NTP timestamp, e.g.
   *     {@code NtpTime.fromUnixNanos(...)}
   * @param nowNanos the same instant on the monotonic clock passed to {@link #onPacketSent}
   */
  public void writeSenderInfo(ByteBuf out, long ntpTimestamp, long nowNanos) {
    out.writeLong(ntpTimestamp);
    out.writeInt((int) rtpTimestampAt(nowNanos));
    out.writeInt((int) packetCount);
    out.writeInt((int) octetCount);
  }

  @Override
  public String toString() {
    return "SenderStatistics{ssrc=" + ssrc + ", packets=" + packetCount + ", octets=" + octetCount
        + "}";
  }
}
