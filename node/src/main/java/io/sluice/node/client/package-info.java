/**
 * WHIP (RFC 9725) and WHEP clients over Sluice's own ICE, DTLS-SRTP and RTP stack, in the
 * active role: an edge pulls from an origin with them, and the load tool's bees use them.
 */
@NullMarked
package io.sluice.node.client;

import org.jspecify.annotations.NullMarked;
