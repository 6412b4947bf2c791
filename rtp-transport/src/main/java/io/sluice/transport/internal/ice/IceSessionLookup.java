package io.sluice.transport.internal.ice;

import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * Finds the ICE session a datagram belongs to, the way a single-port server does: first by the
 * remote transport address, which covers every packet once a check from that address succeeded,
 * then by the local ufrag in a STUN USERNAME. Safe to call from any thread.
 */
public interface IceSessionLookup {
  /**
   * The session a valid check from {@code remote} was last accepted for, or null. Media (DTLS,
   * SRTP) from an address that never sent a valid check finds nothing here. Allocates nothing.
   */
  @Nullable IceSession findByAddress(InetSocketAddress remote);

  /** The session whose current local ufrag is {@code localUfrag}, or null. */
  @Nullable IceSession findByLocalUfrag(String localUfrag);
}
