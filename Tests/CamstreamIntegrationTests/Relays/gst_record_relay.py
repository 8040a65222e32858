#!/usr/bin/python3
"""A gst-rtsp-server in RECORD mode, as the push tests' relay: it accepts ANNOUNCE/SETUP/RECORD at /MOUNT,
decodes what it receives (rtph264depay ! h264parse ! avdec_h264) and prints one line per event on stdout:

  listening PORT
  auth ok USER          (the first request that passed Digest authentication)
  first-buffer keyframe=True|False   (the first access unit of each RECORD session, after h264parse)
  decoded N WIDTHxHEIGHT             (every 10th decoded frame, and the first)
  error MESSAGE                      (a warning or error on the media's bus)

Usage: gst_record_relay.py PORT MOUNT [USER PASSWORD]. With USER and PASSWORD, only Digest is accepted.
Runs until killed; the test owns its lifetime.
"""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402


def say(line):
    print(line, flush=True)


def main():
    port, mount = sys.argv[1], sys.argv[2]
    credentials = sys.argv[3:5] if len(sys.argv) >= 5 else None
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_service(port)
    server.set_address("127.0.0.1")

    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_transport_mode(GstRtspServer.RTSPTransportMode.RECORD)
    factory.set_launch(
        "( rtph264depay name=depay0 ! h264parse name=parse ! avdec_h264 ! fakesink name=sink signal-handoffs=true sync=false )"
    )
    factory.set_latency(100)
    decoded = [0]

    def media_constructed(_factory, media):
        element = media.get_element()
        first = [True]

        def parsed(_pad, info):
            if first[0]:
                first[0] = False
                buffer = info.get_buffer()
                say("first-buffer keyframe=%s" % (not buffer.has_flags(Gst.BufferFlags.DELTA_UNIT)))
            return Gst.PadProbeReturn.OK

        element.get_by_name("parse").get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, parsed)

        def handoff(sink, _buffer, pad):
            decoded[0] += 1
            if decoded[0] == 1 or decoded[0] % 10 == 0:
                structure = pad.get_current_caps().get_structure(0)
                say("decoded %d %dx%d" % (decoded[0], structure.get_value("width"), structure.get_value("height")))

        element.get_by_name("sink").connect("handoff", handoff)

        def on_message(_bus, message):
            if message.type in (Gst.MessageType.ERROR, Gst.MessageType.WARNING):
                error, _debug = message.parse_error() if message.type == Gst.MessageType.ERROR else message.parse_warning()
                say("error %s" % error.message)

        bus = element.get_bus() if hasattr(element, "get_bus") else None
        if bus is not None:
            bus.add_signal_watch()
            bus.connect("message", on_message)

    factory.connect("media-constructed", media_constructed)

    if credentials:
        user, password = credentials
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string("media.factory.role", user)
        auth.add_digest(user, password, token)
        # Digest alone (GStreamer 1.16 and later; Debian 12 has 1.22): Basic is never offered.
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
        auth.set_realm("relay")
        server.set_auth(auth)
        factory.add_role_from_structure(
            Gst.Structure.new_from_string(
                "%s, media.factory.access=(boolean)true, media.factory.construct=(boolean)true" % user
            )
        )
    else:
        factory.add_role_from_structure(
            Gst.Structure.new_from_string("anonymous, media.factory.access=(boolean)true, media.factory.construct=(boolean)true")
        )

    server.get_mount_points().add_factory("/" + mount, factory)

    def client_connected(_server, client):
        say("client connected")

    server.connect("client-connected", client_connected)
    server.attach(None)
    say("listening %s" % server.get_bound_port())
    GLib.MainLoop().run()


main()
