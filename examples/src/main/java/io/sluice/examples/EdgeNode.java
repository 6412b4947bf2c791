package io.sluice.examples;

import io.sluice.node.Role;
import io.sluice.node.SluiceNode;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * An edge in front of one or more origins: a viewer's WHEP request for a stream the edge does not
 * carry makes it pull the stream from the first origin that has it; the last viewer leaving stops
 * the pull. With two origins, the second takes over when the first fails.
 *
 * <p>Usage: {@code EdgeNode http://127.0.0.1:8080 [http://127.0.0.1:8081]}; viewers play from
 * {@code http://127.0.0.1:8090/whep/{stream}}.
 */
public final class EdgeNode {
  private EdgeNode() {}

  /** Starts an edge on 127.0.0.1:8090 (HTTP) and 127.0.0.1:10090 (media) until killed. */
  public static void main(String[] args) throws Exception {
    SluiceNode.Builder builder = SluiceNode.builder()
        .role(Role.EDGE)
        .httpAddress(new InetSocketAddress("127.0.0.1", 8090))
        .udpAddress(new InetSocketAddress("127.0.0.1", 10090));
    for (String origin : args.length > 0 ? args : new String[] {"http://127.0.0.1:8080"}) {
      builder.addOrigin(URI.create(origin));
    }
    SluiceNode edge = builder.build();
    Runtime.getRuntime().addShutdownHook(new Thread(edge::close));
    edge.start();
    System.out.println("edge up: " + edge.baseUri() + "/whep/{stream}");
    Thread.currentThread().join();
  }
}
