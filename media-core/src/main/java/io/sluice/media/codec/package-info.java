/**
 * Codec-specific RTP payload inspection: key frame detection for VP8 (RFC 7741), VP9 (RFC 9628),
 * H.264 (RFC 6184) and AV1 (AOMedia RTP payload format for AV1).
 *
 * <p>{@link io.sluice.media.codec.KeyframeDetector} is the entry point; one class per payload
 * format does the parsing. Every parser reads a borrowed {@code ByteBuf} range in place, allocates
 * nothing and, on the {@code tryParse} path, returns a result code instead of throwing.
 */
@NullMarked
package io.sluice.media.codec;

import org.jspecify.annotations.NullMarked;
