import Foundation
import ProcessTestSupport
import Testing

/// PAUSE then PLAY with a real client: GStreamer's rtspsrc driven by a pipeline that pauses and resumes.
/// The stream resumes with fresh RTP-Info and an IDR, so the decoder goes on without errors.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct PausePlayTests {
    @Test(arguments: [("tcp", PortRanges.pausePlayTCP), ("udp", PortRanges.pausePlayUDP)])
    func gstreamerPausesAndResumes(protocols: String, ports: ClosedRange<Int>) async throws {
        let camstream = try await CamstreamProcess(["--source", "test", "--size", "320x240"], rtpPorts: ports)
        let result = try await Subprocess.run(
            GStreamerPausePlay.interpreter, ["-c", GStreamerPausePlay.script, camstream.url, protocols, "30"])
        #expect(result.status == 0, "the pause/play client failed: \(result.stdoutText) \(result.stderr)")
        #expect(result.stdoutText.contains("frames before pause: 30, after resume: 30"), "\(result.stdoutText)")
        #expect(await camstream.waitForLines(containing: "viewer playing", count: 2).count == 2, "PLAY, then PLAY again after PAUSE")
        #expect(camstream.lines.filter { $0.contains("viewer paused") }.count >= 1)
        #expect(!camstream.lines.contains { $0.contains("request refused") }, "\(camstream.lines.filter { $0.contains("refused") })")
        #expect(await camstream.stop() == 0)
    }
}
