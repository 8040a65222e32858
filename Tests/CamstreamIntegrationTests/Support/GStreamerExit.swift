import ProcessTestSupport

/// Whether a `gst-launch-1.0 … ! identity eos-after=N ! …` run ended well.
///
/// When the pipeline reaches EOS, gst-launch takes rtspsrc down while rtspsrc's own task may still be sending
/// PAUSE; if TEARDOWN closed the connection first, rtspsrc posts "Could not send message" and gst-launch exits
/// 1 after a run that decoded everything. That race is GStreamer's, at its own shutdown, so it is accepted
/// here, and only here: any other error, or this one before EOS, still fails (the decoded output is
/// checked separately by each test).
func gstreamerEndedWell(_ result: Subprocess.Result) -> Bool {
    if result.status == 0 { return true }
    let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("ERROR:") }
    return !result.timedOut && !errors.isEmpty
        && result.stderr.contains("Could not send message")
        && errors.allSatisfy { $0.contains("Could not write to resource") }
}
