import Foundation
import H264
import ProcessTestSupport
import RTSP
import Testing

/// A stream with a sub-stream: both play at once at their own sizes from one capture thread, each joiner gets
/// an IDR first, and /api/status shows the pair.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct SubstreamTests {
    /// Scheduled keyframes only every 10 s, so an IDR a joiner gets was made for it.
    static let arguments = ["--source", "test", "--size", "640x480", "--substream", "320x240", "--keyint", "300"]

    @Test func bothStreamsPlayAtTheirSizesFromOneCapture() async throws {
        let httpPort = PortRanges.substreamHTTP
        let camstream = try await CamstreamProcess(Self.arguments + ["--http-port", "\(httpPort)"], rtpPorts: PortRanges.substream)
        let probe = try await Subprocess.run(
            "ffprobe",
            [
                "-v", "error", "-rtsp_transport", "tcp", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0",
                camstream.url + "/sub",
            ],
            timeout: .seconds(30))
        #expect(probe.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "320,240", "ffprobe: \(probe.stderr)")

        func decode(_ url: String, transport: String) async throws -> Subprocess.Result {
            try await Subprocess.run(
                "ffmpeg",
                [
                    "-hide_banner", "-nostdin", "-v", "error", "-rtsp_transport", transport, "-i", url, "-frames:v", "60", "-f", "framecrc",
                    "-",
                ],
                timeout: .seconds(30))
        }
        async let main = decode(camstream.url, transport: "udp")
        async let sub = decode(camstream.url + "/sub", transport: "tcp")
        let (mainResult, subResult) = try await (main, sub)
        #expect(
            framecrcFrameSizes(mainResult.stdoutText) == Array(repeating: i420FrameBytes(width: 640, height: 480), count: 60),
            "\(mainResult.stderr)")
        #expect(
            framecrcFrameSizes(subResult.stdoutText) == Array(repeating: i420FrameBytes(width: 320, height: 240), count: 60),
            "\(subResult.stderr)")

        // One capture thread made both: the sub-stream's encoder runs on a thread of its own beside it.
        let threads = try Self.threadNames(of: camstream.processIdentifier)
        #expect(threads.filter { $0 == "capture" }.count == 1, "threads: \(threads)")
        #expect(threads.filter { $0 == "substream" }.count == 1, "threads: \(threads)")
        #expect(camstream.lines.filter { $0.contains("sub-stream fed from the capture of cam") }.count == 1)
        #expect(camstream.lines.filter { $0.contains("stream.path=cam/sub") && $0.contains("viewer playing") }.count >= 2)

        // The status page shows the pair, and the sub-stream's own picture.
        try #require(await camstream.waitForLine(containing: "browsers can open http://127.0.0.1:\(httpPort)/") != nil)
        let status = try await Subprocess.run("curl", ["-sf", "http://127.0.0.1:\(httpPort)/api/status"], timeout: .seconds(10))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(status.stdoutText.utf8)) as? [String: Any])
        let streams = try #require(document["streams"] as? [[String: Any]])
        let subStatus = try #require(streams.first { $0["path"] as? String == "cam/sub" })
        #expect(subStatus["substream_of"] as? String == "cam")
        #expect(subStatus["width"] as? Int == 320 && subStatus["height"] as? Int == 240)
        #expect(streams.first { $0["path"] as? String == "cam" }?["substream"] as? String == "cam/sub")
        #expect(await camstream.stop() == 0)
    }

    /// Well into a ten-second GOP, a joiner of either stream starts on SPS, PPS and an IDR made for it.
    @Test func aJoinerOfEitherStreamGetsAnIDRFirst() async throws {
        let camstream = try await CamstreamProcess(Self.arguments, rtpPorts: PortRanges.substreamJoin)
        try await RTSPTestClient.withConnection(port: camstream.port, path: "cam/sub") { watcher in
            var watching = try PacketStream(rtpInfo: try await watcher.playInterleaved())
            try await watching.readAccessUnits(45, from: &watcher)
            for path in ["cam/sub", "cam"] {
                try await RTSPTestClient.withConnection(port: camstream.port, path: path) { joiner in
                    let play = try await joiner.playInterleaved()
                    #expect(play.status == .ok)
                    var joining = try PacketStream(rtpInfo: play)
                    let first = try await joining.readAccessUnits(1, from: &joiner)[0]
                    #expect(first.startsDecoding, "\(path): the first access unit is not SPS, PPS and an IDR")
                    #expect(joining.firstPacketMatchedRTPInfo)
                }
            }
            try await watching.readAccessUnits(15, from: &watcher)
            #expect(watching.sequenceGaps == 0)
        }
        #expect(await camstream.stop() == 0)
    }

    /// A user allowed the stream may open its sub-stream; a user allowed only another stream may not.
    @Test func theSubstreamIsAuthenticatedLikeItsStream() async throws {
        let directory = try TemporaryDirectory("substream")
        let config = """
            users:
              - {name: viewer, password: pw, streams: [cam]}
              - {name: other, password: pw, streams: [door]}
            streams:
              cam: {source: test, width: 320, height: 240, substream: {width: 160, height: 120}}
              door: {source: test, width: 160, height: 120}
            """
        let file = try directory.write("camstream.yml", config)
        let camstream = try await CamstreamProcess(["--config", file], rtpPorts: PortRanges.substreamJoin)
        func decode(_ user: String) async throws -> Subprocess.Result {
            try await Subprocess.run(
                "ffmpeg",
                [
                    "-hide_banner", "-nostdin", "-v", "error", "-rtsp_transport", "tcp", "-i",
                    "rtsp://\(user):pw@127.0.0.1:\(camstream.port)/cam/sub", "-frames:v", "10", "-f", "framecrc", "-",
                ],
                timeout: .seconds(30))
        }
        let allowed = try await decode("viewer")
        #expect(
            framecrcFrameSizes(allowed.stdoutText) == Array(repeating: i420FrameBytes(width: 160, height: 120), count: 10),
            "\(allowed.stderr)")
        let refused = try await decode("other")
        #expect(refused.status != 0)
        #expect(framecrcFrameSizes(refused.stdoutText).isEmpty)
        #expect(refused.stderr.contains("403") || refused.stderr.contains("401"), "\(refused.stderr)")
        #expect(await camstream.stop() == 0)
        _ = directory
    }

    static func threadNames(of pid: Int32) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task").map { task in
            (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        }
    }
}
