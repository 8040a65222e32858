import FMP4
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
/// unicast viewer and, once, to the multicast group, so adding a viewer costs a send, not an encode.
/// All state lives on one event loop; the source's thread only hops onto it.
final class MediaStream: @unchecked Sendable {
    // @unchecked: every mutable field is touched only on `eventLoop` (asserted at each entry point).
    let path: String
    let source: any AccessUnitSource
    let eventLoop: EventLoop
    let sessionID: UInt64
    let ssrc: UInt32
    let cname: String
    let multicastGroup: MulticastGroup?

    private var packetizer: H264Packetizer
    /// Decode times for browser viewers' fMP4, kept for every access unit (a few integers) so a viewer that
    /// joins later finds the same timeline running.
    private var fmp4Timeline = FMP4Timeline()
    /// Frame rate and bitrate as delivered, for the status page.
    private(set) var meter = StreamMeter()
    let clock: RTPClock
    let logger: Logger
    /// Unicast viewers receiving media.
    private var viewers: [ObjectIdentifier: Viewer] = [:]
    /// Multicast viewers receiving media: the group is sent to while there is at least one.
    private(set) var multicastViewers: [ObjectIdentifier: Viewer] = [:]
    private var pendingPlays: [(viewer: Viewer, promise: EventLoopPromise<PlayStart>)] = []
    /// The multicast sender, opened at the first multicast SETUP and kept until the stream stops.
    private var multicast: EventLoopFuture<MulticastGroupTransport>?
    var multicastTransport: MulticastGroupTransport?
    var reporter = RTCPReportSchedule()
    private var reportTask: Scheduled<Void>?
    private var lastRecoveryKeyframe: NIODeadline?
    private var recoveryKeyframeScheduled = false
    private var stopped = false
    private let handOff = FrameHandOff()
    /// Where RTP sent and receiver reports are counted for `/metrics`; nil counts nothing.
    var metrics: StreamMetrics?
    /// Told when the source has ended for good, so the server can end the stream's sessions.
    var onEnded: ((String) -> Void)?

    /// Past this long without a keyframe, PLAY is answered anyway and the viewer starts at the next IDR:
    /// a stalled camera must not hang a client's PLAY forever.
    static let keyframeWait = TimeAmount.seconds(2)
    /// Keyframes asked for because a viewer lost frames come at most this often: a viewer whose queue keeps
    /// overflowing must not turn every frame of everyone's stream into an IDR.
    static let recoveryKeyframeInterval = TimeAmount.seconds(1)

    init(path: String, source: any AccessUnitSource, eventLoop: EventLoop, logger: Logger, multicast: MulticastGroup? = nil) {
        var generator = SystemRandomNumberGenerator()
        self.path = path
        self.source = source
        self.eventLoop = eventLoop
        self.multicastGroup = multicast
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
        try source.start(
            deliver: { [self] accessUnit in
                handOver(accessUnit)
            },
            ended: { [self] reason in
                eventLoop.execute { self.sourceEnded(reason: reason) }
            })
        scheduleNextReport()
        logger.info("stream started", metadata: ["stream.source": "\(source.description)"])
    }

    /// On the source's thread: hands the access unit to the loop, unless the loop is too far behind.
    private func handOver(_ accessUnit: AccessUnit) {
        let startsDecoding = accessUnit.startsDecoding
        switch handOff.admit(startsDecoding: startsDecoding) {
        case .handOff:
            break
        case .skip(let requestKeyframe, let skippedSoFar):
            if requestKeyframe { source.requestKeyframe() }
            if skippedSoFar == 1 {
                logger.warning("stream is \(handOff.limit) frames behind; skipping frames until the next keyframe")
            }
            return
        case .resume(let skipped):
            logger.notice("stream caught up at a keyframe after skipping \(skipped) frames")
        }
        eventLoop.execute {
            self.handOff.taken()
            self.deliver(accessUnit, startsDecoding: startsDecoding)
        }
    }

    /// Ends the stream at shutdown: BYE to every viewer and the multicast group, then the source stops.
    func stop() {
        eventLoop.preconditionInEventLoop()
        finish(reason: "server shutting down")
        source.stop()
    }

    /// The source has ended for good (a camera that is gone): BYE to everyone, then the server ends the
    /// stream's sessions.
    func sourceEnded(reason: String) {
        eventLoop.preconditionInEventLoop()
        guard !stopped else { return }
        logger.error("stream ended", metadata: ["stream.reason": "\(reason)"])
        finish(reason: reason)
        onEnded?(reason)
    }

    private func finish(reason: String) {
        guard !stopped else { return }
        stopped = true
        reportTask?.cancel()
        for viewer in viewers.values { sendRTCP(to: viewer, goodbye: reason) }
        if !multicastViewers.isEmpty, let group = multicastTransport { sendGroupRTCP(group, goodbye: reason) }
        for pending in pendingPlays { pending.promise.fail(ServerError.shuttingDown) }
        viewers.removeAll()
        multicastViewers.removeAll()
        pendingPlays.removeAll()
        multicastTransport?.close()
    }

    var isEnded: Bool { stopped }

    /// Viewers being sent media now, unicast and multicast.
    var viewersPlaying: Int { viewers.count + multicastViewers.count }

    // MARK: - Viewers

    /// Starts sending to `viewer`. The returned future completes when the viewer's first packet is
    /// known: the next IDR, requested now. The PLAY response is written in that callback, before
    /// the IDR's packets, so RTP-Info names exactly the first packet the viewer gets.
    func play(_ viewer: Viewer) -> EventLoopFuture<PlayStart> {
        eventLoop.preconditionInEventLoop()
        guard !stopped else { return eventLoop.makeFailedFuture(ServerError.shuttingDown) }
        let promise = eventLoop.makePromise(of: PlayStart.self)
        viewer.awaitingKeyframe = true
        pendingPlays.append((viewer, promise))
        source.requestKeyframe()
        eventLoop.assumeIsolated().scheduleTask(in: Self.keyframeWait) { [self] in
            guard let index = pendingPlays.firstIndex(where: { $0.viewer === viewer }) else { return }
            let pending = pendingPlays.remove(at: index)
            logger.warning("no keyframe within \(Self.keyframeWait); playing from the next one", metadata: ["rtsp.session": "\(viewer.sessionID)"])
            startSending(to: viewer)
            pending.promise.succeed(PlayStart(sequenceNumber: packetizer.nextSequenceNumber, rtpTimestamp: clock.timestamp(at: Clocks.monotonicNanoseconds())))
        }
        return promise.futureResult
    }

    private func startSending(to viewer: Viewer) {
        if viewer.transport.isMulticast {
            if multicastViewers.isEmpty { multicastTransport?.awaitingKeyframe = true }
            multicastViewers[ObjectIdentifier(viewer)] = viewer
        } else {
            viewers[ObjectIdentifier(viewer)] = viewer
        }
    }

    /// Whether `viewer`'s PLAY is still waiting for its keyframe.
    func isAwaitingPlay(_ viewer: Viewer) -> Bool {
        pendingPlays.contains { $0.viewer === viewer }
    }

    /// Stops sending to `viewer` but keeps nothing else of it; PAUSE and TEARDOWN both end here.
    func stopSending(to viewer: Viewer) {
        eventLoop.preconditionInEventLoop()
        viewers[ObjectIdentifier(viewer)] = nil
        multicastViewers[ObjectIdentifier(viewer)] = nil
        if let index = pendingPlays.firstIndex(where: { $0.viewer === viewer }) {
            pendingPlays.remove(at: index).promise.fail(ServerError.sessionEnded)
        }
    }

    /// TEARDOWN, a timeout or a closed connection: stop sending and say BYE (RFC 3550 §6.6). A multicast
    /// viewer gets no BYE of its own: one sent to the group would tell every other viewer the stream ended.
    func remove(_ viewer: Viewer, reason: String) {
        eventLoop.preconditionInEventLoop()
        let wasPlaying = viewers[ObjectIdentifier(viewer)] != nil
        stopSending(to: viewer)
        if wasPlaying { sendRTCP(to: viewer, goodbye: reason) }
    }

    /// A TCP viewer's send queue drained: if it lost frames, it gets a keyframe to start again from.
    func viewerCanReceiveAgain(_ viewer: Viewer) {
        eventLoop.preconditionInEventLoop()
        guard viewer.awaitingKeyframe, viewers[ObjectIdentifier(viewer)] != nil else { return }
        requestRecoveryKeyframe()
    }

    /// Opens the multicast sender once; later callers get the same one.
    func openMulticast(receive: @escaping DatagramReceiver) -> EventLoopFuture<MulticastGroupTransport> {
        eventLoop.preconditionInEventLoop()
        if let multicast { return multicast }
        guard let group = multicastGroup else {
            return eventLoop.makeFailedFuture(ServerError.multicastUnavailable("-", reason: "no multicast group configured"))
        }
        let opening = MulticastGroupTransport.open(group, on: eventLoop, receive: receive)
        multicast = opening
        opening.assumeIsolated().whenComplete { [self] result in
            switch result {
            case .success(let transport):
                if stopped {
                    transport.close()
                } else {
                    multicastTransport = transport
                    logger.info("multicast group opened", metadata: ["rtp.group": "\(transport.description)"])
                }
            case .failure(let error):
                // Tried again at the next multicast SETUP: the network may come up later.
                multicast = nil
                logger.error("cannot open multicast group", metadata: ["rtp.group": "\(group.address):\(group.rtpPort)", "error": "\(error)"])
            }
        }
        return opening
    }

    // MARK: - Fan-out

    private func deliver(_ accessUnit: AccessUnit, startsDecoding: Bool) {
        guard !stopped else { return }
        let timestamp = clock.timestamp(at: accessUnit.captureTime)
        let start = PlayStart(sequenceNumber: packetizer.nextSequenceNumber, rtpTimestamp: timestamp)
        let packets = packetizer.packetize(accessUnit.nalUnits, timestamp: timestamp, allocator: ByteBufferAllocator())
        let payloadOctets = packets.reduce(0) { $0 + $1.readableBytes - RTPHeader.size }
        reporter.countStreamOctets(payloadOctets)
        meter.record(captureTime: accessUnit.captureTime, bytes: accessUnit.nalUnits.reduce(0) { $0 + $1.readableBytes })
        let unit = FanOutAccessUnit(packets: packets, accessUnit: accessUnit, fragment: fmp4Timeline.fragment(captureTime: accessUnit.captureTime))

        if startsDecoding, !pendingPlays.isEmpty {
            let starting = pendingPlays
            pendingPlays.removeAll()
            for (viewer, promise) in starting {
                startSending(to: viewer)
                // Completing the promise writes the PLAY response now, ahead of the packets below.
                promise.succeed(start)
                if viewer.transport.isMulticast {
                    if let group = multicastTransport { sendGroupRTCP(group) }
                } else {
                    sendRTCP(to: viewer)
                }
            }
        }

        var lostFrames = false
        for viewer in viewers.values {
            if viewer.awaitingKeyframe {
                guard startsDecoding else {
                    // Frames skipped while recovering from a drop are frames this viewer lost too.
                    if viewer.recovering { viewer.droppedAccessUnits += 1 }
                    continue
                }
                viewer.awaitingKeyframe = false
            }
            if viewer.transport.send(unit) {
                viewer.recovering = false
                viewer.countSent(packets, payloadOctets: payloadOctets)
                if !(viewer.transport is WebSocketTransport) { countRTPSent(packets, payloadOctets: payloadOctets) }
            } else {
                if !viewer.recovering {
                    logger.notice("viewer cannot keep up; dropping frames until its queue drains", metadata: ["rtsp.session": "\(viewer.sessionID)"])
                }
                viewer.droppedAccessUnits += 1
                // Later P-frames would reference the frame it missed: it waits for the next IDR instead,
                // asked for when its queue drains (TCP) or at once (UDP), at most once a second.
                viewer.awaitingKeyframe = true
                viewer.recovering = true
                lostFrames = true
            }
        }
        if let group = multicastTransport, !multicastViewers.isEmpty {
            lostFrames = sendToGroup(group, packets, payloadOctets: payloadOctets, startsDecoding: startsDecoding) || lostFrames
        }
        if lostFrames { requestRecoveryKeyframe() }
    }

    /// One send for every multicast viewer. Returns true when the group lost this access unit.
    private func sendToGroup(_ group: MulticastGroupTransport, _ packets: [ByteBuffer], payloadOctets: Int, startsDecoding: Bool) -> Bool {
        if group.awaitingKeyframe {
            guard startsDecoding else { return false }
            group.awaitingKeyframe = false
        }
        guard group.sendAccessUnit(packets) else {
            group.awaitingKeyframe = true
            for viewer in multicastViewers.values { viewer.droppedAccessUnits += 1 }
            return true
        }
        group.packetCount &+= UInt32(truncatingIfNeeded: packets.count)
        group.octetCount &+= UInt32(truncatingIfNeeded: payloadOctets)
        countRTPSent(packets, payloadOctets: payloadOctets)
        for viewer in multicastViewers.values { viewer.countSent(packets, payloadOctets: payloadOctets) }
        return false
    }

    private func countRTPSent(_ packets: [ByteBuffer], payloadOctets: Int) {
        metrics?.rtpPacketsSent.increment(by: Int64(packets.count))
        metrics?.rtpBytesSent.increment(by: Int64(payloadOctets))
    }

    private func requestRecoveryKeyframe() {
        let now = eventLoop.now
        if let last = lastRecoveryKeyframe, now - last < Self.recoveryKeyframeInterval {
            guard !recoveryKeyframeScheduled else { return }
            recoveryKeyframeScheduled = true
            eventLoop.assumeIsolated().scheduleTask(deadline: last + Self.recoveryKeyframeInterval) { [self] in
                recoveryKeyframeScheduled = false
                requestRecoveryKeyframe()
            }
            return
        }
        lastRecoveryKeyframe = now
        source.requestKeyframe()
    }

    // MARK: - RTCP

    /// RTCP from a unicast viewer's client: keeps its reception statistics about our stream.
    /// Returns false when the datagram is not RTCP at all.
    @discardableResult
    func receivedRTCP(_ datagram: ByteBuffer, from viewer: Viewer) -> Bool {
        eventLoop.preconditionInEventLoop()
        guard let packets = try? RTCPCompoundPacket.parse(datagram) else {
            logger.debug("unparseable RTCP ignored", metadata: ["rtsp.session": "\(viewer.sessionID)"])
            return false
        }
        record(packets, for: [viewer])
        return true
    }

    /// Records the report blocks about our SSRC for `viewers`.
    func record(_ packets: [RTCPPacket], for viewers: [Viewer]) {
        let arrival = NTPTimestamp(unixNanoseconds: Clocks.unixNanoseconds())
        for case .receiverReport(let report) in packets {
            guard let block = report.reportBlocks.first(where: { $0.ssrc == ssrc }) else { continue }
            // Once per report, however many viewers it is recorded for (the members of a multicast group).
            metrics?.receiverJitter.record(Double(block.jitter) / Double(RTPClock.h264ClockRate))
            metrics?.receiverLoss.record(Double(block.fractionLost) / 256)
            let previouslyLost = viewers.first?.reception.latest?.cumulativeLost ?? 0
            if block.cumulativeLost > previouslyLost {
                metrics?.receiverLostPackets.increment(by: Int64(block.cumulativeLost) - Int64(previouslyLost))
            }
            for viewer in viewers {
                let first = viewer.reception.reportCount == 0
                viewer.reception.record(block, arrivedAt: arrival)
                if first {
                    logger.debug("first receiver report", metadata: ["rtsp.session": "\(viewer.sessionID)", "rtcp.ssrc": "\(report.ssrc)"])
                }
            }
        }
    }

    private func scheduleNextReport() {
        let delay = reporter.nextInterval(members: 1 + viewers.count + multicastViewers.count, random: Double.random(in: 0..<1))
        reportTask = eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in
            sendReports()
            scheduleNextReport()
        }
    }

    private func sendReports() {
        for viewer in viewers.values where !viewer.awaitingKeyframe { sendRTCP(to: viewer) }
        if let group = multicastTransport, !multicastViewers.isEmpty, !group.awaitingKeyframe { sendGroupRTCP(group) }
    }

    private func sendRTCP(to viewer: Viewer, goodbye reason: String? = nil) {
        let report = compoundReport(packetCount: viewer.packetCount, octetCount: viewer.octetCount, goodbye: reason)
        reporter.countReport(bytes: report.readableBytes)
        viewer.transport.sendRTCP(report)
    }

    private func sendGroupRTCP(_ group: MulticastGroupTransport, goodbye reason: String? = nil) {
        let report = compoundReport(packetCount: group.packetCount, octetCount: group.octetCount, goodbye: reason)
        reporter.countReport(bytes: report.readableBytes)
        group.sendRTCP(report)
    }

    /// SR + SDES CNAME (+ BYE): every compound RTCP packet starts with a report and carries a CNAME
    /// (RFC 3550 §6.1).
    private func compoundReport(packetCount: UInt32, octetCount: UInt32, goodbye reason: String?) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 128)
        buffer.writeRTCPPacket(.senderReport(senderReport(packetCount: packetCount, octetCount: octetCount)))
        buffer.writeRTCPPacket(.sourceDescription(.cname(ssrc: ssrc, cname: cname)))
        if let reason { buffer.writeRTCPPacket(.goodbye(Goodbye(ssrcs: [ssrc], reason: reason))) }
        return buffer
    }

    /// Both clocks read at one instant: the NTP time and RTP timestamp name the same moment, and RTP
    /// timestamps come from capture times, so a client gets the capture time of every frame.
    func senderReport(packetCount: UInt32, octetCount: UInt32) -> SenderReport {
        let now = Clocks.simultaneousReading()
        return SenderReport(
            ssrc: ssrc, ntpTimestamp: NTPTimestamp(unixNanoseconds: now.unix), rtpTimestamp: clock.timestamp(at: now.monotonic),
            packetCount: packetCount, octetCount: octetCount, reportBlocks: [])
    }
}
