/**
 * Routing and sequencing: per-subscriber sequence-number and timestamp rewriting
 * ({@link io.sluice.media.routing.RtpSequencer}) and, with the media node, the stream registry and
 * fan-out.
 */
@NullMarked
package io.sluice.media.routing;

import org.jspecify.annotations.NullMarked;
