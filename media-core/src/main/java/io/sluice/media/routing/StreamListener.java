package io.sluice.media.routing;

/**
 * Events of the streams of a {@link StreamRegistry}. Called on whatever thread caused the event
 * (a signaling thread, a stream thread); implementations must be quick and must not block.
 */
public interface StreamListener {
  /** A source started publishing {@code stream}, or replaced its source. */
  default void onStreamUp(Stream stream, MediaSource source) {}

  /** The source of {@code stream} left; its sinks stay attached for the stream's grace time. */
  default void onStreamDown(Stream stream, MediaSource source) {}

  /** A sink was added to {@code stream}. */
  default void onSinkAdded(Stream stream, MediaSink sink) {}

  /** A sink was removed from {@code stream}. */
  default void onSinkRemoved(Stream stream, MediaSink sink) {}

  /** The stream was closed and removed from its registry. */
  default void onStreamClosed(Stream stream) {}

  /** No-op listener. */
  StreamListener NONE = new StreamListener() {};
}
