#!/usr/bin/env bash
# Captures one Chromium loopback call (loopback-call.html) on lo, unencrypted, into OUTDIR.
#
#   capture.sh OUTDIR [QUERY]      e.g.  capture.sh /tmp/cap/vp8 'codec=VP8'
#                                        capture.sh /tmp/cap/h264 'codec=H264&pm=1'
#   DROP_PT=96 capture.sh ...      drop each RTP packet of payload type 96 whose sequence number
#                                  ends in hex 5 (1 in 16), but not its RTX retransmission: the
#                                  receiver sends a NACK and the sender answers on the RTX stream
#   BLACKOUT_MS=500 capture.sh ... drop every datagram over 400 bytes from the start until 500 ms
#                                  after ICE connects: the receiver loses the first keyframe, its
#                                  first complete frame is a delta frame, and it sends a PLI
#
# Everything runs in a private network namespace (unshare -n) that has only lo, so no packet
# can leave the machine. OUTDIR gets call.pcap, offer.sdp, answer.sdp (and *-gathered.sdp with
# candidates), stats-pc*.json, log, chromium.log, version.txt, date.txt and run.txt.
# Needs root, chromium, tcpdump (and nftables for DROP_PT or BLACKOUT_MS).
set -euo pipefail

if [ -z "${SLUICE_CAPTURE_NETNS:-}" ]; then
  exec unshare -n env SLUICE_CAPTURE_NETNS=1 "$0" "$@"
fi

OUTDIR=$1
QUERY=${2:-codec=VP8}
PORT=${PORT:-8765}
SECS_LIMIT=${SECS_LIMIT:-25}
HERE=$(cd "$(dirname "$0")" && pwd)

ip link set lo up
mkdir -p "$OUTDIR"
rm -f "$OUTDIR"/{done,log,call.pcap}

# Audio, RTCP and STUN datagrams stay under 400 bytes; video datagrams of this call are larger.
if [ -n "${DROP_PT:-}${BLACKOUT_MS:-}" ]; then
  nft add table inet sluice_loss
  nft add chain inet sluice_loss out '{ type filter hook output priority 0; }'
  # @th is the UDP header: the RTP payload type is bits 73-79 and the sequence number bits 80-95.
  [ -z "${DROP_PT:-}" ] || nft add rule inet sluice_loss out udp length gt 400 @th,73,7 "$DROP_PT" @th,92,4 5 drop
  [ -z "${BLACKOUT_MS:-}" ] || nft add rule inet sluice_loss out udp length gt 400 drop comment '"blackout"'
fi

python3 "$HERE/serve.py" "$PORT" "$OUTDIR" &
SERVER=$!
tcpdump -i lo -U -s 0 -w "$OUTDIR/call.pcap" udp and host 127.0.0.1 2>"$OUTDIR/tcpdump.log" &
TCPDUMP=$!
sleep 0.5

chromium --version > "$OUTDIR/version.txt" 2>/dev/null
date -u +%Y-%m-%dT%H:%MZ > "$OUTDIR/date.txt"
echo "page query '$QUERY'${DROP_PT:+, DROP_PT=$DROP_PT (RTP packets of PT $DROP_PT with seq ending in hex 5 dropped)}${BLACKOUT_MS:+, BLACKOUT_MS=$BLACKOUT_MS (video dropped until $BLACKOUT_MS ms after ICE connected)}" > "$OUTDIR/run.txt"
PROFILE=$(mktemp -d)
timeout "$SECS_LIMIT" chromium \
  --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --use-fake-device-for-media-stream --use-fake-ui-for-media-stream \
  --allow-loopback-in-peer-connection --disable-webrtc-encryption \
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost' \
  --user-data-dir="$PROFILE" --enable-logging=stderr --v=0 \
  "http://127.0.0.1:$PORT/loopback-call.html?$QUERY" > "$OUTDIR/chromium.log" 2>&1 &
BROWSER=$!

blackout_on=${BLACKOUT_MS:+1}
for _ in $(seq $((SECS_LIMIT * 10))); do
  [ -e "$OUTDIR/done" ] && break
  if [ -n "$blackout_on" ] && grep -q '^connected' "$OUTDIR/log" 2>/dev/null; then
    sleep "$(awk "BEGIN{print $BLACKOUT_MS/1000}")"
    handle=$(nft -a list chain inet sluice_loss out | sed -n 's/.*comment "blackout" # handle \([0-9]*\)/\1/p')
    nft delete rule inet sluice_loss out handle "$handle"
    echo "blackout ended" >> "$OUTDIR/log"
    blackout_on=
  fi
  kill -0 "$BROWSER" 2>/dev/null || break
  sleep 0.1
done
kill "$BROWSER" 2>/dev/null || true
wait "$BROWSER" 2>/dev/null || true
sleep 0.3
kill "$TCPDUMP" "$SERVER" 2>/dev/null || true
wait "$TCPDUMP" "$SERVER" 2>/dev/null || true
rm -rf "$PROFILE"
[ -e "$OUTDIR/done" ] || { echo "capture.sh: the page never reported done (see $OUTDIR/chromium.log)" >&2; exit 1; }
cat "$OUTDIR/log"
