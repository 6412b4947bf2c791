package io.sluice.transport.internal.ice;

import io.netty.buffer.ByteBuf;
import io.sluice.transport.stun.MessageIntegrity;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;

/**
 * One ICE-lite session (RFC 8445 §2.5): one peer's media stream with its local credentials, the
 * remote ufrag, the remote addresses that sent valid checks, the nominated address, and the time
 * of the last valid check (consent, RFC 7675).
 *
 * <p>Created, restarted and removed only through {@link IceSessionTable}; a connectivity check
 * that fails validation never creates or changes a session. Getters are safe from any thread:
 * fields are volatile, and the state a check changes is changed under the session's lock.
 */
public final class IceSession {
  private static final AtomicLong NEXT_ID = new AtomicLong(1);

  private final long id;
  private volatile Credentials credentials;
  private volatile @Nullable InetSocketAddress selectedAddress;
  private volatile long lastValidCheckNanos;
  private volatile boolean closed;
  private volatile @Nullable Object attachment;

  /** Remote addresses that sent valid checks, oldest first. Guarded by {@code this}. */
  final ArrayDeque<RemoteTuple> tuples = new ArrayDeque<>();

  IceSession(Credentials credentials, long nowNanos) {
    this.id = NEXT_ID.getAndIncrement();
    this.credentials = credentials;
    this.lastValidCheckNanos = nowNanos;
  }

  /**
   * Attaches the owner's per-session object (the transport session), so that the per-packet path
   * finds it with the one address lookup it already does.
   */
  public void attach(@Nullable Object attachment) {
    this.attachment = attachment;
  }

  /** Returns what {@link #attach} stored, or null. */
  public @Nullable Object attachment() {
    return attachment;
  }

  /** A node-unique number for logs. */
  public long id() {
    return id;
  }

  /** The current local ufrag and pwd, to put in the SDP. */
  public IceCredentials localCredentials() {
    return credentials.local;
  }

  /** The peer's ufrag from its SDP, or null if the session accepts any remote ufrag. */
  public @Nullable String remoteUfrag() {
    return credentials.remoteUfrag;
  }

  /** The nominated remote address media goes to, or null before the first nomination. */
  public @Nullable InetSocketAddress selectedAddress() {
    return selectedAddress;
  }

  /** Whether a valid check with USE-CANDIDATE has nominated an address. */
  public boolean isNominated() {
    return selectedAddress != null;
  }

  /** {@code System.nanoTime()}-style time of the last valid check, or of creation before one. */
  public long lastValidCheckNanos() {
    return lastValidCheckNanos;
  }

  /** Whether the session was removed or expired; a closed session answers no more checks. */
  public boolean isClosed() {
    return closed;
  }

  /** The remote addresses that sent valid checks and are still mapped, oldest first. */
  public synchronized List<InetSocketAddress> validatedAddresses() {
    List<InetSocketAddress> out = new ArrayList<>(tuples.size());
    for (RemoteTuple t : tuples) {
      out.add(t.address());
    }
    return out;
  }

  @Override
  public String toString() {
    return "IceSession[id=" + id + ", ufrag=" + credentials.local.ufrag()
        + ", selected=" + selectedAddress + (closed ? ", closed" : "") + "]";
  }

  // --- Used by IceSessionTable and IceLiteAgent ---------------------------------------------

  Credentials credentials() {
    return credentials;
  }

  void credentials(Credentials c) {
    this.credentials = c;
  }

  void selectedAddress(InetSocketAddress address) {
    this.selectedAddress = address;
  }

  void lastValidCheckNanos(long nowNanos) {
    this.lastValidCheckNanos = nowNanos;
  }

  void close() {
    this.closed = true;
  }

  /**
   * Immutable credential state, swapped as a whole on ICE restart so that a check on another
   * thread sees either the old or the new credentials, never a mix. Precomputes what the hot
   * path needs: the HMAC key and the expected USERNAME bytes.
   */
  static final class Credentials {
    final IceCredentials local;
    final @Nullable String remoteUfrag;
    final SecretKey key;
    /** "LFRAG:" in ASCII: the start of every USERNAME a peer sends us (RFC 8445 §7.2.2). */
    private final byte[] usernamePrefix;
    private final byte @Nullable [] remoteUfragBytes;

    Credentials(IceCredentials local, @Nullable String remoteUfrag) {
      this.local = local;
      this.remoteUfrag = remoteUfrag;
      this.key = MessageIntegrity.shortTermKey(local.pwd());
      this.usernamePrefix = (local.ufrag() + ":").getBytes(StandardCharsets.US_ASCII);
      this.remoteUfragBytes =
          remoteUfrag == null ? null : remoteUfrag.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Whether the USERNAME value at {@code index} is "LFRAG:RFRAG" for these credentials: our
     * ufrag, a colon, then the peer's ufrag, or any non-empty peer ufrag if none is known.
     * Compares bytes in place. Borrows {@code buf}.
     */
    boolean matchesUsername(ByteBuf buf, int index, int length) {
      byte[] prefix = usernamePrefix;
      byte[] remote = remoteUfragBytes;
      if (remote == null ? length <= prefix.length : length != prefix.length + remote.length) {
        return false;
      }
      for (int i = 0; i < prefix.length; i++) {
        if (buf.getByte(index + i) != prefix[i]) {
          return false;
        }
      }
      if (remote != null) {
        for (int i = 0; i < remote.length; i++) {
          if (buf.getByte(index + prefix.length + i) != remote[i]) {
            return false;
          }
        }
      }
      return true;
    }
  }

  /**
   * A remote address that sent a valid check for {@code session}, with its raw IP bytes kept so
   * that answering the next check from it allocates nothing (InetAddress.getAddress() copies).
   */
  static final class RemoteTuple {
    // Identity equality on purpose: the table removes a mapping only if it still holds this very
    // tuple (ConcurrentHashMap.remove(key, value)), not one that looks the same.
    private final IceSession session;
    private final InetSocketAddress address;
    private final byte[] ip;

    RemoteTuple(IceSession session, InetSocketAddress address, byte[] ip) {
      this.session = session;
      this.address = address;
      this.ip = ip;
    }

    IceSession session() {
      return session;
    }

    InetSocketAddress address() {
      return address;
    }

    byte[] ip() {
      return ip;
    }
  }
}
