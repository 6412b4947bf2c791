/**
 * Receiver statistics (RFC 3550 A.3, A.8): loss, extended highest sequence, interarrival jitter, report blocks and RTT.
 */
@NullMarked
package io.sluice.media.stats;

import org.jspecify.annotations.NullMarked;
