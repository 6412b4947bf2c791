package io.sluice.transport.internal.srtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.FastThreadLocal;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.Logger;
import org.jitsi.utils.logging2.LoggerImpl;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * RFC 3711 SRTP/SRTCP for one transport session: protects what we send with our master key and
 * unprotects what we receive with the peer's, in place, over Netty {@link ByteBuf}s. RTP runs
 * through Sluice's own per-SSRC contexts ({@link RtpCryptoContext}: AES-CM from one AES-ECB call
 * over the packet's counter blocks and HMAC-SHA1 from precomputed pads, or the JDK's GCM), because
 * RTP is protected once per viewer per packet; RTCP runs through jitsi-srtp. Both are checked
 * against the RFC test vectors, and the RTP contexts byte for byte against jitsi-srtp's.
 *
 * <p><b>Buffers and ownership.</b> Every method borrows the packet: it never retains or releases
 * it. The packet is the buffer's readable bytes, and it must be a heap buffer. Datagrams read by a
 * native transport arrive in direct buffers: the receive path copies each one once with
 * {@link #heapCopy} (into a pooled heap buffer that also has the tail room that protecting needs),
 * and the send path allocates heap buffers from the start. Protecting appends a trailer
 * ({@link SrtpProfile#rtpTrailerLength()}, {@link SrtpProfile#rtcpTrailerLength()}), so the packet
 * needs that much writable space; {@link SrtpProfile#MAX_TRAILER_LENGTH} covers every case. On
 * {@link SrtpStatus#OK} the buffer's writer index moves to the new end of the packet; on any other
 * status its indexes are unchanged.
 *
 * <p><b>Errors.</b> No method throws on packet content. A packet that fails a check returns a
 * status and is counted; it changes no replay window, rollover counter or SSRC table, and an RTP
 * packet's bytes stay as they came (GCM decrypts into scratch space and copies back only after the
 * tag verified). jitsi-srtp's native OpenSSL and BouncyCastle ciphers decrypt SRTCP in place before
 * the tag check, so with those a rejected SRTCP packet's payload bytes are undefined.
 *
 * <p><b>SSRCs.</b> Contexts are created lazily, per SSRC and direction, up to a per-session limit
 * ({@link #DEFAULT_MAX_SSRCS}); beyond it a packet gets {@link SrtpStatus#SSRC_LIMIT}. A receive
 * context is kept only once a packet has authenticated with it, so forged packets with random
 * SSRCs cannot fill the table (each still costs one key derivation, and is counted).
 *
 * <p><b>Allocation.</b> Per RTP packet, AES-CM allocates nothing: SSRC lookups scan primitive
 * arrays, counter blocks, key stream and SHA-1 state are per-thread scratch. The JDK's GCM
 * allocates about 1.1 KB inside {@code Cipher} per packet (a new engine per IV), and jitsi-srtp
 * allocates per SRTCP packet (a new IV object, a capturing debug-log lambda).
 *
 * <p><b>Threads.</b> Thread-safe. Protect and unprotect may run on different threads; each
 * context is used under its own monitor, so the packets of one SSRC and direction go through one
 * at a time (uncontended: a session sends from its stream thread and receives on its loop).
 *
 * <p>The first jitsi-srtp context created in a JVM costs about two seconds while jitsi-srtp
 * benchmarks the crypto providers; call {@link #warmUp()} once at node start so no session pays
 * for it.
 */
public final class SrtpSession implements AutoCloseable {
  /** Default limit on SSRCs per direction and per RTP/RTCP (audio, video, RTX, simulcast layers). */
  public static final int DEFAULT_MAX_SSRCS = 32;

  private static final int RTP_HEADER_LENGTH = 12;
  private static final int RTCP_HEADER_LENGTH = 8;
  private static final int RTP_SSRC_OFFSET = 8;
  private static final int RTCP_SSRC_OFFSET = 4;

  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(SrtpSession.class);
  private static final Logger JITSI_LOGGER = new LoggerImpl(SrtpSession.class.getName());

  private static final FastThreadLocal<ByteBufArrayBuffer> VIEW = new FastThreadLocal<>() {
    @Override
    protected ByteBufArrayBuffer initialValue() {
      return new ByteBufArrayBuffer();
    }
  };

  private static volatile boolean warmedUp;

  private final SrtpProfile profile;
  private final SrtpContextFactory senderFactory;
  private final SrtpContextFactory receiverFactory;
  private final SrtpKeys keys;
  private final SsrcTable<RtpCryptoContext> rtpOut;
  private final SsrcTable<RtpCryptoContext> rtpIn;
  private final SsrcTable<SrtcpCryptoContext> rtcpOut;
  private final SsrcTable<SrtcpCryptoContext> rtcpIn;

  private final LongAdder authFailures = new LongAdder();
  private final LongAdder replays = new LongAdder();
  private final LongAdder invalid = new LongAdder();
  private final LongAdder ssrcLimitDrops = new LongAdder();
  private final LongAdder errors = new LongAdder();

  private volatile boolean closed;

  /** Creates a session with {@link #DEFAULT_MAX_SSRCS}. */
  public SrtpSession(SrtpKeys keys) {
    this(keys, DEFAULT_MAX_SSRCS);
  }

  /**
   * Creates a session that protects with {@code keys}' local key and salt and unprotects with the
   * remote ones.
   *
   * @param maxSsrcs the limit on SSRCs in each of the four tables (RTP/RTCP, in/out)
   */
  public SrtpSession(SrtpKeys keys, int maxSsrcs) {
    if (maxSsrcs < 1) {
      throw new IllegalArgumentException("maxSsrcs: " + maxSsrcs + " (expected: 1+)");
    }
    this.profile = keys.profile();
    this.keys = keys;
    this.senderFactory = new SrtpContextFactory(true, keys.localKey(), keys.localSalt(),
        profile.newPolicy(), profile.newPolicy(), JITSI_LOGGER);
    this.receiverFactory = new SrtpContextFactory(false, keys.remoteKey(), keys.remoteSalt(),
        profile.newPolicy(), profile.newPolicy(), JITSI_LOGGER);
    this.rtpOut = new SsrcTable<>(maxSsrcs);
    this.rtpIn = new SsrcTable<>(maxSsrcs);
    this.rtcpOut = new SsrcTable<>(maxSsrcs);
    this.rtcpIn = new SsrcTable<>(maxSsrcs);
  }

  /**
   * Creates a throw-away context of each profile and protects and unprotects a packet, so that
   * jitsi-srtp's one-time crypto provider benchmark (about 2 s) and class loading happen at node
   * start rather than in the first session. Idempotent and thread-safe.
   *
   * @return how long it took (zero after the first call)
   */
  public static synchronized Duration warmUp() {
    if (warmedUp) {
      return Duration.ZERO;
    }
    long start = System.nanoTime();
    SecureRandom random = new SecureRandom();
    for (SrtpProfile p : SrtpProfile.values()) {
      byte[] material = new byte[p.keyingMaterialLength()];
      random.nextBytes(material);
      SrtpKeys keys = SrtpKeys.fromKeyingMaterial(p, material, true);
      ByteBuf packet = Unpooled.buffer(64 + SrtpProfile.MAX_TRAILER_LENGTH);
      try (SrtpSession a = new SrtpSession(keys, 1); SrtpSession b = new SrtpSession(keys.reversed(), 1)) {
        packet.writeInt(0x80000001).writeInt(0).writeInt(0x5eed).writeZero(32);
        a.protectRtp(packet);
        b.unprotectRtp(packet);
        packet.clear().writeInt(0x80c80006).writeInt(0x5eed).writeZero(24);
        a.protectRtcp(packet);
        b.unprotectRtcp(packet);
      } finally {
        packet.release();
      }
    }
    warmedUp = true;
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /**
   * Copies the readable bytes of {@code src} (borrowed) into a new heap buffer from
   * {@code alloc}, with {@link SrtpProfile#MAX_TRAILER_LENGTH} bytes of tail room. The caller owns
   * the copy and still owns {@code src}. This is the one copy a received direct buffer needs.
   */
  public static ByteBuf heapCopy(ByteBuf src, ByteBufAllocator alloc) {
    int length = src.readableBytes();
    ByteBuf copy = alloc.heapBuffer(length + SrtpProfile.MAX_TRAILER_LENGTH);
    copy.writeBytes(src, src.readerIndex(), length);
    return copy;
  }

  /** The session's protection profile. */
  public SrtpProfile profile() {
    return profile;
  }

  /**
   * RFC 3711 §3.3: encrypts and authenticates the RTP packet in {@code packet} (borrowed) in place,
   * appending the tag.
   */
  public SrtpStatus protectRtp(ByteBuf packet) {
    int headerLength = rtpHeaderLength(packet, 0);
    if (headerLength < 0) {
      return count(SrtpStatus.INVALID);
    }
    if (closed || !ensureTailRoom(packet, profile.rtpTrailerLength())) {
      return count(SrtpStatus.ERROR);
    }
    int ssrc = packet.getInt(packet.readerIndex() + RTP_SSRC_OFFSET);
    try {
      RtpCryptoContext context = senderContext(ssrc);
      if (context == null) {
        return count(SrtpStatus.SSRC_LIMIT);
      }
      synchronized (context) {
        return count(context.protect(packet, headerLength));
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      return failed(e);
    }
  }

  /**
   * Whether {@link #protectRtp(ByteBuf, ByteBuf, int, int)} can write into a direct buffer, which
   * then goes to the socket without another copy: AES-CM can; the JDK's GCM works on arrays, so
   * for GCM give it a heap buffer.
   */
  public boolean protectsIntoDirectBuffers() {
    return profile == SrtpProfile.AES_CM_128_HMAC_SHA1_80;
  }

  /**
   * RFC 3711 §3.3 for a packet assembled on the way: {@code out}'s readable bytes are the RTP
   * header (fixed part, CSRCs, extension); the payload is {@code payloadLength} bytes of
   * {@code payload} at {@code payloadIndex}, which are read, encrypted straight into {@code out}
   * after the header, and followed by the tag. This is the fan-out's path: one shared payload,
   * one buffer per viewer, no plain copy of the payload. Both buffers are borrowed; {@code out}
   * needs {@code payloadLength +} {@link SrtpProfile#rtpTrailerLength()} writable bytes, and must
   * be a heap buffer unless {@link #protectsIntoDirectBuffers()}. When the packet is refused
   * (INVALID, SSRC_LIMIT, or a buffer it cannot use), {@code out} is unchanged.
   */
  public SrtpStatus protectRtp(ByteBuf out, ByteBuf payload, int payloadIndex, int payloadLength) {
    int headerLength = rtpHeaderLength(out, 0);
    if (headerLength != out.readableBytes() || payloadLength < 0
        || payloadIndex < 0 || payloadIndex + payloadLength > payload.capacity()) {
      return count(SrtpStatus.INVALID);
    }
    if (closed || out.writableBytes() < payloadLength + profile.rtpTrailerLength()
        || (!out.hasArray() && !protectsIntoDirectBuffers())) {
      return count(SrtpStatus.ERROR);
    }
    int ssrc = out.getInt(out.readerIndex() + RTP_SSRC_OFFSET);
    try {
      RtpCryptoContext context = senderContext(ssrc);
      if (context == null) {
        return count(SrtpStatus.SSRC_LIMIT);
      }
      synchronized (context) {
        return count(context.protect(out, headerLength, payload, payloadIndex, payloadLength));
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      return failed(e);
    }
  }

  private @Nullable RtpCryptoContext senderContext(int ssrc) throws GeneralSecurityException {
    RtpCryptoContext context = rtpOut.get(ssrc);
    if (context != null) {
      return context;
    }
    if (rtpOut.isFull()) {
      return null;
    }
    return rtpOut.putIfAbsent(ssrc, new RtpCryptoContext(profile, keys.localKey(), keys.localSalt(), ssrc, true));
  }

  /**
   * RFC 3711 §3.3: checks replay and the tag of the SRTP packet in {@code packet} (borrowed), and
   * on success decrypts it in place and removes the tag.
   */
  public SrtpStatus unprotectRtp(ByteBuf packet) {
    int headerLength = rtpHeaderLength(packet, profile.rtpTrailerLength());
    if (headerLength < 0) {
      return count(SrtpStatus.INVALID);
    }
    if (closed || !packet.hasArray()) {
      return count(SrtpStatus.ERROR);
    }
    int ssrc = packet.getInt(packet.readerIndex() + RTP_SSRC_OFFSET);
    try {
      RtpCryptoContext context = rtpIn.get(ssrc);
      boolean fresh = false;
      if (context == null) {
        if (rtpIn.isFull()) {
          return count(SrtpStatus.SSRC_LIMIT);
        }
        context = new RtpCryptoContext(profile, keys.remoteKey(), keys.remoteSalt(), ssrc, false);
        fresh = true;
      }
      SrtpStatus status;
      synchronized (context) {
        status = context.unprotect(packet, headerLength);
      }
      if (status == SrtpStatus.OK && fresh) {
        // If the table filled up meanwhile, this packet still counts; the SSRC's next one is refused.
        rtpIn.putIfAbsent(ssrc, context);
      }
      return count(status);
    } catch (GeneralSecurityException | RuntimeException e) {
      return failed(e);
    }
  }

  /**
   * RFC 3711 §3.4: encrypts and authenticates the RTCP compound packet in {@code packet} (borrowed)
   * in place, appending the E flag, SRTCP index and tag.
   */
  public SrtpStatus protectRtcp(ByteBuf packet) {
    if (!isVersion2(packet, RTCP_HEADER_LENGTH)) {
      return count(SrtpStatus.INVALID);
    }
    if (closed || !ensureTailRoom(packet, profile.rtcpTrailerLength())) {
      return count(SrtpStatus.ERROR);
    }
    int ssrc = packet.getInt(packet.readerIndex() + RTCP_SSRC_OFFSET);
    SrtcpCryptoContext context = rtcpOut.get(ssrc);
    ByteBufArrayBuffer view = VIEW.get();
    try {
      if (context == null) {
        if (rtcpOut.isFull()) {
          return count(SrtpStatus.SSRC_LIMIT);
        }
        SrtcpCryptoContext created = rtcpOut.putIfAbsent(ssrc, senderFactory.deriveControlContext(ssrc));
        if (created == null) {
          return count(SrtpStatus.SSRC_LIMIT);
        }
        context = created;
      }
      SrtpStatus status = map(context.transformPacket(view.bind(packet)));
      if (status == SrtpStatus.OK) {
        view.commit(packet);
      }
      return count(status);
    } catch (GeneralSecurityException | RuntimeException e) {
      return failed(e);
    } finally {
      view.unbind();
    }
  }

  /**
   * RFC 3711 §3.4: checks replay and the tag of the SRTCP packet in {@code packet} (borrowed), and
   * on success decrypts it in place and removes the index and tag.
   */
  public SrtpStatus unprotectRtcp(ByteBuf packet) {
    if (!isVersion2(packet, RTCP_HEADER_LENGTH + profile.rtcpTrailerLength())) {
      return count(SrtpStatus.INVALID);
    }
    if (closed || !packet.hasArray()) {
      return count(SrtpStatus.ERROR);
    }
    int ssrc = packet.getInt(packet.readerIndex() + RTCP_SSRC_OFFSET);
    SrtcpCryptoContext context = rtcpIn.get(ssrc);
    boolean fresh = false;
    ByteBufArrayBuffer view = VIEW.get();
    try {
      if (context == null) {
        if (rtcpIn.isFull()) {
          return count(SrtpStatus.SSRC_LIMIT);
        }
        context = receiverFactory.deriveControlContext(ssrc);
        fresh = true;
      }
      SrtpStatus status = map(context.reverseTransformPacket(view.bind(packet)));
      if (status == SrtpStatus.OK) {
        view.commit(packet);
        if (fresh) {
          rtcpIn.putIfAbsent(ssrc, context);
        }
      }
      return count(status);
    } catch (GeneralSecurityException | RuntimeException e) {
      return failed(e);
    } finally {
      view.unbind();
    }
  }

  /** Packets whose authentication tag did not verify. */
  public long authFailures() {
    return authFailures.sum();
  }

  /** Packets rejected as replayed or too old. */
  public long replays() {
    return replays.sum();
  }

  /** Packets too short or not version 2. */
  public long invalidPackets() {
    return invalid.sum();
  }

  /** Packets refused because their SSRC would exceed the limit. */
  public long ssrcLimitDrops() {
    return ssrcLimitDrops.sum();
  }

  /** Local failures: unusable buffer, closed session, crypto provider error. */
  public long errors() {
    return errors.sum();
  }

  /** Number of SSRCs with a context, per table: RTP out, RTP in, RTCP out, RTCP in. */
  int[] contextCounts() {
    return new int[] {rtpOut.size(), rtpIn.size(), rtcpOut.size(), rtcpIn.size()};
  }

  /**
   * Drops every context and wipes the master keys held by the factories. Later calls return
   * {@link SrtpStatus#ERROR}. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    rtpOut.clear();
    rtpIn.clear();
    rtcpOut.clear();
    rtcpIn.clear();
    senderFactory.close();
    receiverFactory.close();
  }

  /**
   * The header length of {@code packet}, or -1 unless it is RTP version 2 whose header (RFC 3550 §5.1: fixed part, CSRCs,
   * extension) plus {@code trailer} bytes fits in it. jitsi-srtp trusts these lengths, and an
   * extension length running past the end would otherwise reach the cipher as a negative length.
   */
  private static int rtpHeaderLength(ByteBuf packet, int trailer) {
    int length = packet.readableBytes();
    if (!isVersion2(packet, RTP_HEADER_LENGTH + trailer)) {
      return -1;
    }
    int start = packet.readerIndex();
    int b0 = packet.getUnsignedByte(start);
    int headerLength = RTP_HEADER_LENGTH + 4 * (b0 & 0x0F);
    if ((b0 & 0x10) != 0) {
      if (headerLength + 4 + trailer > length) {
        return -1;
      }
      headerLength += 4 + 4 * packet.getUnsignedShort(start + headerLength + 2);
    }
    return headerLength + trailer <= length ? headerLength : -1;
  }

  private static boolean isVersion2(ByteBuf packet, int minLength) {
    return packet.readableBytes() >= minLength && (packet.getUnsignedByte(packet.readerIndex()) >> 6) == 2;
  }

  private static boolean ensureTailRoom(ByteBuf packet, int trailer) {
    if (!packet.hasArray()) {
      return false;
    }
    if (packet.writableBytes() >= trailer) {
      return true;
    }
    // 0: enough room already, 2: grew (possibly into a new array); 1 and 3: maxCapacity reached.
    int result = packet.ensureWritable(trailer, false);
    return (result == 0 || result == 2) && packet.hasArray();
  }

  private static SrtpStatus map(@Nullable SrtpErrorStatus status) {
    if (status == null) {
      return SrtpStatus.ERROR;
    }
    return switch (status) {
      case OK -> SrtpStatus.OK;
      case AUTH_FAIL -> SrtpStatus.AUTH_FAIL;
      case REPLAY_FAIL, REPLAY_OLD -> SrtpStatus.REPLAY;
      case INVALID_PACKET -> SrtpStatus.INVALID;
      case FAIL -> SrtpStatus.ERROR;
    };
  }

  /** A crypto provider failure: logged with its stack trace for the session's first one only. */
  private SrtpStatus failed(Exception e) {
    if (errors.sum() == 0) {
      LOG.warn("SRTP transform failed ({} profile); further failures of this session are only counted", profile, e);
    } else {
      LOG.debug("SRTP transform failed", e);
    }
    return count(SrtpStatus.ERROR);
  }

  private SrtpStatus count(SrtpStatus status) {
    switch (status) {
      case OK -> { }
      case AUTH_FAIL -> authFailures.increment();
      case REPLAY -> replays.increment();
      case INVALID -> invalid.increment();
      case SSRC_LIMIT -> ssrcLimitDrops.increment();
      case ERROR -> errors.increment();
    }
    return status;
  }
}
