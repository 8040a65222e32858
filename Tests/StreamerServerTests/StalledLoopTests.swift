import Dispatch
import NIOCore
import NIOPosix
import RTP
import Testing

@testable import StreamerServer

/// A server whose event loop stalls does not queue frames without bound: past a few waiting frames it skips
/// whole frames, asks for an IDR, and viewers resume at that IDR with no gap in RTP sequence numbers.
/// The loop is the test's own, so stalling it holds up no other test.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct StalledLoopTests {
    @Test func aStalledLoopSkipsToTheNextKeyframeInsteadOfQueueingFrames() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let server = try await LoopbackServer(rtpPorts: 31300...31309, eventLoop: loop)
        let client = try await LoopbackRTSPClient(port: server.port)
        let (rtp, rtcp) = try await LoopbackDatagramSocket.pair()
        let (session, transport) = try await UDPTransportTests.setup(client, rtp: rtp.port, rtcp: rtcp.port)
        let play = try #require(try await UDPTransportTests.play(client, server, session: session))
        #expect(play.status == .ok)
        let requestsBeforeStall = server.source.keyframeRequestCount

        let stalled = Mailbox<Void>()
        let release = DispatchSemaphore(value: 0)
        loop.execute {
            stalled.post(())
            release.wait()
        }
        #expect(await stalled.next() != nil)
        // The first FrameHandOff.defaultLimit are queued; the rest are skipped, and the first skip asks for an IDR.
        try server.source.produce(10)
        #expect(server.source.keyframeRequestCount == requestsBeforeStall + 1)
        release.signal()
        try await loop.submit {}.get()
        // The IDR asked for came during the stall and was skipped too: the next frame is skipped, asking again.
        try server.source.produce(2)
        #expect(server.source.keyframeRequestCount == requestsBeforeStall + 2)

        // Access units as they arrive, delimited by the marker bit: PLAY's IDR, the queued frames, the new IDR.
        let ssrc = try #require(transport.ssrc)
        var units: [[RTPPacket]] = [[]]
        while units.count <= 2 + FrameHandOff.defaultLimit {
            let envelope = try #require(await UDPTransportTests.nextPacket(to: rtp, ssrc: ssrc))
            let packet = try RTPPacket(parsing: envelope.data)
            units[units.count - 1].append(packet)
            if packet.header.marker { units.append([]) }
        }
        units.removeLast()
        let startsWithSPS = units.map { $0.first.map { Self.nalType(of: $0) == 7 } ?? false }
        #expect(startsWithSPS == [true] + Array(repeating: false, count: FrameHandOff.defaultLimit) + [true])
        let sequenceNumbers = units.joined().map(\.header.sequenceNumber)
        #expect(zip(sequenceNumbers, sequenceNumbers.dropFirst()).allSatisfy { $1 == $0 &+ 1 }, "\(sequenceNumbers)")
        #expect(server.log.count(of: "skipping frames until the next keyframe") == 1)
        #expect(await server.log.wait(for: "caught up at a keyframe after skipping 7 frames"))

        await client.close()
        await rtp.close()
        await rtcp.close()
        await server.stop()
        try await group.shutdownGracefully()
    }

    /// The NAL unit type of a single-NAL packet, or of the NAL unit an FU-A packet carries.
    static func nalType(of packet: RTPPacket) -> UInt8? {
        guard let first = packet.payload.getInteger(at: packet.payload.readerIndex, as: UInt8.self) else { return nil }
        guard first & 0x1F == 28 else { return first & 0x1F }
        return packet.payload.getInteger(at: packet.payload.readerIndex + 1, as: UInt8.self).map { $0 & 0x1F }
    }
}
