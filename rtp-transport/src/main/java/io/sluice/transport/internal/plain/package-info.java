/**
 * Plain (unencrypted) RTP/RTCP ingest, for ffmpeg ({@code -f rtp}) and GStreamer
 * ({@code udpsink}): the same UDP pipeline without ICE, DTLS and SRTP, on a port the application
 * chooses.
 */
@NullMarked
package io.sluice.transport.internal.plain;

import org.jspecify.annotations.NullMarked;
