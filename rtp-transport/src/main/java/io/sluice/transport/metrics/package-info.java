/**
 * Transport counters and events for operators: packets and bytes each way, drops by reason and
 * DTLS handshake times, per session and per node. The node wires {@link
 * io.sluice.transport.metrics.TransportMetricsListener} into Micrometer.
 */
@NullMarked
package io.sluice.transport.metrics;

import org.jspecify.annotations.NullMarked;
