import Foundation
import Logging
import NIOCore
import NIOPosix
import ProcessTestSupport
import RTSPClient
import Testing
import VideoPipeline
import X264Encoder

@testable import StreamerServer

/// `RTSPServer.pushStatistics()` follows a push through its states with real ffmpeg as the relay: backing off
/// while nobody listens yet, publishing with frames counted, and backing off again, with one log line saying
/// why, once the relay has its frames and hangs up.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct PushStatisticsTests {
    @Test func statisticsFollowAPushThroughItsStates() async throws {
        let port = try Self.freeLoopbackPort()
        let pipeline = try TestPatternPipeline(
            settings: EncoderSettings(width: 320, height: 240, framesPerSecond: 30, bitrateKbps: 1000, keyframeInterval: 60),
            logger: Logger(label: "test.capture"))
        let server = try await LoopbackServer(
            rtpPorts: 31320...31329, liveSources: ["cam": pipeline],
            push: [PushTarget(url: RTSPURL(host: "127.0.0.1", port: port, path: "/x"))])

        // Nothing listens on the relay's port yet: the first attempt fails and the push backs off.
        let refused = await Self.poll(server) { $0.state == .backingOff && $0.lastError?.hasPrefix("cannot connect to 127.0.0.1:\(port)") == true }
        #expect(refused != nil)
        #expect(refused?.target == "rtsp://127.0.0.1:\(port)/x")
        #expect(refused?.sessions == 0)

        async let relay = Subprocess.run(
            "ffmpeg",
            ["-hide_banner", "-nostdin", "-v", "error", "-rtsp_flags", "listen", "-i", "rtsp://127.0.0.1:\(port)/x", "-frames:v", "30", "-f", "null", "-"],
            timeout: .seconds(60))
        let publishing = await Self.poll(server) { $0.state == .publishing && $0.accessUnitsSent > 0 }
        #expect(publishing?.sessions == 1)
        #expect(publishing?.failuresInARow == 0)
        #expect(publishing?.lastError == nil)
        #expect((publishing?.bytesSent ?? 0) > 0)
        // The same state in /api/status, under its stream, without the relay's password.
        let status = try await server.server.statusDocument()
        #expect(status.contains(#""push":[{"target":"rtsp://127.0.0.1:\#(port)/x","transport":"tcp","state":"publishing""#), "\(status)")
        #expect(status.contains(#""sessions":1,"failures_in_a_row":0,"bytes_sent":"#), "\(status)")

        let result = try await relay
        #expect(result.status == 0, "ffmpeg failed: \(result.stderr)")
        let ended = await Self.poll(server) { $0.state == .backingOff && $0.sessions == 1 }
        #expect(ended != nil)
        // Once, however the connection's end shows itself (an error, then inactive, and the BYE written into it).
        let interruptions = server.log.all.filter { $0.contains("push to relay interrupted") }
        #expect(interruptions.count == 1, "\(interruptions)")
        #expect(
            interruptions.first.map { $0.contains("the relay closed the connection") || $0.contains("Connection reset by peer") } == true,
            "\(interruptions)")
        #expect((ended?.accessUnitsSent ?? 0) >= 30)
        #expect(ended?.droppedAccessUnits == 0)
        #expect(server.log.count(of: "publishing to relay") == 1)
        #expect(server.log.count(of: "publishing to relay again") == 0)
        await server.stop()
    }

    /// The one push's statistics once `condition` holds, polled every 50 ms for at most 20 s.
    static func poll(_ server: LoopbackServer, until condition: (PushStatistics) -> Bool) async -> PushStatistics? {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let statistics = try? await server.server.pushStatistics().first, condition(statistics) { return statistics }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    static func freeLoopbackPort() throws -> Int {
        let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).wait()
        defer { try? channel.close().wait() }
        return channel.localAddress?.port ?? 0
    }
}
