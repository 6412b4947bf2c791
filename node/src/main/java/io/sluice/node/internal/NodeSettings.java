package io.sluice.node.internal;

import io.sluice.nack.Retransmitter;
import java.time.Duration;

/**
 * The node settings its internals read.
 *
 * @param rembBitrate the bitrate, in bits/s, the node tells WebRTC publishers to send at most
 *     (RTCP REMB); 0 sends no REMB
 * @param retransmit NACK and retransmit-cache settings for every viewer
 * @param relayConnectTimeout how long an edge waits for an origin to answer and connect
 */
record NodeSettings(long rembBitrate, Retransmitter.Config retransmit,
    Duration relayConnectTimeout) {}
