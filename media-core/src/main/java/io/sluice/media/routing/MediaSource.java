package io.sluice.media.routing;

/**
 * The publishing side of a {@link Stream} (ingest): a WHIP publisher, plain RTP from ffmpeg or
 * GStreamer, a relay from an origin, or an application's own source.
 *
 * <p>A source delivers packets with {@link Stream#forward} on one thread at a time, its
 * <em>stream thread</em> (for built-in sources, the Netty event loop that receives them), after
 * {@link Stream#publish}. The stream calls back on that thread, through the executor the source
 * gave to {@link Stream#publish}.
 */
public interface MediaSource {

  /** A short description for logs and the admin API, for example {@code whip 10.0.0.7:53012}. */
  String describe();

  /**
   * Asks the publisher for a keyframe of {@code track} (RTCP PLI, or FIR). The stream has already
   * rate-limited the request. Called on the stream thread.
   */
  void requestKeyframe(Track track);

  /**
   * The stream no longer takes packets from this source: another source replaced it, or the
   * stream was closed. The source should stop and free what it holds; it may be called on any
   * thread, and more than once.
   */
  void detached(Stream stream);
}
