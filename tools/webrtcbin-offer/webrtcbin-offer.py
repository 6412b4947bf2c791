#!/usr/bin/python3
"""Makes a real GStreamer webrtcbin WHIP offer and applies an answer to it.

A sendonly webrtcbin (max-bundle, NACK on, as GStreamer's webrtcsink and whipclientsink set it)
fed by videotestsrc -> vp8enc -> rtpvp8pay and audiotestsrc -> opusenc -> rtpopuspay.

Protocol, one JSON object per line:
  stdout: {"version", "offer" (create-offer's SDP), "gathered" (the local description once ICE
           gathering completed), "complete" (whether it did within 5 s)}
  stdin:  {"answer": SDP}  (or EOF to stop without one)
  stdout: {"error" ("" when set-remote-description succeeded), "directions" (current-direction
           of each transceiver, in m-line order)}

`--check` prints the GStreamer version and exits 0, or exits 3 when something is missing.
Used by signaling's WebrtcbinClient (RealClientLiveTest, RealClientSdpCapture); by hand:
  /usr/bin/python3 tools/webrtcbin-offer/webrtcbin-offer.py </dev/null
Needs: python3-gi python3-gst-1.0 gir1.2-gst-plugins-bad-1.0 gstreamer1.0-plugins-bad
gstreamer1.0-plugins-good gstreamer1.0-nice (.ci/install-peers).
"""
import json
import sys
import threading

# Exit status when GStreamer, its Python bindings or an element is missing (--check).
MISSING = 3
ELEMENTS = ("webrtcbin", "nicesrc", "videotestsrc", "vp8enc", "rtpvp8pay", "audiotestsrc",
            "opusenc", "rtpopuspay")

try:
    import gi

    gi.require_version("Gst", "1.0")
    gi.require_version("GstSdp", "1.0")
    gi.require_version("GstWebRTC", "1.0")
    from gi.repository import Gst, GstSdp, GstWebRTC
except (ImportError, ValueError) as e:
    print("webrtcbin-offer: %s" % e, file=sys.stderr)
    sys.exit(MISSING)

PIPELINE = (
    "webrtcbin name=webrtc bundle-policy=max-bundle "
    "videotestsrc is-live=true num-buffers=300 ! video/x-raw,width=320,height=240,framerate=15/1 "
    "! videoconvert ! vp8enc deadline=1 ! rtpvp8pay pt=96 "
    "! application/x-rtp,media=video,encoding-name=VP8,payload=96 ! webrtc. "
    "audiotestsrc is-live=true num-buffers=300 ! audioconvert ! audioresample ! opusenc "
    "! rtpopuspay pt=111 ! application/x-rtp,media=audio,encoding-name=OPUS,payload=111 "
    "! webrtc. "
)
GATHER_SECONDS = 5


def emit_and_wait(webrtc, signal, *args):
    promise = Gst.Promise.new()
    webrtc.emit(signal, *args, promise)
    promise.wait()
    return promise.get_reply()


def transceivers(webrtc):
    # get-transceivers returns a GArray, which PyGObject cannot iterate; ask one index at a time.
    result = []
    while True:
        t = webrtc.emit("get-transceiver", len(result))
        if t is None:
            return result
        result.append(t)


def main():
    Gst.init(None)
    missing = [e for e in ELEMENTS if Gst.ElementFactory.find(e) is None]
    if missing:
        print("webrtcbin-offer: no GStreamer element %s" % ", ".join(missing), file=sys.stderr)
        sys.exit(MISSING)
    if sys.argv[1:] == ["--check"]:
        print(Gst.version_string())
        return
    pipeline = Gst.parse_launch(PIPELINE)
    webrtc = pipeline.get_by_name("webrtc")
    for t in transceivers(webrtc):
        t.set_property("direction", GstWebRTC.WebRTCRTPTransceiverDirection.SENDONLY)
        t.set_property("do-nack", True)

    negotiation_needed = threading.Event()
    gathering_complete = threading.Event()
    webrtc.connect("on-negotiation-needed", lambda *_: negotiation_needed.set())

    def on_gathering(element, _pspec):
        if element.get_property("ice-gathering-state") == GstWebRTC.WebRTCICEGatheringState.COMPLETE:
            gathering_complete.set()

    webrtc.connect("notify::ice-gathering-state", on_gathering)
    pipeline.set_state(Gst.State.PLAYING)
    try:
        if not negotiation_needed.wait(10):
            raise SystemExit("webrtcbin never asked for negotiation")
        reply = emit_and_wait(webrtc, "create-offer", None)
        offer = reply.get_value("offer")
        if offer is None:
            raise SystemExit("create-offer failed: %s" % reply.to_string())
        emit_and_wait(webrtc, "set-local-description", offer)
        complete = gathering_complete.wait(GATHER_SECONDS)
        gathered = webrtc.get_property("local-description").sdp.as_text()
        print(json.dumps({"version": Gst.version_string(), "offer": offer.sdp.as_text(),
                          "gathered": gathered, "complete": complete}), flush=True)

        line = sys.stdin.readline()
        if not line:
            return
        answer_sdp = json.loads(line)["answer"]
        result, sdp = GstSdp.SDPMessage.new_from_text(answer_sdp)
        if result != GstSdp.SDPResult.OK:
            print(json.dumps({"error": "GstSdp cannot parse the answer: %s" % result,
                              "directions": []}), flush=True)
            return
        answer = GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType.ANSWER, sdp)
        reply = emit_and_wait(webrtc, "set-remote-description", answer)
        error = ""
        if reply is not None and reply.has_field("error"):
            error = str(reply.get_value("error"))
        directions = [t.get_property("current-direction").value_nick
                      for t in transceivers(webrtc)]
        print(json.dumps({"error": error, "directions": directions}), flush=True)
    finally:
        pipeline.set_state(Gst.State.NULL)


if __name__ == "__main__":
    main()
