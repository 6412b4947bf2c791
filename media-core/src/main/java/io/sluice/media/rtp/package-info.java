/**
 * RTP (RFC 3550 §5) packet views and header extensions (RFC 8285), and the sequence-number and timestamp arithmetic every component shares.
 */
@NullMarked
package io.sluice.media.rtp;

import org.jspecify.annotations.NullMarked;
