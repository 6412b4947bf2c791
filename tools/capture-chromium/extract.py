#!/usr/bin/env python3
"""Lists, dissects and saves the UDP datagrams of a capture made by capture.sh.

Standard library only. Reads RUN/call.pcap (classic pcap, Ethernet / Linux cooked / null link
types) and RUN/offer.sdp + RUN/answer.sdp for payload types, extmap ids and SSRCs.

  extract.py list RUN                       one line per datagram
  extract.py show RUN N [N...]              field-by-field dissection of datagrams N
  extract.py pick RUN                       indices of the packets worth keeping, by rule
  extract.py save RUN OUTDIR NAME[=N] ...   write OUTDIR/NAME.bin (the whole UDP payload) and
                                            OUTDIR/NAME.txt (expected values, hex dump and
                                            dissection) for datagram N, or without =N for the
                                            datagram that pick's rule NAME chose; and copy the
                                            run's SDP to OUTDIR/sdp/RUN.{offer,answer}.sdp

Datagrams are classified by their first byte (RFC 7983: 0..3 STUN, 20..63 DTLS, 128..191
RTP/RTCP) and RTP is told from RTCP by the second byte (RFC 5761 §4: RTCP packet types
192..223 are RTP payload types 64..95 with the marker bit set).
"""
import os
import re
import shutil
import struct
import sys

# ---- pcap ---------------------------------------------------------------------------------


def read_pcap(path):
    """Yields (time_seconds, src_port, dst_port, payload) for each IPv4/IPv6 UDP datagram."""
    with open(path, 'rb') as f:
        data = f.read()
    magic = data[:4]
    if magic in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1'):
        endian = '<'
    elif magic in (b'\xa1\xb2\xc3\xd4', b'\xa1\xb2\x3c\x4d'):
        endian = '>'
    else:
        raise SystemExit(path + ': not a classic pcap file (pcapng is not supported)')
    nano = magic in (b'\x4d\x3c\xb2\xa1', b'\xa1\xb2\x3c\x4d')
    linktype = struct.unpack(endian + 'I', data[20:24])[0]
    pos = 24
    while pos + 16 <= len(data):
        sec, frac, incl, _orig = struct.unpack(endian + 'IIII', data[pos:pos + 16])
        frame = data[pos + 16:pos + 16 + incl]
        pos += 16 + incl
        t = sec + frac / (1e9 if nano else 1e6)
        if linktype == 1:        # Ethernet
            ethertype, l3 = struct.unpack('>H', frame[12:14])[0], frame[14:]
        elif linktype == 113:    # Linux cooked (SLL)
            ethertype, l3 = struct.unpack('>H', frame[14:16])[0], frame[16:]
        elif linktype == 276:    # Linux cooked v2 (SLL2)
            ethertype, l3 = struct.unpack('>H', frame[0:2])[0], frame[20:]
        elif linktype == 0:      # BSD null
            family = struct.unpack(endian + 'I', frame[:4])[0]
            ethertype, l3 = (0x0800 if family == 2 else 0x86DD), frame[4:]
        else:
            raise SystemExit('unsupported pcap link type %d' % linktype)
        if ethertype == 0x0800 and l3[9] == 17:
            l4 = l3[(l3[0] & 0x0F) * 4:]
        elif ethertype == 0x86DD and l3[6] == 17:
            l4 = l3[40:]
        else:
            continue
        sport, dport, ulen = struct.unpack('>HHH', l4[:6])
        yield t, sport, dport, l4[8:ulen]


# ---- SDP ----------------------------------------------------------------------------------


class Sdp:
    """What the dissector needs from the offer and answer: PT -> codec, extmap id -> URI, SSRCs."""

    def __init__(self, run):
        self.codecs = {}      # pt -> 'VP8/90000', 'rtx/90000 apt=96', ...
        self.extmap = {}      # id -> uri (ids are shared across the BUNDLE group)
        self.ssrcs = {}       # ssrc -> 'audio' / 'video' / 'video RTX'
        self.negotiated = set()
        for name in ('offer.sdp', 'answer.sdp'):
            path = os.path.join(run, name)
            if not os.path.exists(path):
                continue
            kind = None
            fid = {}
            for line in open(path).read().splitlines():
                if line.startswith('m='):
                    kind = line[2:].split()[0]
                    if name == 'answer.sdp':
                        self.negotiated |= {int(p) for p in line.split()[3:]}
                m = re.match(r'a=rtpmap:(\d+) (\S+)', line)
                if m:
                    self.codecs.setdefault(int(m.group(1)), m.group(2))
                m = re.match(r'a=fmtp:(\d+) apt=(\d+)', line)
                if m:
                    self.codecs[int(m.group(1))] = self.codecs[int(m.group(1))].split(' ')[0] + ' apt=' + m.group(2)
                m = re.match(r'a=fmtp:(\d+) (.*)', line)
                if m and 'apt=' not in line and name == 'answer.sdp':
                    self.codecs[int(m.group(1))] = self.codecs[int(m.group(1))].split(' ')[0] + ' ' + m.group(2)
                m = re.match(r'a=extmap:(\d+)(?:/\w+)? (\S+)', line)
                if m and name == 'answer.sdp':
                    self.extmap[int(m.group(1))] = m.group(2)
                m = re.match(r'a=ssrc-group:FID (\d+) (\d+)', line)
                if m:
                    fid[int(m.group(2))] = int(m.group(1))
                m = re.match(r'a=ssrc:(\d+) cname:', line)
                if m:
                    s = int(m.group(1))
                    self.ssrcs[s] = kind + (' RTX' if s in fid else '')

    def codec(self, pt):
        return self.codecs.get(pt, '?')

    def who(self, ssrc):
        """Names an SSRC: one from the offer's a=ssrc lines, or one of WebRTC's placeholders."""
        if ssrc in self.ssrcs:
            return '0x%08x, the %s SSRC in the offer' % (ssrc, self.ssrcs[ssrc])
        if ssrc == 1:
            return ('0x00000001, in no SDP: the receiving side sends no media, and WebRTC reports '
                    'with placeholder SSRC 1')
        if ssrc == 0xFA17FA17:
            return ('0xfa17fa17, in no SDP: the receiving side sends no media, and WebRTC sends '
                    'transport-cc feedback with placeholder SSRC 0xfa17fa17')
        if ssrc == 0:
            return '0, unused'
        return '0x%08x, in no SDP' % ssrc

    def codec_name(self, pt):
        return self.codec(pt).split('/')[0].upper()


# ---- classification -----------------------------------------------------------------------


def classify(p):
    """RFC 7983 demultiplexing by the first byte, then RFC 5761 §4 for RTP versus RTCP."""
    if not p:
        return 'empty'
    b = p[0]
    if b <= 3:
        return 'STUN'
    if 16 <= b <= 19:
        return 'ZRTP'
    if 20 <= b <= 63:
        return 'DTLS'
    if 64 <= b <= 79:
        return 'TURN'
    if 128 <= b <= 191 and len(p) >= 2:
        return 'RTCP' if 192 <= p[1] <= 223 else 'RTP'
    return 'unknown'


# ---- RTP ----------------------------------------------------------------------------------


def rtp_fields(p):
    """Parses the RTP header. Returns a dict, or None if the packet is malformed."""
    if len(p) < 12:
        return None
    b0, b1, seq, ts, ssrc = struct.unpack('>BBHII', p[:12])
    cc = b0 & 0x0F
    pos = 12 + 4 * cc
    r = dict(v=b0 >> 6, p=(b0 >> 5) & 1, x=(b0 >> 4) & 1, cc=cc, m=b1 >> 7, pt=b1 & 0x7F,
             seq=seq, ts=ts, ssrc=ssrc, ext=None, elements=[])
    if r['x']:
        profile, words = struct.unpack('>HH', p[pos:pos + 4])
        data = p[pos + 4:pos + 4 + 4 * words]
        r['ext'] = (pos, profile, words)
        r['elements'] = ext_elements(profile, data, pos + 4)
        pos += 4 + 4 * words
    pad = p[-1] if r['p'] else 0
    r['payload_offset'] = pos
    r['padding'] = pad
    r['payload'] = p[pos:len(p) - pad]
    return r


def ext_elements(profile, data, base):
    """RFC 8285 elements as (offset, header_len, id, data) tuples; padding bytes are skipped."""
    out = []
    i = 0
    one_byte = profile == 0xBEDE
    if not one_byte and (profile & 0xFFF0) != 0x1000:
        return out
    while i < len(data):
        h = data[i]
        if h == 0:
            i += 1
            continue
        if one_byte:
            eid, ln = h >> 4, (h & 0x0F) + 1
            if eid == 15:
                break
            out.append((base + i, 1, eid, data[i + 1:i + 1 + ln]))
            i += 1 + ln
        else:
            eid, ln = h, data[i + 1]
            out.append((base + i, 2, eid, data[i + 2:i + 2 + ln]))
            i += 2 + ln
    return out


def ext_value(uri, d):
    """A readable value for the extension element data, by the URI the SDP maps its id to."""
    u = uri or ''
    if u.endswith('ssrc-audio-level') and len(d) >= 1:
        return 'RFC 6464: V(voice activity)=%d, level=-%d dBov' % (d[0] >> 7, d[0] & 0x7F)
    if u.endswith('abs-send-time') and len(d) == 3:
        v = int.from_bytes(d, 'big')
        return '6.18 fixed-point seconds: 0x%06x = %.6f s (mod 64 s)' % (v, v / (1 << 18))
    if 'transport-wide-cc' in u and len(d) == 2:
        return 'transport-wide sequence number %d' % int.from_bytes(d, 'big')
    if u.endswith('toffset') and len(d) == 3:
        v = int.from_bytes(d, 'big')
        v = v - (1 << 24) if v & 0x800000 else v
        return 'RFC 5450 transmission offset %d' % v
    if u.endswith('video-orientation') and len(d) >= 1:
        b = d[0]
        return 'CVO: C=%d F=%d R=%d (rotation %d degrees)' % ((b >> 3) & 1, (b >> 2) & 1, b & 3, (b & 3) * 90)
    if u.endswith('playout-delay') and len(d) == 3:
        v = int.from_bytes(d, 'big')
        return 'min=%d max=%d (x10 ms)' % (v >> 12, v & 0xFFF)
    if u.endswith('video-content-type') and len(d) >= 1:
        return 'content type %d (%s)' % (d[0], 'screenshare' if d[0] & 1 else 'unspecified/camera')
    if u.endswith('video-timing') and len(d) >= 13:
        vals = struct.unpack('>B6H', d[:13])
        return ('flags=0x%02x encode_start=%d encode_finish=%d packetization_finish=%d pacer_exit=%d '
                'network_ts=%d network2_ts=%d (ms deltas from capture)' % vals)
    if u.endswith('color-space'):
        return 'color space: primaries=%d transfer=%d matrix=%d range/chroma=0x%02x%s' % (
            d[0], d[1], d[2], d[3], '' if len(d) == 4 else ' + HDR metadata (%d bytes)' % (len(d) - 4))
    if u.endswith(('sdes:mid', 'rtp-stream-id', 'repaired-rtp-stream-id')):
        return 'text %r' % d.decode('ascii', 'replace')
    return 'data ' + d.hex(' ')


# ---- payload formats -------------------------------------------------------------------------


def vp8_payload(d):
    """RFC 7741 §4.2 payload descriptor, then the §4.3 payload header when S=1 and PID=0."""
    out = []
    if not d:
        return out, {}
    b = d[0]
    x, n, s, pid = b >> 7, (b >> 5) & 1, (b >> 4) & 1, b & 7
    out.append('  payload byte 0 = 0x%02x: X=%d (extended control bits %s) R=%d N=%d (%s) S=%d (%s) R=%d PID=%d (partition index)'
               % (b, x, 'follow' if x else 'absent', (b >> 6) & 1, n,
                  'non-reference frame' if n else 'reference frame', s,
                  'start of a VP8 partition' if s else 'not the start of a partition', (b >> 3) & 1, pid))
    i = 1
    info = dict(s=s, pid=pid)
    if x:
        e = d[i]
        I, L, T, K = e >> 7, (e >> 6) & 1, (e >> 5) & 1, (e >> 4) & 1
        out.append('  payload byte %d = 0x%02x: I=%d (PictureID) L=%d (TL0PICIDX) T=%d (TID) K=%d (KEYIDX) RSV=%d'
                   % (i, e, I, L, T, K, e & 0x0F))
        i += 1
        if I:
            if d[i] & 0x80:
                v = ((d[i] & 0x7F) << 8) | d[i + 1]
                out.append('  payload bytes %d-%d = %s: M=1, 15-bit PictureID=%d' % (i, i + 1, d[i:i + 2].hex(' '), v))
                i += 2
            else:
                v = d[i] & 0x7F
                out.append('  payload byte %d = 0x%02x: M=0, 7-bit PictureID=%d' % (i, d[i], v))
                i += 1
            info['picture_id'] = v
        if L:
            out.append('  payload byte %d = 0x%02x: TL0PICIDX=%d' % (i, d[i], d[i]))
            info['tl0picidx'] = d[i]
            i += 1
        if T or K:
            t = d[i]
            out.append('  payload byte %d = 0x%02x: TID=%d Y=%d KEYIDX=%d' % (i, t, t >> 6, (t >> 5) & 1, t & 0x1F))
            info['tid'] = t >> 6
            i += 1
    out.append('  payload descriptor: %d bytes; the VP8 bitstream starts at payload byte %d' % (i, i))
    info['descriptor_len'] = i
    if s and pid == 0 and len(d) >= i + 3:
        h = d[i:i + 3]
        pbit = h[0] & 1
        ver = (h[0] >> 1) & 7
        show = (h[0] >> 4) & 1
        size0 = ((h[0] >> 5) & 7) | (h[1] << 3) | (h[2] << 11)
        out.append('  VP8 payload header (RFC 7741 §4.3 / RFC 6386 §9.1) %s: P=%d (%s) VER=%d H(show_frame)=%d '
                   'first partition size=%d bytes' % (h.hex(' '), pbit, 'key frame' if pbit == 0 else 'interframe',
                                                      ver, show, size0))
        info['keyframe'] = pbit == 0
        if pbit == 0 and len(d) >= i + 10:
            sc = d[i + 3:i + 6]
            w, hh = struct.unpack('<HH', d[i + 6:i + 10])
            out.append('  key frame start code %s (%s), width=%d (scale %d), height=%d (scale %d)'
                       % (sc.hex(' '), 'valid' if sc == b'\x9d\x01\x2a' else 'INVALID',
                          w & 0x3FFF, w >> 14, hh & 0x3FFF, hh >> 14))
            info['width'], info['height'] = w & 0x3FFF, hh & 0x3FFF
    elif not (s and pid == 0):
        out.append('  (not the start of partition 0: no VP8 payload header in this packet)')
    return out, info


NAL_TYPES = {1: 'coded slice of a non-IDR picture', 5: 'coded slice of an IDR picture', 6: 'SEI',
             7: 'SPS', 8: 'PPS', 9: 'access unit delimiter', 24: 'STAP-A', 25: 'STAP-B', 26: 'MTAP16',
             27: 'MTAP24', 28: 'FU-A', 29: 'FU-B'}


def nal_header(b):
    return 'F=%d NRI=%d type=%d (%s)' % (b >> 7, (b >> 5) & 3, b & 0x1F, NAL_TYPES.get(b & 0x1F, '?'))


def sps_summary(n):
    if len(n) >= 4:
        return ('profile_idc=%d constraint_flags=0x%02x level_idc=%d (profile-level-id %s)'
                % (n[1], n[2], n[3], n[1:4].hex()))
    return ''


def h264_payload(d):
    """RFC 6184 §5.6-5.8: single NAL unit, STAP-A or FU-A."""
    out = []
    info = {}
    t = d[0] & 0x1F
    info['nal_type'] = t
    out.append('  payload byte 0 = 0x%02x: NAL unit header %s' % (d[0], nal_header(d[0])))
    if 1 <= t <= 23:
        out.append('  single NAL unit packet (RFC 6184 §5.6): the whole payload (%d bytes) is one NAL unit' % len(d))
        if t == 7:
            out.append('  SPS: ' + sps_summary(d))
        if t in (1, 5):
            out.append('  slice header and data begin at payload byte 1 (first_mb_in_slice etc., Exp-Golomb coded)')
    elif t == 24:
        out.append('  STAP-A (RFC 6184 §5.7.1): aggregation units follow, each a 16-bit NALU size then the NAL unit')
        i = 1
        units = []
        while i + 2 <= len(d):
            size = struct.unpack('>H', d[i:i + 2])[0]
            nal = d[i + 2:i + 2 + size]
            units.append(nal[0] & 0x1F)
            out.append('    payload bytes %d-%d = %s: NALU size=%d; payload byte %d = 0x%02x: NAL header %s; NAL unit = payload bytes %d-%d'
                       % (i, i + 1, d[i:i + 2].hex(' '), size, i + 2, nal[0], nal_header(nal[0]), i + 2, i + 1 + size))
            if nal[0] & 0x1F == 7:
                out.append('      SPS: ' + sps_summary(nal))
            if nal[0] & 0x1F in (1, 5):
                out.append('      (a whole slice NAL unit of %d bytes)' % size)
            i += 2 + size
        info['stap_units'] = units
        out.append('  STAP-A carries %d NAL units: types %s' % (len(units), units))
    elif t == 28:
        fh = d[1]
        s, e, ft = fh >> 7, (fh >> 6) & 1, fh & 0x1F
        info.update(fu_start=s, fu_end=e, fu_type=ft)
        out.append('  FU indicator 0x%02x: F=%d NRI=%d type=28 (FU-A, RFC 6184 §5.8)' % (d[0], d[0] >> 7, (d[0] >> 5) & 3))
        out.append('  payload byte 1 = 0x%02x: FU header S=%d (start) E=%d (end) R=%d type=%d (%s)'
                   % (fh, s, e, (fh >> 5) & 1, ft, NAL_TYPES.get(ft, '?')))
        if s:
            out.append('  reconstructed NAL unit header: 0x%02x (F and NRI from the FU indicator, type from the FU header)'
                       % ((d[0] & 0xE0) | ft))
        out.append('  fragment: %d bytes of NAL unit payload from payload byte 2' % (len(d) - 2))
    return out, info


OPUS_MODES = ['SILK NB 10', 'SILK NB 20', 'SILK NB 40', 'SILK NB 60', 'SILK MB 10', 'SILK MB 20', 'SILK MB 40',
              'SILK MB 60', 'SILK WB 10', 'SILK WB 20', 'SILK WB 40', 'SILK WB 60', 'Hybrid SWB 10',
              'Hybrid SWB 20', 'Hybrid FB 10', 'Hybrid FB 20', 'CELT NB 2.5', 'CELT NB 5', 'CELT NB 10',
              'CELT NB 20', 'CELT WB 2.5', 'CELT WB 5', 'CELT WB 10', 'CELT WB 20', 'CELT SWB 2.5',
              'CELT SWB 5', 'CELT SWB 10', 'CELT SWB 20', 'CELT FB 2.5', 'CELT FB 5', 'CELT FB 10', 'CELT FB 20']


def opus_payload(d):
    """RFC 6716 §3.1 TOC byte."""
    b = d[0]
    cfg, s, c = b >> 3, (b >> 2) & 1, b & 3
    mode, bw, ms = OPUS_MODES[cfg].split()
    out = ['  payload byte 0 = 0x%02x: Opus TOC (RFC 6716 §3.1): config=%d (%s, %s, %s ms frames) s=%d (%s) c=%d (%s)'
           % (b, cfg, mode, bw, ms, s, 'stereo' if s else 'mono', c,
              ['1 frame', '2 frames, equal size', '2 frames, different sizes', 'arbitrary number of frames'][c])]
    return out, dict(config=cfg, stereo=s, frames_code=c)


def rtp_dissect(p, sdp):
    r = rtp_fields(p)
    lines = []
    codec = sdp.codec(r['pt'])
    lines.append('RTP (RFC 3550 §5.1), %d bytes' % len(p))
    lines.append('  bytes 0-1 = %s: V=%d P=%d (padding) X=%d (extension) CC=%d M=%d (marker) PT=%d (%s)'
                 % (p[0:2].hex(' '), r['v'], r['p'], r['x'], r['cc'], r['m'], r['pt'], codec))
    lines.append('  bytes 2-3 = %s: sequence number %d' % (p[2:4].hex(' '), r['seq']))
    lines.append('  bytes 4-7 = %s: timestamp %d' % (p[4:8].hex(' '), r['ts']))
    lines.append('  bytes 8-11 = %s: SSRC %d (%s)' % (p[8:12].hex(' '), r['ssrc'], sdp.who(r['ssrc'])))
    for i in range(r['cc']):
        lines.append('  CSRC %d' % struct.unpack('>I', p[12 + 4 * i:16 + 4 * i])[0])
    if r['ext']:
        pos, profile, words = r['ext']
        form = 'RFC 8285 one-byte form' if profile == 0xBEDE else (
            'RFC 8285 two-byte form' if profile & 0xFFF0 == 0x1000 else 'not RFC 8285')
        lines.append('Header extension (RFC 3550 §5.3.1)')
        lines.append('  bytes %d-%d = %s: profile 0x%04x (%s), length %d words = %d bytes of elements'
                     % (pos, pos + 3, p[pos:pos + 4].hex(' '), profile, form, words, 4 * words))
        end = pos + 4 + 4 * words
        used = set()
        for off, hl, eid, d in r['elements']:
            uri = sdp.extmap.get(eid)
            ln_field = ('L=%d, ' % (len(d) - 1)) if hl == 1 else ('length=%d, ' % len(d))
            lines.append('  bytes %d-%d = %s: id=%d %s%d data bytes -> %s'
                         % (off, off + hl + len(d) - 1, p[off:off + hl + len(d)].hex(' '), eid, ln_field, len(d),
                            uri or 'id not in the SDP'))
            lines.append('      ' + ext_value(uri, d))
            used.update(range(off, off + hl + len(d)))
        pads = [i for i in range(pos + 4, end) if i not in used]
        if pads:
            lines.append('  %d zero padding byte(s) at %s end the extension block' % (len(pads), ','.join(map(str, pads))))
    pay = r['payload']
    po = r['payload_offset']
    padding = ', then %d padding bytes (last byte = count)' % r['padding'] if r['padding'] else ''
    if pay:
        lines.append('Payload: bytes %d-%d (%d bytes)%s' % (po, po + len(pay) - 1, len(pay), padding))
    else:
        lines.append('Payload: none (0 bytes from byte %d)%s' % (po, padding))
    name = sdp.codec_name(r['pt'])
    info = {}
    if name == 'RTX' and len(pay) < 2:
        lines.append('  RTX packet without OSN or payload: padding only (RFC 4588 stream used for bandwidth probing)')
        return lines, r, {'probe': True}
    if name == 'RTX':
        apt = int(codec.split('apt=')[1])
        lines.append('  RTX (RFC 4588 §4): bytes %d-%d = %s: original sequence number (OSN) %d; the original %s payload follows '
                     '(below, "payload byte" counts from the byte after the OSN)'
                     % (po, po + 1, pay[:2].hex(' '), struct.unpack('>H', pay[:2])[0], sdp.codec(apt)))
        info['osn'] = struct.unpack('>H', pay[:2])[0]
        pay = pay[2:]
        name = sdp.codec_name(apt)
    if not pay:
        lines.append('  (no payload: padding only, a probe or keep-alive)')
    elif name == 'VP8':
        more, info2 = vp8_payload(pay)
        lines += more
        info.update(info2)
    elif name == 'H264':
        more, info2 = h264_payload(pay)
        lines += more
        info.update(info2)
    elif name == 'OPUS':
        more, info2 = opus_payload(pay)
        lines += more
        info.update(info2)
    return lines, r, info


# ---- RTCP ---------------------------------------------------------------------------------


RTCP_TYPES = {192: 'FIR (RFC 2032, obsolete)', 193: 'NACK (RFC 2032, obsolete)', 200: 'SR', 201: 'RR',
              202: 'SDES', 203: 'BYE', 204: 'APP', 205: 'RTPFB', 206: 'PSFB', 207: 'XR'}
RTPFB = {1: 'Generic NACK (RFC 4585 §6.2.1)', 15: 'transport-wide congestion control feedback '
         '(draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1)'}
PSFB = {1: 'PLI (RFC 4585 §6.3.1)', 4: 'FIR (RFC 5104 §4.3.1)', 15: 'application layer feedback: REMB '
        '(draft-alvestrand-rmcat-remb-03)'}
SDES_ITEMS = {1: 'CNAME', 2: 'NAME', 3: 'EMAIL', 4: 'PHONE', 5: 'LOC', 6: 'TOOL', 7: 'NOTE', 8: 'PRIV'}


def report_block(d, o, lines, sdp):
    ssrc, lost, hi, jit, lsr, dlsr = struct.unpack('>IIIIII', d[o:o + 24])
    cum = lost & 0xFFFFFF
    cum = cum - (1 << 24) if cum & 0x800000 else cum
    lines.append('    bytes %d-%d: report block about SSRC %d (%s)' % (o, o + 23, ssrc, sdp.who(ssrc)))
    lines.append('      fraction lost %d/256, cumulative lost %d, extended highest seq %d (cycles %d, seq %d), '
                 'jitter %d, LSR 0x%08x, DLSR %d (1/65536 s)'
                 % (lost >> 24, cum, hi, hi >> 16, hi & 0xFFFF, jit, lsr, dlsr))


def twcc(d, lines, at):
    """draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1 feedback body (FCI), which starts
    at byte {at} of the datagram."""
    base, count, ref_fb = struct.unpack('>HHI', d[:8])
    ref = ref_fb >> 8
    ref = ref - (1 << 24) if ref & 0x800000 else ref
    lines.append('    bytes %d-%d = %s: base sequence number %d, packet status count %d, reference time %d '
                 '(x64 ms = %d ms), feedback packet count %d'
                 % (at, at + 7, d[:8].hex(' '), base, count, ref, ref * 64, ref_fb & 0xFF))
    i = 8
    symbols = []
    vector = False
    while len(symbols) < count:
        c = struct.unpack('>H', d[i:i + 2])[0]
        where = '    bytes %d-%d = %04x: ' % (at + i, at + i + 1, c)
        if c & 0x8000 == 0:
            sym, run = (c >> 13) & 3, c & 0x1FFF
            lines.append(where + 'run length chunk: symbol %d, run length %d' % (sym, run))
            symbols += [sym] * run
        elif c & 0x4000 == 0:
            v = [(c >> (13 - k)) & 1 for k in range(14)]
            lines.append(where + 'status vector chunk, 14 one-bit symbols %s' % ''.join(map(str, v)))
            symbols += v
            vector = True
        else:
            v = [(c >> (12 - 2 * k)) & 3 for k in range(7)]
            lines.append(where + 'status vector chunk, 7 two-bit symbols %s' % ' '.join(map(str, v)))
            symbols += v
            vector = True
        i += 2
    symbols = symbols[:count]
    lines.append('    symbols: 0 = not received, 1 = received with a small delta (1 byte), 2 = received with a '
                 'large or negative delta (2 bytes)')
    first = i
    deltas = []
    for sym in symbols:
        if sym == 1:
            deltas.append(d[i])
            i += 1
        elif sym == 2:
            deltas.append(struct.unpack('>h', d[i:i + 2])[0])
            i += 2
    received = sum(1 for sym in symbols if sym in (1, 2))
    missing = [(base + k) & 0xFFFF for k, sym in enumerate(symbols) if sym == 0]
    lines.append('    %d packets (transport-wide seq %d..%d): %d received (%d small, %d large deltas), %d not received'
                 % (count, base, (base + count - 1) & 0xFFFF, received, symbols.count(1), symbols.count(2),
                    symbols.count(0)))
    if missing:
        lines.append('    not received: transport-wide seq %s' % missing)
    if deltas:
        lines.append('    bytes %d-%d: receive deltas (x250 us), one per received packet: %s' % (at + first, at + i - 1, deltas))
    if i < len(d):
        lines.append('    bytes %d-%d: %d byte(s) after the last delta' % (at + i, at + len(d) - 1, len(d) - i))
    return dict(base=base, count=count, lost=symbols.count(0), missing=missing,
                vector=vector)


def rtcp_dissect(p, sdp):
    lines = ['RTCP, %d bytes' % len(p)]
    o = 0
    summary = []
    facts = []
    while o + 4 <= len(p):
        b0, pt, ln = struct.unpack('>BBH', p[o:o + 4])
        size = 4 * (ln + 1)
        d = p[o:o + size]
        pad = d[-1] if b0 & 0x20 else 0
        d = d[:len(d) - pad]
        rc = b0 & 0x1F
        name = RTCP_TYPES.get(pt, '?')
        sub = ''
        if pt == 205:
            sub = ' ' + RTPFB.get(rc, 'FMT %d' % rc)
        elif pt == 206:
            sub = ' ' + PSFB.get(rc, 'FMT %d' % rc)
        lines.append('')
        lines.append('  bytes %d-%d: %s: V=%d P=%d %s=%d PT=%d (%s)%s, length=%d (%d words after the first, %d bytes in all)'
                     % (o, o + size - 1, d[:4].hex(' '), b0 >> 6, (b0 >> 5) & 1,
                        'FMT' if pt in (205, 206) else 'count', rc, pt, name, sub, ln, ln, size))
        tag = '%s(%d)' % (name.split()[0], pt) + ('/FMT %d' % rc if pt in (205, 206) else '')
        fact = dict(pt=pt, count=rc, length=ln, size=size, offset=o, pad=pad)
        facts.append(fact)
        if pt == 200:
            ssrc, ntp_s, ntp_f, rtpts, pc, oc = struct.unpack('>IIIIII', d[4:28])
            lines.append('    sender SSRC %d (%s), NTP %d.%09d (0x%08x%08x), RTP timestamp %d, packet count %d, octet count %d'
                         % (ssrc, sdp.who(ssrc), ntp_s, ntp_f * 10 ** 9 >> 32, ntp_s, ntp_f, rtpts, pc, oc))
            for k in range(rc):
                report_block(p, o + 28 + 24 * k, lines, sdp)
            tag += ' rc=%d' % rc
        elif pt == 201:
            ssrc = struct.unpack('>I', d[4:8])[0]
            lines.append('    sender SSRC %d (%s)' % (ssrc, sdp.who(ssrc)))
            for k in range(rc):
                report_block(p, o + 8 + 24 * k, lines, sdp)
            tag += ' rc=%d' % rc
        elif pt == 202:
            i = 4
            for _ in range(rc):
                ssrc = struct.unpack('>I', d[i:i + 4])[0]
                lines.append('    chunk: SSRC %d (%s)' % (ssrc, sdp.who(ssrc)))
                i += 4
                while d[i] != 0:
                    it, il = d[i], d[i + 1]
                    lines.append('      item %d (%s), length %d: %r' % (it, SDES_ITEMS.get(it, '?'), il,
                                                                       d[i + 2:i + 2 + il].decode('ascii', 'replace')))
                    i += 2 + il
                nul = 4 - (i % 4)
                lines.append('      end of items: %d null byte(s) to a 32-bit boundary' % nul)
                i += nul
        elif pt == 203:
            for k in range(rc):
                lines.append('    SSRC %d leaves' % struct.unpack('>I', d[4 + 4 * k:8 + 4 * k]))
        elif pt in (205, 206):
            snd, med = struct.unpack('>II', d[4:12])
            lines.append('    sender SSRC %d (%s), media source SSRC %d (%s)'
                         % (snd, sdp.who(snd), med, sdp.who(med)))
            fci = d[12:]
            if pt == 205 and rc == 1:
                for k in range(0, len(fci), 4):
                    pid, blp = struct.unpack('>HH', fci[k:k + 4])
                    lost = [pid] + [pid + 1 + b for b in range(16) if blp >> b & 1]
                    lines.append('    bytes %d-%d = %s: FCI PID=%d BLP=0x%04x -> lost sequence numbers %s'
                                 % (o + 12 + k, o + 15 + k, fci[k:k + 4].hex(' '), pid, blp, lost))
                    fact.setdefault('nack', []).extend(lost)
            elif pt == 205 and rc == 15:
                fact['twcc'] = twcc(fci, lines, o + 12)
            elif pt == 206 and rc == 1:
                lines.append('    no FCI')
            elif pt == 206 and rc == 4:
                for k in range(0, len(fci), 8):
                    s, seq = struct.unpack('>IB', fci[k:k + 5])
                    lines.append('    FCI: SSRC %d, command sequence number %d' % (s, seq))
            elif pt == 206 and rc == 15 and fci[:4] == b'REMB':
                n, = fci[4:5]
                exp, mant = fci[5] >> 2, ((fci[5] & 3) << 16) | struct.unpack('>H', fci[6:8])[0]
                ssrcs = struct.unpack('>%dI' % n, fci[8:8 + 4 * n])
                lines.append('    FCI: "REMB", num SSRC=%d, BR exp=%d mantissa=%d -> %d bps, SSRCs %s'
                             % (n, exp, mant, mant << exp, list(ssrcs)))
                tag += ' REMB'
        elif pt == 207:
            ssrc = struct.unpack('>I', d[4:8])[0]
            lines.append('    sender SSRC %d (%s)' % (ssrc, sdp.who(ssrc)))
            i = 8
            while i < len(d):
                bt, _, bl = struct.unpack('>BBH', d[i:i + 4])
                if bt == 4:
                    s, f = struct.unpack('>II', d[i + 4:i + 12])
                    lines.append('    block type 4 (Receiver Reference Time, RFC 3611 §4.4), length %d: NTP 0x%08x%08x' % (bl, s, f))
                elif bt == 5:
                    for k in range(bl // 3):
                        s, lrr, dl = struct.unpack('>III', d[i + 4 + 12 * k:i + 16 + 12 * k])
                        lines.append('    block type 5 (DLRR, RFC 3611 §4.5), length %d: SSRC %d, LRR 0x%08x, DLRR %d'
                                     % (bl, s, lrr, dl))
                else:
                    lines.append('    block type %d, length %d' % (bt, bl))
                tag += ' bt=%d' % bt
                i += 4 + 4 * bl
        if pad:
            lines.append('    bytes %d-%d = %s: RTCP padding (P=1, RFC 3550 §6.4.1): %d byte(s), the last one holds the count'
                         % (o + size - pad, o + size - 1, p[o + size - pad:o + size].hex(' '), pad))
            tag += ' padding=%d' % pad
        summary.append(tag + ' len=%d' % ln)
        o += size
    if facts and facts[0]['pt'] in (200, 201):
        kind = 'compound packet (RFC 3550 §6.1): it starts with an %s' % ('SR' if facts[0]['pt'] == 200 else 'RR')
    else:
        kind = ('reduced-size RTCP (RFC 5506, a=rtcp-rsize in both SDPs): a lone feedback packet, '
                'not a compound packet starting with SR/RR')
    lines.insert(1, '  ' + kind)
    lines.insert(2, '  packets: ' + ', '.join(summary))
    return lines, summary, facts


# ---- output -------------------------------------------------------------------------------


def hexdump(p):
    return '\n'.join('%04x  %-48s %s' % (i, p[i:i + 16].hex(' '), ''.join(chr(c) if 32 <= c < 127 else '.' for c in p[i:i + 16]))
                     for i in range(0, len(p), 16))


def load(run):
    pk = list(read_pcap(os.path.join(run, 'call.pcap')))
    t0 = pk[0][0] if pk else 0
    return [(i, t - t0, sp, dp, p) for i, (t, sp, dp, p) in enumerate(pk)], Sdp(run)


def one_line(pkt, sdp):
    i, t, sp, dp, p = pkt
    k = classify(p)
    s = '%5d %7.3f %5d>%-5d %4dB %-4s ' % (i, t, sp, dp, len(p), k)
    if k == 'RTP':
        _, r, info = rtp_dissect(p, sdp)
        s += 'pt=%d %s seq=%d ts=%d ssrc=%d m=%d exts=%s %s' % (
            r['pt'], sdp.codec_name(r['pt']), r['seq'], r['ts'], r['ssrc'], r['m'],
            ','.join('%d:%d' % (e[2], len(e[3])) for e in r['elements']), info)
    elif k == 'RTCP':
        _, summary, _ = rtcp_dissect(p, sdp)
        s += ', '.join(summary)
    return s


def expected(p, sdp):
    """The values a test asserts, in one short block at the top of each dissection."""
    k = classify(p)
    out = ['Expected values (what a parser must report for this datagram)']
    if k == 'RTP':
        _, r, info = rtp_dissect(p, sdp)
        out.append('  RTP: PT=%d (%s), sequence number=%d, timestamp=%d, SSRC=%d (0x%08x), marker=%s, CSRC count=%d'
                   % (r['pt'], sdp.codec(r['pt']), r['seq'], r['ts'], r['ssrc'], r['ssrc'],
                      'true' if r['m'] else 'false', r['cc']))
        if r['ext']:
            pos, profile, words = r['ext']
            out.append('  header extension: profile 0x%04X, %d bytes of element data; header length %d'
                       % (profile, 4 * words, r['payload_offset']))
            for _off, _hl, eid, d in r['elements']:
                uri = sdp.extmap.get(eid, '?')
                out.append('    id %d: %d byte(s) %s -> %s' % (eid, len(d), d.hex(' '), uri.rsplit('/', 1)[-1].rsplit(':', 1)[-1]))
            ids = {e[2] for e in r['elements']}
            out.append('    absent ids: %s' % ', '.join(str(x) for x in range(1, 15) if x not in ids))
        else:
            out.append('  no header extension; header length %d' % r['payload_offset'])
        out.append('  payload offset %d, payload length %d, padding length %d (count byte included)'
                   % (r['payload_offset'], len(r['payload']), r['padding']))
        pay = r['payload']
        out.append('  payload first bytes: %s' % (pay[:12].hex(' ') if pay else '(none)'))
        name = sdp.codec_name(r['pt'])
        if name == 'RTX':
            apt = int(sdp.codec(r['pt']).split('apt=')[1])
            if info.get('probe'):
                out.append('  RTX (apt=%d): padding-only probe, no OSN, no media payload' % apt)
                return out
            out.append('  RTX (apt=%d): OSN %d; the original %s payload starts at payload byte 2'
                       % (apt, info['osn'], sdp.codec(apt)))
            name = sdp.codec_name(apt)
        if name == 'VP8':
            kf = info.get('keyframe')
            out.append('  VP8 payload descriptor: %d bytes, S=%d, PID=%d, PictureID=%s'
                       % (info['descriptor_len'], info['s'], info['pid'], info.get('picture_id')))
            if kf is None:
                out.append('  VP8 keyframe: no (not the first packet of a frame: S=0, so no VP8 payload header)')
            elif kf:
                out.append('  VP8 keyframe: yes (S=1, PID=0 and P=0 in the VP8 payload header), %dx%d'
                           % (info['width'], info['height']))
            else:
                out.append('  VP8 keyframe: no (S=1, PID=0, but P=1 in the VP8 payload header: an interframe)')
        elif name == 'H264':
            t = info['nal_type']
            if t == 24:
                u = info['stap_units']
                out.append('  H264: STAP-A with NAL unit types %s' % u)
                out.append('  H264 keyframe: %s' % ('yes (carries SPS and PPS, which start an IDR access unit)'
                                                   if 7 in u and 8 in u else 'yes (carries an IDR slice)' if 5 in u else 'no'))
            elif t == 28:
                out.append('  H264: FU-A, S=%d E=%d, fragmented NAL unit type %d' % (info['fu_start'], info['fu_end'], info['fu_type']))
                out.append('  H264 keyframe: %s' % ('yes (a fragment of an IDR slice, NAL type 5)' if info['fu_type'] == 5
                                                   else 'no (NAL type %d)' % info['fu_type']))
            else:
                out.append('  H264: single NAL unit packet, NAL type %d (%s)' % (t, NAL_TYPES.get(t, '?')))
                out.append('  H264 keyframe: %s' % ({5: 'yes (IDR slice)', 7: 'yes (SPS, which starts an IDR access unit)',
                                                    8: 'yes (PPS, part of the IDR access unit after the SPS)'}
                                                   .get(t, 'no (NAL type %d)' % t)))
        elif name == 'OPUS':
            out.append('  Opus TOC 0x%02x: config %d (%s ms), %s, frame count code %d'
                       % (pay[0], info['config'], OPUS_MODES[info['config']], 'stereo' if info['stereo'] else 'mono',
                          info['frames_code']))
    elif k == 'RTCP':
        _, _, facts = rtcp_dissect(p, sdp)
        parts = []
        for f in facts:
            n = RTCP_TYPES.get(f['pt'], '?').split()[0]
            if f['pt'] in (205, 206):
                sub = (RTPFB if f['pt'] == 205 else PSFB).get(f['count'], '').split(' (')[0]
                parts.append('%s(%d) FMT=%d %s len=%d words (%d bytes)%s' % (n, f['pt'], f['count'], sub, f['length'],
                                                                             f['size'], ' padding=%d' % f['pad'] if f['pad'] else ''))
            else:
                parts.append('%s(%d) count=%d len=%d words (%d bytes)%s' % (n, f['pt'], f['count'], f['length'], f['size'],
                                                                            ' padding=%d' % f['pad'] if f['pad'] else ''))
        out.append('  RTCP %s: %s' % ('compound' if facts[0]['pt'] in (200, 201) else 'reduced-size (RFC 5506)',
                                      ', '.join(parts)))
        for f in facts:
            if 'nack' in f:
                out.append('  NACK lost sequence numbers: %s' % f['nack'])
            if 'twcc' in f:
                w = f['twcc']
                out.append('  transport-cc: base seq %d, %d packets, %d not received%s'
                           % (w['base'], w['count'], w['lost'], ' (seq %s)' % w['missing'] if w['missing'] else ''))
    return out


def show(pkt, sdp, meta=None):
    i, t, sp, dp, p = pkt
    k = classify(p)
    head = []
    if meta:
        head += meta + ['']
    head += expected(p, sdp) + ['']
    head += ['Datagram #%d of call.pcap, t=%.3f s after the first datagram, UDP 127.0.0.1:%d -> 127.0.0.1:%d, %d bytes'
             % (i, t, sp, dp, len(p)),
             'RFC 7983 first byte 0x%02x -> %s%s' % (p[0], 'RTP/RTCP' if k in ('RTP', 'RTCP') else k,
                                                    '; second byte 0x%02x = %d -> %s (RFC 5761 §4: RTCP types are 192..223)'
                                                    % (p[1], p[1], k) if k in ('RTP', 'RTCP') else ''),
             '', hexdump(p), '']
    if k == 'RTP':
        body, _, _ = rtp_dissect(p, sdp)
    elif k == 'RTCP':
        body, _, _ = rtcp_dissect(p, sdp)
    else:
        body = []
    return '\n'.join(head + body) + '\n'


def pick(pkts, sdp):
    """Rules that choose the vectors, by the name each is saved under; the first match wins."""
    chosen = {}
    nacked = set()
    keyframe = None     # (ssrc, timestamp) of the first VP8 keyframe
    opus = 0
    for pkt in pkts:
        i, _t, _sp, _dp, p = pkt
        k = classify(p)
        rules = []
        if k == 'RTP':
            _, r, info = rtp_dissect(p, sdp)
            name = sdp.codec_name(r['pt'])
            if name == 'VP8':
                if info.get('keyframe') is True and keyframe is None:
                    keyframe = (r['ssrc'], r['ts'])
                    rules.append('vp8-keyframe-first')
                if keyframe == (r['ssrc'], r['ts']) and r['m'] and info['s'] == 0:
                    rules.append('vp8-keyframe-last')
                if info.get('keyframe') is False:
                    rules.append('vp8-delta-first')
            elif name == 'H264':
                t = info.get('nal_type')
                if t == 24:
                    rules.append('h264-stap-a-' + '-'.join({7: 'sps', 8: 'pps', 5: 'idr', 1: 'slice', 6: 'sei'}
                                                           .get(u, str(u)) for u in info['stap_units']))
                if t == 28 and info['fu_start']:
                    rules.append('h264-fu-a-%s-start' % ('idr' if info['fu_type'] == 5 else 'non-idr'))
                if t == 28 and info['fu_end']:
                    rules.append('h264-fu-a-%s-end' % ('idr' if info['fu_type'] == 5 else 'non-idr'))
                if t in (1, 5, 7, 8):
                    rules.append('h264-single-nal-' + {1: 'non-idr', 5: 'idr', 7: 'sps', 8: 'pps'}[t])
            elif name == 'RTX':
                codec = sdp.codec_name(int(sdp.codec(r['pt']).split('apt=')[1])).lower()
                if info.get('probe'):
                    rules.append(codec + '-rtx-padding-probe')
                elif info.get('osn') in nacked:
                    rules.append(codec + '-rtx-retransmission')
            elif name == 'OPUS':
                opus += 1
                if r['m']:
                    rules.append('opus-marker')
                if opus == 50:
                    rules.append('opus')
        elif k == 'RTCP':
            _, _, facts = rtcp_dissect(p, sdp)
            types = [(f['pt'], f['count'] if f['pt'] in (205, 206) else None) for f in facts]
            for f in facts:
                nacked.update(f.get('nack', []))
            if types == [(200, None), (202, None)]:
                rules.append('rtcp-sr-sdes')
            if types == [(200, None), (202, None), (207, None)]:
                rules.append('rtcp-sr-sdes-xr-dlrr')
            if types == [(201, None), (207, None)] and facts[0]['count'] == 2:
                rules.append('rtcp-rr-xr-rrtr')
            if types == [(201, None), (206, 15), (207, None)]:
                rules.append('rtcp-rr-remb-xr-rrtr')
            if types == [(205, 15)]:
                w = facts[0]['twcc']
                if w['lost'] == 0 and w['count'] >= 10:
                    rules.append('rtcp-transport-cc')
                if w['lost'] > 0 and w['vector']:
                    rules.append('rtcp-transport-cc-loss')
            if types == [(205, 1)]:
                rules.append('rtcp-nack')
            if types == [(206, 1)]:
                rules.append('rtcp-pli')
        for rule in rules:
            chosen.setdefault(rule, i)
    return chosen


def run_meta(run, name):
    """Header lines naming the run, the browser and the SDP that maps ids for this datagram."""
    label = os.path.basename(os.path.normpath(run))
    read = lambda f: open(os.path.join(run, f)).read().strip() if os.path.exists(os.path.join(run, f)) else '?'
    return ['%s: one whole UDP datagram (%s.bin) captured from a Chromium loopback call, unencrypted' % (name, name),
            'browser: %s' % read('version.txt'),
            'run: %s (%s); captured %s' % (label, read('run.txt'), read('date.txt')),
            'SDP of this run: sdp/%s.offer.sdp and sdp/%s.answer.sdp (payload types, extmap ids and SSRCs)'
            % (label, label),
            'dissection written by tools/capture-chromium/extract.py and checked by hand']


def main(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__)
    cmd, run = argv[1], argv[2]
    pkts, sdp = load(run)
    if cmd == 'list':
        for pkt in pkts:
            print(one_line(pkt, sdp))
    elif cmd == 'show':
        for n in argv[3:]:
            print(show(pkts[int(n)], sdp))
    elif cmd == 'pick':
        for name, i in pick(pkts, sdp).items():
            print('%-40s %d' % (name, i))
    elif cmd == 'save':
        out = argv[3]
        label = os.path.basename(os.path.normpath(run))
        os.makedirs(os.path.join(out, 'sdp'), exist_ok=True)
        for f in ('offer', 'answer'):
            src = os.path.join(run, f + '.sdp')
            if os.path.exists(src):
                # Byte for byte: Chromium ends SDP lines with CRLF, as RFC 8866 §5 requires.
                shutil.copyfile(src, os.path.join(out, 'sdp', '%s.%s.sdp' % (label, f)))
        picked = pick(pkts, sdp)
        for spec in argv[4:]:
            name, _, n = spec.partition('=')
            if not n and name not in picked:
                raise SystemExit('%s: no datagram of %s matches rule %s' % (argv[0], run, name))
            pkt = pkts[int(n) if n else picked[name]]
            with open(os.path.join(out, name + '.bin'), 'wb') as f:
                f.write(pkt[4])
            with open(os.path.join(out, name + '.txt'), 'w') as f:
                f.write(show(pkt, sdp, run_meta(run, name)))
            print('wrote %s.bin (%d bytes, datagram #%d of %s) and %s.txt' % (name, len(pkt[4]), pkt[0], label, name))
    else:
        raise SystemExit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
