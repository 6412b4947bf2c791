package io.sluice.examples;

/**
 * The runnable Sluice node ({@code examples/target/sluice-node.jar}).
 *
 * <p>Until the media node lands it prints its version and exits; then it will start a node with
 * embedded defaults and a demo page on localhost.
 */
public final class SluiceNodeMain {
  private SluiceNodeMain() {}

  /** Entry point: prints the version. */
  public static void main(String[] args) {
    String version = SluiceNodeMain.class.getPackage().getImplementationVersion();
    System.out.println("Sluice " + (version == null ? "(development build)" : version)
        + " on Java " + Runtime.version());
    System.out.println("The media node is not assembled yet: this build holds the packet layer,"
        + " the WebRTC transport and the SDP layer (see README.md, Status).");
  }
}
