import Foundation
import ProcessTestSupport
import Testing

/// RTSP tunnelled over HTTP with real peers: ffmpeg's `-rtsp_transport http` plays through the HTTP port and
/// through the RTSP port, with and without users; a POST with no GET, a POST from another address and a POST
/// that is not base64 are refused with their reasons, and the server serves everyone else meanwhile.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct TunnelTests {
    /// RTP ports of the ranges' first 40, the HTTP port the range's last.
    static func start(_ range: ClosedRange<Int>, config: String? = nil) async throws -> (CamstreamProcess, Int, TemporaryDirectory) {
        let directory = try TemporaryDirectory("tunnel")
        let httpPort = range.upperBound
        var arguments = ["--source", "test", "--size", "320x240", "--http-port", "\(httpPort)"]
        if let config { arguments += ["--config", try directory.write("camstream.yml", config)] }
        let camstream = try await CamstreamProcess(arguments, rtpPorts: range.lowerBound...(range.lowerBound + 39))
        try #require(await camstream.waitForLine(containing: "browsers can open http://127.0.0.1:\(httpPort)/") != nil)
        return (camstream, httpPort, directory)
    }

    static func decodeThroughTunnel(_ url: String, frames: Int = 30) async throws -> Subprocess.Result {
        try await Subprocess.run(
            "ffmpeg",
            [
                "-hide_banner", "-nostdin", "-v", "error", "-rtsp_transport", "http", "-i", url, "-frames:v", "\(frames)", "-f", "framecrc",
                "-",
            ],
            timeout: .seconds(30))
    }

    @Test func ffmpegPlaysThroughTheHTTPPortAndTheRTSPPort() async throws {
        let (camstream, httpPort, directory) = try await Self.start(PortRanges.tunnel)
        for port in [httpPort, camstream.port] {
            let result = try await Self.decodeThroughTunnel("rtsp://127.0.0.1:\(port)/cam")
            #expect(result.status == 0, "port \(port): \(result.stderr)")
            #expect(
                framecrcFrameSizes(result.stdoutText) == Array(repeating: i420FrameBytes(width: 320, height: 240), count: 30),
                "port \(port)")
        }
        #expect(camstream.lines.filter { $0.contains("tunnel opened") }.count == 2)
        #expect(camstream.lines.filter { $0.contains("tunnel POST joined") }.count >= 2)
        // The tunnel's viewer is an interleaved RTSP viewer, logged as one.
        #expect(camstream.lines.filter { $0.contains("viewer playing") && $0.contains("rtp.transport=tcp") }.count == 2)
        #expect(await camstream.stop() == 0)
        _ = directory
    }

    @Test func withUsersCredentialsInTheURLGetInAndNoneGetNoMedia() async throws {
        let config = "users:\n  - name: viewer\n    password: \"s3cret\"\n"
        let (camstream, httpPort, directory) = try await Self.start(PortRanges.tunnelUsers, config: config)
        let allowed = try await Self.decodeThroughTunnel("rtsp://viewer:s3cret@127.0.0.1:\(httpPort)/cam")
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(framecrcFrameSizes(allowed.stdoutText).count == 30)
        let refused = try await Self.decodeThroughTunnel("rtsp://127.0.0.1:\(httpPort)/cam", frames: 1)
        #expect(refused.status != 0)
        #expect(framecrcFrameSizes(refused.stdoutText).isEmpty)
        #expect(refused.stderr.contains("401"), "\(refused.stderr)")
        #expect(await camstream.stop() == 0)
        _ = directory
    }

    @Test func refusalsSayWhy() async throws {
        let (camstream, httpPort, directory) = try await Self.start(PortRanges.tunnel)
        // A POST whose GET never came.
        let orphan = try RawTCPConnection(port: httpPort)
        orphan.send(
            "POST /cam HTTP/1.1\r\nx-sessioncookie: nosuchcookie\r\nContent-Type: application/x-rtsp-tunnelled\r\nContent-Length: 32767\r\n\r\nT1BU"
        )
        #expect(await orphan.readUntilClosed())
        #expect(orphan.text.hasPrefix("HTTP/1.0 400 Bad Request\r\n"), "\(orphan.text)")
        #expect(orphan.text.hasSuffix("camstream: no tunnel GET is open for this x-sessioncookie; a POST must follow its GET\n"))

        // A GET, then a POST for its cookie from another loopback address, then garbage from the right one.
        let get = try RawTCPConnection(port: camstream.port)
        get.send("GET /cam HTTP/1.1\r\nx-sessioncookie: abcdef0123\r\nAccept: application/x-rtsp-tunnelled\r\n\r\n")
        let answer = await get.read { String(decoding: $0, as: UTF8.self).contains("\r\n\r\n") }
        #expect(String(decoding: answer, as: UTF8.self).hasPrefix("HTTP/1.0 200 OK\r\n"))
        #expect(String(decoding: answer, as: UTF8.self).contains("Content-Type: application/x-rtsp-tunnelled\r\n"))

        let hijack = try RawTCPConnection(port: httpPort, localAddress: "127.0.0.2")
        hijack.send("POST /cam HTTP/1.1\r\nx-sessioncookie: abcdef0123\r\n\r\n")
        #expect(await hijack.readUntilClosed())
        #expect(hijack.text.hasPrefix("HTTP/1.0 403 Forbidden\r\n"), "\(hijack.text)")

        let garbage = try RawTCPConnection(port: httpPort)
        // "OPTIONS" in base64, split inside a quantum, then a byte outside the alphabet.
        garbage.send("POST /cam HTTP/1.1\r\nx-sessioncookie: abcdef0123\r\nContent-Length: 32767\r\n\r\nT1BU")
        garbage.send("SU9OUyBy!dHNw")
        #expect(await garbage.readUntilClosed())
        #expect(await get.readUntilClosed(), "the GET stays open after its POST sent garbage")
        #expect(await camstream.waitForLine(containing: "tunnel POST is not base64") != nil)
        let reasons = camstream.lines.filter { $0.contains("tunnel") }
        #expect(reasons.contains { $0.contains("byte 0x21 at offset 12 is not base64") }, "\(reasons)")
        #expect(reasons.contains { $0.contains("http.status=403") })

        // Everyone else is still served.
        let result = try await Self.decodeThroughTunnel("rtsp://127.0.0.1:\(httpPort)/cam", frames: 5)
        #expect(framecrcFrameSizes(result.stdoutText).count == 5, "\(result.stderr)")
        #expect(await camstream.stop() == 0)
        _ = directory
    }
}
