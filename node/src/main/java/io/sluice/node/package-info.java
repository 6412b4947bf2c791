/**
 * The embedding API of a Sluice media node: {@code SluiceNode} and its builder, stream and session
 * access, and node events.
 */
@NullMarked
package io.sluice.node;

import org.jspecify.annotations.NullMarked;
