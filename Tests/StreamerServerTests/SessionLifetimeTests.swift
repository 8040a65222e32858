import NIOCore
import NIOEmbedded
import RTCP
import RTSP
import Testing

@testable import StreamerServer

/// How sessions and connections end: timeout, keep-alives, TEARDOWN, a dropped connection, idleness, limits.
/// Time is the embedded loop's, so every timeout here is exact and instant.
@Suite struct SessionLifetimeTests {
    static let head = RTSPConformanceTests.head

    @Test func aSilentSessionIsReapedAfterItsTimeout() throws {
        let conversation = try RTSPConversation(sessionTimeoutSeconds: 10)
        let session = try conversation.setupInterleaved()
        #expect(
            RTSPConversation.header(
                "Session",
                in: try conversation.send(
                    "OPTIONS * RTSP/1.0\r\nCSeq: 2\r\nSession: \(session)\r\n\r\n")) == "\(session);timeout=10")
        conversation.advance(seconds: 10)
        #expect(conversation.server.session(id: session) != nil, "alive at exactly the timeout")
        conversation.advance(seconds: 3)
        #expect(conversation.server.session(id: session) == nil, "gone once the timeout has passed")
        #expect(
            try conversation.send("PLAY rtsp://h/cam RTSP/1.0\r\nCSeq: 3\r\nSession: \(session)\r\n\r\n")
                == "RTSP/1.0 454 Session Not Found\r\nCSeq: 3\r\n\(Self.head)\r\n")
    }

    /// GET_PARAMETER (ffmpeg, GStreamer, live555), OPTIONS (older live555) and RTCP receiver reports (live555
    /// sends them as its keep-alive too) each keep a session alive.
    @Test(arguments: ["GET_PARAMETER", "OPTIONS", "RTCP"])
    func keepAlivesKeepASessionAlive(kind: String) throws {
        let conversation = try RTSPConversation(sessionTimeoutSeconds: 10)
        let (session, _) = try conversation.play()
        for round in 0..<6 {
            conversation.advance(seconds: 8)
            if kind == "RTCP" {
                var report = ByteBuffer()
                report.writeRTCPPacket(
                    .receiverReport(ReceiverReport(ssrc: 7, reportBlocks: [ReportBlock(ssrc: conversation.stream.ssrc)])))
                var frame = ByteBuffer()
                frame.writeInterleavedFrame(InterleavedFrame(channel: 1, payload: report))
                try conversation.channel.writeInbound(frame)
            } else {
                _ = try conversation.send("\(kind) rtsp://h/cam RTSP/1.0\r\nCSeq: \(round + 10)\r\nSession: \(session)\r\n\r\n")
            }
        }
        #expect(conversation.server.session(id: session) != nil, "48 s of keep-alives every 8 s on a 10 s timeout")
        conversation.advance(seconds: 13)
        #expect(conversation.server.session(id: session) == nil)
    }

    /// A TCP viewer that goes away takes its session with it at once, and a BYE was its last RTCP.
    @Test func droppingTheConnectionEndsItsInterleavedSessions() throws {
        let conversation = try RTSPConversation()
        let (session, _) = try conversation.play()
        #expect(conversation.server.session(id: session) != nil)
        try conversation.channel.close().wait()
        conversation.loop.run()
        #expect(conversation.server.sessions.isEmpty)
        #expect(conversation.stream.viewersPlaying == 0)
    }

    /// Found by FuzzRTSPConnection: a SETUP that moves a session to channels it then refuses (an odd RTP channel,
    /// a pair in use) made the connection forget the session, which kept riding it, so closing the connection left
    /// it alive until its timeout.
    @Test(arguments: ["3-4", "2-3"])
    func aRefusedChangeOfChannelsStillEndsTheSessionWithItsConnection(channels: String) throws {
        let conversation = try RTSPConversation()
        let session = try conversation.setupInterleaved(channels: "0-1")
        _ = try conversation.setupInterleaved(path: "cam", cseq: 2, channels: "2-3")
        let refused = try conversation.send(
            "SETUP rtsp://h/cam/trackID=0 RTSP/1.0\r\nCSeq: 3\r\nSession: \(session)\r\nTransport: RTP/AVP/TCP;interleaved=\(channels)\r\n\r\n")
        #expect(refused.hasPrefix("RTSP/1.0 461 Unsupported transport\r\nCSeq: 3\r\n"))
        #expect(conversation.server.session(id: session) != nil)
        try conversation.channel.close().wait()
        conversation.loop.run()
        #expect(conversation.server.sessions.isEmpty, "every session that rode the connection ended with it")
    }

    @Test func teardownSaysGoodbyeAndFreesTheChannels() throws {
        let conversation = try RTSPConversation()
        let (session, _) = try conversation.play()
        _ = try conversation.frames()
        _ = try conversation.send("TEARDOWN rtsp://h/cam RTSP/1.0\r\nCSeq: 9\r\nSession: \(session)\r\n\r\n")
        let rtcp = try conversation.frames().filter { $0.channel == 1 }
        let packets = try RTCPCompoundPacket.parse(try #require(rtcp.last).payload)
        #expect(packets.contains { if case .goodbye(let bye) = $0 { bye.ssrcs == [conversation.stream.ssrc] } else { false } })
        try conversation.produce(2)
        #expect(try conversation.frames().isEmpty, "nothing after TEARDOWN")
        // The channels are free for the next session on this connection.
        let next = try conversation.send(
            "SETUP rtsp://h/cam/trackID=0 RTSP/1.0\r\nCSeq: 10\r\nTransport: RTP/AVP/TCP;interleaved=0-1\r\n\r\n")
        #expect(next.hasPrefix("RTSP/1.0 200 OK\r\n"))
    }

    /// A session can be controlled from another connection (RFC 2326 §3.4); its media stays where it was set up.
    @Test func aSessionIsControlledFromAnyConnection() throws {
        let conversation = try RTSPConversation()
        let session = try conversation.setupInterleaved()
        let other = try conversation.secondConnection()
        _ = try other.send("PLAY rtsp://h/cam RTSP/1.0\r\nCSeq: 1\r\nSession: \(session)\r\n\r\n")
        try conversation.produce()
        #expect(try other.responses().hasPrefix("RTSP/1.0 200 OK\r\nCSeq: 1\r\n"))
        #expect(try conversation.frames().contains { $0.channel == 0 })
    }

    @Test func anIdleConnectionWithoutSessionsIsClosed() throws {
        let conversation = try RTSPConversation(limits: ServerLimits(idleConnectionTimeoutSeconds: 20))
        _ = try conversation.send("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n")
        conversation.advance(seconds: 19)
        #expect(conversation.channel.isActive)
        conversation.advance(seconds: 7)
        #expect(!conversation.channel.isActive)
    }

    /// Half a request does not count as activity: a client that trickles bytes cannot hold a connection.
    @Test func aTrickledRequestDoesNotKeepAConnectionOpen() throws {
        let conversation = try RTSPConversation(limits: ServerLimits(idleConnectionTimeoutSeconds: 20))
        for _ in 0..<30 {
            try conversation.channel.writeInbound(ByteBuffer(string: "X"))
            conversation.advance(seconds: 1)
        }
        #expect(!conversation.channel.isActive)
    }

    @Test func aConnectionWithALiveSessionIsNotIdle() throws {
        let conversation = try RTSPConversation(sessionTimeoutSeconds: 60, limits: ServerLimits(idleConnectionTimeoutSeconds: 20))
        let session = try conversation.setupInterleaved()
        conversation.advance(seconds: 40)
        #expect(conversation.channel.isActive)
        #expect(conversation.server.session(id: session) != nil)
    }

    /// Once its last session has timed out, a quiet connection is closed within a quarter of the idle timeout.
    @Test func aConnectionIsClosedSoonAfterItsLastSessionEnds() throws {
        let conversation = try RTSPConversation(sessionTimeoutSeconds: 30, limits: ServerLimits(idleConnectionTimeoutSeconds: 20))
        let session = try conversation.setupInterleaved()
        // Sessions are reaped every quarter of their timeout: this one at 37.5 s.
        conversation.advance(seconds: 38)
        #expect(conversation.server.session(id: session) == nil)
        #expect(conversation.channel.isActive, "looked at 20, 25, 30 and 35 s in, with the session still alive")
        conversation.advance(seconds: 2)
        #expect(!conversation.channel.isActive)
    }

    @Test func viewersBeyondTheStreamLimitGet453AndBeyondTheServerLimit503() throws {
        let conversation = try RTSPConversation(paths: ["cam", "yard"], limits: ServerLimits(maxViewersPerStream: 1, maxViewers: 2))
        _ = try conversation.setupInterleaved(path: "cam", channels: "0-1")
        #expect(
            try conversation.send("SETUP rtsp://h/cam/trackID=0 RTSP/1.0\r\nCSeq: 2\r\nTransport: RTP/AVP/TCP;interleaved=2-3\r\n\r\n")
                == "RTSP/1.0 453 Not Enough Bandwidth\r\nCSeq: 2\r\n\(Self.head)\r\n")
        _ = try conversation.setupInterleaved(path: "yard", cseq: 3, channels: "2-3")
        let limited = try RTSPConversation(paths: ["cam", "yard"], limits: ServerLimits(maxViewersPerStream: 5, maxViewers: 1))
        _ = try limited.setupInterleaved(path: "cam")
        #expect(
            try limited.send("SETUP rtsp://h/yard/trackID=0 RTSP/1.0\r\nCSeq: 4\r\nTransport: RTP/AVP/TCP;interleaved=2-3\r\n\r\n")
                == "RTSP/1.0 503 Service Unavailable\r\nCSeq: 4\r\n\(Self.head)\r\n")
    }

    @Test func oversizedRequestsAreRefusedAndTheConnectionClosed() throws {
        let limits = ServerLimits(maxRequestHeadBytes: 512, maxHeaderCount: 8, maxRequestBodyBytes: 100)
        let longLine = try RTSPConversation(limits: limits)
        #expect(
            try longLine.send("DESCRIBE rtsp://h/\(String(repeating: "a", count: 600)) RTSP/1.0\r\nCSeq: 1\r\n\r\n")
                == "RTSP/1.0 414 Request-URI Too Large\r\n\(Self.head)Connection: close\r\n\r\n")
        #expect(!longLine.channel.isActive)

        let manyHeaders = try RTSPConversation(limits: limits)
        let headers = (0..<9).map { "X-\($0): y\r\n" }.joined()
        #expect(
            try manyHeaders.send("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\(headers)\r\n")
                == "RTSP/1.0 413 Request Entity Too Large\r\nCSeq: 1\r\n\(Self.head)Connection: close\r\n\r\n")

        let bigBody = try RTSPConversation(limits: limits)
        #expect(
            try bigBody.send("SET_PARAMETER * RTSP/1.0\r\nCSeq: 1\r\nContent-Length: 101\r\n\r\n")
                == "RTSP/1.0 413 Request Entity Too Large\r\nCSeq: 1\r\n\(Self.head)Connection: close\r\n\r\n")
    }

    @Test func tooManyPipelinedRequestsCloseTheConnection() throws {
        let conversation = try RTSPConversation(limits: ServerLimits(maxPipelinedRequests: 4))
        let session = try conversation.setupInterleaved()
        // PLAY waits for a keyframe that never comes, so everything behind it queues.
        let burst = (0..<6).map { "GET_PARAMETER * RTSP/1.0\r\nCSeq: \($0 + 10)\r\n\r\n" }.joined()
        _ = try conversation.send("PLAY rtsp://h/cam RTSP/1.0\r\nCSeq: 2\r\nSession: \(session)\r\n\r\n" + burst)
        #expect(!conversation.channel.isActive)
    }
}

extension SessionLifetimeTests {
    /// A PLAY waiting for its keyframe keeps the session: the client is waiting on us, not silent.
    @Test func aSessionWaitingForItsPLAYAnswerIsNotReaped() throws {
        let conversation = try RTSPConversation(sessionTimeoutSeconds: 1)
        let session = try conversation.setupInterleaved()
        _ = try conversation.send("PLAY rtsp://h/cam RTSP/1.0\r\nCSeq: 2\r\nSession: \(session)\r\n\r\n")
        conversation.loop.advanceTime(by: .milliseconds(1900))
        #expect(conversation.server.session(id: session) != nil)
        try conversation.produce()
        #expect(try conversation.responses().hasPrefix("RTSP/1.0 200 OK\r\nCSeq: 2\r\n"))
    }
}
