/**
 * Implementation of {@code io.sluice.signaling.sdp}: the line parser, grammar helpers, codec
 * matching (including H.264 {@code profile-level-id}, RFC 6184 §8.1) and the offer/answer
 * builders. Not exported; nothing here is API.
 */
@NullMarked
package io.sluice.signaling.internal.sdp;

import org.jspecify.annotations.NullMarked;
