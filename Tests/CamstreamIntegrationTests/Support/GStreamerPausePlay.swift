/// A GStreamer application (Python, PyGObject) that plays, pauses and plays again, as a person with a pause
/// button does: rtspsrc sends PAUSE when the pipeline pauses and PLAY when it resumes. It counts decoded frames
/// before the pause and after the resume, and exits 0 once both reach the count asked for.
///
/// Usage: `/usr/bin/python3 -c SCRIPT URL PROTOCOLS FRAMES`. Debian's python3-gi lives in the system Python.
enum GStreamerPausePlay {
    static let interpreter = "/usr/bin/python3"

    static let script = #"""
        import sys
        import gi
        gi.require_version("Gst", "1.0")
        from gi.repository import GLib, Gst

        Gst.init(None)
        url, protocols, wanted = sys.argv[1], sys.argv[2], int(sys.argv[3])
        # async=false: a paused live pipeline never prerolls, so the sink must not wait for it.
        pipeline = Gst.parse_launch(
            f"rtspsrc location={url} protocols={protocols} latency=0 ! rtph264depay ! avdec_h264 ! "
            "fakesink name=sink signal-handoffs=true sync=false async=false")
        loop = GLib.MainLoop()
        state = {"phase": 0, "counts": [0, 0], "status": 1}

        def finish(status):
            state["status"] = status
            loop.quit()
            return False

        def resume():
            print("resuming", flush=True)
            pipeline.set_state(Gst.State.PLAYING)
            return False

        def pause():
            print("pausing", flush=True)
            state["phase"] = 1
            pipeline.set_state(Gst.State.PAUSED)
            GLib.timeout_add(500, resume)
            return False

        def on_handoff(sink, buffer, pad):
            phase = state["phase"]
            state["counts"][phase] += 1
            if phase == 0 and state["counts"][0] == wanted:
                GLib.idle_add(pause)
            elif phase == 1 and state["counts"][1] == wanted:
                GLib.idle_add(finish, 0)

        def on_message(bus, message):
            if message.type == Gst.MessageType.ERROR:
                error, debug = message.parse_error()
                print(f"error: {error.message} {debug}", flush=True)
                finish(2)

        pipeline.get_by_name("sink").connect("handoff", on_handoff)
        bus = pipeline.get_bus()
        bus.add_signal_watch()
        bus.connect("message", on_message)
        GLib.timeout_add_seconds(30, finish, 3)
        pipeline.set_state(Gst.State.PLAYING)
        loop.run()
        pipeline.set_state(Gst.State.NULL)
        print(f"frames before pause: {state['counts'][0]}, after resume: {state['counts'][1]}", flush=True)
        sys.exit(state["status"])
        """#
}
