import NIOCore
import Testing

@testable import StreamerServer

/// The limits that keep one client (or one host) from holding what everyone else needs: each answers with a
/// status and hangs up, never buffers without bound.
@Suite struct AbuseLimitTests {
    static let refusal = "RTSP/1.0 503 Service Unavailable\r\nServer: camstream\r\nConnection: close\r\n\r\n"

    @Test func connectionsPerAddressAreBounded() throws {
        let first = try RTSPConversation(limits: ServerLimits(maxConnectionsPerAddress: 2))
        let second = try first.secondConnection()
        #expect(second.channel.isActive)
        let third = try first.secondConnection()
        #expect(try third.responses() == Self.refusal)
        #expect(!third.channel.isActive)
        #expect(first.server.metricsExposition().contains("camstream_connections_refused_total{reason=\"address_connection_limit\"} 1\n"))
        // A closed connection frees its place.
        try second.channel.close().wait()
        let fourth = try first.secondConnection()
        #expect(fourth.channel.isActive)
        #expect(try fourth.send("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n").hasPrefix("RTSP/1.0 200 OK\r\n"))
    }

    @Test func connectionsInTotalAreBounded() throws {
        let first = try RTSPConversation(limits: ServerLimits(maxConnections: 1))
        let second = try first.secondConnection()
        #expect(try second.responses() == Self.refusal)
        #expect(first.channel.isActive)
        #expect(first.server.metricsExposition().contains("camstream_connections_refused_total{reason=\"server_connection_limit\"} 1\n"))
    }

    /// Slowloris: a request trickled in a byte at a time never completes; after the request timeout the
    /// connection gets 408 and is closed, however recently the last byte came.
    @Test func aRequestThatTricklesInIsCutOff() throws {
        let conversation = try RTSPConversation(limits: ServerLimits(requestTimeoutSeconds: 10))
        for byte in "OPTIONS * RTSP/1.0\r\nCSe".utf8 {
            try conversation.channel.writeInbound(ByteBuffer(bytes: [byte]))
            conversation.loop.advanceTime(by: .milliseconds(400))
        }
        #expect(conversation.channel.isActive)
        // 9.2 s after the first byte; the deadline bites at 10 s.
        conversation.loop.advanceTime(by: .milliseconds(700))
        #expect(conversation.channel.isActive)
        conversation.loop.advanceTime(by: .milliseconds(100))
        #expect(try conversation.responses() == "RTSP/1.0 408 Request Time-out\r\nServer: camstream\r\nConnection: close\r\n\r\n")
        #expect(!conversation.channel.isActive)
    }

    @Test func completeRequestsKeepTheDeadlineAway() throws {
        let conversation = try RTSPConversation(limits: ServerLimits(requestTimeoutSeconds: 10))
        for cseq in 1...5 {
            #expect(try conversation.send("OPTIONS * RTSP/1.0\r\nCSeq: \(cseq)\r\n\r\n").hasPrefix("RTSP/1.0 200 OK\r\n"))
            conversation.loop.advanceTime(by: .seconds(8))
        }
        #expect(conversation.channel.isActive)
    }

    @Test func sessionsPerConnectionAreBounded() throws {
        let conversation = try RTSPConversation(paths: ["cam", "yard"], limits: ServerLimits(maxSessionsPerConnection: 1))
        let first = try conversation.send(
            "SETUP rtsp://h/cam/trackID=0 RTSP/1.0\r\nCSeq: 1\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n")
        #expect(first.hasPrefix("RTSP/1.0 200 OK\r\n"))
        let second = try conversation.send(
            "SETUP rtsp://h/yard/trackID=0 RTSP/1.0\r\nCSeq: 2\r\nTransport: RTP/AVP/TCP;unicast;interleaved=2-3\r\n\r\n")
        #expect(second == "RTSP/1.0 453 Not Enough Bandwidth\r\nCSeq: 2\r\nServer: camstream\r\nConnection: close\r\n\r\n")
        #expect(!conversation.channel.isActive)
    }
}
