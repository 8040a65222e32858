import Foundation
import NIOCore
import NIOPosix
import ProcessTestSupport
import RTSP
import Testing

/// Attacks on the real binary, each while an ffmpeg viewer watches (`UnderAttack`): the process must live, the
/// viewer lose nothing, memory stay bounded and descriptors come back. Every attack is bounded in count and time.
/// Serialized, and run in scripts/test's real-time phase: a zero-loss verdict needs the machine's cores.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct AttackTests {
    /// Transport values at and past every boundary: each SETUP is answered (200 or a refusal), none kills camstream.
    @Test func boundaryTransportValues() async throws {
        let offers = [
            "RTP/AVP;unicast;client_port=65535-65535", "RTP/AVP;unicast;client_port=65535", "RTP/AVP;unicast;client_port=65534-65535",
            "RTP/AVP;unicast;client_port=0-1", "RTP/AVP;unicast;client_port=0", "RTP/AVP;unicast;client_port=5001-5002",
            "RTP/AVP;unicast;client_port=5001", "RTP/AVP;unicast;client_port=65536-65537", "RTP/AVP;unicast;client_port=99999999999999999999-1",
            "RTP/AVP;unicast;client_port=-1", "RTP/AVP/TCP;unicast;interleaved=255", "RTP/AVP/TCP;unicast;interleaved=254-255",
            "RTP/AVP/TCP;unicast;interleaved=255-256", "RTP/AVP/TCP;unicast;interleaved=18446744073709551616",
            "RTP/AVP/TCP;unicast;interleaved=1-0", "RTP/AVP;multicast;port=65535-65535;ttl=999",
        ]
        try await UnderAttack.run("boundary Transport values") { camstream in
            for offer in offers {
                try await RTSPTestClient.withConnection(port: camstream.port) { client in
                    let setup = try await client.request(.setup, client.baseURL + "/trackID=0", headers: [("Transport", offer)])
                    #expect(setup.status == .ok || (400..<500).contains(setup.status.code), "\(offer) answered \(setup.status)")
                    if setup.status == .ok { _ = try await client.request(.teardown, client.baseURL) }
                }
            }
        }
    }

    /// A client pipelines DESCRIBEs (each answer ten times its request) and never reads: the server must stop
    /// reading it rather than hold every answer, and answering it must not starve the watcher. Sends until its
    /// writes stall for two seconds, for at most ten seconds and 24 MB.
    @Test func aPipeliningClientThatNeverReads() async throws {
        try await UnderAttack.run("never-reading pipeliner", watchSeconds: 17, rssBoundKiB: 16 * 1024) { camstream in
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(.autoRead, value: false)
                .channelOption(.socketOption(.so_rcvbuf), value: 4096)
                .connect(host: "127.0.0.1", port: camstream.port).get()
            let request = "DESCRIBE rtsp://127.0.0.1:\(camstream.port)/cam RTSP/1.0\r\nCSeq: 7\r\nAccept: application/sdp\r\n\r\n"
            let batch = ByteBuffer(string: String(repeating: request, count: 1000))
            var sent = 0
            let deadline = ContinuousClock.now + .seconds(10)
            while sent < 24_000_000, ContinuousClock.now < deadline, channel.isActive {
                guard await Self.completes(channel.writeAndFlush(batch), within: .seconds(2)) else { break }
                sent += batch.readableBytes
            }
            print("attack: never-reading pipeliner sent \(sent) bytes of requests")
            // The kernel's buffers hold what the server has not read yet: a server that keeps reading works through
            // them, answer by answer, while the connection stays open. Three seconds of that are sampled.
            let closedByServer = await Self.completes(channel.closeFuture, within: .seconds(3))
            print("attack: never-reading pipeliner: \(closedByServer ? "closed by the server" : "held open 3 s, then closed")")
            try? await channel.close()
        }
    }

    /// Slowloris: connections that trickle a request a byte a second are answered 408 and closed at the
    /// request timeout (10 s) instead of being held open.
    @Test func slowlorisHeaders() async throws {
        try await UnderAttack.run("slowloris", watchSeconds: 18) { camstream in
            var channels: [Channel] = []
            for _ in 0..<20 {
                channels.append(try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: camstream.port).get())
            }
            let trickle = Array("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".utf8)
            let deadline = ContinuousClock.now + .seconds(15)
            for byte in trickle where ContinuousClock.now < deadline {
                let open = channels.filter(\.isActive)
                if open.isEmpty { break }
                for channel in open { try? await channel.writeAndFlush(ByteBuffer(bytes: [byte])) }
                // The attack's own pace (a byte a second per connection), not a wait for anything.
                try await Task.sleep(for: .seconds(1))
            }
            let closedInTime = channels.count(where: { !$0.isActive })
            #expect(closedInTime == channels.count, "\(channels.count - closedInTime) trickling connections still open after 15 s")
            let timedOut = await camstream.waitForLines(containing: "request not complete in time", count: channels.count, timeout: .seconds(1))
            #expect(timedOut.count == channels.count)
            for channel in channels { try? await channel.close() }
        }
    }

    /// A thousand connections opened and dropped, 25 at a time: a third at once, a third after half a request,
    /// a third after a whole request, closed without reading the answer.
    @Test func aThousandAbandonedConnections() async throws {
        try await UnderAttack.run("1000 abandoned connections") { camstream in
            let port = camstream.port
            for wave in 0..<40 {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<25 {
                        group.addTask {
                            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get()
                            switch (wave * 25 + index) % 3 {
                            case 0: break
                            case 1: try? await channel.writeAndFlush(ByteBuffer(string: "DESCRIBE rtsp://127.0.0.1/cam RTSP/1.0\r\nCSe"))
                            default: try? await channel.writeAndFlush(ByteBuffer(string: "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n"))
                            }
                            try? await channel.close()
                        }
                    }
                    try await group.waitForAll()
                }
            }
        }
    }

    /// Interleaved frames of every length up to 2 KiB and then every 509th to 65535, on the session's channels
    /// and others: the server skips or reads them whole, and the connection still answers after them.
    @Test func interleavedFramesOfEveryLength() async throws {
        try await UnderAttack.run("interleaved frames 0…65535 bytes") { camstream in
            try await RTSPTestClient.withConnection(port: camstream.port) { client in
                let setup = try await client.request(.setup, client.baseURL + "/trackID=0", headers: [("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1")])
                #expect(setup.status == .ok)
                let lengths = Array(0..<2048) + Array(stride(from: 2048, through: 65535, by: 509)) + [65535]
                var generator = SystemRandomNumberGenerator()
                let noise = (0..<65536).map { _ in UInt8.random(in: 0...255, using: &generator) }
                var frames = ByteBuffer()
                for (index, length) in lengths.enumerated() {
                    let channel: UInt8 = [1, 0, 1, 7, 255][index % 5]
                    frames.writeBytes([0x24, channel, UInt8(length >> 8), UInt8(length & 0xFF)])
                    // RTCP-looking garbage: a version-2 header with a length that lies, then random bytes.
                    let header: [UInt8] = length >= 4 ? [0x81, 0xC9, 0xFF, 0xFF] : []
                    frames.writeBytes(header)
                    let offset = (index * 7919) % (noise.count - length + header.count + 1)
                    frames.writeBytes(noise[offset..<(offset + length - header.count)])
                    if frames.readableBytes > 1 << 20 {
                        try await client.send(frames)
                        frames.clear()
                    }
                }
                try await client.send(frames)
                let options = try await client.request(.options)
                #expect(options.status == .ok, "the connection lost its framing")
                _ = try await client.request(.teardown, client.baseURL)
            }
        }
    }
}

extension AttackTests {
    /// Whether `future` completes within `timeout`.
    static func completes(_ future: EventLoopFuture<Void>, within timeout: TimeAmount) async -> Bool {
        let timer = future.eventLoop.scheduleTask(in: timeout) {}
        future.whenComplete { _ in timer.cancel() }
        do {
            try await timer.futureResult.get()
            return false
        } catch {
            return true
        }
    }
}
