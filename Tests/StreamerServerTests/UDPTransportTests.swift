import NIOCore
import RTCP
import RTP
import RTSP
import Testing

@testable import StreamerServer

/// UDP unicast on real loopback sockets: server ports from the range in even/odd pairs and reused, symmetric
/// RTP, receiver reports over UDP, and a UDP session that outlives its RTSP connection until its timeout.
/// Each test has RTP ports of its own (310xx, below Linux's ephemeral range 32768–60999 so no client socket can hold them), apart from the integration tests (20xxx, 21xxx, 30xxx).
@Suite(.serialized, .timeLimit(.minutes(1)))
struct UDPTransportTests {
    static func setup(_ client: LoopbackRTSPClient, rtp: Int, rtcp: Int, cseq: Int = 1) async throws -> (
        session: String, transport: TransportSpec
    ) {
        let response = try #require(
            try await client.send(
                "SETUP rtsp://127.0.0.1/cam/trackID=0 RTSP/1.0\r\nCSeq: \(cseq)\r\nTransport: RTP/AVP;unicast;client_port=\(rtp)-\(rtcp)\r\n\r\n"
            ))
        try #require(response.status == .ok, "SETUP answered \(response.status)")
        let session = try SessionHeader(parsing: try #require(response.headers["Session"])).id
        let transport = try TransportHeader(parsing: try #require(response.headers["Transport"])).specs[0]
        return (session, transport)
    }

    static func play(_ client: LoopbackRTSPClient, _ server: LoopbackServer, session: String) async throws -> RTSPResponse? {
        let waiting = server.log.count(of: "PLAY waits for a keyframe")
        try await client.channel.writeAndFlush(
            ByteBuffer(string: "PLAY rtsp://127.0.0.1/cam/ RTSP/1.0\r\nCSeq: 9\r\nSession: \(session)\r\n\r\n"))
        // PLAY is answered at the keyframe it asks for, made once the server waits for it.
        #expect(await server.log.wait(for: "PLAY waits for a keyframe", count: waiting + 1))
        try server.source.produce()
        return await client.response()
    }

    /// The next RTP packet of our stream: a port just handed out by the kernel may still get stray packets
    /// meant for its previous owner (another test's server, sending to a viewer that has gone).
    static func nextPacket(to socket: LoopbackDatagramSocket, ssrc: UInt32) async -> AddressedEnvelope<ByteBuffer>? {
        while let envelope = await socket.received.next() {
            if let packet = try? RTPPacket(parsing: envelope.data), packet.header.ssrc == ssrc { return envelope }
        }
        return nil
    }

    @Test func setupAnswersAnEvenOddPairFromTheRangeAndMediaAndReportsArrive() async throws {
        let server = try await LoopbackServer(rtpPorts: 31001...31010)
        let client = try await LoopbackRTSPClient(port: server.port)
        let (rtp, rtcp) = try await LoopbackDatagramSocket.pair()
        let response = try #require(
            try await client.send(
                "SETUP rtsp://127.0.0.1/cam/trackID=0 RTSP/1.0\r\nCSeq: 1\r\nTransport: RTP/AVP;unicast;client_port=\(rtp.port)-\(rtcp.port)\r\n\r\n"
            ))
        try #require(response.status == .ok, "SETUP answered \(response.status); the server said \(server.log.all)")
        let session = try SessionHeader(parsing: try #require(response.headers["Session"])).id
        let ssrc =
            try TransportHeader(parsing: try #require(response.headers["Transport"])).specs[0].ssrc.map {
                String($0, radix: 16, uppercase: true)
            } ?? ""
        #expect(
            response.headers["Transport"]
                == "RTP/AVP;unicast;source=127.0.0.1;client_port=\(rtp.port)-\(rtcp.port);server_port=31002-31003;ssrc=\(String(repeating: "0", count: 8 - ssrc.count) + ssrc)"
        )

        let play = try #require(try await Self.play(client, server, session: session))
        #expect(play.status == .ok)
        let transportValue = try #require(response.headers["Transport"])
        let ssrcValue = try #require(try TransportHeader(parsing: transportValue).specs[0].ssrc)
        let first = try #require(await Self.nextPacket(to: rtp, ssrc: ssrcValue))
        #expect(first.remoteAddress.port == 31002, "RTP comes from the server's RTP port")
        let packet = try RTPPacket(parsing: first.data)
        #expect(play.headers["RTP-Info"]?.contains("seq=\(packet.header.sequenceNumber);rtptime=\(packet.header.timestamp)") == true)
        let report = try #require(await rtcp.received.next())
        #expect(report.remoteAddress.port == 31003, "RTCP comes from the port after it")
        #expect(try RTCPCompoundPacket.parse(report.data).contains { if case .senderReport = $0 { true } else { false } })

        // A receiver report to our RTCP port becomes this viewer's statistics.
        var rr = ByteBuffer()
        rr.writeRTCPPacket(
            .receiverReport(
                ReceiverReport(
                    ssrc: 42, reportBlocks: [ReportBlock(ssrc: packet.header.ssrc, fractionLost: 128, cumulativeLost: 3, jitter: 45)])))
        try await rtcp.send(Array(rr.readableBytesView), to: 31003)
        #expect(await server.log.wait(for: "first receiver report"))
        let statistics = try #require(try await server.server.viewerStatistics().first)
        #expect(
            statistics.receiverReports == 1 && statistics.fractionLost == 0.5 && statistics.cumulativeLost == 3
                && statistics.jitterSeconds == 0.0005)

        await client.close()
        await server.stop()
        await rtp.close()
        await rtcp.close()
    }

    /// A client behind NAT sends to our ports first; media then goes to where those packets came from, which
    /// is where its NAT forwards from. The advertised client_port is not listened on at all here.
    @Test func symmetricRTPSendsToWhereTheClientsPacketsCameFrom() async throws {
        let server = try await LoopbackServer(rtpPorts: 31020...31029)
        let client = try await LoopbackRTSPClient(port: server.port)
        let (natRTP, natRTCP) = try await LoopbackDatagramSocket.pair()
        let (session, transport) = try await Self.setup(client, rtp: 8, rtcp: 9)
        let serverPorts = try #require(transport.serverPort)
        // Two small packets, as VLC and GStreamer send right after SETUP.
        try await natRTP.send([0x80, 0, 0, 0], to: Int(serverPorts.lowerBound))
        try await natRTCP.send([0x80, 0xC9, 0, 1, 0, 0, 0, 42], to: Int(serverPorts.upperBound))
        #expect(await server.log.wait(for: "RTP destination latched"))
        _ = try await Self.play(client, server, session: session)
        #expect(await natRTP.received.next() != nil, "RTP reached the latched address")
        #expect(await natRTCP.received.next() != nil, "RTCP reached the latched address")
        await client.close()
        await server.stop()
    }

    /// Ports come back when sessions end, and a UDP session outlives its RTSP connection until its timeout.
    @Test func portPairsAreReusedAndUDPSessionsAreReapedAfterTheTimeout() async throws {
        let server = try await LoopbackServer(rtpPorts: 31040...31043, sessionTimeoutSeconds: 1)
        let client = try await LoopbackRTSPClient(port: server.port)
        let first = try await Self.setup(client, rtp: 9000, rtcp: 9001)
        let second = try await Self.setup(client, rtp: 9002, rtcp: 9003, cseq: 2)
        #expect(first.transport.serverPort == 31040...31041)
        #expect(second.transport.serverPort == 31042...31043)
        let full = try #require(
            try await client.send(
                "SETUP rtsp://127.0.0.1/cam/trackID=0 RTSP/1.0\r\nCSeq: 3\r\nTransport: RTP/AVP;unicast;client_port=9004-9005\r\n\r\n"))
        #expect(full.status == .serviceUnavailable, "the range holds two pairs")
        #expect(
            try await client.send("TEARDOWN rtsp://127.0.0.1/cam RTSP/1.0\r\nCSeq: 4\r\nSession: \(first.session)\r\n\r\n")?.status == .ok)
        let third = try await Self.setup(client, rtp: 9006, rtcp: 9007, cseq: 5)
        #expect(third.transport.serverPort == 31040...31041, "the freed pair is used again")

        // The RTSP connection goes; the sessions stay until a second has passed without a word from the client.
        await client.close()
        #expect(await server.log.wait(for: "connection closed"))
        #expect(try await server.server.viewerStatistics().count == 2)
        #expect(await server.log.wait(for: "session timed out", count: 2, timeout: 10))
        #expect(try await server.server.viewerStatistics().isEmpty)
        let again = try await LoopbackRTSPClient(port: server.port)
        let fourth = try await Self.setup(again, rtp: 9008, rtcp: 9009)
        #expect(fourth.transport.serverPort != nil, "the reaped sessions' ports are free again")
        await again.close()
        await server.stop()
    }
}
