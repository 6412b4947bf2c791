package io.sluice.transport.internal.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/**
 * Jazzer fuzz target for SRTP on RTP packets ({@link SrtpSession#protectRtp},
 * {@link SrtpSession#unprotectRtp}, over {@link RtpCryptoContext}).
 *
 * <p>Input: bit 0 of the first byte picks the profile. With bit 1 clear the rest is a datagram
 * from the network: unprotecting it returns a status and never throws; if it is refused the
 * packet's bytes and indexes are unchanged, exactly one drop counter moved, and a genuine packet
 * still unprotects afterwards (the refused one changed no state). With bit 1 set the rest is a
 * plain RTP packet: if protecting accepts it, unprotecting gives the same bytes back, and a copy
 * with one bit flipped (byte 2 of the input picks which) is refused as forged or replayed.
 *
 * <p>Seeds in {@code SrtpFuzzTestInputs/rtp/}. Fuzz with
 * {@code JAZZER_FUZZ=1 ./mvnw -pl rtp-transport test -Dtest=SrtpFuzzTest#rtp}.
 */
class SrtpFuzzTest {
  private static final SrtpKeys[] KEYS = {
      SrtpSessionTest.randomKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, 1),
      SrtpSessionTest.randomKeys(SrtpProfile.AEAD_AES_128_GCM, 2)};

  @FuzzTest(maxDuration = "5m")
  void rtp(byte[] data) {
    if (data.length < 2) {
      return;
    }
    SrtpKeys keys = KEYS[data[0] & 1];
    byte[] body = Arrays.copyOfRange(data, 2, data.length);
    try (SrtpSession sender = new SrtpSession(keys); SrtpSession receiver = new SrtpSession(keys.reversed())) {
      if ((data[0] & 2) == 0) {
        fromNetwork(sender, receiver, body);
      } else {
        roundTrip(sender, receiver, body, data[1] & 0xFF);
      }
    }
  }

  private static void fromNetwork(SrtpSession sender, SrtpSession receiver, byte[] datagram) {
    ByteBuf packet = Unpooled.buffer(datagram.length + SrtpProfile.MAX_TRAILER_LENGTH).writeBytes(datagram);
    try {
      SrtpStatus status = receiver.unprotectRtp(packet);
      if (status != SrtpStatus.OK) {
        assertThat(packet.readerIndex()).isZero();
        assertThat(ByteBufUtil.getBytes(packet)).isEqualTo(datagram);
        assertThat(drops(receiver)).isEqualTo(1);
        if (datagram.length >= 12) {
          // The same SSRC and sequence number, genuinely protected, is still accepted.
          byte[] plain = Arrays.copyOf(datagram, 12);
          plain[0] = (byte) 0x80;
          ByteBuf genuine = Unpooled.buffer(64).writeBytes(plain).writeLong(0x5eed);
          try {
            assertThat(sender.protectRtp(genuine)).isEqualTo(SrtpStatus.OK);
            assertThat(receiver.unprotectRtp(genuine)).isEqualTo(SrtpStatus.OK);
          } finally {
            genuine.release();
          }
        }
      }
    } finally {
      packet.release();
    }
  }

  private static void roundTrip(SrtpSession sender, SrtpSession receiver, byte[] plain, int flip) {
    ByteBuf packet = Unpooled.buffer(plain.length + SrtpProfile.MAX_TRAILER_LENGTH).writeBytes(plain);
    try {
      if (sender.protectRtp(packet) != SrtpStatus.OK) {
        assertThat(ByteBufUtil.getBytes(packet)).isEqualTo(plain);
        return;
      }
      byte[] srtp = ByteBufUtil.getBytes(packet);
      assertThat(srtp).hasSize(plain.length + sender.profile().rtpTrailerLength());
      // A flipped bit past the first byte (which would break the version and be refused as
      // invalid) in the header, payload or tag.
      byte[] forged = srtp.clone();
      int bit = flip % (8 * (forged.length - 1));
      forged[1 + bit / 8] ^= (byte) (1 << (bit % 8));
      ByteBuf f = Unpooled.wrappedBuffer(forged);
      try {
        assertThat(receiver.unprotectRtp(f)).isNotEqualTo(SrtpStatus.OK);
      } finally {
        f.release();
      }
      assertThat(receiver.unprotectRtp(packet)).isEqualTo(SrtpStatus.OK);
      assertThat(ByteBufUtil.getBytes(packet)).isEqualTo(plain);
    } finally {
      packet.release();
    }
  }

  private static long drops(SrtpSession s) {
    return s.authFailures() + s.replays() + s.invalidPackets() + s.ssrcLimitDrops() + s.errors();
  }
}
