package io.sluice.media.captured;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.sluice.media.rtp.RtpPacket;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads the Chromium captures in {@code captured/chromium/} (see its README) into buffers the way
 * the UDP path receives them, and makes sure the tests release them.
 */
final class ChromiumCaptures {
  static final String DIR = "/io/sluice/media/captured/chromium/";

  private ChromiumCaptures() {}

  /** A check on one capture; the buffer is borrowed for the duration of the call. */
  interface BufferCheck {
    void check(ByteBuf buf);
  }

  /** A check on one RTP capture and the {@link RtpPacket} view over it. */
  interface PacketCheck {
    void check(ByteBuf buf, RtpPacket packet);
  }

  /**
   * Copies capture {@code name} into a pooled direct buffer (tracked by the paranoid leak
   * detector), runs {@code check}, and releases the buffer, checking that the test held the last
   * reference.
   */
  static void withDatagram(String name, BufferCheck check) {
    ByteBuf buf = datagram(name);
    try {
      check.check(buf);
    } finally {
      assertThat(buf.release()).as("%s: the test owns the last reference", name).isTrue();
    }
  }

  /** Like {@link #withDatagram} for an RTP capture, parsed with {@link RtpPacket#parse}. */
  static void withCapture(String name, PacketCheck check) {
    withDatagram(name, buf -> check.check(buf, RtpPacket.parse(buf)));
  }

  /** Returns capture {@code name} in a new pooled direct buffer; the caller releases it. */
  static ByteBuf datagram(String name) {
    byte[] b = datagramBytes(name);
    return PooledByteBufAllocator.DEFAULT.directBuffer(b.length).writeBytes(b);
  }

  /** Returns the bytes of {@code name.bin}. */
  static byte[] datagramBytes(String name) {
    return resource(name + ".bin");
  }

  /** Returns the bytes of a file under the capture directory, e.g. {@code sdp/vp8.offer.sdp}. */
  static byte[] resource(String path) {
    try (InputStream in = ChromiumCaptures.class.getResourceAsStream(DIR + path)) {
      assertThat(in).as(path).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the names of all {@code .bin} captures, without the extension. */
  static List<String> captureNames() throws IOException, URISyntaxException {
    URL dir = ChromiumCaptures.class.getResource(DIR);
    assertThat(dir).isNotNull();
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
      files.map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".bin"))
          .forEach(f -> names.add(f.substring(0, f.length() - ".bin".length())));
    }
    return names;
  }
}
