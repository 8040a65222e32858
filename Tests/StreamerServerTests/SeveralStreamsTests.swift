import Foundation
import Logging
import ProcessTestSupport
import Testing
import VideoPipeline
import X264Encoder

@testable import StreamerServer

/// One server, two cameras: each stream plays under its own path with its own picture, decoded by real ffmpeg,
/// and a path that names no stream is refused with 404.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct SeveralStreamsTests {
    @Test func eachStreamPlaysUnderItsOwnPath() async throws {
        let front = try TestPatternPipeline(settings: EncoderSettings(width: 160, height: 120), logger: Logger(label: "test.front"))
        let garden = try TestPatternPipeline(settings: EncoderSettings(width: 320, height: 240), logger: Logger(label: "test.garden"))
        let server = try await LoopbackServer(rtpPorts: 31200...31299, liveSources: ["front": front, "garden/east": garden])
        for (path, width, height) in [("front", 160, 120), ("garden/east", 320, 240)] {
            let result = try await Subprocess.run(
                "ffmpeg",
                [
                    "-hide_banner", "-nostdin", "-v", "error", "-rtsp_transport", "udp", "-i", "rtsp://127.0.0.1:\(server.port)/\(path)",
                    "-frames:v", "10", "-f", "framecrc", "-",
                ])
            #expect(result.status == 0, "\(path): \(result.stderr)")
            let sizes = result.stdoutText.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line -> Int? in
                let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                return fields.count >= 5 ? Int(fields[4]) : nil
            }
            #expect(sizes.count == 10 && sizes.allSatisfy { $0 == width * height * 3 / 2 }, "\(path): \(sizes)")
        }
        let unknown = try await Subprocess.run(
            "ffmpeg", ["-hide_banner", "-nostdin", "-v", "error", "-i", "rtsp://127.0.0.1:\(server.port)/garden", "-f", "null", "-"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("404 Not Found"), "\(unknown.stderr)")
        await server.stop()
    }
}
