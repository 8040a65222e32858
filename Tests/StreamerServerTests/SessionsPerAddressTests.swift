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

    @Test func theDefaultIsEight() {
        #expect(ServerLimits().maxSessionsPerAddress == 8)
    }
}
