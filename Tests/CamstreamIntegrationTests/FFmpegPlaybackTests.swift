import Foundation
import ProcessTestSupport
import Testing

/// Real ffmpeg and ffprobe decode the real camstream binary's stream, as a user's player would.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct FFmpegPlaybackTests {
    /// `ffmpeg -rtsp_transport udp|tcp -i URL -frames:v 60 -f framecrc -`: sixty decoded frames of the
    /// configured size, and nothing on stderr at `-v error` (so no decoder errors, no missing references).
    @Test(arguments: [("udp", PortRanges.ffmpegUDP), ("tcp", PortRanges.ffmpegTCP)])
    func ffmpegDecodesSixtyFrames(transport: String, ports: ClosedRange<Int>) async throws {
        let camstream = try await CamstreamProcess(["--source", "test", "--size", "320x240"], rtpPorts: ports)
        let result = try await Subprocess.run(
            "ffmpeg",
            ["-hide_banner", "-nostdin", "-v", "error", "-rtsp_transport", transport, "-i", camstream.url, "-frames:v", "60", "-f", "framecrc", "-"])
        #expect(!result.timedOut)
        #expect(result.status == 0, "ffmpeg failed: \(result.stderr)")
        #expect(result.stderr.isEmpty, "ffmpeg reported errors: \(result.stderr)")
        let sizes = framecrcFrameSizes(result.stdoutText)
        #expect(sizes.count == 60)
        #expect(sizes.allSatisfy { $0 == i420FrameBytes(width: 320, height: 240) })
        #expect(await camstream.stop() == 0)
    }

    @Test func ffprobeReportsH264AtTheConfiguredSize() async throws {
        let camstream = try await CamstreamProcess(["--source", "test", "--size", "640x360", "--profile", "high"], rtpPorts: PortRanges.ffprobe)
        let result = try await Subprocess.run(
            "ffprobe",
            ["-hide_banner", "-v", "error", "-rtsp_transport", "tcp", "-select_streams", "v:0",
             "-show_entries", "stream=codec_name,profile,width,height", "-of", "default=noprint_wrappers=1", camstream.url])
        #expect(result.status == 0, "ffprobe failed: \(result.stderr)")
        let fields = Dictionary(
            result.stdoutText.split(separator: "\n").compactMap { line -> (String, String)? in
                let parts = line.split(separator: "=", maxSplits: 1)
                return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
            }, uniquingKeysWith: { first, _ in first })
        #expect(fields["codec_name"] == "h264")
        #expect(fields["profile"] == "High")
        #expect(fields["width"] == "640")
        #expect(fields["height"] == "360")
        #expect(await camstream.stop() == 0)
    }
}
