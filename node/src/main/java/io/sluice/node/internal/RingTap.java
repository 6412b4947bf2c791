package io.sluice.node.internal;

import io.netty.buffer.ByteBuf;
import io.sluice.media.routing.MediaSink;
import io.sluice.media.routing.Stream;
import io.sluice.media.routing.Track;
import io.sluice.media.rtp.RtpPacket;
import io.sluice.nack.SharedTrackRing;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The first sink of every stream: keeps the last second of each video track in a
 * {@link SharedTrackRing}, always on, once per stream however many viewers. Viewers serve NACKs
 * from it (through their own offsets, or their loss-activated cache), so even a loss right after
 * a viewer's cache switches on can be repaired. Runs on the stream thread like any sink.
 */
final class RingTap implements MediaSink {
  private final AtomicReferenceArray<SharedTrackRing> rings =
      new AtomicReferenceArray<>(Stream.MAX_TRACKS);
  private final long[] lastKeys = new long[Stream.MAX_TRACKS];
  private boolean closed;

  /** The ring of track {@code index}, created on first use; null after the stream closed. */
  SharedTrackRing ring(int index) {
    SharedTrackRing r = rings.get(index);
    if (r == null) {
      SharedTrackRing created = new SharedTrackRing();
      r = rings.compareAndExchange(index, null, created);
      if (r == null) {
        r = created;
      }
    }
    return r;
  }

  /** The ring key of the packet being forwarded now on track {@code index} (see onRtp). */
  long lastKey(int index) {
    return lastKeys[index];
  }

  @Override
  public void onRtp(Track track, RtpPacket packet, boolean keyframe, long nowNanos) {
    if (closed || track.kind() != Track.Kind.VIDEO) {
      return;
    }
    ByteBuf buf = packet.buffer();
    // The ring reads the header at the reader index: the packet view's offset is the buffer's.
    lastKeys[track.index()] = ring(track.index()).put(packet.sequenceNumber(), buf, nowNanos);
  }

  @Override
  public void onSourceChanged(Stream stream) {
    for (int i = 0; i < rings.length(); i++) {
      SharedTrackRing r = rings.get(i);
      if (r != null) {
        r.reset(); // new sequence space: the old packets cannot be NACKed any more
      }
    }
  }

  @Override
  public void removed(Stream stream) {
    closed = true;
    for (int i = 0; i < rings.length(); i++) {
      SharedTrackRing r = rings.get(i);
      if (r != null) {
        r.close();
      }
    }
  }
}
