import LogTestSupport
import RTSP
import Testing

@testable import StreamerServer

/// Port and channel pairs the RFCs give no meaning are refused with 461 and a log line naming them, never
/// trapped on: `client_port=65535-65535` used to trap on `65535 + 1` in SETUP.
@Suite struct TransportPairTests {
    static let head = RTSPConformanceTests.head

    @Test(
        arguments: [
            ("client_port=5000-5001", 5000, 5001), ("client_port=5000", 5000, 5001), ("client_port=5000-5000", 5000, 5001),
            ("client_port=65534-65535", 65534, 65535), ("client_port=2-3", 2, 3),
        ] as [(String, UInt16, UInt16)])
    func clientPortPairs(parameter: String, rtp: UInt16, rtcp: UInt16) throws {
        let pair = try #require(try TransportSpec(parsing: "RTP/AVP;unicast;\(parameter)").clientPortPair())
        #expect(pair.rtp == rtp && pair.rtcp == rtcp)
    }

    @Test(arguments: [
        ("client_port=65535-65535", "client_port 65535-65535: the RTP port must be even"),
        ("client_port=5001-5002", "client_port 5001-5002: the RTP port must be even"),
        ("client_port=0-1", "client_port 0-1: port 0 cannot receive media"),
        ("client_port=0", "client_port 0-1: port 0 cannot receive media"),
        ("client_port=5000-5003", "client_port 5000-5003 is not an RTP/RTCP pair: expected 5000-5001"),
        ("client_port=5000-65535", "client_port 5000-65535 is not an RTP/RTCP pair: expected 5000-5001"),
    ])
    func clientPortsWithoutMeaningAreRefused(parameter: String, reason: String) throws {
        let spec = try TransportSpec(parsing: "RTP/AVP;unicast;\(parameter)")
        let refusal = try #require(throws: RequestRefusal.self) { try spec.clientPortPair() }
        #expect(refusal.status == .unsupportedTransport)
        #expect(refusal.reason.hasPrefix(reason), "\(refusal.reason)")
    }

    @Test(
        arguments: [
            ("interleaved=0-1", 0, 1), ("interleaved=0", 0, 1), ("interleaved=254", 254, 255), ("interleaved=254-255", 254, 255),
            ("interleaved=8-8", 8, 9),
        ] as [(String, UInt8, UInt8)])
    func interleavedPairs(parameter: String, rtp: UInt8, rtcp: UInt8) throws {
        let pair = try #require(try TransportSpec(parsing: "RTP/AVP/TCP;unicast;\(parameter)").interleavedPair())
        #expect(pair.rtp == rtp && pair.rtcp == rtcp)
    }

    @Test(arguments: [
        ("interleaved=255", "interleaved 255-255: the RTP channel must be even"),
        ("interleaved=255-255", "interleaved 255-255: the RTP channel must be even"),
        ("interleaved=3-4", "interleaved 3-4: the RTP channel must be even"),
        ("interleaved=0-3", "interleaved 0-3 is not an RTP/RTCP pair: expected 0-1"),
        ("interleaved=0-255", "interleaved 0-255 is not an RTP/RTCP pair: expected 0-1"),
    ])
    func interleavedChannelsWithoutMeaningAreRefused(parameter: String, reason: String) throws {
        let spec = try TransportSpec(parsing: "RTP/AVP/TCP;unicast;\(parameter)")
        let refusal = try #require(throws: RequestRefusal.self) { try spec.interleavedPair() }
        #expect(refusal.status == .unsupportedTransport)
        #expect(refusal.reason.hasPrefix(reason), "\(refusal.reason)")
    }

    @Test func noPairNamedIsNil() throws {
        #expect(try TransportSpec(parsing: "RTP/AVP/TCP;unicast").interleavedPair() == nil)
        #expect(try TransportSpec(parsing: "RTP/AVP;unicast").clientPortPair() == nil)
    }

    /// The exact SETUPs, through the real handler: an answer each, the status the RFCs call for, the value in
    /// the log, and the connection still serving afterwards.
    @Test(
        arguments: [
            ("RTP/AVP;unicast;client_port=65535-65535", 461, "client_port 65535-65535"),
            ("RTP/AVP/UDP;unicast;client_port=65535-65535", 461, "client_port 65535-65535"),
            ("RTP/AVP;unicast;client_port=5001-5002", 461, "client_port 5001-5002"),
            ("RTP/AVP;unicast;client_port=0", 461, "client_port 0-1"),
            ("RTP/AVP;unicast;client_port=0-0", 461, "client_port 0-0"),
            ("RTP/AVP;unicast;client_port=5000-5003", 461, "client_port 5000-5003"),
            ("RTP/AVP;unicast;client_port=65535", 400, "client_port '65535'"),
            ("RTP/AVP;unicast;client_port=5001-5000", 400, "client_port '5001-5000'"),
            ("RTP/AVP;unicast;client_port=65536-65537", 400, "client_port '65536-65537'"),
            ("RTP/AVP;unicast;client_port=-1", 400, "client_port '-1'"),
            ("RTP/AVP/TCP;unicast;interleaved=255", 461, "interleaved 255-255"),
            ("RTP/AVP/TCP;unicast;interleaved=255-255", 461, "interleaved 255-255"),
            ("RTP/AVP/TCP;unicast;interleaved=1-2", 461, "interleaved 1-2"),
            ("RTP/AVP/TCP;unicast;interleaved=0-3", 461, "interleaved 0-3"),
            ("RTP/AVP/TCP;unicast;interleaved=256", 400, "interleaved '256'"),
            ("RTP/AVP/TCP;unicast;interleaved=1-0", 400, "interleaved '1-0'"),
        ] as [(String, Int, String)])
    func setupWithAMeaninglessPairIsRefused(transport: String, status: Int, logged: String) throws {
        let log = LogRecorder()
        let conversation = try RTSPConversation(logger: log.logger)
        let response = try conversation.send("SETUP rtsp://h/cam/trackID=0 RTSP/1.0\r\nCSeq: 3\r\nTransport: \(transport)\r\n\r\n")
        let reason = [400: "Bad Request", 461: "Unsupported transport"][status]!
        #expect(response == "RTSP/1.0 \(status) \(reason)\r\nCSeq: 3\r\n\(Self.head)\r\n")
        #expect(log.all.contains { $0.hasPrefix("request refused") && $0.contains(logged) }, "\(log.all)")
        #expect(conversation.server.sessions.isEmpty)
        #expect(try conversation.send("OPTIONS * RTSP/1.0\r\nCSeq: 4\r\n\r\n").hasPrefix("RTSP/1.0 200 OK\r\nCSeq: 4\r\n"))
    }

    /// The highest pair there is still works.
    @Test func theLastInterleavedPairIsServed() throws {
        let conversation = try RTSPConversation()
        let setup = try conversation.send(
            "SETUP rtsp://h/cam/trackID=0 RTSP/1.0\r\nCSeq: 1\r\nTransport: RTP/AVP/TCP;unicast;interleaved=254\r\n\r\n")
        #expect(RTSPConversation.header("Transport", in: setup) == "RTP/AVP/TCP;unicast;interleaved=254-255;ssrc=\(conversation.ssrcHex)")
    }
}
