package io.sluice.signaling.http;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One stream as the admin API shows it.
 *
 * @param id the stream id
 * @param tracks the published tracks
 * @param publisher the publisher session's stats, or null while no one publishes
 * @param viewerCount the number of viewer sessions
 * @param ingestBitrateBps the received bitrate over the last second or so, in bits per second
 * @param viewers the viewer sessions' stats (may be empty even when {@code viewerCount > 0}, if
 *     the node leaves them out of large listings)
 */
public record StreamInfo(String id, List<TrackInfo> tracks, @Nullable SessionStats publisher,
    int viewerCount, long ingestBitrateBps, List<SessionStats> viewers) {

  /** Copies the lists. */
  public StreamInfo {
    tracks = List.copyOf(tracks);
    viewers = List.copyOf(viewers);
    if (viewerCount < 0 || ingestBitrateBps < 0) {
      throw new IllegalArgumentException("negative viewerCount or ingestBitrateBps");
    }
  }

  /** Returns a builder for stream {@code id} with no tracks, publisher or viewers. */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** Builds {@link StreamInfo}. */
  public static final class Builder {
    private final String id;
    private final List<TrackInfo> tracks = new ArrayList<>();
    private @Nullable SessionStats publisher;
    private int viewerCount;
    private long ingestBitrateBps;
    private final List<SessionStats> viewers = new ArrayList<>();

    Builder(String id) {
      this.id = id;
    }

    /** Adds a track. */
    public Builder addTrack(TrackInfo track) {
      tracks.add(track);
      return this;
    }

    /** Sets the publisher's stats (null: no publisher). */
    public Builder publisher(@Nullable SessionStats publisher) {
      this.publisher = publisher;
      return this;
    }

    /** Sets the viewer count. */
    public Builder viewerCount(int viewerCount) {
      this.viewerCount = viewerCount;
      return this;
    }

    /** Sets the ingest bitrate in bits per second. */
    public Builder ingestBitrateBps(long ingestBitrateBps) {
      this.ingestBitrateBps = ingestBitrateBps;
      return this;
    }

    /** Adds a viewer's stats. */
    public Builder addViewer(SessionStats viewer) {
      viewers.add(viewer);
      return this;
    }

    /** Returns the stream info. */
    public StreamInfo build() {
      return new StreamInfo(id, tracks, publisher, viewerCount, ingestBitrateBps, viewers);
    }
  }
}
