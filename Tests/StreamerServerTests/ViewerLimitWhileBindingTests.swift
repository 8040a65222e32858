import NIOEmbedded
import Testing

@testable import StreamerServer

/// A UDP SETUP waits for its sockets before its session exists, so SETUPs that arrive together all pass the first
/// count of seats. They are counted again when their sockets are ready, so no cap is overshot, and the one
/// refused gives its ports back.
@Suite struct ViewerLimitWhileBindingTests {
    static func setup(cseq: Int = 1, path: String = "cam") -> String {
        "SETUP rtsp://127.0.0.1:8554/\(path)/trackID=0 RTSP/1.0\r\nCSeq: \(cseq)\r\nTransport: RTP/AVP;unicast;client_port=5000-5001\r\n\r\n"
    }

    /// Both SETUPs from two hosts in flight at once, while the server has one seat left: one is served, one 503.
    @Test func setupsWaitingForSocketsCountAgainstTheServersViewers() throws {
        let loop = EmbeddedEventLoop()
        let binds = DeferredDatagramBinds(loop: loop)
        let first = try RTSPConversation(
            limits: ServerLimits(maxViewers: 1), channel: EmbeddedChannel(loop: loop), peer: "192.0.2.10", datagramBinder: binds.binder)
        let second = try first.secondConnection(from: "192.0.2.11")
        #expect(try first.send(Self.setup()) == "", "answered before its sockets were bound")
        #expect(try second.send(Self.setup()) == "")
        #expect(binds.waiting == 2, "both SETUPs passed the first count and are binding")

        binds.finishAll()
        let answers = [try first.responses(), try second.responses()]
        #expect(answers[0].hasPrefix("RTSP/1.0 200 OK\r\n"), "\(answers[0])")
        #expect(answers[1] == "RTSP/1.0 503 Service Unavailable\r\nCSeq: 1\r\n\(RTSPConformanceTests.head)\r\n")
        #expect(first.server.sessions.count == 1)
        #expect(binds.openCount == 2, "the refused SETUP's RTP and RTCP sockets are closed")
        #expect(first.server.metricsExposition().contains("camstream_sessions_refused_total{reason=\"server_viewer_limit\"} 1\n"))
    }

    /// The same for one stream's seats (453), while the server has seats to spare.
    @Test func setupsWaitingForSocketsCountAgainstTheStreamsViewers() throws {
        let loop = EmbeddedEventLoop()
        let binds = DeferredDatagramBinds(loop: loop)
        let first = try RTSPConversation(
            limits: ServerLimits(maxViewersPerStream: 1, maxViewers: 10), channel: EmbeddedChannel(loop: loop), peer: "192.0.2.10",
            datagramBinder: binds.binder)
        let second = try first.secondConnection(from: "192.0.2.11")
        _ = try first.send(Self.setup())
        _ = try second.send(Self.setup())
        binds.finishAll()
        #expect(try first.responses().hasPrefix("RTSP/1.0 200 OK\r\n"))
        #expect(try second.responses() == "RTSP/1.0 453 Not Enough Bandwidth\r\nCSeq: 1\r\n\(RTSPConformanceTests.head)\r\n")
        #expect(first.server.sessions.count == 1)
        #expect(binds.openCount == 2)
    }
}
