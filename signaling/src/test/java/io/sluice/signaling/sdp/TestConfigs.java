package io.sluice.signaling.sdp;

/** Node configs for the negotiation tests. */
final class TestConfigs {
  static final String UFRAG = "sluiceUfrag";
  static final String PWD = "sluicePasswordSluicePass";
  static final String FINGERPRINT =
      "A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90:01:12:23:34:45:56:67:78:89:9A:AB:BC:CD:DE:EF:F0";
  static final int PORT = 40000;
  /** The audio a WHEP viewer is sent in the viewer tests. */
  static final SendStream AUDIO =
      SendStream.of(MediaKind.AUDIO, 1111, "sluice", new Msid("sluice-stream", "sluice-audio"));
  /** The video, with RTX, a WHEP viewer is sent in the viewer tests. */
  static final SendStream VIDEO =
      SendStream.of(MediaKind.VIDEO, 2222, "sluice", new Msid("sluice-stream", "sluice-video"))
          .withRtx(3333);

  private TestConfigs() {}

  /** The default config with fixed credentials, one host candidate 127.0.0.1:40000, session 42. */
  static SdpConfig.Builder node() {
    return SdpConfig.builder()
        .iceUfrag(UFRAG)
        .icePwd(PWD)
        .fingerprint(FINGERPRINT)
        .addHostCandidate(PORT)
        .sessionId("42");
  }

  static SdpAnswerer answerer() {
    return new SdpAnswerer(node().build());
  }
}
