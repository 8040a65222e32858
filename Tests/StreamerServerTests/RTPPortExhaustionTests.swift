import RTSP
import Testing

@testable import StreamerServer

/// A UDP SETUP with no RTP/RTCP pair left says so, with the range, and — when ports would not bind — the real
/// bind error. It used to say "cannot listen on port 50000" whatever had happened. Ports 3173x/3174x are these
/// tests' own (UDPTransportTests lists the others).
@Suite(.serialized, .timeLimit(.minutes(1)))
struct RTPPortExhaustionTests {
    /// A UDP SETUP from a client socket pair of its own, kept in `sockets` until the test closes them.
    static func setup(_ client: LoopbackRTSPClient, cseq: Int, sockets: inout [LoopbackDatagramSocket]) async throws -> RTSPResponse? {
        let (rtp, rtcp) = try await LoopbackDatagramSocket.pair()
        sockets += [rtp, rtcp]
        return try await client.send(
            "SETUP rtsp://127.0.0.1/cam/trackID=0 RTSP/1.0\r\nCSeq: \(cseq)\r\nTransport: RTP/AVP;unicast;client_port=\(rtp.port)-\(rtcp.port)\r\n\r\n"
        )
    }

    @Test func aFullRangeSaysSoWithTheRange() async throws {
        let server = try await LoopbackServer(rtpPorts: 31730...31733)
        let client = try await LoopbackRTSPClient(port: server.port)
        var sockets: [LoopbackDatagramSocket] = []
        #expect(try await Self.setup(client, cseq: 1, sockets: &sockets)?.status == .ok)
        #expect(try await Self.setup(client, cseq: 2, sockets: &sockets)?.status == .ok)
        let refused = try await Self.setup(client, cseq: 3, sockets: &sockets)
        #expect(refused?.status == .serviceUnavailable)
        #expect(refused?.headers["CSeq"] == "3")
        #expect(await server.log.wait(for: "request refused"))
        #expect(
            server.log.all.contains { $0.contains("no free RTP/RTCP port pair in 31730-31733: every pair is in use") }, "\(server.log.all)")
        await client.close()
        await server.stop()
        for socket in sockets { await socket.close() }
    }

    @Test func aPortHeldElsewhereShowsTheBindError() async throws {
        let blocker = try await LoopbackDatagramSocket(port: 31740)
        let server = try await LoopbackServer(rtpPorts: 31740...31741)
        let client = try await LoopbackRTSPClient(port: server.port)
        var sockets: [LoopbackDatagramSocket] = []
        let refused = try await Self.setup(client, cseq: 1, sockets: &sockets)
        #expect(refused?.status == .serviceUnavailable)
        #expect(await server.log.wait(for: "request refused"))
        let line = server.log.all.first { $0.contains("request refused") } ?? ""
        #expect(line.contains("no free RTP/RTCP port pair in 31740-31741: 1 tried would not bind, the last: "), "\(line)")
        #expect(line.contains("Address already in use"), "\(line)")
        await client.close()
        await server.stop()
        for socket in sockets { await socket.close() }
        await blocker.close()
    }
}
