import NIOCore
import RTCP
import RTP
import RTSP
import TestPattern
import Testing

@testable import StreamerServer

/// RTCP as a viewer sees it (RFC 3550 §6): a sender report right after PLAY and then at the computed
/// interval, with exact counts and an NTP↔RTP mapping that gives every frame its capture time; SDES CNAME in
/// every compound packet; BYE when the viewer, the stream or the server ends; receiver reports kept per viewer.
@Suite struct RTCPSenderTests {
    static func reports(in frames: [InterleavedFrame]) throws -> [[RTCPPacket]] {
        try frames.filter { $0.channel == 1 }.map { try RTCPCompoundPacket.parse($0.payload) }
    }

    static func media(in frames: [InterleavedFrame]) throws -> [RTPPacket] {
        try frames.filter { $0.channel == 0 }.map { try RTPPacket(parsing: $0.payload) }
    }

    static func senderReport(_ packets: [RTCPPacket]) -> SenderReport? {
        for case .senderReport(let report) in packets { return report }
        return nil
    }

    static func hasGoodbye(_ packets: [RTCPPacket], ssrc: UInt32) -> Bool {
        packets.contains { if case .goodbye(let bye) = $0 { bye.ssrcs == [ssrc] } else { false } }
    }

    @Test func reportsCarryCNAMEAndCountExactlyWhatThisViewerWasSent() throws {
        let conversation = try RTSPConversation()
        _ = try conversation.play()
        let start = try conversation.frames()
        let atPlay = try #require(try Self.reports(in: start).first)
        #expect(start.first?.channel == 1, "the report right after PLAY precedes the first packet")
        #expect(Self.senderReport(atPlay)?.packetCount == 0)
        #expect(atPlay.contains(.sourceDescription(.cname(ssrc: conversation.stream.ssrc, cname: conversation.stream.cname))))

        try conversation.produce(20)
        // Past the longest first interval, 2.5 s × 1.5 / (e − 3/2) ≈ 3.08 s.
        conversation.advance(seconds: 4)
        let later = try conversation.frames()
        let media = try Self.media(in: start) + Self.media(in: later)
        let report = try #require(try Self.reports(in: later).compactMap(Self.senderReport).last)
        #expect(Int(report.packetCount) == media.count)
        #expect(Int(report.octetCount) == media.reduce(0) { $0 + $1.payload.readableBytes })
        #expect(report.ssrc == conversation.stream.ssrc)
    }

    /// The SR's NTP and RTP timestamps name one instant on the capture clock: mapping a frame's RTP timestamp
    /// through them gives the wall-clock time the frame was captured.
    @Test func theNTPToRTPMappingGivesEachFrameItsCaptureTime() throws {
        let conversation = try RTSPConversation()
        _ = try conversation.play()
        let units = try conversation.produce(5)
        conversation.advance(seconds: 4)
        let frames = try conversation.frames()
        let report = try #require(try Self.reports(in: frames).compactMap(Self.senderReport).last)
        let unit = try #require(units.last)
        let packet = try #require(try Self.media(in: frames).last)
        // The capture time on the wall clock, from this process's own reading of both clocks.
        let nowMonotonic = MonotonicClock.now()
        let nowWall = Clocks.unixNanoseconds()
        let captureWall = Int64(nowWall) - Int64(nowMonotonic - unit.captureTime)
        // The same, as a receiver computes it from the SR: NTP + (rtp − rtp_sr) / 90 kHz.
        let ticks = Int64(Int32(bitPattern: packet.header.timestamp &- report.rtpTimestamp))
        let mapped = Int64(report.ntpTimestamp.unixNanoseconds) + ticks * 1_000_000_000 / 90_000
        #expect(abs(mapped - captureWall) < 1_000_000, "off by \(mapped - captureWall) ns; one 90 kHz tick is 11 µs")
    }

    @Test func teardownSendsByeAfterTheLastPacket() throws {
        let conversation = try RTSPConversation()
        let (session, _) = try conversation.play()
        _ = try conversation.send("TEARDOWN rtsp://h/cam RTSP/1.0\r\nCSeq: 9\r\nSession: \(session)\r\n\r\n")
        let reports = try Self.reports(in: try conversation.frames())
        #expect(Self.hasGoodbye(try #require(reports.last), ssrc: conversation.stream.ssrc))
    }

    @Test func shutdownAndTheEndOfAStreamSayBye() throws {
        let stopping = try RTSPConversation()
        _ = try stopping.play()
        _ = try stopping.frames()
        stopping.server.stop()
        stopping.stream.stop()
        #expect(Self.hasGoodbye(try #require(try Self.reports(in: try stopping.frames()).last), ssrc: stopping.stream.ssrc))
        #expect(stopping.server.sessions.isEmpty)

        let ending = try RTSPConversation()
        let (session, _) = try ending.play()
        _ = try ending.frames()
        ending.source.end(reason: "camera unplugged")
        let last = try #require(try Self.reports(in: try ending.frames()).last)
        #expect(last.contains(.goodbye(Goodbye(ssrcs: [ending.stream.ssrc], reason: "camera unplugged"))))
        #expect(ending.server.session(id: session) == nil)
        #expect(
            try ending.send("SETUP rtsp://h/cam/trackID=0 RTSP/1.0\r\nCSeq: 1\r\nTransport: RTP/AVP/TCP;interleaved=0-1\r\n\r\n")
                == "RTSP/1.0 503 Service Unavailable\r\nCSeq: 1\r\n\(RTSPConformanceTests.head)\r\n")
    }

    /// A receiver report over the interleaved RTCP channel becomes the viewer's statistics: loss, jitter, and
    /// the round-trip time from its LSR/DLSR.
    @Test func receiverReportsBecomePerViewerStatistics() throws {
        let conversation = try RTSPConversation()
        let (session, _) = try conversation.play()
        // As if our SR was sent 600 ms ago and the client held it for 500 ms: RTT ≈ 100 ms.
        let sentAt = NTPTimestamp(unixNanoseconds: Clocks.unixNanoseconds() - 600_000_000)
        let block = ReportBlock(
            ssrc: conversation.stream.ssrc, fractionLost: 64, cumulativeLost: 12, extendedHighestSequenceNumber: 1000, jitter: 900,
            lastSenderReport: sentAt.middle32, delaySinceLastSenderReport: 32768)
        var report = ByteBuffer()
        report.writeRTCPPacket(
            .receiverReport(ReceiverReport(ssrc: 0xC0FFEE, reportBlocks: [block, ReportBlock(ssrc: 1, fractionLost: 255)])))
        report.writeRTCPPacket(.sourceDescription(.cname(ssrc: 0xC0FFEE, cname: "viewer@host")))
        var frame = ByteBuffer()
        frame.writeInterleavedFrame(InterleavedFrame(channel: 1, payload: report))
        try conversation.channel.writeInbound(frame)

        let statistics = try #require(conversation.server.viewerStatistics.first { $0.sessionID == session })
        #expect(statistics.receiverReports == 1)
        #expect(statistics.fractionLost == 0.25)
        #expect(statistics.cumulativeLost == 12)
        #expect(statistics.jitterSeconds == 0.01)
        let rtt = try #require(statistics.roundTripSeconds)
        #expect(abs(rtt - 0.1) < 0.01, "rtt \(rtt)")
        #expect(statistics.logMetadata["viewer.rtt_ms"] != nil)
        #expect(statistics.logMetadata["viewer.jitter_ms"] == "10.0")
    }

    /// A slow TCP viewer loses whole access units, counted, while another viewer loses nothing; when its queue
    /// drains it is given one keyframe to start again from, and repeated drops ask for at most one a second.
    @Test func aSlowTCPViewerDropsWholeFramesAndStallsNobody() throws {
        let slow = try RTSPConversation()
        _ = try slow.play()
        let fast = try slow.secondConnection()
        _ = try fast.play()
        _ = try slow.frames()
        _ = try fast.frames()
        let requestsBefore = slow.source.keyframeRequestCount

        slow.channel.isWritable = false
        let units = try slow.produce(10)
        #expect(try slow.frames().isEmpty)
        let fastMedia = try RTCPSenderTests.media(in: try fast.frames())
        #expect(Set(fastMedia.map(\.header.timestamp)).count == units.count, "the fast viewer got every frame")
        #expect(slow.server.viewerStatistics.map(\.droppedAccessUnits).sorted() == [0, 10])
        #expect(slow.source.keyframeRequestCount - requestsBefore <= 1, "one recovery keyframe at most, however many drops")

        slow.advance(seconds: 2)
        slow.channel.isWritable = true
        slow.channel.pipeline.fireChannelWritabilityChanged()
        let requested = slow.source.keyframeRequestCount
        #expect(requested > requestsBefore)
        let next = try slow.produce(1)
        #expect(next.first?.startsDecoding == true)
        #expect(
            try RTCPSenderTests.media(in: try slow.frames()).first.map {
                $0.payload.getInteger(at: $0.payload.readerIndex, as: UInt8.self)! & 0x1F
            } == 7)
    }
}
