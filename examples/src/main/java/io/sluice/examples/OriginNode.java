package io.sluice.examples;

import io.sluice.node.NodeListener;
import io.sluice.node.SluiceNode;
import java.net.InetSocketAddress;

/**
 * The smallest origin: publishers reach it over WHIP, viewers over WHEP. Run it, open
 * http://127.0.0.1:8080/ and publish from the demo page.
 */
public final class OriginNode {
  private OriginNode() {}

  /** Starts an origin on 127.0.0.1:8080 (HTTP) and 127.0.0.1:10000 (media) until killed. */
  public static void main(String[] args) throws Exception {
    SluiceNode origin = SluiceNode.builder()
        .httpAddress(new InetSocketAddress("127.0.0.1", 8080))
        .udpAddress(new InetSocketAddress("127.0.0.1", 10000))
        .listener(new NodeListener() {
          @Override
          public void onStreamUp(String streamId) {
            System.out.println("stream up: " + streamId);
          }

          @Override
          public void onViewerJoined(String streamId, String sessionId) {
            System.out.println("viewer joined " + streamId);
          }
        })
        .build();
    Runtime.getRuntime().addShutdownHook(new Thread(origin::close));
    origin.start();
    System.out.println("origin up: " + origin.baseUri() + "/whip/{stream}");
    Thread.currentThread().join(); // until the process is stopped
  }
}
