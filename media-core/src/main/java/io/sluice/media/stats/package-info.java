/**
 * RTP stream statistics (RFC 3550 Appendix A.1, A.3, A.8 and §6.4): per received source, sequence
 * validation, loss, fraction lost, extended highest sequence number and interarrival jitter, with
 * the LSR/DLSR timing of its reception report block; per sent stream, the sender info of an SR;
 * NTP timestamp helpers and round-trip time from LSR/DLSR.
 *
 * <p>Each statistics object belongs to one stream and one thread, and its per-packet methods do
 * not allocate.
 */
@NullMarked
package io.sluice.media.stats;

import org.jspecify.annotations.NullMarked;
