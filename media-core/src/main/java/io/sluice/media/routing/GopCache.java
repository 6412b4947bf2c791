package io.sluice.media.routing;

import io.netty.buffer.ByteBuf;
import io.sluice.media.rtp.RtpPacket;
import java.util.Arrays;

/**
 * The packets of a video track since its last keyframe, so that a new viewer can start decoding at
 * once instead of waiting for the publisher's next keyframe (a "GOP cache").
 *
 * <p>Holds one reference to each packet buffer (no copy). Bounded by packet count and by age: a
 * group of pictures that grows past either bound is dropped, and caching resumes at the next
 * keyframe. Not thread-safe: used on the stream thread only.
 */
final class GopCache {
  private final int maxPackets;
  private final long maxAgeNanos;
  private final ByteBuf[] packets;
  private final int[] trackIndexes;
  private final int[] offsets;
  private final int[] lengths;
  private int size;
  private long keyframeTimestamp = -1;
  private int keyframeTrack = -1;
  private long startNanos;
  private boolean active;

  GopCache(int maxPackets, long maxAgeNanos) {
    this.maxPackets = maxPackets;
    this.maxAgeNanos = maxAgeNanos;
    this.packets = new ByteBuf[maxPackets];
    this.trackIndexes = new int[maxPackets];
    this.offsets = new int[maxPackets];
    this.lengths = new int[maxPackets];
  }

  /** Records one video packet (retaining its buffer) if it belongs to the current GOP. */
  void onVideoPacket(Track track, RtpPacket packet, boolean keyframe, long nowNanos) {
    if (maxPackets == 0) {
      return;
    }
    long ts = packet.timestamp();
    if (keyframe && (!active || ts != keyframeTimestamp || track.index() != keyframeTrack)) {
      clear();
      active = true;
      keyframeTimestamp = ts;
      keyframeTrack = track.index();
      startNanos = nowNanos;
    }
    if (!active) {
      return;
    }
    if (size == maxPackets || nowNanos - startNanos > maxAgeNanos) {
      clear(); // too long a GOP to replay: wait for the next keyframe
      return;
    }
    packets[size] = packet.buffer().retain(); // no derived buffer: nothing allocated
    offsets[size] = packet.offset();
    lengths[size] = packet.length();
    trackIndexes[size] = track.index();
    size++;
  }

  int size() {
    return size;
  }

  ByteBuf packet(int i) {
    return packets[i];
  }

  int offset(int i) {
    return offsets[i];
  }

  int length(int i) {
    return lengths[i];
  }

  int trackIndex(int i) {
    return trackIndexes[i];
  }

  /** Releases every held packet. */
  void clear() {
    for (int i = 0; i < size; i++) {
      packets[i].release();
      packets[i] = null;
    }
    Arrays.fill(trackIndexes, 0, size, 0);
    size = 0;
    active = false;
    keyframeTimestamp = -1;
    keyframeTrack = -1;
  }
}
