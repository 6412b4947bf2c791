/**
 * RTCP (RFC 3550 §6, RFC 4585, RFC 5104) compound-packet iteration, and parse and write for each message type.
 */
@NullMarked
package io.sluice.media.rtcp;

import org.jspecify.annotations.NullMarked;
