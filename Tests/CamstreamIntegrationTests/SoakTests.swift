import Foundation
import NIOCore
import NIOPosix
import ProcessTestSupport
import RTSP
import Testing

/// A bounded soak: while one well-behaved ffmpeg viewer decodes throughout, a crowd of clients joins and
/// leaves at random: some tear down, some vanish mid-stream, some send garbage or half a request and hang up.
/// The good viewer must see every frame, and afterwards camstream's memory and descriptors must be back
/// near where they started.
///
/// `SOAK_SECONDS` sets how long (25 s by default, 120 s from scripts/test and so in CI, ten minutes from
/// `bench/soak`). The crowd keeps coming
/// until the good viewer's time is up, one client at a time, so the load is bounded by the clock.
@Suite(.serialized, .timeLimit(.minutes(15)))
struct SoakTests {
    static let seconds = max(5, min(780, Int(ProcessInfo.processInfo.environment["SOAK_SECONDS"] ?? "") ?? 25))

    enum Behaviour: CaseIterable {
        case playAndTeardown, playAndVanish, garbage, halfRequest, oversizedHeader
    }

    @Test func crowdsOfBadClientsDoNotDisturbAGoodViewer() async throws {
        let camstream = try await CamstreamProcess(["--source", "test", "--size", "320x240", "--fps", "30"], rtpPorts: PortRanges.soak)
        // Warm up once so lazily made state (first session, first IDR) is in the baseline.
        try await Self.act(.playAndTeardown, port: camstream.port)
        let before = camstream.resources

        async let goodViewer = Subprocess.run(
            "ffmpeg",
            ["-hide_banner", "-nostdin", "-v", "error", "-rtsp_transport", "tcp", "-i", camstream.url, "-t", "\(Self.seconds)",
             "-copyts", "-fps_mode", "passthrough", "-enc_time_base", "-1", "-f", "framecrc", "-"],
            timeout: .seconds(Self.seconds + 60))

        var generator = SystemRandomNumberGenerator()
        var counts: [Behaviour: Int] = [:]
        // Stop a second before the viewer does, so the last clients' effects are inside its window.
        let deadline = ContinuousClock.now + .seconds(Self.seconds - 1)
        while ContinuousClock.now < deadline {
            let behaviour = Behaviour.allCases.randomElement(using: &generator)!
            counts[behaviour, default: 0] += 1
            try await Self.act(behaviour, port: camstream.port)
        }
        let viewer = try await goodViewer
        let after = camstream.resources

        print("soak: \(counts.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " "))")
        print("soak: RSS \(before.rssKiB) KiB → \(after.rssKiB) KiB, open files \(before.openFiles) → \(after.openFiles)")
        #expect(viewer.status == 0)
        #expect(viewer.stderr.isEmpty, "the good viewer reported errors: \(viewer.stderr)")
        // Every frame the source made arrived: test-pattern frames are stamped with their frame-clock tick, so
        // with timestamps passed through consecutive frames are exactly one interval (3000 at 90 kHz) apart.
        // A longer step is a frame the viewer did not get; only the source skipping a tick under CPU
        // starvation excuses one, and that stays rare.
        let times = framecrcPresentationTimes(viewer.stdoutText)
        #expect(times.count > Self.seconds * 30 * 9 / 10)
        let steps = zip(times, times.dropFirst()).map { $1 - $0 }
        let missing = steps.map { ($0 + 1500) / 3000 - 1 }.reduce(0, +)
        print("soak: the good viewer decoded \(times.count) frames, missed \(missing)")
        #expect(steps.allSatisfy { abs($0 - 3000 * (($0 + 1500) / 3000)) <= 2 }, "steps not whole frames: \(Set(steps).sorted().suffix(5))")
        #expect(missing * 100 <= times.count, "the good viewer missed \(missing) of \(times.count + missing) frames")
        #expect(after.openFiles <= before.openFiles + 2)
        #expect(after.rssKiB <= before.rssKiB + 8 * 1024)
        #expect(await camstream.stop() == 0)
    }

    /// One client's whole life, bounded in time by the server's answers and the loopback connection.
    static func act(_ behaviour: Behaviour, port: Int) async throws {
        switch behaviour {
        case .playAndTeardown, .playAndVanish:
            try await RTSPTestClient.withConnection(port: port) { client in
                let play = try await client.playInterleaved()
                guard play.status == .ok else { throw RTSPTestClient.ClientError(description: "PLAY answered \(play.status)") }
                _ = try await client.nextFrame(channel: 0)
                if behaviour == .playAndTeardown {
                    _ = try await client.request(.teardown, client.baseURL)
                }
            }
        case .garbage:
            try await send(Array("\u{16}\u{03}\u{01}\u{00}\u{a5}GET / HTTP/1.1\r\nHost: x\r\n\r\n\u{00}\u{ff}".utf8), port: port)
        case .halfRequest:
            try await send(Array("DESCRIBE rtsp://127.0.0.1/cam RTSP/1.0\r\nCSeq: 2\r\nAcc".utf8), port: port)
        case .oversizedHeader:
            try await send(Array("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nX-Filler: \(String(repeating: "a", count: 20_000))\r\n\r\n".utf8), port: port)
        }
    }

    /// Connects, writes `bytes`, and hangs up. The server may well hang up first (it answers garbage with
    /// 400 and closes), so failures after the connect are the expected outcome, not errors.
    static func send(_ bytes: [UInt8], port: Int) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get()
        try? await channel.writeAndFlush(ByteBuffer(bytes: bytes))
        try? await channel.close()
    }
}

/// The pts column of ffmpeg's `framecrc` lines.
func framecrcPresentationTimes(_ output: String) -> [Int] {
    output.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
        let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return fields.count >= 5 ? Int(fields[2]) : nil
    }
}
