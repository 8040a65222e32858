import H264
import NIOCore
import RTP
import RTSP
import Testing

@testable import StreamerServer

/// SETUP, PLAY, PAUSE, TEARDOWN and the session state machine, byte-exact (RFC 2326 §10.4–10.7, Appendix A).
@Suite struct RTSPSessionConformanceTests {
    static let head = RTSPConformanceTests.head

    @Test func setupOverTCPThenTeardown() throws {
        let conversation = try RTSPConversation()
        let setup = try conversation.send(
            "SETUP rtsp://127.0.0.1:8554/cam/trackID=0 RTSP/1.0\r\nCSeq: 4\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n")
        let session = try SessionHeader(parsing: try #require(RTSPConversation.header("Session", in: setup)))
        #expect(session.id.count == 16)
        #expect(
            setup
                == "RTSP/1.0 200 OK\r\nCSeq: 4\r\n\(Self.head)Session: \(session.id);timeout=60\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=\(conversation.ssrcHex)\r\n\r\n"
        )
        #expect(
            try conversation.send("TEARDOWN rtsp://127.0.0.1:8554/cam/ RTSP/1.0\r\nCSeq: 6\r\nSession: \(session.id)\r\n\r\n")
                == "RTSP/1.0 200 OK\r\nCSeq: 6\r\n\(Self.head)\r\n")
        #expect(
            try conversation.send("PLAY rtsp://127.0.0.1:8554/cam/ RTSP/1.0\r\nCSeq: 7\r\nSession: \(session.id)\r\n\r\n")
                == "RTSP/1.0 454 Session Not Found\r\nCSeq: 7\r\n\(Self.head)\r\n")
        #expect(conversation.server.sessions.isEmpty)
    }

    /// Every spelling of the track and aggregate URL that clients send names the one track.
    @Test(arguments: [
        "rtsp://127.0.0.1:8554/cam/trackID=0", "rtsp://127.0.0.1:8554/cam/trackID=0/", "rtsp://127.0.0.1:8554/cam",
        "rtsp://127.0.0.1:8554/cam/", "/cam/trackID=0", "rtsp://user:pass@192.0.2.1/cam/trackID=0", "rtsp://[::1]:8554/cam?x=1/trackID=0",
    ])
    func setupAcceptsEveryControlURLForm(uri: String) throws {
        let conversation = try RTSPConversation()
        let setup = try conversation.send("SETUP \(uri) RTSP/1.0\r\nCSeq: 1\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n")
        #expect(setup.hasPrefix("RTSP/1.0 200 OK\r\n"), "\(setup)")
        let session = try #require(RTSPConversation.header("Session", in: setup)).split(separator: ";")[0]
        _ = try conversation.send("PLAY \(uri) RTSP/1.0\r\nCSeq: 2\r\nSession: \(session)\r\n\r\n")
        try conversation.produce()
        let play = try conversation.responses()
        #expect(play.hasPrefix("RTSP/1.0 200 OK\r\nCSeq: 2\r\n"))
        #expect(
            RTSPConversation.header("RTP-Info", in: play)?.hasPrefix("url=\(uri);seq=") == true, "RTP-Info repeats the SETUP URL: \(play)")
    }

    @Test func interleavedChannelsAreChosenWhenNotGivenAndRefusedWhenTaken() throws {
        let conversation = try RTSPConversation(paths: ["cam", "yard"])
        let first = try conversation.send("SETUP rtsp://h/cam/trackID=0 RTSP/1.0\r\nCSeq: 1\r\nTransport: RTP/AVP/TCP;unicast\r\n\r\n")
        #expect(RTSPConversation.header("Transport", in: first)?.hasPrefix("RTP/AVP/TCP;unicast;interleaved=0-1;") == true)
        let second = try conversation.send("SETUP rtsp://h/yard/trackID=0 RTSP/1.0\r\nCSeq: 2\r\nTransport: RTP/AVP/TCP;unicast\r\n\r\n")
        #expect(RTSPConversation.header("Transport", in: second)?.hasPrefix("RTP/AVP/TCP;unicast;interleaved=2-3;") == true)
        #expect(
            try conversation.send(
                "SETUP rtsp://h/yard/trackID=0 RTSP/1.0\r\nCSeq: 3\r\nTransport: RTP/AVP/TCP;unicast;interleaved=2-3\r\n\r\n")
                == "RTSP/1.0 461 Unsupported transport\r\nCSeq: 3\r\n\(Self.head)\r\n")
        #expect(
            try conversation.send(
                "SETUP rtsp://h/yard/trackID=0 RTSP/1.0\r\nCSeq: 4\r\nTransport: RTP/AVP/TCP;unicast;interleaved=5-6\r\n\r\n")
                == "RTSP/1.0 461 Unsupported transport\r\nCSeq: 4\r\n\(Self.head)\r\n")
    }

    @Test(arguments: [
        "RTP/AVP;multicast;port=5000-5001",  // no multicast group configured
        "RTP/AVP;unicast",  // UDP without client_port
        "RTP/SAVP;unicast;client_port=5000-5001",
        "RTP/AVP/TCP;unicast;interleaved=0-1;mode=RECORD",
        "RTP/AVP/SCTP;unicast",
    ])
    func transportsWeCannotServeAre461(transport: String) throws {
        let conversation = try RTSPConversation()
        #expect(
            try conversation.send("SETUP rtsp://127.0.0.1:8554/cam/trackID=0 RTSP/1.0\r\nCSeq: 4\r\nTransport: \(transport)\r\n\r\n")
                == "RTSP/1.0 461 Unsupported transport\r\nCSeq: 4\r\n\(Self.head)\r\n")
    }

    /// Offers are taken in the client's order of preference: the first one we can serve wins.
    @Test func theFirstServableOfferWins() throws {
        let conversation = try RTSPConversation()
        let setup = try conversation.send(
            "SETUP rtsp://h/cam/trackID=0 RTSP/1.0\r\nCSeq: 1\r\nTransport: RTP/SAVP;unicast;client_port=5000-5001,RTP/AVP/TCP;unicast;interleaved=4-5\r\n\r\n"
        )
        #expect(RTSPConversation.header("Transport", in: setup) == "RTP/AVP/TCP;unicast;interleaved=4-5;ssrc=\(conversation.ssrcHex)")
    }

    @Test(
        arguments: [
            ("SETUP rtsp://127.0.0.1:8554/cam/trackID=1", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n", 404),
            ("SETUP rtsp://127.0.0.1:8554/garden/trackID=0", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n", 404),
            ("SETUP rtsp://127.0.0.1:8554/cam/trackID=0", "", 400),
            ("SETUP rtsp://127.0.0.1:8554/cam/trackID=0", "Transport: RTP/AVP;client_port=9-x\r\n", 400),
            ("SETUP rtsp://127.0.0.1:8554/cam/trackID=0", "Transport: RTP/AVP/TCP;interleaved=0-1\r\nSession: 0123456789ABCDEF\r\n", 454),
            ("PLAY rtsp://127.0.0.1:8554/cam", "", 454),
            ("PAUSE rtsp://127.0.0.1:8554/cam", "Session: 0123456789ABCDEF\r\n", 454),
            ("TEARDOWN rtsp://127.0.0.1:8554/cam", "Session: ;timeout=5\r\n", 454),
        ] as [(String, String, Int)])
    func refusedRequests(requestLine: String, headers: String, status: Int) throws {
        let conversation = try RTSPConversation()
        let response = try conversation.send("\(requestLine) RTSP/1.0\r\nCSeq: 4\r\n\(headers)\r\n")
        let reason = [400: "Bad Request", 404: "Not Found", 454: "Session Not Found"][status]!
        #expect(response == "RTSP/1.0 \(status) \(reason)\r\nCSeq: 4\r\n\(Self.head)\r\n")
    }

    /// The PLAY response names the first packet exactly, comes before any media, and the media starts with
    /// an RTCP sender report and then SPS, PPS, IDR.
    @Test func playAnswersWithRTPInfoOfTheKeyframeThatFollows() throws {
        let conversation = try RTSPConversation()
        let session = try conversation.setupInterleaved()
        #expect(try conversation.send("PLAY rtsp://127.0.0.1:8554/cam/ RTSP/1.0\r\nCSeq: 2\r\nSession: \(session)\r\n\r\n") == "")
        let units = try conversation.produce()
        let play = try conversation.responses()
        let frames = try conversation.frames()
        let firstRTP = try RTPPacket(parsing: try #require(frames.first { $0.channel == 0 }).payload)
        #expect(units.first?.startsDecoding == true, "the keyframe PLAY asked for")
        #expect(
            play
                == "RTSP/1.0 200 OK\r\nCSeq: 2\r\n\(Self.head)Session: \(session);timeout=60\r\nRange: npt=0.000-\r\n"
                + "RTP-Info: url=rtsp://127.0.0.1:8554/cam/trackID=0;seq=\(firstRTP.header.sequenceNumber);rtptime=\(firstRTP.header.timestamp)\r\n\r\n"
        )
        #expect(frames.first?.channel == 1, "a sender report right after PLAY, before the media")
        #expect(firstRTP.payload.getInteger(at: firstRTP.payload.readerIndex, as: UInt8.self).map { NALUnitHeader(byte: $0).type } == .sps)
        #expect(conversation.server.session(id: session)?.state == .playing)
    }

    @Test func playWhilePlayingIsAnsweredAtOnce() throws {
        let conversation = try RTSPConversation()
        let (session, _) = try conversation.play()
        #expect(
            try conversation.send("PLAY rtsp://127.0.0.1:8554/cam/ RTSP/1.0\r\nCSeq: 3\r\nSession: \(session)\r\n\r\n")
                == "RTSP/1.0 200 OK\r\nCSeq: 3\r\n\(Self.head)Session: \(session);timeout=60\r\nRange: npt=0.000-\r\n\r\n")
    }

    /// PAUSE stops the media and keeps the session; PLAY then resumes with fresh RTP-Info and a new IDR.
    @Test func pauseThenPlayResumesWithFreshRTPInfoAndAnIDR() throws {
        let conversation = try RTSPConversation()
        let (session, _) = try conversation.play()
        try conversation.produce(3)
        _ = try conversation.frames()
        #expect(
            try conversation.send("PAUSE rtsp://127.0.0.1:8554/cam/ RTSP/1.0\r\nCSeq: 3\r\nSession: \(session)\r\n\r\n")
                == "RTSP/1.0 200 OK\r\nCSeq: 3\r\n\(Self.head)Session: \(session);timeout=60\r\n\r\n")
        try conversation.produce(3)
        #expect(try conversation.frames().filter { $0.channel == 0 }.isEmpty, "no media while paused")
        #expect(
            try conversation.send("PAUSE rtsp://127.0.0.1:8554/cam/ RTSP/1.0\r\nCSeq: 4\r\nSession: \(session)\r\n\r\n")
                == "RTSP/1.0 455 Method Not Valid in This State\r\nCSeq: 4\r\n\(Self.head)\r\n")

        _ = try conversation.send("PLAY rtsp://127.0.0.1:8554/cam/ RTSP/1.0\r\nCSeq: 5\r\nSession: \(session)\r\n\r\n")
        let resumed = try conversation.produce()
        let play = try conversation.responses()
        let firstRTP = try RTPPacket(parsing: try #require(try conversation.frames().first { $0.channel == 0 }).payload)
        #expect(resumed.first?.startsDecoding == true)
        #expect(
            RTSPConversation.header("RTP-Info", in: play)
                == "url=rtsp://127.0.0.1:8554/cam/trackID=0;seq=\(firstRTP.header.sequenceNumber);rtptime=\(firstRTP.header.timestamp)")
    }

    @Test func setupWhilePlayingIs455AndInReadyChangesTheTransport() throws {
        let conversation = try RTSPConversation()
        let session = try conversation.setupInterleaved()
        let again = try conversation.send(
            "SETUP rtsp://h/cam/trackID=0 RTSP/1.0\r\nCSeq: 2\r\nSession: \(session)\r\nTransport: RTP/AVP/TCP;unicast;interleaved=6-7\r\n\r\n"
        )
        #expect(
            again
                == "RTSP/1.0 200 OK\r\nCSeq: 2\r\n\(Self.head)Session: \(session);timeout=60\r\nTransport: RTP/AVP/TCP;unicast;interleaved=6-7;ssrc=\(conversation.ssrcHex)\r\n\r\n"
        )
        _ = try conversation.send("PLAY rtsp://h/cam RTSP/1.0\r\nCSeq: 3\r\nSession: \(session)\r\n\r\n")
        try conversation.produce()
        _ = try conversation.responses()
        #expect(Set(try conversation.frames().map(\.channel)) == [6, 7])
        #expect(
            try conversation.send(
                "SETUP rtsp://h/cam/trackID=0 RTSP/1.0\r\nCSeq: 4\r\nSession: \(session)\r\nTransport: RTP/AVP/TCP;interleaved=0-1\r\n\r\n")
                == "RTSP/1.0 455 Method Not Valid in This State\r\nCSeq: 4\r\n\(Self.head)\r\n")
    }

    /// A session belongs to one stream: another stream's URL cannot join it or control it.
    @Test func anotherStreamsURLIs459() throws {
        let conversation = try RTSPConversation(paths: ["cam", "yard"])
        let session = try conversation.setupInterleaved()
        #expect(
            try conversation.send(
                "SETUP rtsp://h/yard/trackID=0 RTSP/1.0\r\nCSeq: 2\r\nSession: \(session)\r\nTransport: RTP/AVP/TCP;interleaved=2-3\r\n\r\n"
            )
                == "RTSP/1.0 459 Aggregate operation not allowed\r\nCSeq: 2\r\n\(Self.head)\r\n")
        #expect(
            try conversation.send("PLAY rtsp://h/yard RTSP/1.0\r\nCSeq: 3\r\nSession: \(session)\r\n\r\n")
                == "RTSP/1.0 459 Aggregate operation not allowed\r\nCSeq: 3\r\n\(Self.head)\r\n")
    }

    /// Several streams, each under its own path with its own SDP; an unknown path is 404.
    @Test func severalStreamsAnswerUnderTheirOwnPaths() throws {
        let conversation = try RTSPConversation(paths: ["cam", "garden/east"])
        let cam = try conversation.send("DESCRIBE rtsp://h/cam RTSP/1.0\r\nCSeq: 1\r\n\r\n")
        let garden = try conversation.send("DESCRIBE rtsp://h/garden/east RTSP/1.0\r\nCSeq: 2\r\n\r\n")
        #expect(cam.contains(conversation.sources["cam"]!.parameterSets.spropParameterSets))
        #expect(garden.contains(conversation.sources["garden/east"]!.parameterSets.spropParameterSets))
        #expect(
            conversation.sources["cam"]!.parameterSets.spropParameterSets
                != conversation.sources["garden/east"]!.parameterSets.spropParameterSets)
        #expect(
            try conversation.send("DESCRIBE rtsp://h/garden RTSP/1.0\r\nCSeq: 3\r\n\r\n")
                == "RTSP/1.0 404 Not Found\r\nCSeq: 3\r\n\(Self.head)\r\n")
        let (_, play) = try conversation.play(path: "garden/east")
        #expect(play.hasPrefix("RTSP/1.0 200 OK\r\n"))
    }
}
