import Foundation
import H264
import NIOCore
import ProcessTestSupport
import RTCP
import RTP
import RTSP
import Testing

/// What a viewer joining a running stream gets: an IDR at once, announced exactly by RTP-Info,
/// while viewers already watching see an unbroken packet sequence.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct JoinTests {
    /// Keyframes are scheduled only every 10 s, so any IDR a joiner gets was made for it.
    static let longGOP = ["--source", "test", "--size", "320x240", "--fps", "30", "--keyint", "300"]

    @Test func joinerMidGOPStartsWithSPSPPSIDRAndWatchersSeeNoGap() async throws {
        let camstream = try await CamstreamProcess(Self.longGOP, rtpPorts: PortRanges.midGOPJoin)
        try await RTSPTestClient.withConnection(port: camstream.port) { watcher in
            let watcherPlay = try await watcher.playInterleaved()
            #expect(watcherPlay.status == .ok)
            var watcherStream = try PacketStream(rtpInfo: watcherPlay)
            // 45 frames: a second and a half into a ten-second GOP.
            try await watcherStream.readAccessUnits(45, from: &watcher)

            try await RTSPTestClient.withConnection(port: camstream.port) { joiner in
                let play = try await joiner.playInterleaved()
                #expect(play.status == .ok)
                var joinerStream = try PacketStream(rtpInfo: play)
                let first = try await joinerStream.readAccessUnits(1, from: &joiner)[0]
                #expect(first.startsDecoding, "first access unit: \(first.nalUnits.map { NALUnitHeader(byte: $0.getInteger(at: $0.readerIndex) ?? 0).type })")
                #expect(joinerStream.firstPacketMatchedRTPInfo)
                #expect(joinerStream.firstPayloadNALType == .sps)
            }

            // The watcher kept reading through the join: its sequence numbers never skipped.
            try await watcherStream.readAccessUnits(30, from: &watcher)
            #expect(watcherStream.firstPacketMatchedRTPInfo)
            #expect(watcherStream.sequenceGaps == 0)
        }
        #expect(await camstream.stop() == 0)
    }

    /// A real decoder joining mid-GOP decodes from its very first frame with no errors.
    @Test func ffmpegJoiningMidGOPDecodesWithoutErrors() async throws {
        let camstream = try await CamstreamProcess(Self.longGOP, rtpPorts: PortRanges.midGOPJoinFFmpeg)
        try await RTSPTestClient.withConnection(port: camstream.port) { watcher in
            var stream = try PacketStream(rtpInfo: try await watcher.playInterleaved())
            try await stream.readAccessUnits(45, from: &watcher)
            let result = try await Subprocess.run(
                "ffmpeg",
                ["-hide_banner", "-nostdin", "-v", "error", "-rtsp_transport", "tcp", "-i", camstream.url, "-frames:v", "30", "-f", "framecrc", "-"],
                timeout: .seconds(30))
            #expect(result.status == 0)
            #expect(result.stderr.isEmpty, "ffmpeg reported errors: \(result.stderr)")
            #expect(framecrcFrameSizes(result.stdoutText).count == 30)
        }
        #expect(await camstream.stop() == 0)
    }

    /// Two viewers, two transports, two client programs at once: both decode, one encoder runs.
    @Test func twoViewersShareOneEncoder() async throws {
        let camstream = try await CamstreamProcess(["--source", "test", "--size", "320x240"], rtpPorts: PortRanges.twoViewers)
        async let viaUDP = Subprocess.run(
            "ffmpeg",
            ["-hide_banner", "-nostdin", "-v", "error", "-rtsp_transport", "udp", "-i", camstream.url, "-frames:v", "90", "-f", "framecrc", "-"])
        async let viaTCP = Subprocess.run(
            "ffmpeg",
            ["-hide_banner", "-nostdin", "-v", "error", "-rtsp_transport", "tcp", "-i", camstream.url, "-frames:v", "90", "-f", "framecrc", "-"])
        let (first, second) = try await (viaUDP, viaTCP)
        #expect(framecrcFrameSizes(first.stdoutText).count == 90, "udp viewer: \(first.stderr)")
        #expect(framecrcFrameSizes(second.stdoutText).count == 90, "tcp viewer: \(second.stderr)")
        #expect(camstream.lines.filter { $0.contains("viewer playing") }.count == 2)
        #expect(camstream.lines.filter { $0.contains("encoder opened") }.count == 1)
        #expect(await camstream.stop() == 0)
    }

    /// SIGTERM: every viewer gets an RTCP BYE, then camstream exits 0.
    @Test func shutdownSaysGoodbyeToViewers() async throws {
        let camstream = try await CamstreamProcess(["--source", "test", "--size", "320x240"], rtpPorts: PortRanges.shutdown)
        let sawGoodbye = try await RTSPTestClient.withConnection(port: camstream.port) { viewer in
            var stream = try PacketStream(rtpInfo: try await viewer.playInterleaved())
            try await stream.readAccessUnits(3, from: &viewer)
            let status = await camstream.stop()
            #expect(status == 0)
            while true {
                let frame = try await viewer.nextFrame(channel: 1)
                let packets = try RTCPCompoundPacket.parse(frame.payload)
                if packets.contains(where: { if case .goodbye = $0 { true } else { false } }) { return true }
            }
        }
        #expect(sawGoodbye)
    }
}

/// Follows one viewer's RTP packets: reassembles access units, checks them against RTP-Info.
struct PacketStream {
    private let announcedSequence: UInt16
    private let announcedTimestamp: UInt32
    private var depacketizer = H264Depacketizer()
    private var lastSequence: UInt16?
    private(set) var sequenceGaps = 0
    private(set) var firstPacketMatchedRTPInfo = false
    private(set) var firstPayloadNALType: NALUnitType?

    init(rtpInfo play: RTSPResponse) throws {
        let header = try RTPInfoHeader(parsing: try #require(play.headers["RTP-Info"]))
        let entry = try #require(header.entries.first)
        announcedSequence = try #require(entry.sequenceNumber)
        announcedTimestamp = try #require(entry.rtpTime)
    }

    @discardableResult
    mutating func readAccessUnits(_ count: Int, from client: inout RTSPTestClient) async throws -> [AccessUnit] {
        var units: [AccessUnit] = []
        while units.count < count {
            let frame = try await client.nextFrame(channel: 0)
            let packet = try RTPPacket(parsing: frame.payload)
            if let last = lastSequence {
                if packet.header.sequenceNumber != last &+ 1 { sequenceGaps += 1 }
            } else {
                firstPacketMatchedRTPInfo = packet.header.sequenceNumber == announcedSequence && packet.header.timestamp == announcedTimestamp
                firstPayloadNALType = packet.payload.getInteger(at: packet.payload.readerIndex, as: UInt8.self).map { NALUnitHeader(byte: $0).type }
            }
            lastSequence = packet.header.sequenceNumber
            if let nalUnits = try depacketizer.push(packet) {
                units.append(AccessUnit(nalUnits: nalUnits, captureTime: 0))
            }
        }
        return units
    }
}
