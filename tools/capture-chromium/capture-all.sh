#!/usr/bin/env bash
# Repeats the whole capture: six short Chromium loopback calls, then picks the golden vectors by
# rule (extract.py pick) and writes them, with their dissections and SDP, into OUT.
#
#   capture-all.sh [OUT]   OUT defaults to media-core's test resources
#                          (io/sluice/media/captured/chromium); the raw runs stay in $WORK.
#
# A new capture has new SSRCs, sequence numbers and timestamps: the Chromium*CaptureTest classes
# (media-core's captured package, and ChromiumSdpCaptureTest in signaling, which reads copies of
# the SDP in signaling's test resources) assert the values of the committed capture and must be
# updated from the new .txt and .sdp files.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$HERE/../../media-core/src/test/resources/io/sluice/media/captured/chromium}
WORK=${WORK:-$(mktemp -d /tmp/sluice-capture.XXXXXX)}
echo "runs in $WORK"

# SKIP_CAPTURE=1 WORK=DIR: only extract again from the runs already in DIR.
if [ -z "${SKIP_CAPTURE:-}" ]; then
"$HERE/capture.sh" "$WORK/vp8" 'codec=VP8'
"$HERE/capture.sh" "$WORK/vp8-remb" 'codec=VP8&bwe=remb'
"$HERE/capture.sh" "$WORK/h264" 'codec=H264&pm=1'
"$HERE/capture.sh" "$WORK/h264-pm0" 'codec=H264&pm=0'
# The drops are deterministic, but what Chromium does about them is not quite (a dropped packet
# can be resent as a probe before the receiver misses it): retry a run that lacks what it is for.
retry() {  # retry RULES... -- capture.sh arguments (with environment)
  local rules=() attempt picked ok r
  while [ "$1" != "--" ]; do rules+=("$1"); shift; done
  shift
  for attempt in 1 2 3; do
    env "$@"
    picked=$(python3 "$HERE/extract.py" pick "${@: -2:1}")
    ok=1
    for r in "${rules[@]}"; do grep -q "^$r " <<<"$picked" || ok=; done
    [ -n "$ok" ] && return 0
  done
  echo "capture-all.sh: no ${rules[*]} in three runs" >&2
  return 1
}
retry rtcp-nack vp8-rtx-retransmission rtcp-transport-cc-loss -- \
  DROP_PT=96 "$HERE/capture.sh" "$WORK/vp8-nack" 'codec=VP8'
retry rtcp-pli -- BLACKOUT_MS=400 "$HERE/capture.sh" "$WORK/vp8-pli" 'codec=VP8'
fi

mkdir -p "$OUT"
X="python3 $HERE/extract.py save"
$X "$WORK/vp8" "$OUT" vp8-keyframe-first vp8-keyframe-last vp8-delta-first vp8-rtx-padding-probe \
  opus-marker opus rtcp-sr-sdes rtcp-sr-sdes-xr-dlrr rtcp-rr-xr-rrtr rtcp-transport-cc
$X "$WORK/vp8-nack" "$OUT" vp8-rtx-retransmission rtcp-nack rtcp-transport-cc-loss
$X "$WORK/vp8-pli" "$OUT" rtcp-pli
$X "$WORK/vp8-remb" "$OUT" rtcp-rr-remb-xr-rrtr
$X "$WORK/h264" "$OUT" h264-stap-a-sps-pps h264-fu-a-idr-start h264-fu-a-non-idr-start
$X "$WORK/h264-pm0" "$OUT" h264-single-nal-sps h264-single-nal-idr h264-single-nal-non-idr
# The VP8 run's descriptions once ICE had gathered, with a=candidate lines, for signaling tests.
cp "$WORK/vp8/offer-gathered.sdp" "$OUT/sdp/vp8.offer-gathered.sdp"
cp "$WORK/vp8/answer-gathered.sdp" "$OUT/sdp/vp8.answer-gathered.sdp"
for r in vp8 vp8-nack vp8-pli vp8-remb h264 h264-pm0; do
  echo "$r: $(cat "$WORK/$r/run.txt"); $(cat "$WORK/$r/date.txt")"
done
