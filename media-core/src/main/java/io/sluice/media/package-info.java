/**
 * Types shared by every packet codec of Sluice, such as {@link io.sluice.media.MalformedPacketException}.
 */
@NullMarked
package io.sluice.media;

import org.jspecify.annotations.NullMarked;
