import H264
import Logging
import NIOCore
import NIOEmbedded
import RTSP
import Testing
import VideoPipeline
import X264Encoder

@testable import StreamerServer

/// Requests in, exact response bytes out, through the real handler pipeline on an EmbeddedChannel.
/// The stream behind it is a real (unstarted) x264 test-pattern source, so DESCRIBE carries real SPS/PPS.
final class RTSPConversation {
    let channel = EmbeddedChannel()
    let source: TestPatternPipeline
    let stream: MediaStream

    init(publicAddress: String? = nil) throws {
        let logger = Logger(label: "test")
        source = try TestPatternPipeline(settings: EncoderSettings(width: 320, height: 240), logger: logger)
        stream = MediaStream(path: "cam", source: source, eventLoop: channel.embeddedEventLoop, logger: logger)
        let context = ServerContext(
            eventLoop: channel.embeddedEventLoop, streams: ["cam": stream],
            configuration: ServerConfiguration(streams: [.init(path: "cam", source: source)], publicAddress: publicAddress), logger: logger)
        channel.localAddress = try SocketAddress(ipAddress: "127.0.0.1", port: 8554)
        channel.remoteAddress = try SocketAddress(ipAddress: "127.0.0.1", port: 40000)
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RTSPMessageDecoder()))
        try channel.pipeline.syncOperations.addHandler(RTSPConnectionHandler(server: context))
        channel.pipeline.fireChannelActive()
    }

    /// Feeds `request` and returns everything the server wrote back, as text.
    func send(_ request: String) throws -> String {
        try channel.writeInbound(ByteBuffer(string: request))
        var output = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) {
            output += String(buffer: buffer)
        }
        return output
    }

    /// The value of `name` in a response, for following up with the session it created.
    static func header(_ name: String, in response: String) -> String? {
        response.split(separator: "\r\n").first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
            .map { String($0.dropFirst(name.count + 1).drop(while: { $0 == " " })) }
    }
}

@Suite struct RTSPConformanceTests {
    static let allMethods = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER"

    @Test func optionsListsExactlyWhatIsSupported() throws {
        let conversation = try RTSPConversation()
        #expect(
            try conversation.send("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n")
                == "RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: camstream\r\nPublic: \(Self.allMethods)\r\n\r\n")
    }

    @Test func describeAnswersSDPFromTheLiveEncoder() throws {
        let conversation = try RTSPConversation()
        let response = try conversation.send("DESCRIBE rtsp://127.0.0.1:8554/cam RTSP/1.0\r\nCSeq: 2\r\nAccept: application/sdp\r\n\r\n")
        let parts = response.split(separator: "\r\n\r\n", maxSplits: 1).map(String.init)
        let body = try #require(parts.last)
        #expect(
            parts.first
                == "RTSP/1.0 200 OK\r\nCSeq: 2\r\nServer: camstream\r\nContent-Base: rtsp://127.0.0.1:8554/cam/\r\nContent-Type: application/sdp\r\nContent-Length: \(body.utf8.count)")
        let sets = conversation.source.parameterSets
        #expect(body.hasPrefix("v=0\r\no=- \(conversation.stream.sessionID) 1 IN IP4 127.0.0.1\r\n"))
        #expect(body.contains("\r\nm=video 0 RTP/AVP 96\r\n"))
        #expect(body.contains("\r\na=rtpmap:96 H264/90000\r\n"))
        #expect(body.contains("a=fmtp:96 packetization-mode=1;profile-level-id=\(try #require(sets.profileLevelID));sprop-parameter-sets=\(sets.spropParameterSets)\r\n"))
        #expect(body.hasSuffix("a=control:trackID=0\r\n"))
    }

    @Test func describeOfAnUnknownPathIs404() throws {
        let conversation = try RTSPConversation()
        #expect(
            try conversation.send("DESCRIBE rtsp://127.0.0.1:8554/nothing RTSP/1.0\r\nCSeq: 3\r\n\r\n")
                == "RTSP/1.0 404 Not Found\r\nCSeq: 3\r\nServer: camstream\r\n\r\n")
    }

    @Test func describeOfferingNoSDPIs406() throws {
        let conversation = try RTSPConversation()
        #expect(
            try conversation.send("DESCRIBE rtsp://127.0.0.1:8554/cam RTSP/1.0\r\nCSeq: 3\r\nAccept: application/json\r\n\r\n")
                == "RTSP/1.0 406 Not Acceptable\r\nCSeq: 3\r\nServer: camstream\r\n\r\n")
    }

    @Test func setupOverTCPThenTeardown() throws {
        let conversation = try RTSPConversation()
        let setup = try conversation.send(
            "SETUP rtsp://127.0.0.1:8554/cam/trackID=0 RTSP/1.0\r\nCSeq: 4\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n")
        let sessionValue = try #require(RTSPConversation.header("Session", in: setup))
        let session = try SessionHeader(parsing: sessionValue)
        #expect(session.id.count == 16)
        #expect(session.timeout == 60)
        let ssrc = String(conversation.stream.ssrc, radix: 16, uppercase: true)
        let paddedSSRC = String(repeating: "0", count: 8 - ssrc.count) + ssrc
        #expect(
            setup
                == "RTSP/1.0 200 OK\r\nCSeq: 4\r\nServer: camstream\r\nSession: \(session.id);timeout=60\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=\(paddedSSRC)\r\n\r\n")

        #expect(
            try conversation.send("GET_PARAMETER rtsp://127.0.0.1:8554/cam/ RTSP/1.0\r\nCSeq: 5\r\nSession: \(session.id)\r\n\r\n")
                == "RTSP/1.0 200 OK\r\nCSeq: 5\r\nServer: camstream\r\nSession: \(session.id);timeout=60\r\n\r\n")
        #expect(
            try conversation.send("TEARDOWN rtsp://127.0.0.1:8554/cam/ RTSP/1.0\r\nCSeq: 6\r\nSession: \(session.id)\r\n\r\n")
                == "RTSP/1.0 200 OK\r\nCSeq: 6\r\nServer: camstream\r\n\r\n")
        #expect(
            try conversation.send("PLAY rtsp://127.0.0.1:8554/cam/ RTSP/1.0\r\nCSeq: 7\r\nSession: \(session.id)\r\n\r\n")
                == "RTSP/1.0 454 Session Not Found\r\nCSeq: 7\r\nServer: camstream\r\n\r\n")
    }

    @Test func setupWithOnlyMulticastIs461() throws {
        let conversation = try RTSPConversation()
        #expect(
            try conversation.send(
                "SETUP rtsp://127.0.0.1:8554/cam/trackID=0 RTSP/1.0\r\nCSeq: 4\r\nTransport: RTP/AVP;multicast;port=5000-5001\r\n\r\n")
                == "RTSP/1.0 461 Unsupported transport\r\nCSeq: 4\r\nServer: camstream\r\n\r\n")
    }

    @Test func setupOfAnUnknownTrackIs404() throws {
        let conversation = try RTSPConversation()
        #expect(
            try conversation.send(
                "SETUP rtsp://127.0.0.1:8554/cam/trackID=1 RTSP/1.0\r\nCSeq: 4\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n")
                == "RTSP/1.0 404 Not Found\r\nCSeq: 4\r\nServer: camstream\r\n\r\n")
    }

    @Test func setupWithoutTransportIs400() throws {
        let conversation = try RTSPConversation()
        #expect(
            try conversation.send("SETUP rtsp://127.0.0.1:8554/cam/trackID=0 RTSP/1.0\r\nCSeq: 4\r\n\r\n")
                == "RTSP/1.0 400 Bad Request\r\nCSeq: 4\r\nServer: camstream\r\n\r\n")
    }

    @Test func playWithoutASessionIs454() throws {
        let conversation = try RTSPConversation()
        #expect(
            try conversation.send("PLAY rtsp://127.0.0.1:8554/cam RTSP/1.0\r\nCSeq: 5\r\n\r\n")
                == "RTSP/1.0 454 Session Not Found\r\nCSeq: 5\r\nServer: camstream\r\n\r\n")
    }

    @Test(arguments: ["ANNOUNCE", "RECORD", "REDIRECT", "SET_PARAMETER"])
    func methodsACameraDoesNotTakeAre405WithAllow(method: String) throws {
        let conversation = try RTSPConversation()
        #expect(
            try conversation.send("\(method) rtsp://127.0.0.1:8554/cam RTSP/1.0\r\nCSeq: 8\r\n\r\n")
                == "RTSP/1.0 405 Method Not Allowed\r\nCSeq: 8\r\nServer: camstream\r\nAllow: \(Self.allMethods)\r\n\r\n")
    }

    @Test func unknownMethodsAre501() throws {
        let conversation = try RTSPConversation()
        #expect(
            try conversation.send("FLY rtsp://127.0.0.1:8554/cam RTSP/1.0\r\nCSeq: 9\r\n\r\n")
                == "RTSP/1.0 501 Not Implemented\r\nCSeq: 9\r\nServer: camstream\r\nPublic: \(Self.allMethods)\r\n\r\n")
    }

    @Test func aRequestWithoutCSeqIs400() throws {
        let conversation = try RTSPConversation()
        #expect(try conversation.send("OPTIONS * RTSP/1.0\r\n\r\n") == "RTSP/1.0 400 Bad Request\r\nServer: camstream\r\n\r\n")
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let conversation = try RTSPConversation()
        #expect(
            try conversation.send("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\nFLY * RTSP/1.0\r\nCSeq: 2\r\n\r\n")
                == "RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: camstream\r\nPublic: \(Self.allMethods)\r\n\r\n"
                + "RTSP/1.0 501 Not Implemented\r\nCSeq: 2\r\nServer: camstream\r\nPublic: \(Self.allMethods)\r\n\r\n")
    }

    @Test func garbageGets400AndTheConnectionCloses() throws {
        let conversation = try RTSPConversation()
        let response = try conversation.send("\u{1}\u{2}garbage\r\n\r\n")
        #expect(response == "RTSP/1.0 400 Bad Request\r\nServer: camstream\r\nConnection: close\r\n\r\n")
        #expect(!conversation.channel.isActive)
    }

    @Test func aNewerRTSPVersionIs505() throws {
        let conversation = try RTSPConversation()
        let response = try conversation.send("OPTIONS * RTSP/2.0\r\nCSeq: 1\r\n\r\n")
        #expect(response == "RTSP/1.0 505 RTSP Version not supported\r\nServer: camstream\r\nConnection: close\r\n\r\n")
    }
}
