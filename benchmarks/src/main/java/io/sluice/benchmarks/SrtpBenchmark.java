package io.sluice.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.sluice.transport.internal.srtp.SrtpKeys;
import io.sluice.transport.internal.srtp.SrtpProfile;
import io.sluice.transport.internal.srtp.SrtpSession;
import io.sluice.transport.internal.srtp.SrtpStatus;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * RFC 3711 / RFC 7714 SRTP on the media path: protecting and unprotecting a 1,200-byte RTP packet
 * (12-byte header, 1,188-byte payload) with {@link SrtpSession}, in both negotiated profiles. Each
 * operation is one packet, so the default mode, Throughput in ops/s, is packets/s per thread. For
 * the cost of one packet run AverageTime with {@code -bm avgt -tu ns} (one time unit serves both
 * modes, and s/op would print as "≈ 10⁻⁶").
 *
 * <ul>
 *   <li>{@link #protect}: copy the plain packet into a reused pooled heap buffer with tail room
 *       (as the send path writes each packet into a fresh buffer), bump the sequence number, and
 *       protect it in place.
 *   <li>{@link #unprotect}: copy the next of {@value #POOL} packets, protected in advance with
 *       consecutive sequence numbers, into the reused buffer (the receive path's one copy out of
 *       the direct buffer, {@link SrtpSession#heapCopy}), then unprotect it. The receiver rejects
 *       replays, so each packet can be unprotected once per receiver: after the last packet of the
 *       pool the receiving session is closed and a new one is made, whose first packet derives its
 *       SSRC context again. That renewal is inside the measurement, amortized over
 *       {@value #POOL} packets: {@link #receiverSetup} measures it, and its share of
 *       {@code unprotect} is {@code receiverSetup / } {@value #POOL}.
 *   <li>{@link #roundTrip}: protect then unprotect the same packet with a long-lived receiver, a
 *       fresh sequence number each time. A cross-check, in time per packet (1 / score):
 *       {@code roundTrip - protect} is the unprotect alone, which should be about
 *       {@code unprotect} minus its copy and its amortized renewal. Use it where the pool's cache
 *       footprint ({@value #POOL} x 1.2 KB) is a concern.
 *   <li>{@link #receiverSetup}: a new receiving session, its first packet (which derives the SSRC
 *       context: the RFC 3711 §4.3 key derivation and cipher set-up), and close. Once per SSRC per
 *       peer in production.
 * </ul>
 *
 * <p><b>Crypto provider.</b> jitsi-srtp picks the fastest AES implementation it finds (its bundled
 * OpenSSL JNI, SunJCE, BouncyCastle) with a short benchmark when the first context is created
 * ({@link SrtpSession#warmUp()}), separately in every forked JVM; the trial set-up prints the
 * pick. On a loaded machine it can differ between forks, and it moves the results more than
 * anything in Sluice does: in one run here the AES-CM {@code protect} fork picked SunJCE for
 * AES/CTR and allocated 1,360 B/op, where OpenSSL's pick allocated 120 B/op.
 *
 * <p><b>Allocation.</b> Sluice allocates nothing per packet, but jitsi-srtp and the JCE do (a new
 * IV object per packet, a debug-log lambda per received packet, the JDK ciphers' copy of
 * overlapping input). {@code -prof gc} shows it as {@code gc.alloc.rate.norm}; the transport's
 * unit test measured 1.2 to 3.8 KB for protect plus unprotect, depending on the provider picked.
 *
 * <p>Target (the "WebRTC transport" issue): at least 80% of the packets/s that {@code openssl
 * speed} gives for the same cipher work on one core; {@link OpensslComparison} runs both and
 * prints the ratio.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class SrtpBenchmark {
  /** RTP header (12 bytes, no CSRCs or extension) plus payload. */
  static final int PACKET_LENGTH = 1200;
  /** Packets protected in advance for {@link #unprotect}: 512 x 1.2 KB stays in a 1 MB L2. */
  static final int POOL = 512;

  private static final int SSRC = 0x1234_5678;
  private static final int SEQ_OFFSET = 2;

  @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
  public SrtpProfile profile;

  private SrtpKeys keys;
  private SrtpKeys receiverKeys;
  private SrtpSession sender;
  private SrtpSession receiver;
  private SrtpSession roundTripReceiver;
  private ByteBuf template;
  private ByteBuf work;
  private ByteBuf pool;
  private int poolEntryLength;
  private int poolIndex;
  private int seq;

  @Setup(Level.Trial)
  public void setUp() {
    long warmUpMillis = SrtpSession.warmUp().toMillis();
    System.out.println("\nSrtpSession.warmUp: " + warmUpMillis + " ms; jitsi-srtp AES: " + aesProviders());
    Random random = new Random(42);
    byte[] material = new byte[profile.keyingMaterialLength()];
    random.nextBytes(material);
    keys = SrtpKeys.fromKeyingMaterial(profile, material, false);
    receiverKeys = keys.reversed();
    sender = new SrtpSession(keys);
    receiver = new SrtpSession(receiverKeys);
    roundTripReceiver = new SrtpSession(receiverKeys);

    template = PooledByteBufAllocator.DEFAULT.heapBuffer(PACKET_LENGTH);
    template.writeInt(0x8060_0000) // V=2, PT=96, seq=0
        .writeInt(0x0001_e240) // timestamp
        .writeInt(SSRC);
    byte[] payload = new byte[PACKET_LENGTH - template.writerIndex()];
    random.nextBytes(payload);
    template.writeBytes(payload);
    work = PooledByteBufAllocator.DEFAULT.heapBuffer(PACKET_LENGTH + SrtpProfile.MAX_TRAILER_LENGTH);

    // The unprotect pool comes from its own sender, so that protect's sequence numbers and ROC
    // stay independent of it.
    poolEntryLength = PACKET_LENGTH + profile.rtpTrailerLength();
    pool = PooledByteBufAllocator.DEFAULT.heapBuffer(POOL * poolEntryLength);
    try (SrtpSession poolSender = new SrtpSession(keys)) {
      for (int i = 0; i < POOL; i++) {
        work.clear().writeBytes(template, 0, PACKET_LENGTH).setShort(SEQ_OFFSET, i);
        check(poolSender.protectRtp(work));
        pool.writeBytes(work);
      }
    }
    // Unprotect every pool packet once, so that its first real pass is not the JIT's first sight.
    for (int i = 0; i < POOL; i++) {
      unprotect();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    sender.close();
    receiver.close();
    roundTripReceiver.close();
    template.release();
    work.release();
    pool.release();
  }

  /** Copy a plain 1,200-byte packet into a pooled heap buffer and protect it: one sent packet. */
  @Benchmark
  public int protect() {
    return protectNext();
  }

  /**
   * Copy a protected packet into a pooled heap buffer and unprotect it: one received packet. Every
   * {@value #POOL} packets this includes a new receiving session (see the class javadoc).
   */
  @Benchmark
  public int unprotect() {
    if (poolIndex == POOL) {
      poolIndex = 0;
      receiver.close();
      receiver = new SrtpSession(receiverKeys);
    }
    work.clear().writeBytes(pool, poolIndex++ * poolEntryLength, poolEntryLength);
    check(receiver.unprotectRtp(work));
    return work.writerIndex();
  }

  /** Protect a packet, then unprotect it again: {@code roundTrip - protect} is the unprotect cost. */
  @Benchmark
  public int roundTrip() {
    protectNext();
    check(roundTripReceiver.unprotectRtp(work));
    return work.writerIndex();
  }

  /** A new receiving session, its first packet (SSRC context key derivation), and close. */
  @Benchmark
  public int receiverSetup() {
    work.clear().writeBytes(pool, 0, poolEntryLength);
    try (SrtpSession fresh = new SrtpSession(receiverKeys)) {
      check(fresh.unprotectRtp(work));
    }
    return work.writerIndex();
  }

  private int protectNext() {
    work.clear().writeBytes(template, 0, PACKET_LENGTH);
    // Sequence numbers wrap after 65,536 packets; the sender then increments its ROC (RFC 3711
    // §3.3.1), as a long-lived stream does.
    work.setShort(SEQ_OFFSET, seq++);
    check(sender.protectRtp(work));
    return work.writerIndex();
  }

  /**
   * Which AES implementation jitsi-srtp picked per transformation, from its private static map
   * {@code Aes.fastestFactories} (readable here: everything runs on the class path). Printed with
   * every trial because the pick is made by timing at start-up and can change between forks.
   */
  static String aesProviders() {
    try {
      Field field = Class.forName("org.jitsi.srtp.crypto.Aes").getDeclaredField("fastestFactories");
      field.setAccessible(true);
      Map<?, ?> picks = (Map<?, ?>) field.get(null);
      synchronized (Class.forName("org.jitsi.srtp.crypto.Aes")) {
        StringBuilder sb = new StringBuilder();
        picks.forEach((transformation, factory) -> sb.append(sb.isEmpty() ? "" : ", ")
            .append(transformation).append('=').append(factory.getClass().getSimpleName()));
        return sb.toString();
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      return "unknown (" + e + "); see jitsi-srtp's INFO log lines";
    }
  }

  private static void check(SrtpStatus status) {
    if (status != SrtpStatus.OK) {
      throw new IllegalStateException("SRTP: " + status + " (expected: OK)");
    }
  }
}
