package io.sluice.signaling.http;

/**
 * Counters of one publisher or viewer session, for the admin API. Counts are since the session
 * started; {@code jitterMs} and {@code rttMs} are the latest estimates.
 *
 * @param sessionId the session id
 * @param packets RTP packets received (publisher) or sent (viewer)
 * @param bytes RTP payload and header bytes, likewise
 * @param packetsLost packets lost (RFC 3550 §6.4.1 cumulative number of packets lost)
 * @param fractionLost the latest loss fraction, 0..1
 * @param jitterMs the interarrival jitter (RFC 3550 §6.4.1), in milliseconds
 * @param rttMs the round-trip time from RTCP, in milliseconds, or -1 if not yet known
 * @param nacks NACKed packets (RFC 4585 §6.2.1) received or sent
 * @param retransmitCacheOn true while the session's retransmit cache is active
 */
public record SessionStats(String sessionId, long packets, long bytes, long packetsLost,
    double fractionLost, double jitterMs, double rttMs, long nacks, boolean retransmitCacheOn) {

  /** Returns a builder with every counter 0, rtt -1 and the cache off. */
  public static Builder builder(String sessionId) {
    return new Builder(sessionId);
  }

  /** Returns a builder initialised with these stats. */
  public Builder newBuilder() {
    return new Builder(sessionId).packets(packets).bytes(bytes).packetsLost(packetsLost)
        .fractionLost(fractionLost).jitterMs(jitterMs).rttMs(rttMs).nacks(nacks)
        .retransmitCacheOn(retransmitCacheOn);
  }

  /** Builds {@link SessionStats}. */
  public static final class Builder {
    private final String sessionId;
    private long packets;
    private long bytes;
    private long packetsLost;
    private double fractionLost;
    private double jitterMs;
    private double rttMs = -1;
    private long nacks;
    private boolean retransmitCacheOn;

    Builder(String sessionId) {
      this.sessionId = sessionId;
    }

    /** Sets the RTP packet count. */
    public Builder packets(long packets) {
      this.packets = packets;
      return this;
    }

    /** Sets the RTP byte count. */
    public Builder bytes(long bytes) {
      this.bytes = bytes;
      return this;
    }

    /** Sets the cumulative number of packets lost. */
    public Builder packetsLost(long packetsLost) {
      this.packetsLost = packetsLost;
      return this;
    }

    /** Sets the latest loss fraction, 0..1. */
    public Builder fractionLost(double fractionLost) {
      this.fractionLost = fractionLost;
      return this;
    }

    /** Sets the jitter in milliseconds. */
    public Builder jitterMs(double jitterMs) {
      this.jitterMs = jitterMs;
      return this;
    }

    /** Sets the round-trip time in milliseconds (-1: unknown). */
    public Builder rttMs(double rttMs) {
      this.rttMs = rttMs;
      return this;
    }

    /** Sets the NACKed packet count. */
    public Builder nacks(long nacks) {
      this.nacks = nacks;
      return this;
    }

    /** Sets whether the retransmit cache is active. */
    public Builder retransmitCacheOn(boolean retransmitCacheOn) {
      this.retransmitCacheOn = retransmitCacheOn;
      return this;
    }

    /** Returns the stats. */
    public SessionStats build() {
      return new SessionStats(sessionId, packets, bytes, packetsLost, fractionLost, jitterMs,
          rttMs, nacks, retransmitCacheOn);
    }
  }
}
