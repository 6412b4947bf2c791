package io.sluice.media.rtcp;

import static io.sluice.media.rtcp.RtcpTestSupport.hex;

/**
 * Golden RTCP packets, built by hand from the RFC bit layouts, with every field explained. The
 * compounds follow what Chromium (libwebrtc) sends: a receive-only endpoint reports from SSRC 1,
 * an empty RR leads a feedback compound, CNAMEs are 16 base64 characters, transport-cc is padded
 * with the P bit. {@link RtcpFuzzSeedsTest} keeps the binary copies under
 * {@code src/test/resources/io/sluice/media/rtcp/RtcpFuzzTestInputs/} identical to these.
 *
 * <p>Cross-checked once with an independent decoder, werift-rtp 0.8.9 (TypeScript, npm), fed
 * the seed files: every field it decodes matches the comments here. It does not parse BYE, does
 * not wrap NACK sequence numbers (reports 65537 for 1), and reads the transport-cc reference time
 * as unsigned (16777215 for -1), where the draft and libwebrtc read it signed.
 */
final class RtcpGoldenPackets {
  private RtcpGoldenPackets() {}

  /** Chromium receiver: RR with one report block, then SDES with its CNAME. 60 bytes. */
  static final byte[] RR_SDES_CNAME = hex("""
      81 c9 00 07   // V=2 P=0 RC=1, PT=201 RR, length=7 -> 32 bytes
      00 00 00 01   // SSRC of packet sender = 1 (libwebrtc's receive-only SSRC)
      12 34 ab cd   // report block: SSRC_1 = 0x1234abcd
      0a 00 00 03   //   fraction lost = 10/256, cumulative lost = 3
      00 01 00 05   //   extended highest seq = 1 cycle, seq 5
      00 00 00 17   //   interarrival jitter = 23
      8c 5a 1f 00   //   LSR = 0x8c5a1f00
      00 01 00 00   //   DLSR = 65536/65536 s = 1 s
      81 ca 00 06   // V=2 P=0 SC=1, PT=202 SDES, length=6 -> 28 bytes
      00 00 00 01   // chunk 1: SSRC = 1
      01 10         //   item CNAME=1, length=16
      70 39 78 52 70 54 33 54 58 67 37 64 59 38 57 5a  // "p9xRpT3TXg7dY8WZ"
      00            //   null item: end of list (chunk is 4+2+16+1 = 23 bytes)
      00            //   one null octet to the 32-bit boundary (24 bytes)
      """);

  /**
   * Chromium sender: SR with one report block whose cumulative loss is -1 (a duplicate), then
   * SDES with a 12-byte CNAME. 76 bytes.
   */
  static final byte[] SR_SDES = hex("""
      81 c8 00 0c   // V=2 P=0 RC=1, PT=200 SR, length=12 -> 52 bytes
      2d 1f 5e 4a   // SSRC of sender
      e9 a3 c2 f1   // NTP timestamp, most significant word (seconds since 1900)
      80 00 00 00   // NTP timestamp, least significant word = 0.5 s
      5b 8d 80 c0   // RTP timestamp
      00 00 04 d2   // sender's packet count = 1234
      00 10 00 00   // sender's octet count = 1048576
      9a bc de f0   // report block: SSRC_1
      00 ff ff ff   //   fraction lost = 0, cumulative lost = -1 (24-bit two's complement)
      00 00 ff ff   //   extended highest seq = 65535
      00 00 00 00   //   jitter = 0
      00 00 00 00   //   LSR = 0 (no SR received yet)
      00 00 00 00   //   DLSR = 0
      81 ca 00 05   // V=2 P=0 SC=1, PT=202 SDES, length=5 -> 24 bytes
      2d 1f 5e 4a   // chunk 1: SSRC of sender
      01 0c         //   item CNAME=1, length=12
      73 6c 75 69 63 65 40 68 6f 73 74 31  // "sluice@host1"
      00            //   null item (chunk is 4+2+12+1 = 19 bytes)
      00            //   one null octet to the boundary (20 bytes)
      """);

  /** Chromium receive-side bandwidth estimate: empty RR, then REMB of 1 Mbps. 32 bytes. */
  static final byte[] RR_REMB = hex("""
      80 c9 00 01   // V=2 P=0 RC=0, PT=201 RR, length=1 -> 8 bytes
      00 00 00 01   // SSRC of packet sender = 1
      8f ce 00 05   // V=2 P=0 FMT=15 (AFB), PT=206 PSFB, length=5 -> 24 bytes
      00 00 00 01   // SSRC of packet sender = 1
      00 00 00 00   // SSRC of media source: always 0 for REMB
      52 45 4d 42   // unique identifier "REMB"
      01 0b d0 90   // Num SSRC=1 | BR Exp=2 (6 bits) | BR Mantissa=250000 (18 bits):
                    //   0x0bd090 = 2 << 18 | 0x3d090; 250000 * 2^2 = 1000000 bps
      12 34 ab cd   // SSRC feedback: the media source the estimate applies to
      """);

  /** Generic NACK: 65534, 65535, 1 (across the wrap), then 32 and 48. 20 bytes. */
  static final byte[] NACK = hex("""
      81 cd 00 04   // V=2 P=0 FMT=1, PT=205 RTPFB, length=4 -> 20 bytes
      00 00 00 01   // SSRC of packet sender
      12 34 ab cd   // SSRC of media source
      ff fe 00 05   // PID=65534, BLP=0b101: 65534+1=65535 and 65534+3=1 (wraps) lost too
      00 20 80 00   // PID=32, BLP bit 15: 32+16=48 lost too
      """);

  /** Picture Loss Indication. 12 bytes. */
  static final byte[] PLI = hex("""
      81 ce 00 02   // V=2 P=0 FMT=1, PT=206 PSFB, length=2 -> 12 bytes
      00 00 00 01   // SSRC of packet sender
      12 34 ab cd   // SSRC of media source: please send a keyframe
      """);

  /** Full Intra Request, one entry with command sequence number 42. 20 bytes. */
  static final byte[] FIR = hex("""
      84 ce 00 04   // V=2 P=0 FMT=4, PT=206 PSFB, length=4 -> 20 bytes
      00 00 00 01   // SSRC of packet sender
      00 00 00 00   // SSRC of media source: SHALL be 0 for FIR (RFC 5104 4.3.1.2)
      12 34 ab cd   // FCI entry: SSRC of the media sender asked for a refresh point
      2a 00 00 00   //   Seq nr.=42, reserved=0
      """);

  /** Goodbye from one source with reason "shutdown". 20 bytes. */
  static final byte[] BYE = hex("""
      81 cb 00 04   // V=2 P=0 SC=1, PT=203 BYE, length=4 -> 20 bytes
      2d 1f 5e 4a   // SSRC leaving
      08            // reason length=8
      73 68 75 74 64 6f 77 6e  // "shutdown"
      00 00 00      // null octets to the 32-bit boundary (1+8+3 = 12)
      """);

  /**
   * transport-cc across the sequence wrap, one two-bit status vector chunk with a negative large
   * delta, padded with the P bit as libwebrtc does. 28 bytes.
   */
  static final byte[] TRANSPORT_CC_WRAP = hex("""
      af cd 00 06   // V=2 P=1 FMT=15, PT=205 RTPFB, length=6 -> 28 bytes
      00 00 00 01   // SSRC of packet sender
      12 34 ab cd   // SSRC of media source
      ff fe 00 05   // base sequence number=65534, packet status count=5 (65534..2)
      00 01 00 07   // reference time=256 (x 64 ms = 16.384 s), fb pkt count=7
      d4 90         // status vector chunk: T=1 S=1 (two-bit), symbols
                    //   01 01 00 10 01 | 00 00 (unused): small, small, not received,
                    //   large, small
      04            // 65534: small delta 4 x 250 us = 1 ms
      50            // 65535: small delta 80 = 20 ms
                    // 0: not received, no delta
      ff f8         // 1: large delta -8 = -2 ms (arrived before 65535: reordered)
      ff            // 2: small delta 255 = 63.75 ms
      01            // padding: 27 bytes of content + 1, the last octet counts it
      """);

  /**
   * transport-cc with a run length chunk and a one-bit status vector chunk, a negative reference
   * time, and two bytes of P-bit padding. 44 bytes.
   */
  static final byte[] TRANSPORT_CC_RUNS = hex("""
      af cd 00 0a   // V=2 P=1 FMT=15, PT=205 RTPFB, length=10 -> 44 bytes
      00 00 00 01   // SSRC of packet sender
      12 34 ab cd   // SSRC of media source
      00 64 00 14   // base sequence number=100, packet status count=20 (100..119)
      ff ff ff ff   // reference time=-1 (signed 24 bits: -64 ms), fb pkt count=255
      20 0e         // run length chunk: T=0, S=01 (small delta), run length=14: 100..113
      9b 00         // status vector chunk: T=1 S=0 (one-bit), symbols 0 1 1 0 1 1 for
                    //   114..119 (114 and 117 not received), 8 unused zero bits
      00            // 100: small delta 0 (at the reference time)
      14 14 14 14 14 14 14 14 14 14 14 14 14  // 101..113: 20 x 250 us = 5 ms apart
      28 28 28 28   // 115, 116, 118, 119: 10 ms apart
      00 02         // padding: 42 bytes of content + 2, the last octet counts them
      """);

  /**
   * Feedback compound with packet types this library skips: empty RR, an APP packet (PT=204),
   * an XR packet (PT=207), then a PLI. 44 bytes.
   */
  static final byte[] RR_APP_XR_PLI = hex("""
      80 c9 00 01   // RR, RC=0, length=1 -> 8 bytes
      00 00 00 01   //   SSRC of packet sender
      80 cc 00 02   // APP, subtype=0, PT=204, length=2 -> 12 bytes
      00 00 00 01   //   SSRC
      54 45 53 54   //   name "TEST"
      80 cf 00 02   // XR, PT=207, length=2 -> 12 bytes
      00 00 00 01   //   SSRC
      04 00 00 00   //   4 bytes of XR report blocks, never read here
      81 ce 00 02   // PLI
      00 00 00 01   //   SSRC of packet sender
      12 34 ab cd   //   SSRC of media source
      """);
}
