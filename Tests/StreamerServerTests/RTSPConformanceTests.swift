import NIOCore
import RTSP
import Testing

@testable import StreamerServer

/// Byte-exact request/response pairs for every method and the headers that govern them (RFC 2326 §10, §12).
@Suite struct RTSPConformanceTests {
    static let allMethods = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER"
    static let head = "Server: camstream\r\n"

    @Test func optionsListsExactlyWhatIsSupported() throws {
        let conversation = try RTSPConversation()
        #expect(
            try conversation.send("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n")
                == "RTSP/1.0 200 OK\r\nCSeq: 1\r\n\(Self.head)Public: \(Self.allMethods)\r\n\r\n")
    }

    /// live555 falls back to OPTIONS as its keep-alive: one naming a session echoes it.
    @Test func optionsNamingASessionEchoesIt() throws {
        let conversation = try RTSPConversation()
        let session = try conversation.setupInterleaved()
        #expect(
            try conversation.send("OPTIONS rtsp://127.0.0.1:8554/cam RTSP/1.0\r\nCSeq: 2\r\nSession: \(session)\r\n\r\n")
                == "RTSP/1.0 200 OK\r\nCSeq: 2\r\n\(Self.head)Session: \(session);timeout=60\r\nPublic: \(Self.allMethods)\r\n\r\n")
    }

    @Test func describeAnswersSDPFromTheLiveEncoder() throws {
        let conversation = try RTSPConversation()
        let response = try conversation.send("DESCRIBE rtsp://127.0.0.1:8554/cam RTSP/1.0\r\nCSeq: 2\r\nAccept: application/sdp\r\n\r\n")
        let parts = response.split(separator: "\r\n\r\n", maxSplits: 1).map(String.init)
        let body = try #require(parts.last)
        #expect(
            parts.first
                == "RTSP/1.0 200 OK\r\nCSeq: 2\r\n\(Self.head)Content-Base: rtsp://127.0.0.1:8554/cam/\r\nContent-Type: application/sdp\r\nContent-Length: \(body.utf8.count)")
        let sets = conversation.source.parameterSets
        #expect(body.hasPrefix("v=0\r\no=- \(conversation.stream.sessionID) 1 IN IP4 127.0.0.1\r\n"))
        #expect(body.contains("\r\nm=video 0 RTP/AVP 96\r\n"))
        #expect(body.contains("\r\na=rtpmap:96 H264/90000\r\n"))
        #expect(body.contains("a=fmtp:96 packetization-mode=1;profile-level-id=\(try #require(sets.profileLevelID));sprop-parameter-sets=\(sets.spropParameterSets)\r\n"))
        #expect(body.hasSuffix("a=control:trackID=0\r\n"))
    }

    /// Content-Base is the request URL with exactly one trailing slash, which live555 joins with `trackID=0`.
    @Test(arguments: [
        ("rtsp://127.0.0.1:8554/cam", "rtsp://127.0.0.1:8554/cam/"),
        ("rtsp://127.0.0.1:8554/cam/", "rtsp://127.0.0.1:8554/cam/"),
        ("rtsp://camera.local/cam", "rtsp://camera.local/cam/"),
    ])
    func contentBaseEndsInOneSlash(uri: String, base: String) throws {
        let conversation = try RTSPConversation()
        let response = try conversation.send("DESCRIBE \(uri) RTSP/1.0\r\nCSeq: 2\r\n\r\n")
        #expect(RTSPConversation.header("Content-Base", in: response) == base)
    }

    @Test(arguments: ["application/sdp", "application/*", "*/*", "text/html, application/sdp;level=1", "APPLICATION/SDP"])
    func describeHonoursAcceptableTypes(accept: String) throws {
        let conversation = try RTSPConversation()
        #expect(try conversation.send("DESCRIBE rtsp://127.0.0.1:8554/cam RTSP/1.0\r\nCSeq: 3\r\nAccept: \(accept)\r\n\r\n").hasPrefix("RTSP/1.0 200 OK\r\n"))
    }

    @Test(arguments: ["application/json", "text/*", "application/sdp;q=0, */*", "application/sdp;q=0.0"])
    func describeOfferingNoSDPIs406(accept: String) throws {
        let conversation = try RTSPConversation()
        #expect(
            try conversation.send("DESCRIBE rtsp://127.0.0.1:8554/cam RTSP/1.0\r\nCSeq: 3\r\nAccept: \(accept)\r\n\r\n")
                == "RTSP/1.0 406 Not Acceptable\r\nCSeq: 3\r\n\(Self.head)\r\n")
    }

    @Test(arguments: ["rtsp://127.0.0.1:8554/nothing", "rtsp://127.0.0.1:8554/cam/trackID=0", "rtsp://127.0.0.1:8554/", "*"])
    func describeOfAnythingButAStreamIs404(uri: String) throws {
        let conversation = try RTSPConversation()
        #expect(
            try conversation.send("DESCRIBE \(uri) RTSP/1.0\r\nCSeq: 3\r\n\r\n")
                == "RTSP/1.0 404 Not Found\r\nCSeq: 3\r\n\(Self.head)\r\n")
    }

    @Test(arguments: ["ANNOUNCE", "RECORD", "REDIRECT"])
    func methodsACameraDoesNotTakeAre405WithAllow(method: String) throws {
        let conversation = try RTSPConversation()
        #expect(
            try conversation.send("\(method) rtsp://127.0.0.1:8554/cam RTSP/1.0\r\nCSeq: 8\r\n\r\n")
                == "RTSP/1.0 405 Method Not Allowed\r\nCSeq: 8\r\n\(Self.head)Allow: \(Self.allMethods)\r\n\r\n")
    }

    @Test(arguments: ["FLY", "GET", "play"])
    func unknownMethodsAre501WithPublic(method: String) throws {
        let conversation = try RTSPConversation()
        #expect(
            try conversation.send("\(method) rtsp://127.0.0.1:8554/cam RTSP/1.0\r\nCSeq: 9\r\n\r\n")
                == "RTSP/1.0 501 Not Implemented\r\nCSeq: 9\r\n\(Self.head)Public: \(Self.allMethods)\r\n\r\n")
    }

    @Test func requireOfAnUnsupportedOptionIs551WithUnsupported() throws {
        let conversation = try RTSPConversation()
        #expect(
            try conversation.send("OPTIONS * RTSP/1.0\r\nCSeq: 4\r\nRequire: implicit-play, com.example.x\r\n\r\n")
                == "RTSP/1.0 551 Option not supported\r\nCSeq: 4\r\n\(Self.head)Unsupported: implicit-play, com.example.x\r\n\r\n")
        // Proxy-Require is for proxies; an origin server ignores it.
        #expect(try conversation.send("OPTIONS * RTSP/1.0\r\nCSeq: 5\r\nProxy-Require: x\r\n\r\n").hasPrefix("RTSP/1.0 200 OK\r\n"))
    }

    @Test func aRequestWithoutCSeqIs400() throws {
        let conversation = try RTSPConversation()
        #expect(try conversation.send("OPTIONS * RTSP/1.0\r\n\r\n") == "RTSP/1.0 400 Bad Request\r\n\(Self.head)\r\n")
        #expect(try conversation.send("OPTIONS * RTSP/1.0\r\nCSeq: x\r\n\r\n") == "RTSP/1.0 400 Bad Request\r\nCSeq: x\r\n\(Self.head)\r\n")
    }

    @Test func getParameterWithoutBodyIsAKeepAlive() throws {
        let conversation = try RTSPConversation()
        #expect(try conversation.send("GET_PARAMETER rtsp://127.0.0.1:8554/cam RTSP/1.0\r\nCSeq: 1\r\n\r\n") == "RTSP/1.0 200 OK\r\nCSeq: 1\r\n\(Self.head)\r\n")
        let session = try conversation.setupInterleaved(cseq: 2)
        #expect(
            try conversation.send("GET_PARAMETER rtsp://127.0.0.1:8554/cam/ RTSP/1.0\r\nCSeq: 3\r\nSession: \(session)\r\nContent-Length: 0\r\n\r\n")
                == "RTSP/1.0 200 OK\r\nCSeq: 3\r\n\(Self.head)Session: \(session);timeout=60\r\n\r\n")
        #expect(
            try conversation.send("SET_PARAMETER rtsp://127.0.0.1:8554/cam/ RTSP/1.0\r\nCSeq: 4\r\nSession: \(session)\r\n\r\n")
                == "RTSP/1.0 200 OK\r\nCSeq: 4\r\n\(Self.head)Session: \(session);timeout=60\r\n\r\n")
        #expect(
            try conversation.send("GET_PARAMETER rtsp://127.0.0.1:8554/cam/ RTSP/1.0\r\nCSeq: 5\r\nSession: 0123456789ABCDEF\r\n\r\n")
                == "RTSP/1.0 454 Session Not Found\r\nCSeq: 5\r\n\(Self.head)\r\n")
    }

    @Test(arguments: ["GET_PARAMETER", "SET_PARAMETER"])
    func namedParametersAre451(method: String) throws {
        let conversation = try RTSPConversation()
        let body = method == "GET_PARAMETER" ? "packets_received\r\n" : "barparam: barstuff\r\n"
        #expect(
            try conversation.send(
                "\(method) rtsp://127.0.0.1:8554/cam RTSP/1.0\r\nCSeq: 6\r\nContent-Type: text/parameters\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
                == "RTSP/1.0 451 Parameter Not Understood\r\nCSeq: 6\r\n\(Self.head)\r\n")
    }

    @Test func headerNamesAreCaseInsensitiveAndCSeqIsEchoedAsSent() throws {
        let conversation = try RTSPConversation()
        let setup = try conversation.send(
            "SETUP rtsp://127.0.0.1:8554/cam/trackID=0 RTSP/1.0\r\ncseq:   007\r\nTRANSPORT: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n")
        #expect(setup.hasPrefix("RTSP/1.0 200 OK\r\nCSeq: 007\r\n"))
        let session = try #require(RTSPConversation.header("Session", in: setup)).split(separator: ";")[0]
        #expect(
            try conversation.send("get_parameter * RTSP/1.0\r\nCSeq: 8\r\n\r\n").hasPrefix("RTSP/1.0 501 Not Implemented"),
            "methods are case-sensitive")
        #expect(
            try conversation.send("TEARDOWN rtsp://127.0.0.1:8554/cam RTSP/1.0\r\nCseq: 9\r\nsession: \(session)\r\n\r\n")
                == "RTSP/1.0 200 OK\r\nCSeq: 9\r\n\(Self.head)\r\n")
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let conversation = try RTSPConversation()
        #expect(
            try conversation.send("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\nFLY * RTSP/1.0\r\nCSeq: 2\r\n\r\n")
                == "RTSP/1.0 200 OK\r\nCSeq: 1\r\n\(Self.head)Public: \(Self.allMethods)\r\n\r\n"
                + "RTSP/1.0 501 Not Implemented\r\nCSeq: 2\r\n\(Self.head)Public: \(Self.allMethods)\r\n\r\n")
    }

    /// PLAY waits for its keyframe; a request pipelined behind it is answered after it, not before.
    @Test func aRequestPipelinedBehindPLAYWaitsForIt() throws {
        let conversation = try RTSPConversation()
        let session = try conversation.setupInterleaved()
        let early = try conversation.send(
            "PLAY rtsp://127.0.0.1:8554/cam/ RTSP/1.0\r\nCSeq: 2\r\nSession: \(session)\r\n\r\nGET_PARAMETER rtsp://127.0.0.1:8554/cam/ RTSP/1.0\r\nCSeq: 3\r\nSession: \(session)\r\n\r\n")
        #expect(early == "", "nothing may be answered before PLAY's keyframe")
        try conversation.produce()
        let answers = try conversation.responses()
        let cseqs = answers.split(separator: "\r\n").filter { $0.hasPrefix("CSeq:") }
        #expect(cseqs == ["CSeq: 2", "CSeq: 3"])
    }

    @Test func aRequestSplitIntoSingleBytesIsAnsweredOnce() throws {
        let conversation = try RTSPConversation()
        #expect(
            try conversation.sendByteAtATime("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: LibVLC/3.0.18 (LIVE555 Streaming Media v2022.04.26)\r\n\r\n")
                == "RTSP/1.0 200 OK\r\nCSeq: 1\r\n\(Self.head)Public: \(Self.allMethods)\r\n\r\n")
    }

    @Test func garbageGets400AndTheConnectionCloses() throws {
        let conversation = try RTSPConversation()
        let response = try conversation.send("\u{1}\u{2}garbage\r\n\r\n")
        #expect(response == "RTSP/1.0 400 Bad Request\r\n\(Self.head)Connection: close\r\n\r\n")
        #expect(!conversation.channel.isActive)
    }

    @Test func aNewerRTSPVersionIs505() throws {
        let conversation = try RTSPConversation()
        let response = try conversation.send("OPTIONS * RTSP/2.0\r\nCSeq: 1\r\n\r\n")
        #expect(response == "RTSP/1.0 505 RTSP Version not supported\r\nCSeq: 1\r\n\(Self.head)Connection: close\r\n\r\n")
    }
}
