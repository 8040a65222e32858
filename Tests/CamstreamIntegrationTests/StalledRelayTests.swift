import Foundation
import ProcessTestSupport
import Testing

/// A relay that stops reading must cost the camera's own viewers nothing. Counts frames in real time, so it
/// runs in scripts/test's one-at-a-time phase with the soak and the slow-viewer test.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct StalledRelayTests {
    /// A relay that answers RECORD and then never reads: the push's queue fills and its frames are dropped whole,
    /// while a local UDP viewer of the same stream decodes 30 s of frames without losing a packet, and
    /// camstream's memory stays where it was.
    @Test func stalledRelayCostsLocalViewersNothing() async throws {
        let relay = try await RelayProcess(script: "stalled_relay.py", arguments: ["0"])
        let camstream = try await CamstreamProcess(
            ["--source", "test", "--size", "640x360", "--bitrate", "4000", "--push", "rtsp://127.0.0.1:\(relay.port)/x"],
            rtpPorts: PortRanges.pushStalled)
        #expect(await relay.waitForLine(containing: "recording") != nil)
        let before = camstream.resources.rssKiB
        let viewer = try await Subprocess.run(
            "ffmpeg",
            [
                "-hide_banner", "-nostdin", "-v", "error", "-rtsp_transport", "udp", "-i", camstream.url, "-frames:v", "900", "-f",
                "framecrc", "-",
            ],
            timeout: .seconds(60))
        let after = camstream.resources.rssKiB
        #expect(viewer.status == 0, "ffmpeg failed: \(viewer.stderr)")
        // ffmpeg reports "RTP: missed N packets" at -v error: empty stderr means none was lost.
        #expect(viewer.stderr.isEmpty, "the local viewer lost packets: \(viewer.stderr)")
        #expect(framecrcFrameSizes(viewer.stdoutText).count == 900)
        #expect(camstream.lines.contains { $0.contains("viewer cannot keep up") && $0.contains("push rtsp://127.0.0.1:\(relay.port)/x") })
        print("stalled relay: camstream RSS \(before) KiB before, \(after) KiB after 900 frames (30 s)")
        #expect(after - before < 16 * 1024, "RSS grew from \(before) KiB to \(after) KiB")
        #expect(await camstream.stop() == 0)
        // The frames the relay never got are counted, in the line about the push's end.
        let stopped = camstream.lines.first { $0.contains("push stopped") }
        let dropped = stopped.flatMap { line in
            line.range(of: "push.dropped_access_units=").map { Int(line[$0.upperBound...].prefix { $0.isNumber }) ?? 0 }
        }
        print("stalled relay: \(dropped ?? -1) access units dropped for the relay")
        #expect((dropped ?? 0) > 0, "\(stopped ?? "no 'push stopped' line")")
    }
}
