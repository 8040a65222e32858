import H264
import Logging
import NIOCore
import RTCP
import RTP

/// Where a viewer's RTP begins, for the PLAY response's RTP-Info (RFC 2326 §12.33).
struct PlayStart: Sendable, Hashable {
    var sequenceNumber: UInt16
    var rtpTimestamp: UInt32
}

/// One published stream: one source, one packetizer, every viewer.
///
/// Each access unit is packetized once into one buffer and the same packets go to every playing
/// viewer, so adding a viewer costs a send, not an encode. All state lives on one event loop;
/// the source's thread only hops onto it.
final class MediaStream: @unchecked Sendable {
    // @unchecked: every mutable field is touched only on `eventLoop` (asserted at each entry point).
    let path: String
    let source: any AccessUnitSource
    let eventLoop: EventLoop
    let sessionID: UInt64
    let ssrc: UInt32
    let cname: String

    private var packetizer: H264Packetizer
    private let clock: RTPClock
    private let logger: Logger
    private var viewers: [ObjectIdentifier: Viewer] = [:]
    private var pendingPlays: [(viewer: Viewer, promise: EventLoopPromise<PlayStart>)] = []
    private var packetCount: UInt32 = 0
    private var octetCount: UInt32 = 0
    private var reportTask: RepeatedTask?

    /// Past this long without a keyframe, PLAY is answered anyway and the viewer starts at the next IDR:
    /// a stalled camera must not hang a client's PLAY forever.
    static let keyframeWait = TimeAmount.seconds(2)
    /// RFC 3550 §6.2's minimum interval between RTCP reports.
    static let reportInterval = TimeAmount.seconds(5)

    init(path: String, source: any AccessUnitSource, eventLoop: EventLoop, logger: Logger) {
        var generator = SystemRandomNumberGenerator()
        self.path = path
        self.source = source
        self.eventLoop = eventLoop
        self.sessionID = UInt64.random(in: 1...UInt64(Int64.max), using: &generator)
        self.ssrc = UInt32.random(in: 1...UInt32.max, using: &generator)
        self.cname = "camstream-\(String(self.ssrc, radix: 16))"
        // Random initial sequence number and timestamp, as RFC 3550 §5.1 asks, so that
        // a restart of the server is not mistaken for a continuation of the old stream.
        self.packetizer = H264Packetizer(ssrc: ssrc, initialSequenceNumber: UInt16.random(in: 0...UInt16.max, using: &generator))
        self.clock = RTPClock(epoch: Clocks.monotonicNanoseconds(), initialTimestamp: UInt32.random(in: 0...UInt32.max, using: &generator))
        var logger = logger
        logger[metadataKey: "stream.path"] = "\(path)"
        self.logger = logger
    }

    /// Starts the source; the first viewer then waits for nothing but a keyframe.
    func start() throws {
        try source.start { [self] accessUnit in
            eventLoop.execute { self.deliver(accessUnit) }
        }
        reportTask = eventLoop.scheduleRepeatedTask(initialDelay: Self.reportInterval, delay: Self.reportInterval) { [self] _ in
            sendReports()
        }
        logger.info("stream started", metadata: ["stream.source": "\(source.description)"])
    }

    /// Ends the stream: BYE to every viewer, then the source stops.
    func stop() {
        eventLoop.preconditionInEventLoop()
        reportTask?.cancel()
        for viewer in viewers.values { sayGoodbye(to: viewer, reason: "server shutting down") }
        for pending in pendingPlays { pending.promise.fail(ServerError.shuttingDown) }
        viewers.removeAll()
        pendingPlays.removeAll()
        source.stop()
    }

    var viewerCount: Int { viewers.count + pendingPlays.count }

    /// Starts sending to `viewer`. The returned future completes when the viewer's first packet is
    /// known: the next IDR, requested now. The PLAY response is written in that callback, before
    /// the IDR's packets, so RTP-Info names exactly the first packet the viewer gets.
    func play(_ viewer: Viewer) -> EventLoopFuture<PlayStart> {
        eventLoop.preconditionInEventLoop()
        let promise = eventLoop.makePromise(of: PlayStart.self)
        viewer.awaitingKeyframe = true
        pendingPlays.append((viewer, promise))
        source.requestKeyframe()
        eventLoop.assumeIsolated().scheduleTask(in: Self.keyframeWait) { [self] in
            guard let index = pendingPlays.firstIndex(where: { $0.viewer === viewer }) else { return }
            let pending = pendingPlays.remove(at: index)
            logger.warning("no keyframe within \(Self.keyframeWait); playing from the next one", metadata: ["rtsp.session": "\(viewer.sessionID)"])
            viewers[ObjectIdentifier(viewer)] = viewer
            pending.promise.succeed(PlayStart(sequenceNumber: packetizer.nextSequenceNumber, rtpTimestamp: clock.timestamp(at: Clocks.monotonicNanoseconds())))
        }
        return promise.futureResult
    }

    /// Stops sending to `viewer` but keeps nothing else of it; `pause` and `teardown` both end here.
    func stopSending(to viewer: Viewer) {
        eventLoop.preconditionInEventLoop()
        viewers[ObjectIdentifier(viewer)] = nil
        if let index = pendingPlays.firstIndex(where: { $0.viewer === viewer }) {
            pendingPlays.remove(at: index).promise.fail(ServerError.sessionEnded)
        }
    }

    /// TEARDOWN or a closed connection: stop sending and say BYE (RFC 3550 §6.6).
    func remove(_ viewer: Viewer) {
        eventLoop.preconditionInEventLoop()
        let wasPlaying = viewers[ObjectIdentifier(viewer)] != nil
        stopSending(to: viewer)
        if wasPlaying { sayGoodbye(to: viewer, reason: "teardown") }
        var metadata: Logger.Metadata = ["rtsp.session": "\(viewer.sessionID)", "viewer.dropped_access_units": "\(viewer.droppedAccessUnits)"]
        if let report = viewer.lastReport {
            metadata["viewer.fraction_lost"] = "\(report.fractionLost)"
            metadata["viewer.cumulative_lost"] = "\(report.cumulativeLost)"
            metadata["viewer.jitter"] = "\(report.jitter)"
        }
        if let rtt = viewer.roundTripSeconds { metadata["viewer.rtt_ms"] = "\(Int(rtt * 1000))" }
        logger.info("viewer left", metadata: metadata)
    }

    /// RTCP from a viewer's client: keeps its reception statistics about our stream.
    func receivedRTCP(_ datagram: ByteBuffer, from viewer: Viewer) {
        eventLoop.preconditionInEventLoop()
        guard let packets = try? RTCPCompoundPacket.parse(datagram) else {
            logger.debug("unparseable RTCP ignored", metadata: ["rtsp.session": "\(viewer.sessionID)"])
            return
        }
        let arrival = NTPTimestamp(unixNanoseconds: Clocks.unixNanoseconds())
        for case .receiverReport(let report) in packets {
            guard let block = report.reportBlocks.first(where: { $0.ssrc == ssrc }) else { continue }
            viewer.lastReport = block
            if let rtt = block.roundTripTime(arrivedAt: arrival) {
                viewer.roundTripSeconds = Double(rtt) / 65536
            }
        }
    }

    // MARK: - Fan-out

    private func deliver(_ accessUnit: AccessUnit) {
        let timestamp = clock.timestamp(at: accessUnit.captureTime)
        let start = PlayStart(sequenceNumber: packetizer.nextSequenceNumber, rtpTimestamp: timestamp)
        let packets = packetizer.packetize(accessUnit.nalUnits, timestamp: timestamp, allocator: ByteBufferAllocator())
        let startsDecoding = accessUnit.startsDecoding

        if startsDecoding, !pendingPlays.isEmpty {
            let starting = pendingPlays
            pendingPlays.removeAll()
            for (viewer, promise) in starting {
                viewers[ObjectIdentifier(viewer)] = viewer
                // Completing the promise writes the PLAY response now, ahead of the packets below.
                promise.succeed(start)
                sendReport(to: viewer)
            }
        }

        var needsKeyframe = false
        for viewer in viewers.values {
            if viewer.awaitingKeyframe {
                guard startsDecoding else { continue }
                viewer.awaitingKeyframe = false
            }
            if !viewer.transport.sendAccessUnit(packets) {
                viewer.droppedAccessUnits += 1
                // Later P-frames would reference the frame it missed: it waits for the next IDR instead.
                viewer.awaitingKeyframe = true
                needsKeyframe = true
            }
        }
        if needsKeyframe { source.requestKeyframe() }

        packetCount &+= UInt32(truncatingIfNeeded: packets.count)
        octetCount &+= UInt32(truncatingIfNeeded: packets.reduce(0) { $0 + $1.readableBytes - RTPHeader.size })
    }

    // MARK: - RTCP

    private func senderReport() -> SenderReport {
        // Both clocks read at one instant: the NTP time and RTP timestamp name the same moment,
        // and RTP timestamps come from capture times, so a client gets capture time for every frame.
        let monotonic = Clocks.monotonicNanoseconds()
        let wallClock = Clocks.unixNanoseconds()
        return SenderReport(
            ssrc: ssrc, ntpTimestamp: NTPTimestamp(unixNanoseconds: wallClock), rtpTimestamp: clock.timestamp(at: monotonic),
            packetCount: packetCount, octetCount: octetCount, reportBlocks: [])
    }

    private func compoundReport(goodbye reason: String? = nil) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 128)
        buffer.writeRTCPPacket(.senderReport(senderReport()))
        buffer.writeRTCPPacket(.sourceDescription(.cname(ssrc: ssrc, cname: cname)))
        if let reason { buffer.writeRTCPPacket(.goodbye(Goodbye(ssrcs: [ssrc], reason: reason))) }
        return buffer
    }

    private func sendReport(to viewer: Viewer) {
        viewer.transport.sendRTCP(compoundReport())
    }

    private func sendReports() {
        guard viewers.values.contains(where: { !$0.awaitingKeyframe }) else { return }
        let report = compoundReport()
        for viewer in viewers.values where !viewer.awaitingKeyframe { viewer.transport.sendRTCP(report) }
    }

    private func sayGoodbye(to viewer: Viewer, reason: String) {
        viewer.transport.sendRTCP(compoundReport(goodbye: reason))
    }
}
