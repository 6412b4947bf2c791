/**
 * Helpers shared by Sluice's own modules. Not exported to applications; no compatibility promise.
 */
@NullMarked
package io.sluice.media.internal;

import org.jspecify.annotations.NullMarked;
