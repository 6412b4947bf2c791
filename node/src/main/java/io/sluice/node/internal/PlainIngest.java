package io.sluice.node.internal;

import io.netty.buffer.ByteBuf;
import io.sluice.media.codec.KeyframeDetector;
import io.sluice.media.codec.VideoCodec;
import io.sluice.media.routing.MediaSource;
import io.sluice.media.routing.Stream;
import io.sluice.media.routing.Track;
import io.sluice.media.rtp.RtpPacket;
import io.sluice.media.stats.ReceiverStatistics;
import io.sluice.signaling.sdp.Attribute;
import io.sluice.signaling.sdp.MediaDescription;
import io.sluice.signaling.sdp.MediaKind;
import io.sluice.signaling.sdp.RtpMap;
import io.sluice.signaling.sdp.SessionDescription;
import io.sluice.transport.internal.plain.PlainRtpEndpoint;
import io.sluice.transport.internal.udp.UdpEndpointConfig;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain (unencrypted) RTP ingest, as {@code ffmpeg ... -f rtp rtp://node:port} or a GStreamer
 * {@code udpsink} send it: one port, tracks told apart by payload type as the sender's SDP
 * describes them, SSRCs learned from the packets. A {@link MediaSource} for one stream.
 *
 * <p>Plain RTP has no keyframe request channel most senders listen to: ffmpeg and GStreamer send
 * keyframes at their own interval ({@code -g}, {@code key-int-max}), so keyframe requests are only
 * counted. Viewers join at the next keyframe, or at once from the GOP cache.
 */
public final class PlainIngest implements MediaSource, PlainRtpEndpoint.Listener, AutoCloseable {
  /**
   * The SDP used when none is given: VP8 on payload type 96, H264 (packetization mode 1) on 97,
   * Opus on 111, the payload types to give ffmpeg with {@code -payload_type}.
   */
  public static final String DEFAULT_SDP = "v=0\r\n"
      + "o=- 0 0 IN IP4 127.0.0.1\r\n"
      + "s=plain RTP ingest\r\n"
      + "c=IN IP4 127.0.0.1\r\n"
      + "t=0 0\r\n"
      + "m=video 5004 RTP/AVP 96 97\r\n"
      + "a=rtpmap:96 VP8/90000\r\n"
      + "a=rtpmap:97 H264/90000\r\n"
      + "a=fmtp:97 packetization-mode=1;profile-level-id=42e01f;level-asymmetry-allowed=1\r\n"
      + "m=audio 5004 RTP/AVP 111\r\n"
      + "a=rtpmap:111 opus/48000/2\r\n";

  private final Stream stream;
  private final Track[] byPayloadType = new Track[128];
  private final List<Track> allTracks;
  private final RtpPacket view = new RtpPacket();
  private final PlainRtpEndpoint endpoint;
  private ReceiverStatistics[] stats;
  private Track[] tracks; // the published tracks, by index
  private boolean published;
  volatile long packets;
  volatile long unknownPayloadType;
  volatile long keyframeRequests;

  /**
   * Binds {@code address} and feeds stream {@code stream} from it.
   *
   * @param sdp the sender's SDP: every m-line's payload types with their rtpmap become tracks
   */
  PlainIngest(Stream stream, InetSocketAddress address, String sdp) throws InterruptedException {
    this.stream = stream;
    this.allTracks = tracksOf(SessionDescription.parse(sdp));
    if (allTracks.isEmpty()) {
      throw new IllegalArgumentException("the ingest SDP describes no audio or video codec");
    }
    for (Track t : allTracks) {
      byPayloadType[t.payloadType()] = t;
    }
    this.endpoint = PlainRtpEndpoint.bind(UdpEndpointConfig.defaults(address).withEventLoops(1),
        null, null, this);
  }

  /** One candidate track per payload type; the ones the sender actually uses get published. */
  static List<Track> tracksOf(SessionDescription sdp) {
    List<Track> tracks = new ArrayList<>();
    for (MediaDescription m : sdp.media()) {
      MediaKind kind = m.kind();
      if (kind != MediaKind.AUDIO && kind != MediaKind.VIDEO) {
        continue;
      }
      Map<Integer, RtpMap> maps = new LinkedHashMap<>();
      Map<Integer, Map<String, String>> fmtps = new LinkedHashMap<>();
      for (Attribute a : m.attributes(RtpMap.NAME)) {
        RtpMap r = RtpMap.tryParse(a.value());
        if (r != null) {
          maps.put(r.payloadType(), r);
        }
      }
      for (Attribute a : m.attributes("fmtp")) {
        String v = a.value();
        int space = v.indexOf(' ');
        if (space > 0) {
          try {
            fmtps.put(Integer.parseInt(v.substring(0, space)), parameters(v.substring(space + 1)));
          } catch (NumberFormatException ignored) {
            // not a payload type: ignore the line
          }
        }
      }
      for (int pt : m.payloadTypes()) {
        RtpMap r = maps.get(pt);
        if (r == null || r.is("rtx")) {
          continue;
        }
        tracks.add(new Track(0, kind == MediaKind.AUDIO ? Track.Kind.AUDIO : Track.Kind.VIDEO,
            r.encodingName(), r.clockRate(), Math.max(1, r.channelCount()), pt,
            Track.UNKNOWN_SSRC, Track.NO_RTX, Track.UNKNOWN_SSRC,
            fmtps.getOrDefault(pt, Map.of())));
      }
    }
    return tracks;
  }

  private static Map<String, String> parameters(String text) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String p : text.split(";")) {
      int eq = p.indexOf('=');
      if (eq > 0) {
        map.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
      }
    }
    return map;
  }

  /** The bound RTP address. */
  public InetSocketAddress localAddress() {
    return endpoint.localAddress();
  }

  @Override
  public void onRtp(ByteBuf packet, InetSocketAddress sender) {
    try {
      if (view.tryWrap(packet) != RtpPacket.Result.OK) {
        return; // the endpoint validated it; cannot happen
      }
      Track candidate = byPayloadType[view.payloadType()];
      if (candidate == null) {
        unknownPayloadType++;
        return;
      }
      long now = System.nanoTime();
      if (!published) {
        publish(candidate, view.ssrc());
      }
      Track t = find(view.payloadType(), view.ssrc());
      if (t == null) {
        republish(candidate, view.ssrc());
        t = find(view.payloadType(), view.ssrc());
        if (t == null) {
          return;
        }
      }
      packets++;
      stats[t.index()].onPacket(view.sequenceNumber(), view.timestamp(), now);
      VideoCodec codec = t.videoCodec();
      boolean keyframe = codec != null && KeyframeDetector.isKeyframe(codec, view.buffer(),
          view.payloadOffset(), view.payloadLength());
      stream.forward(this, t, view, keyframe, now);
      stream.flush(); // not on a media-port loop: viewers flush their own channels
    } finally {
      view.clear();
      packet.release();
    }
  }

  private @org.jspecify.annotations.Nullable Track find(int pt, long ssrc) {
    for (Track t : tracks) {
      if (t.payloadType() == pt && t.ssrc() == ssrc) {
        return t;
      }
    }
    return null;
  }

  private void publish(Track first, long ssrc) {
    tracks = new Track[] {withIndex(first, 0, ssrc)};
    stats = new ReceiverStatistics[] {new ReceiverStatistics(ssrc, first.clockRate())};
    published = true;
    doPublish();
  }

  /** A new payload type or SSRC: publish the wider track set (the sinks rebase at keyframes). */
  private void republish(Track candidate, long ssrc) {
    Track[] grown = new Track[tracks.length + 1];
    int replaced = -1;
    for (int i = 0; i < tracks.length; i++) {
      grown[i] = tracks[i];
      if (tracks[i].kind() == candidate.kind()) {
        replaced = i; // one track per kind: a new SSRC of the same kind replaces the old one
      }
    }
    if (replaced >= 0) {
      tracks[replaced] = withIndex(candidate, replaced, ssrc);
      stats[replaced] = new ReceiverStatistics(ssrc, candidate.clockRate());
    } else if (tracks.length < Stream.MAX_TRACKS) {
      grown[tracks.length] = withIndex(candidate, tracks.length, ssrc);
      tracks = grown;
      ReceiverStatistics[] s = java.util.Arrays.copyOf(stats, tracks.length);
      s[tracks.length - 1] = new ReceiverStatistics(ssrc, candidate.clockRate());
      stats = s;
    } else {
      return;
    }
    doPublish();
  }

  private void doPublish() {
    EventExecutor loop = ThreadExecutorMap.currentExecutor();
    if (loop != null) {
      stream.publish(this, List.of(tracks), loop);
    }
  }

  private static Track withIndex(Track t, int index, long ssrc) {
    return new Track(index, t.kind(), t.codec(), t.clockRate(), t.channels(), t.payloadType(),
        ssrc, t.rtxPayloadType(), t.rtxSsrc(), t.parameters());
  }

  @Override
  public String describe() {
    return "rtp " + endpoint.localAddress();
  }

  @Override
  public void requestKeyframe(Track track) {
    keyframeRequests++;
  }

  @Override
  public void detached(Stream from) {
    // Replaced by another source: stop feeding (packets from us are refused by the stream).
  }

  @Override
  public void close() {
    stream.unpublish(this);
    endpoint.close();
  }
}
