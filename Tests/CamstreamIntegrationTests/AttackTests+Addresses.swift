import Foundation
import NIOCore
import NIOPosix
import ProcessTestSupport
import RTSP
import RTSPAuth
import Testing

/// The attacks from other addresses on loopback: 127.0.0.2 and 127.0.0.3 are other hosts as far as camstream
/// can tell (it listens on `::`, and sees them as ::ffff:127.0.0.2).
extension AttackTests {
    /// Junk datagrams from strangers to every server RTP and RTCP port, the watcher's among them: random bytes,
    /// truncated and lying RTCP, none of which may move or stop anyone's stream.
    @Test func junkDatagramsFromStrangers() async throws {
        try await UnderAttack.run("junk RTCP from strangers") { _ in
            var generator = SystemRandomNumberGenerator()
            let noise = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
            for source in ["127.0.0.2", "127.0.0.3"] {
                let socket = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: source, port: 0).get()
                for round in 0..<10 {
                    for port in PortRanges.attack {
                        var junk = ByteBuffer()
                        switch round % 4 {
                        case 0: junk.writeBytes([0x81, 0xC9, 0xFF, 0xFF])  // a receiver report claiming 256 KiB
                        case 1: junk.writeBytes([0x81, 0xCB, 0x00, 0x01, 0, 0, 0, 1])  // BYE
                        case 2: junk.writeBytes([0x80, 0xC8, 0x00, 0x06])  // a sender report cut short
                        default: break
                        }
                        let length = Int.random(in: 0...1200, using: &generator)
                        let offset = Int.random(in: 0...(noise.count - length), using: &generator)
                        junk.writeBytes(noise[offset..<(offset + length)])
                        socket.write(AddressedEnvelope(remoteAddress: try SocketAddress(ipAddress: "127.0.0.1", port: port), data: junk), promise: nil)
                    }
                    // A round of 100 datagrams leaves in one go, and the next waits until it has.
                    try await socket.writeAndFlush(AddressedEnvelope(remoteAddress: try SocketAddress(ipAddress: "127.0.0.1", port: PortRanges.attack.lowerBound), data: ByteBuffer(bytes: [0x80])))
                }
                try await socket.close()
            }
        }
    }

    /// A second host that has the watcher's session id (sniffed; the test reads it from camstream's log) and
    /// one that guesses: every request naming a session that is not theirs is refused 454, and the watcher
    /// never notices.
    @Test func sessionHijackFromASecondAddress() async throws {
        try await UnderAttack.run("session hijack from 127.0.0.2") { camstream in
            let line = try #require(camstream.lines.last { $0.contains("session set up") })
            let session = try #require(Self.value(of: "rtsp.session", in: line), "no session id in \(line)")
            try await RTSPTestClient.withConnection(port: camstream.port, localAddress: "127.0.0.2") { attacker in
                let base = attacker.baseURL
                let attempts: [(RTSPMethod, String, [(String, String)])] = [
                    (.getParameter, base, []), (.pause, base, []),
                    (.setup, base + "/trackID=0", [("Transport", "RTP/AVP;unicast;client_port=40000-40001")]),
                    (.setup, base + "/trackID=0", [("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1")]),
                    (.play, base, []), (.teardown, base, []),
                ]
                for (method, uri, headers) in attempts {
                    let answer = try await attacker.request(method, uri, headers: headers + [("Session", session)])
                    #expect(answer.status == .sessionNotFound, "\(method) of the watcher's session from 127.0.0.2 answered \(answer.status)")
                }
                var generator = SystemRandomNumberGenerator()
                for _ in 0..<200 {
                    let guess = String(format: "%016llX", UInt64.random(in: 0...UInt64.max, using: &generator))
                    let answer = try await attacker.request(.teardown, base, headers: [("Session", guess)])
                    #expect(answer.status == .sessionNotFound)
                }
            }
        }
    }

    /// Credentials seen on the wire are no use from another host: a Digest answer replayed from 127.0.0.2,
    /// whether in RFC 2617's form (qop=auth) or RFC 2069's, is refused 401.
    @Test func credentialReplayFromASecondAddress() async throws {
        let directory = try TemporaryDirectory("attack-auth")
        let file = try directory.write("camstream.yml", """
            users:
              - name: viewer
                password: "s3cret"
            streams:
              cam:
                source: test
                width: 320
                height: 240
            """)
        try await UnderAttack.run("credential replay from 127.0.0.2", arguments: ["--config", file], credentials: "viewer:s3cret@") { camstream in
            let uri = "rtsp://127.0.0.1:\(camstream.port)/cam"
            let ha1 = DigestAlgorithm.md5.ha1(username: "viewer", realm: "camstream", password: "s3cret")
            // What the real viewer on 127.0.0.1 sends, and succeeds with.
            let captured = try await RTSPTestClient.withConnection(port: camstream.port) { viewer in
                let challenge = try #require(try await viewer.request(.describe, uri).headers["WWW-Authenticate"])
                let nonce = String(try #require(challenge.split(separator: "\"").dropFirst(3).first))
                let withQOP = DigestAlgorithm.md5.response(
                    ha1: ha1, nonce: nonce, method: "DESCRIBE", uri: uri, qop: "auth", nonceCount: "00000001", clientNonce: "0a4f113b")
                let modern = "Digest username=\"viewer\", realm=\"camstream\", nonce=\"\(nonce)\", uri=\"\(uri)\", response=\"\(withQOP)\", qop=auth, nc=00000001, cnonce=\"0a4f113b\""
                let classic = "Digest username=\"viewer\", realm=\"camstream\", nonce=\"\(nonce)\", uri=\"\(uri)\", response=\"\(DigestAlgorithm.md5.response(ha1: ha1, nonce: nonce, method: "DESCRIBE", uri: uri))\""
                #expect(try await viewer.request(.describe, uri, headers: [("Authorization", modern)]).status == .ok)
                #expect(try await viewer.request(.describe, uri, headers: [("Authorization", classic)]).status == .ok)
                return [modern, classic]
            }
            try await RTSPTestClient.withConnection(port: camstream.port, localAddress: "127.0.0.2") { attacker in
                for header in captured {
                    let answer = try await attacker.request(.describe, uri, headers: [("Authorization", header)])
                    #expect(answer.status == .unauthorized, "a replayed \(header.contains("qop") ? "qop=auth" : "RFC 2069") answer from 127.0.0.2 got \(answer.status)")
                }
            }
        }
        _ = directory
    }

    /// `destination=` naming another host is not obeyed: the media goes to the client that asked (which gets
    /// it), and a socket on 127.0.0.3 with the same ports gets nothing.
    @Test func destinationPointingElsewhere() async throws {
        try await UnderAttack.run("destination=127.0.0.3") { camstream in
            let (client, decoy) = try await Self.portPairsOnBothHosts()
            let rtpPort = try #require(client.rtp.localAddress?.port)
            try await RTSPTestClient.withConnection(port: camstream.port) { viewer in
                let setup = try await viewer.request(
                    .setup, viewer.baseURL + "/trackID=0",
                    headers: [("Transport", "RTP/AVP;unicast;destination=127.0.0.3;client_port=\(rtpPort)-\(rtpPort + 1)")])
                #expect(setup.status == .ok || setup.status.code == 461, "SETUP with destination= answered \(setup.status)")
                guard setup.status == .ok else { return }
                #expect(try await viewer.request(.play, viewer.baseURL + "/").status == .ok)
                // The positive control: the asking client gets its media, so the decoy had every chance.
                let arrived = await client.counter.waitFor(packets: 60, timeout: .seconds(5))
                #expect(arrived >= 60, "the client itself got \(arrived) packets")
                _ = try await viewer.request(.teardown, viewer.baseURL)
            }
            #expect(decoy.counter.packets == 0, "127.0.0.3 received \(decoy.counter.packets) datagrams")
            for socket in [client.rtp, client.rtcp, decoy.rtp, decoy.rtcp] { try await socket.close() }
        }
    }

    /// The value of `key=` in a log line's metadata.
    static func value(of key: String, in line: String) -> String? {
        guard let range = line.range(of: key + "=") else { return nil }
        return String(line[range.upperBound...].prefix { $0.isLetter || $0.isNumber })
    }

    struct PortPair {
        var rtp: Channel
        var rtcp: Channel
        var counter: DatagramCounter
    }

    /// The same even/odd port pair bound on 127.0.0.1 (the client) and 127.0.0.3 (the decoy), counting arrivals.
    static func portPairsOnBothHosts() async throws -> (PortPair, PortPair) {
        for rtpPort in stride(from: PortRanges.attackClient.lowerBound, to: PortRanges.attackClient.upperBound, by: 2) {
            var bound: [PortPair] = []
            for host in ["127.0.0.1", "127.0.0.3"] {
                let counter = DatagramCounter()
                func bind(_ port: Int) async throws -> Channel {
                    try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                        .channelInitializer { channel in channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(counter) } }
                        .bind(host: host, port: port).get()
                }
                guard let rtp = try? await bind(rtpPort) else { break }
                guard let rtcp = try? await bind(rtpPort + 1) else {
                    try await rtp.close()
                    break
                }
                bound.append(PortPair(rtp: rtp, rtcp: rtcp, counter: counter))
            }
            if bound.count == 2 { return (bound[0], bound[1]) }
            for pair in bound { try await pair.rtp.close(); try await pair.rtcp.close() }
        }
        throw CamstreamProcess.Failure(description: "no free port pair in \(PortRanges.attackClient) on both 127.0.0.1 and 127.0.0.3")
    }
}

/// Counts the datagrams a socket receives, and lets a test wait for a number of them.
final class DatagramCounter: ChannelInboundHandler, @unchecked Sendable {
    // @unchecked: `count` is guarded by `condition`.
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    private let condition = NSCondition()
    private var count = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        condition.lock()
        count += 1
        condition.broadcast()
        condition.unlock()
    }

    var packets: Int {
        condition.lock()
        defer { condition.unlock() }
        return count
    }

    /// Waits until `packets` have arrived or the deadline passes; returns how many did.
    func waitFor(packets wanted: Int, timeout: Duration) async -> Int {
        await OwnThread.run { [self] in
            let deadline = Date().addingTimeInterval(Double(timeout.components.seconds))
            condition.lock()
            defer { condition.unlock() }
            while count < wanted, condition.wait(until: deadline) {}
            return count
        }
    }
}
