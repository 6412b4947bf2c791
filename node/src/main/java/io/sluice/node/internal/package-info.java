/**
 * Implementation of the node: stream routing, sources, sinks and the signaling backends.
 */
@NullMarked
package io.sluice.node.internal;

import org.jspecify.annotations.NullMarked;
