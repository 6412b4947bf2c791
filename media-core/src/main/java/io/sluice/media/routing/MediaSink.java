package io.sluice.media.routing;

import io.netty.buffer.ByteBuf;
import io.sluice.media.rtp.RtpPacket;

/**
 * The forwarding side of a {@link Stream}: a WHEP viewer, a relay to another node, plain RTP out
 * to a recorder, or an application's own sink.
 *
 * <p>Every method is called on the stream thread (see {@link MediaSource}), one call at a time,
 * so a sink keeps its per-packet state without locks.
 */
public interface MediaSink {

  /**
   * One packet of {@code track}. The packet is shared by every sink of the stream: the sink
   * borrows it for the duration of the call, must not modify or release it, and copies what it
   * sends (it must encrypt its own copy anyway).
   *
   * @param track the track, as published
   * @param packet a view bound to the packet
   * @param keyframe true if the packet starts or belongs to a keyframe (video only)
   * @param nowNanos {@link System#nanoTime()} at delivery
   */
  void onRtp(Track track, RtpPacket packet, boolean keyframe, long nowNanos);

  /**
   * The end of a batch of {@link #onRtp} calls (one receive batch of the event loop): a sink that
   * queued packets without flushing flushes now.
   */
  default void flush() {}

  /**
   * The stream's source changed: a publisher replaced another, or the same one reconnected. The
   * new tracks may have other SSRCs and payload types; the sink must keep its own output
   * continuous (see {@link RtpSequencer#switchSource()}).
   */
  default void onSourceChanged(Stream stream) {}

  /** The sink was removed from the stream, or the stream closed. Called once. */
  default void removed(Stream stream) {}
}
