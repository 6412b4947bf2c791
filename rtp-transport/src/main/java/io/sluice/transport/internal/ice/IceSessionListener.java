package io.sluice.transport.internal.ice;

import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * Events of an {@link IceSessionTable}. Both methods have empty defaults.
 *
 * <p>Calls come from the thread that caused the event: an event loop handling a connectivity
 * check, or the thread running {@link IceSessionTable#expire}. {@link #onNominated} is called
 * while the session's lock is held, so the events of one session arrive in order; it must be
 * quick, must not block, and must not call back into the table for the same session from another
 * thread. A listener that throws is logged and otherwise ignored: the check is still answered.
 */
public interface IceSessionListener {
  /** A listener that ignores everything. */
  IceSessionListener NONE = new IceSessionListener() {};

  /**
   * A valid check with USE-CANDIDATE nominated {@code current} (RFC 8445 §7.3.1.5, §8.2): the
   * session's media now goes to {@code current}. {@code previous} is null on the first nomination;
   * otherwise the peer moved (NAT rebinding, network change or ICE restart).
   */
  default void onNominated(IceSession session, @Nullable InetSocketAddress previous,
      InetSocketAddress current) {}

  /**
   * {@code session} had no valid check for the consent timeout (RFC 7675 §5.1) and was removed
   * from the table. Called after the session's lock is released.
   */
  default void onExpired(IceSession session) {}
}
