import LogTestSupport
import NIOCore
import RTSP
import Testing

@testable import StreamerServer

/// One host cannot take every seat: sessions are counted per client address over all its connections, and the
/// one beyond `maxSessionsPerAddress` is answered 453 with the address and the cap in the log.
@Suite struct SessionsPerAddressTests {
    static let head = RTSPConformanceTests.head

    static func setup(_ conversation: RTSPConversation, path: String, cseq: Int) throws -> String {
        try conversation.send(
            "SETUP rtsp://h/\(path)/trackID=0 RTSP/1.0\r\nCSeq: \(cseq)\r\nTransport: RTP/AVP/TCP;unicast\r\n\r\n")
    }

    @Test func sessionsPerAddressAreBoundedAcrossConnections() throws {
        let log = LogRecorder()
        let first = try RTSPConversation(
            paths: ["cam", "yard"], limits: ServerLimits(maxSessionsPerConnection: 8, maxSessionsPerAddress: 2), logger: log.logger,
            peer: "192.0.2.10")
        let second = try first.secondConnection(from: "192.0.2.10")
        let third = try first.secondConnection(from: "192.0.2.10")
        #expect(try Self.setup(first, path: "cam", cseq: 1).hasPrefix("RTSP/1.0 200 OK\r\n"))
        let kept = try #require(RTSPConversation.header("Session", in: try Self.setup(second, path: "yard", cseq: 1)))
        #expect(try Self.setup(third, path: "cam", cseq: 7) == "RTSP/1.0 453 Not Enough Bandwidth\r\nCSeq: 7\r\n\(Self.head)\r\n")
        #expect(try Self.setup(first, path: "yard", cseq: 2) == "RTSP/1.0 453 Not Enough Bandwidth\r\nCSeq: 2\r\n\(Self.head)\r\n")
        #expect(first.server.sessions.count == 2)
        #expect(third.channel.isActive, "the connection itself is not to blame")
        #expect(
            log.all.filter { $0.hasPrefix("request refused") && $0.contains("192.0.2.10 already has its maximum of 2 sessions") }.count
                == 2,
            "\(log.all)")
        #expect(log.levels(of: "192.0.2.10 already has its maximum of 2 sessions") == [.notice, .notice])
        #expect(first.server.metricsExposition().contains("camstream_sessions_refused_total{reason=\"address_session_limit\"} 2\n"))

        // Everyone else is served as before.
        let neighbour = try first.secondConnection(from: "192.0.2.11")
        #expect(try Self.setup(neighbour, path: "cam", cseq: 1).hasPrefix("RTSP/1.0 200 OK\r\n"))

        // A session that ends frees its seat.
        let id = String(kept.split(separator: ";")[0])
        #expect(try second.send("TEARDOWN rtsp://h/yard RTSP/1.0\r\nCSeq: 2\r\nSession: \(id)\r\n\r\n").hasPrefix("RTSP/1.0 200 OK\r\n"))
        #expect(try Self.setup(third, path: "cam", cseq: 8).hasPrefix("RTSP/1.0 200 OK\r\n"))
    }

    /// Changing the transport of a session already held is not a new seat.
    @Test func aSetupInsideAHeldSessionIsNotCounted() throws {
        let conversation = try RTSPConversation(limits: ServerLimits(maxSessionsPerAddress: 1), peer: "192.0.2.10")
        let session = try conversation.setupInterleaved()
        #expect(
            try conversation.send(
                "SETUP rtsp://h/cam/trackID=0 RTSP/1.0\r\nCSeq: 2\r\nSession: \(session)\r\nTransport: RTP/AVP/TCP;unicast;interleaved=4-5\r\n\r\n"
            ).hasPrefix("RTSP/1.0 200 OK\r\n"))
    }

    /// Two UDP SETUPs from one address at once, on two connections, against a cap of one: exactly one is served,
    /// round after round. (On loopback the first one's sockets are bound before the second is read, so this
    /// holds by the first check; the second check, when the sockets are ready, is for a slower bind.)
    /// Ports 3178x are this test's own (UDPTransportTests lists the others).
    @Test(.timeLimit(.minutes(1)))
    func simultaneousSetupsFromOneAddressDoNotPassTheCap() async throws {
        let server = try await LoopbackServer(rtpPorts: 31780...31789, limits: ServerLimits(maxSessionsPerAddress: 1))
        let first = try await LoopbackRTSPClient(port: server.port)
        let second = try await LoopbackRTSPClient(port: server.port)
        let (rtp, rtcp) = try await LoopbackDatagramSocket.pair()
        for round in 1...10 {
            let setup = ByteBuffer(
                string:
                    "SETUP rtsp://127.0.0.1/cam/trackID=0 RTSP/1.0\r\nCSeq: \(round)\r\nTransport: RTP/AVP;unicast;client_port=\(rtp.port)-\(rtcp.port)\r\n\r\n"
            )
            async let one: Void = first.channel.writeAndFlush(setup)
            async let two: Void = second.channel.writeAndFlush(setup)
            _ = try await (one, two)
            let answers = [await first.response(), await second.response()]
            #expect(answers.map { $0?.status.code ?? 0 }.sorted() == [200, 453], "round \(round)")
            let winners = zip([first, second], answers).compactMap { pair -> (LoopbackRTSPClient, String)? in
                guard let session = pair.1?.headers["Session"] else { return nil }
                return (pair.0, session)
            }
            let (winner, session) = try #require(winners.first)
            let id = try SessionHeader(parsing: session).id
            #expect(try await winner.send("TEARDOWN rtsp://127.0.0.1/cam RTSP/1.0\r\nCSeq: 99\r\nSession: \(id)\r\n\r\n")?.status == .ok)
        }
        await first.close()
        await second.close()
        await rtp.close()
        await rtcp.close()
        await server.stop()
    }

    @Test func theDefaultIsEight() {
        #expect(ServerLimits().maxSessionsPerAddress == 8)
    }
}
