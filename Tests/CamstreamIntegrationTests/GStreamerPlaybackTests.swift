import Foundation
import ProcessTestSupport
import Testing

/// GStreamer's rtspsrc, depayloader and libav decoder play the stream; the decoded raw frames
/// are written out and counted by size (identity passes eos-after − 1 buffers, then ends the stream).
@Suite(.serialized, .timeLimit(.minutes(3)))
struct GStreamerPlaybackTests {
    @Test(arguments: [("udp", PortRanges.gstreamerUDP), ("tcp", PortRanges.gstreamerTCP)])
    func gstreamerDecodesThirtyFrames(protocols: String, ports: ClosedRange<Int>) async throws {
        let camstream = try await CamstreamProcess(["--source", "test", "--size", "320x240"], rtpPorts: ports)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("camstream-gst-\(protocols)-\(getpid()).yuv")
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try await Subprocess.run(
            "gst-launch-1.0",
            ["-q", "rtspsrc", "location=\(camstream.url)", "protocols=\(protocols)", "latency=0",
             "!", "rtph264depay", "!", "avdec_h264", "!", "video/x-raw,format=I420",
             "!", "identity", "eos-after=31", "!", "filesink", "location=\(output.path)"])
        #expect(!result.timedOut)
        #expect(gstreamerEndedWell(result), "gst-launch failed: \(result.stderr)")
        let bytes = try FileManager.default.attributesOfItem(atPath: output.path)[.size] as? Int
        #expect(bytes == 30 * i420FrameBytes(width: 320, height: 240))
        #expect(await camstream.stop() == 0)
    }
}
