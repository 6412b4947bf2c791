package io.sluice.node.internal;

import io.sluice.media.routing.MediaSink;
import io.sluice.media.routing.RtpSequencer;
import io.sluice.media.routing.Stream;
import io.sluice.media.routing.Track;
import io.sluice.media.rtp.RtpPacket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.jspecify.annotations.Nullable;

/**
 * A sink that forwards a stream as plain RTP to a host and port per kind, for recorders and other
 * tools ({@code ffmpeg -i x.sdp}, GStreamer {@code udpsrc}). Its output is continuous like a
 * viewer's ({@link RtpSequencer}) and keeps the publisher's payload types. Sends from one
 * non-blocking socket with a reused direct buffer: nothing is allocated per packet.
 */
final class RtpForward implements MediaSink, AutoCloseable {
  private final Stream stream;
  private final @Nullable InetSocketAddress video;
  private final @Nullable InetSocketAddress audio;
  private final DatagramChannel socket;
  private final ByteBuffer out = ByteBuffer.allocateDirect(2048);
  private final RtpSequencer[] sequencers = new RtpSequencer[Stream.MAX_TRACKS];
  private final long videoSsrc;
  private final long audioSsrc;
  volatile long sent;
  volatile long sendErrors;

  RtpForward(Stream stream, @Nullable InetSocketAddress video, @Nullable InetSocketAddress audio,
      long videoSsrc, long audioSsrc) {
    this.stream = stream;
    this.video = video;
    this.audio = audio;
    this.videoSsrc = videoSsrc;
    this.audioSsrc = audioSsrc;
    try {
      this.socket = DatagramChannel.open();
      socket.configureBlocking(false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void onRtp(Track track, RtpPacket packet, boolean keyframe, long nowNanos) {
    boolean isVideo = track.kind() == Track.Kind.VIDEO;
    InetSocketAddress to = isVideo ? video : audio;
    if (to == null || packet.payloadLength() + PacketWriter.HEADER > out.capacity()) {
      return;
    }
    RtpSequencer seq = sequencers[track.index()];
    if (seq == null) {
      seq = new RtpSequencer(track.clockRate(), isVideo, 0, 0);
      sequencers[track.index()] = seq;
    }
    if (seq.map(packet.ssrc(), packet.sequenceNumber(), packet.timestamp(), keyframe, nowNanos)
        != RtpSequencer.Decision.FORWARD) {
      if (isVideo && seq.isAwaitingKeyframe()) {
        stream.requestKeyframe(track);
      }
      return;
    }
    out.clear();
    out.put((byte) 0x80);
    out.put((byte) ((packet.marker() ? 0x80 : 0) | track.payloadType()));
    out.putShort((short) seq.outSequence());
    out.putInt((int) seq.outTimestamp());
    out.putInt((int) (isVideo ? videoSsrc : audioSsrc));
    int from = packet.payloadOffset();
    int length = packet.payloadLength();
    packet.buffer().getBytes(from, out.limit(out.position() + length));
    out.flip();
    try {
      socket.send(out, to);
      sent++;
    } catch (IOException e) {
      sendErrors++;
    }
  }

  @Override
  public void removed(Stream from) {
    close();
  }

  @Override
  public void close() {
    stream.unsubscribe(this);
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing: nothing to do
    }
  }
}
