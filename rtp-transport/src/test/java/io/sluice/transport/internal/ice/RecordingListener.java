package io.sluice.transport.internal.ice;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/** Records listener events as readable strings. */
final class RecordingListener implements IceSessionListener {
  final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void onNominated(IceSession session, @Nullable InetSocketAddress previous,
      InetSocketAddress current) {
    events.add("nominated " + session.id() + " " + previous + " -> " + current);
  }

  @Override
  public void onExpired(IceSession session) {
    events.add("expired " + session.id());
  }
}
