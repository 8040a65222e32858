import Foundation
import Logging
import NIOCore
import NIOPosix
import ProcessTestSupport
import RTSP
import Testing
import VideoPipeline
import X264Encoder

@testable import StreamerServer

/// A TCP viewer that stops reading costs only itself: the server drops whole frames from its bounded queue and
/// goes on sending every frame to everyone else. Real ffmpeg is the fast viewer, decoding the live 30 fps test
/// pattern over UDP once before the slow viewer stalls and once while it is stalled; the test prints both rates.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct SlowViewerTests {
    static let frames = 90

    /// What ffmpeg decoded: each frame's time in seconds, how many were keyframes, and the RTP packets ffmpeg
    /// found missing (its "RTP: missed N packets" warnings).
    struct Decoded: CustomStringConvertible {
        var times: [Double]
        var keyframes: Int
        var missedPackets: Int

        /// Frames per second over the span the viewer received.
        var rate: Double { Double(times.count - 1) / ((times.last ?? 0) - (times.first ?? 0)) }
        /// The largest step between consecutive frames, in 30 fps frame periods: about 1 when none was lost.
        var largestStep: Double { zip(times, times.dropFirst()).map { ($1 - $0) * 30 }.max() ?? .infinity }
        var description: String {
            "\(times.count) frames at \((rate * 100).rounded() / 100) fps, largest step \((largestStep * 100).rounded() / 100) frames, "
                + "\(keyframes) keyframes, \(missedPackets) packets missed"
        }
    }

    /// ffmpeg keeps each frame's own timestamp (`-fps_mode passthrough`) and `showinfo` prints it (`pts_time:`)
    /// with whether it is a keyframe (`iskey:1`).
    static func decode(_ url: String) async throws -> Decoded {
        let result = try await Subprocess.run(
            "ffmpeg",
            [
                "-hide_banner", "-nostdin", "-v", "info", "-rtsp_transport", "udp", "-i", url, "-frames:v", "\(frames)",
                "-fps_mode", "passthrough", "-vf", "showinfo", "-f", "null", "-",
            ])
        #expect(result.status == 0, "ffmpeg failed: \(result.stderr.suffix(1500))")
        let lines = result.stderr.split(separator: "\n").filter { $0.contains("Parsed_showinfo") && $0.contains("pts_time:") }
        let times = lines.compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("pts_time:") }.flatMap { Double($0.dropFirst("pts_time:".count)) }
        }
        let missed = result.stderr.split(separator: "\n").compactMap { line -> Int? in
            guard let range = line.range(of: "RTP: missed ") else { return nil }
            return Int(line[range.upperBound...].prefix(while: \.isNumber))
        }
        return Decoded(times: times, keyframes: lines.filter { $0.contains("iskey:1") }.count, missedPackets: missed.reduce(0, +))
    }

    @Test func aStalledTCPViewerDoesNotChangeAFastUDPViewersFrameRate() async throws {
        // A 16 KiB queue and send buffer: the stalled viewer's buffers fill within seconds.
        let pipeline = try TestPatternPipeline(
            settings: EncoderSettings(width: 640, height: 360, framesPerSecond: 30, bitrateKbps: 4000, keyframeInterval: 60),
            logger: Logger(label: "test.capture"))
        let server = try await LoopbackServer(
            rtpPorts: 31100...31199, limits: ServerLimits(interleavedQueueBytes: 16 * 1024, connectionSendBufferBytes: 16 * 1024),
            liveSources: ["cam": pipeline])
        let url = "rtsp://127.0.0.1:\(server.port)/cam"

        let alone = try await Self.decode(url)

        // The slow viewer: a tiny receive buffer, and once playing it reads nothing more.
        let slow = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_rcvbuf), value: 4096)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RTSPMessageDecoder()))
                }
            }
            .connect(host: "127.0.0.1", port: server.port).get()
        let setUpBefore = server.log.count(of: "session set up")
        try await slow.writeAndFlush(
            ByteBuffer(string: "SETUP \(url)/trackID=0 RTSP/1.0\r\nCSeq: 1\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n"))
        #expect(await server.log.wait(for: "session set up", count: setUpBefore + 1))
        let session = try #require(try await server.server.viewerStatistics().first?.sessionID)
        try await slow.setOption(.autoRead, value: false).get()
        try await slow.writeAndFlush(ByteBuffer(string: "PLAY \(url)/ RTSP/1.0\r\nCSeq: 2\r\nSession: \(session)\r\n\r\n"))
        #expect(await server.log.wait(for: "viewer cannot keep up", timeout: 30), "the slow viewer's queue never filled")

        let stalled = try await Self.decode(url)
        let slowStatistics = try #require(try await server.server.viewerStatistics().first { $0.sessionID == session })
        print(
            "fast UDP viewer alone: \(alone); beside a stalled TCP viewer: \(stalled); the stalled viewer lost \(slowStatistics.droppedAccessUnits) frames"
        )

        // Every packet the fast viewer was sent arrived, and its frames came at the source's rate. (The rate has
        // a little slack: on a busy machine the test pattern itself may skip a tick, for every viewer alike.)
        for decoded in [alone, stalled] {
            #expect(decoded.times.count >= Self.frames)
            #expect(decoded.missedPackets == 0, "\(decoded)")
            #expect(abs(decoded.rate - 30) < 2, "\(decoded)")
        }
        // One keyframe to start, the scheduled ones every 2 s, and recovery keyframes for the stalled viewer at
        // most once a second: never a stream of IDRs.
        #expect(stalled.keyframes <= 1 + Self.frames / 60 + Self.frames / 30 + 1, "\(stalled)")
        #expect(slowStatistics.droppedAccessUnits > 0)

        try await slow.close()
        await server.stop()
    }
}
