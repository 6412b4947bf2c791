package io.sluice.signaling.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.signaling.sdp.RealClient.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Recaptures the golden offers in {@code real/} from the installed clients. Not a test (its name
 * does not end in {@code Test}, and it runs only with {@code -Dsluice.capture=true}); see the
 * README of the SDP fixtures for the command. Each offer is the local description once ICE
 * gathering completed, byte for byte; {@code real/versions.txt} records who made them.
 *
 * <p>{@code -Dsluice.capture.dir=DIR} writes somewhere else than the test resources.
 */
@EnabledIfSystemProperty(named = "sluice.capture", matches = "true")
@Timeout(300)
class RealClientSdpCapture {
  private static final Path DIR = Path.of(System.getProperty("sluice.capture.dir",
      "src/test/resources/io/sluice/signaling/sdp/real"));
  private static final Map<String, String> VERSIONS = new TreeMap<>();

  @Test
  void chromium() throws Exception {
    try (ChromiumClient client = new ChromiumClient()) {
      capture(client, List.of(Kind.WHIP, Kind.WHEP, Kind.WHIP_SIMULCAST));
    }
  }

  @Test
  void firefox() throws Exception {
    try (FirefoxClient client = new FirefoxClient()) {
      capture(client, List.of(Kind.WHIP, Kind.WHEP, Kind.WHIP_SIMULCAST));
    }
  }

  @Test
  void webrtcbin() throws Exception {
    try (WebrtcbinClient client = new WebrtcbinClient()) {
      capture(client, List.of(Kind.WHIP));
    }
  }

  private static void capture(RealClient client, List<Kind> kinds) throws Exception {
    Files.createDirectories(DIR);
    for (Kind kind : kinds) {
      RealClient.Offer offer = client.makeOffer(kind);
      client.applyAnswer(kind, "");  // closes the peer connection; the answer is not the point
      assertThat(offer.gatheringComplete()).as("%s %s: ICE gathering completed", client.name(),
          kind).isTrue();
      // Only what parses is kept: a parse failure here is a finding, not a fixture.
      SessionDescription.parse(offer.gathered());
      Path file = DIR.resolve(client.name() + "-" + kind.id + "-offer.sdp");
      Files.writeString(file, offer.gathered(), StandardCharsets.UTF_8);
      System.out.println("captured " + file + " from " + client.version());
    }
    synchronized (VERSIONS) {
      VERSIONS.put(client.name(), client.version());
    }
  }

  /** Merges the versions of this run into {@code versions.txt}, one {@code name: version} line each. */
  @AfterAll
  static void writeVersions() throws Exception {
    Path file = DIR.resolve("versions.txt");
    Map<String, String> all = new TreeMap<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        int colon = line.indexOf(": ");
        if (colon > 0) {
          all.put(line.substring(0, colon), line.substring(colon + 2));
        }
      }
    }
    all.putAll(VERSIONS);
    StringBuilder text = new StringBuilder();
    all.forEach((name, version) -> text.append(name).append(": ").append(version).append('\n'));
    Files.writeString(file, text);
  }
}
