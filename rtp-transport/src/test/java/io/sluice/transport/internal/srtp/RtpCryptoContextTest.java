package io.sluice.transport.internal.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.SplittableRandom;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.LoggerImpl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sluice's own RTP transform against jitsi-srtp's, an independent implementation: for packets
 * with CSRCs, header extensions and payloads of every size, across a sequence-number rollover,
 * both must produce the same bytes, and each must unprotect what the other protected.
 */
class RtpCryptoContextTest {
  private static final int SSRC = 0x1234abcd;

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void sameBytesAsJitsiSrtpAcrossARolloverAndEachUnprotectsTheOther(SrtpProfile profile) throws Exception {
    SrtpKeys keys = SrtpSessionTest.randomKeys(profile, 7);
    RtpCryptoContext ours = new RtpCryptoContext(profile, keys.localKey(), keys.localSalt(), SSRC, true);
    RtpCryptoContext ourReceiver = new RtpCryptoContext(profile, keys.localKey(), keys.localSalt(), SSRC, false);
    SrtpCryptoContext jitsi = factory(keys, true).deriveContext(SSRC, 0);
    SrtpCryptoContext jitsiReceiver = factory(keys, false).deriveContext(SSRC, 0);
    ByteBufArrayBuffer view = new ByteBufArrayBuffer();
    SplittableRandom random = new SplittableRandom(11);
    int seq = 65_000;
    for (int i = 0; i < 1_500; i++, seq = (seq + 1) & 0xFFFF) {
      byte[] plain = packet(random, seq, i);
      ByteBuf a = buffer(plain);
      ByteBuf b = buffer(plain);
      try {
        int header = headerLength(plain);
        assertThat(ours.protect(a, header)).isEqualTo(SrtpStatus.OK);
        assertThat(jitsi.transformPacket(view.bind(b))).isEqualTo(SrtpErrorStatus.OK);
        view.commit(b);
        assertThat(ByteBufUtil.hexDump(a)).as("packet %d, seq %d", i, seq).isEqualTo(ByteBufUtil.hexDump(b));

        // Ours unprotects jitsi's output, jitsi unprotects ours.
        assertThat(ourReceiver.unprotect(b, header)).as("seq %d", seq).isEqualTo(SrtpStatus.OK);
        assertThat(ByteBufUtil.getBytes(b)).isEqualTo(plain);
        assertThat(jitsiReceiver.reverseTransformPacket(view.bind(a), false)).isEqualTo(SrtpErrorStatus.OK);
        view.commit(a);
        assertThat(ByteBufUtil.getBytes(a)).isEqualTo(plain);
      } finally {
        view.unbind();
        a.release();
        b.release();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void replayWindowAcceptsReorderingAndRefusesRepeatsAndTheTooOld(SrtpProfile profile) throws Exception {
    SrtpKeys keys = SrtpSessionTest.randomKeys(profile, 8);
    RtpCryptoContext sender = new RtpCryptoContext(profile, keys.localKey(), keys.localSalt(), SSRC, true);
    RtpCryptoContext receiver = new RtpCryptoContext(profile, keys.localKey(), keys.localSalt(), SSRC, false);
    SplittableRandom random = new SplittableRandom(3);
    byte[][] sent = new byte[200][];
    for (int i = 0; i < sent.length; i++) {
      ByteBuf p = buffer(packet(random, (65_500 + i) & 0xFFFF, i));
      sender.protect(p, headerLength(ByteBufUtil.getBytes(p)));
      sent[i] = ByteBufUtil.getBytes(p);
      p.release();
    }
    // 0..99 in order, then 150, then 120 (late, in the window), then 120 again, then 80 (too old).
    for (int i = 0; i < 100; i++) {
      assertThat(unprotect(receiver, sent[i])).isEqualTo(SrtpStatus.OK);
    }
    assertThat(unprotect(receiver, sent[150])).isEqualTo(SrtpStatus.OK);
    assertThat(unprotect(receiver, sent[120])).isEqualTo(SrtpStatus.OK);
    assertThat(unprotect(receiver, sent[120])).isEqualTo(SrtpStatus.REPLAY);
    assertThat(unprotect(receiver, sent[150])).isEqualTo(SrtpStatus.REPLAY);
    assertThat(unprotect(receiver, sent[80])).isEqualTo(SrtpStatus.REPLAY);
    // A forged tag neither decrypts nor moves the window: the genuine packet is still accepted.
    byte[] forged = sent[151].clone();
    forged[forged.length - 1] ^= 1;
    ByteBuf f = buffer(forged);
    assertThat(receiver.unprotect(f, headerLength(forged))).isEqualTo(SrtpStatus.AUTH_FAIL);
    assertThat(ByteBufUtil.getBytes(f)).isEqualTo(forged);
    f.release();
    assertThat(unprotect(receiver, sent[151])).isEqualTo(SrtpStatus.OK);
    assertThat(unprotect(receiver, sent[199])).isEqualTo(SrtpStatus.OK);
  }

  /**
   * The fan-out path: the header in the viewer's buffer, the payload encrypted into it from the
   * shared packet, heap or direct on either side. Its bytes must equal protecting the whole packet
   * in place, and a receiver must take it.
   */
  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void protectingFromASharedPayloadEqualsProtectingACopy(SrtpProfile profile) {
    SrtpKeys keys = SrtpSessionTest.randomKeys(profile, 9);
    SplittableRandom random = new SplittableRandom(5);
    try (SrtpSession assembled = new SrtpSession(keys); SrtpSession inPlace = new SrtpSession(keys);
        SrtpSession receiver = new SrtpSession(keys.reversed())) {
      for (int i = 0; i < 400; i++) {
        byte[] plain = packet(random, (65_400 + i) & 0xFFFF, i);
        int header = headerLength(plain);
        boolean directOut = i % 2 == 0;
        boolean directSrc = i % 4 < 2;
        ByteBuf src = (directSrc ? Unpooled.directBuffer(plain.length + 7) : Unpooled.buffer(plain.length + 7))
            .writeZero(7).writeBytes(plain);
        int capacity = plain.length + SrtpProfile.MAX_TRAILER_LENGTH;
        ByteBuf out = (directOut ? Unpooled.directBuffer(capacity) : Unpooled.buffer(capacity))
            .writeBytes(plain, 0, header);
        ByteBuf copy = buffer(plain);
        try {
          SrtpStatus status = assembled.protectRtp(out, src, 7 + header, plain.length - header);
          if (directOut && !assembled.protectsIntoDirectBuffers()) {
            assertThat(status).isEqualTo(SrtpStatus.ERROR);
            assertThat(out.readableBytes()).isEqualTo(header);
            continue;
          }
          assertThat(status).as("packet %d", i).isEqualTo(SrtpStatus.OK);
          assertThat(inPlace.protectRtp(copy)).isEqualTo(SrtpStatus.OK);
          assertThat(ByteBufUtil.hexDump(out)).as("packet %d", i).isEqualTo(ByteBufUtil.hexDump(copy));
          assertThat(receiver.unprotectRtp(copy)).isEqualTo(SrtpStatus.OK);
          assertThat(ByteBufUtil.getBytes(copy)).isEqualTo(plain);
        } finally {
          src.release();
          out.release();
          copy.release();
        }
      }
    }
  }

  /**
   * A pooled allocator carves a viewer's buffer and the publisher's packet from one chunk. The
   * JDK's GCM, handed input and output in one array at different offsets, allocates a scratch
   * array as long as the whole array per packet (4 MiB here); protecting must not go there.
   */
  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void payloadAndOutputInOneLargeArrayAllocateNoCopyOfTheArray(SrtpProfile profile) {
    SrtpKeys keys = SrtpSessionTest.randomKeys(profile, 10);
    ByteBuf chunk = Unpooled.buffer(4 << 20, 4 << 20);
    chunk.writerIndex(chunk.capacity());
    byte[] plain = packet(new SplittableRandom(1), 1, 1);
    int header = headerLength(plain);
    ByteBuf src = chunk.slice(1_000, plain.length).setBytes(0, plain);
    try (SrtpSession session = new SrtpSession(keys)) {
      long before = 0;
      int rounds = 2_000;
      for (int i = 0; i < 2 * rounds; i++) {
        if (i == rounds) {
          before = SrtpSessionTest.allocatedBytes();
        }
        ByteBuf out = chunk.slice(8_000, plain.length + SrtpProfile.MAX_TRAILER_LENGTH).clear();
        out.writeBytes(plain, 0, header).setShort(2, i);
        assertThat(session.protectRtp(out, src, header, plain.length - header)).isEqualTo(SrtpStatus.OK);
      }
      long perPacket = (SrtpSessionTest.allocatedBytes() - before) / rounds;
      assertThat(perPacket).as("bytes allocated per packet").isLessThan(8 * 1024);
    } finally {
      chunk.release();
    }
  }

  private static SrtpStatus unprotect(RtpCryptoContext receiver, byte[] srtp) throws Exception {
    ByteBuf p = buffer(srtp);
    try {
      return receiver.unprotect(p, headerLength(srtp));
    } finally {
      p.release();
    }
  }

  private static SrtpContextFactory factory(SrtpKeys keys, boolean sender) {
    return new SrtpContextFactory(sender, keys.localKey(), keys.localSalt(), keys.profile().newPolicy(),
        keys.profile().newPolicy(), new LoggerImpl(RtpCryptoContextTest.class.getName()));
  }

  private static ByteBuf buffer(byte[] bytes) {
    return Unpooled.buffer(bytes.length + SrtpProfile.MAX_TRAILER_LENGTH).writeBytes(bytes);
  }

  /** Packet i: CSRCs on every third, a one-byte-header extension on every other, payload 0 to 1,300. */
  private static byte[] packet(SplittableRandom random, int seq, int i) {
    int csrcs = i % 3 == 0 ? 2 : 0;
    boolean extension = i % 2 == 0;
    int payload = i % 7 == 0 ? random.nextInt(16) : random.nextInt(1_301);
    ByteBuf p = Unpooled.buffer();
    p.writeByte(0x80 | (extension ? 0x10 : 0) | csrcs).writeByte(96).writeShort(seq).writeInt(i * 3_000).writeInt(SSRC);
    for (int c = 0; c < csrcs; c++) {
      p.writeInt(random.nextInt());
    }
    if (extension) {
      p.writeShort(0xBEDE).writeShort(2).writeInt(0x10ff2211).writeInt(random.nextInt());
    }
    byte[] body = new byte[payload];
    random.nextBytes(body);
    p.writeBytes(body);
    byte[] out = ByteBufUtil.getBytes(p);
    p.release();
    return out;
  }

  private static int headerLength(byte[] p) {
    int length = 12 + 4 * (p[0] & 0x0F);
    if ((p[0] & 0x10) != 0) {
      length += 4 + 4 * (((p[length + 2] & 0xFF) << 8) | (p[length + 3] & 0xFF));
    }
    return length;
  }
}
