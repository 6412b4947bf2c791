/**
 * Codec-specific payload inspection: keyframe detection for VP8 (RFC 7741), VP9, H264 (RFC 6184) and AV1.
 */
@NullMarked
package io.sluice.media.codec;

import org.jspecify.annotations.NullMarked;
