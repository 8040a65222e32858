import Logging
import NIOCore
import NIOPosix
import RTSP
import RTSPClient
import SDP

/// Pushes one stream to one relay, forever: connect, publish, and after any failure wait and connect again.
///
/// The protocol is `RTSPPublisherStateMachine`'s; this is the policy around it (connections, backoff, keep-alive
/// timers, logs). Once RECORD is answered the relay is one more `Viewer` of the stream: it starts at an IDR with
/// SPS/PPS like any joining viewer, gets the packets every viewer gets, and when it cannot keep up it loses whole
/// frames from a bounded queue and restarts at the next IDR, so it never costs the camera's own viewers anything.
/// Confined to the server's event loop.
final class RelayPublisher: @unchecked Sendable {
    // @unchecked: every mutable field is touched only on `eventLoop`.
    let target: PushTarget
    let stream: MediaStream
    private let context: ServerContext
    private let eventLoop: EventLoop
    private let logger: Logger

    private var state: PushStatistics.State = .stopped
    private var machine: RTSPPublisherStateMachine?
    private var channel: Channel?
    private var viewer: Viewer?
    private var transport: PushTransport?
    private var udpPorts: (rtpPort: Int, rtp: Channel, rtcp: Channel)?
    private var keepAlive: RepeatedTask?
    private var retry: Scheduled<Void>?
    private var teardownWait: Scheduled<Void>?
    private var stopped: EventLoopPromise<Void>?
    private var schedule = PushRetrySchedule()
    private var lastError: String?
    private var sessions = 0
    private var bytesSent = 0
    private var accessUnitsSent = 0
    private var droppedAccessUnits = 0
    /// Redirects this attempt may still follow, and the last location logged.
    private var redirectsLeft = 0
    private var lastRedirect: RTSPURL?

    /// Redirects followed per attempt (RFC 2326 §11.3.2 / §10.10): one, so two relays pointing at each other
    /// cannot bounce the publisher forever.
    static let redirectLimit = 1
    static let connectTimeout = TimeAmount.seconds(5)
    /// How long a TEARDOWN may take at shutdown before the connection is just closed.
    static let teardownTimeout = TimeAmount.seconds(2)

    init(target: PushTarget, stream: MediaStream, context: ServerContext, logger: Logger) {
        self.target = target
        self.stream = stream
        self.context = context
        self.eventLoop = context.eventLoop
        var logger = logger
        logger[metadataKey: "stream.path"] = "\(stream.path)"
        logger[metadataKey: "push.target"] = "\(target.url.redacted)"
        self.logger = logger
    }

    // MARK: - Lifecycle

    func start() {
        eventLoop.preconditionInEventLoop()
        logger.info("pushing to relay", metadata: ["push.transport": "\(target.transport.rawValue)"])
        connect(to: target.url, redirectsLeft: Self.redirectLimit)
    }

    /// Says BYE and TEARDOWN to the relay if publishing, then closes; completes within `teardownTimeout`.
    func stop() -> EventLoopFuture<Void> {
        eventLoop.preconditionInEventLoop()
        retry?.cancel()
        retry = nil
        let promise = eventLoop.makePromise(of: Void.self)
        guard state != .stopped || channel != nil else {
            promise.succeed()
            return promise.futureResult
        }
        state = .stopped
        stopped = promise
        endMedia(reason: "camstream shutting down")
        if var machine, channel != nil {
            let action = machine.stop()
            self.machine = machine
            perform(action)
            // Unless that already closed (no session to tear down), wait for the answer, but not forever.
            if stopped != nil {
                teardownWait = eventLoop.assumeIsolated().scheduleTask(in: Self.teardownTimeout) { [self] in closeAndFinish() }
            }
        } else {
            closeAndFinish()
        }
        return promise.futureResult
    }

    var statistics: PushStatistics {
        PushStatistics(
            streamPath: stream.path, target: target.url.redacted, transport: target.transport, state: state, lastError: lastError,
            sessions: sessions, failuresInARow: schedule.failures,
            bytesSent: bytesSent + (transport?.bytesSent ?? 0), accessUnitsSent: accessUnitsSent + (transport?.accessUnitsSent ?? 0),
            droppedAccessUnits: droppedAccessUnits + (viewer?.droppedAccessUnits ?? 0))
    }

    // MARK: - Connecting

    private func connect(to url: RTSPURL, redirectsLeft: Int) {
        state = .connecting
        logger.debug("connecting to relay", metadata: ["push.url": "\(url.redacted)"])
        let queue = max(context.configuration.limits.interleavedQueueBytes, 2)
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(Self.connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            // The relay's bounded queue, as a TCP viewer's: past `high` its frames are dropped whole.
            .channelOption(.writeBufferWaterMark, value: .init(low: queue / 2, high: queue))
            .channelOption(
                .socketOption(.so_sndbuf), value: SocketOptionValue(max(context.configuration.limits.connectionSendBufferBytes, 4096))
            )
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RTSPMessageDecoder()))
                    try channel.pipeline.syncOperations.addHandler(PushConnectionHandler(publisher: self))
                }
            }
        bootstrap.connect(host: url.host, port: url.port).assumeIsolated().whenComplete { [self] result in
            switch result {
            case .success(let channel):
                guard state == .connecting else {
                    channel.close(promise: nil)
                    return
                }
                self.channel = channel
                connected(channel, url: url, redirectsLeft: redirectsLeft)
            case .failure(let error):
                guard state == .connecting else { return }
                failed("cannot connect to \(url.authority): \(error)", attention: false)
            }
        }
    }

    /// The TCP connection is up: for UDP, bind the local port pair first (SETUP names it), then start the protocol.
    private func connected(_ channel: Channel, url: RTSPURL, redirectsLeft: Int) {
        self.redirectsLeft = redirectsLeft
        guard stream.source.hasParameterSets else {
            failed("the camera has not sent its SPS/PPS yet, so there is nothing to announce", attention: false)
            return
        }
        switch target.transport {
        case .tcp:
            begin(on: channel, url: url, transport: .tcp)
        case .udp:
            bindPortPair(family: channel.localAddress?.protocol ?? .inet, attempt: 0).assumeIsolated().whenComplete { [self] result in
                guard self.channel === channel else {
                    if case .success(let ports) = result { release(ports) }
                    return
                }
                switch result {
                case .success(let ports):
                    udpPorts = ports
                    let pair = UInt16(ports.rtpPort)...UInt16(ports.rtpPort + 1)
                    begin(on: channel, url: url, transport: .udp(clientPorts: pair))
                case .failure(let error):
                    failed("no local RTP port pair for UDP: \(error)", attention: false)
                }
            }
        }
    }

    private func begin(on channel: Channel, url: RTSPURL, transport: RTSPPublisherStateMachine.Transport) {
        let configuration = RTSPPublisherStateMachine.Configuration(
            url: url, transport: transport, sessionDescription: sessionDescription(for: channel), trackControl: RequestTarget.trackControl,
            userAgent: "camstream", clientNonce: String(UInt64.random(in: 1...UInt64.max), radix: 16))
        var machine = RTSPPublisherStateMachine(configuration: configuration)
        let action = machine.connected()
        self.machine = machine
        perform(action)
    }

    /// The SDP viewers get from DESCRIBE, with the relay's address in `c=` as a publisher's announcement has it.
    private func sessionDescription(for channel: Channel) -> String {
        let parameterSets = stream.source.parameterSets
        let local = RTSPConnectionHandler.plainIP(channel.localAddress?.ipAddress) ?? "0.0.0.0"
        let remote = RTSPConnectionHandler.plainIP(channel.remoteAddress?.ipAddress)
        return H264SessionDescription(
            sessionID: stream.sessionID, sessionVersion: 1, originAddress: local, connectionAddress: remote,
            trackControl: RequestTarget.trackControl, profileLevelID: parameterSets.profileLevelID,
            spropParameterSets: parameterSets.spropParameterSets
        ).rendered
    }

    // MARK: - Events from the connection

    func received(_ message: RTSPMessage, on channel: Channel) {
        guard channel === self.channel, var machine else { return }
        let action: RTSPPublisherStateMachine.Action
        switch message {
        case .response(let response):
            logger.debug("relay answered", metadata: ["rtsp.status": "\(response.status)", "rtsp.cseq": "\(response.cseq ?? -1)"])
            action = machine.received(response)
        case .request(let request):
            action = machine.received(request)
        case .interleaved:
            // The relay's RTCP receiver reports: nothing here acts on them.
            return
        }
        self.machine = machine
        perform(action)
    }

    func connectionClosed(_ channel: Channel) {
        guard channel === self.channel else { return }
        if state == .stopped {
            closeAndFinish()
        } else {
            failed("the relay closed the connection", attention: false)
        }
    }

    func connectionFailed(_ channel: Channel, error: Error) {
        guard channel === self.channel, state != .stopped else { return }
        failed("connection to the relay failed: \(error)", attention: false)
    }

    func canSendAgain(on channel: Channel) {
        guard channel === self.channel, let viewer else { return }
        stream.viewerCanReceiveAgain(viewer)
    }

    // MARK: - Actions

    private func perform(_ action: RTSPPublisherStateMachine.Action) {
        guard let channel else { return }
        switch action {
        case .send(let request):
            logger.debug("request to relay", metadata: ["rtsp.method": "\(request.method)", "rtsp.uri": "\(request.uri)"])
            var buffer = channel.allocator.buffer(capacity: 256)
            buffer.writeRTSPRequest(request)
            channel.writeAndFlush(buffer, promise: nil)
        case .respond(let response):
            // A relay that sends requests but reads no answers must not grow a queue here.
            guard channel.isWritable else { return }
            var buffer = channel.allocator.buffer(capacity: 128)
            buffer.writeRTSPResponse(response)
            channel.writeAndFlush(buffer, promise: nil)
        case .publish(let publishing):
            publish(publishing, on: channel)
        case .redirect(let url):
            guard redirectsLeft > 0 else {
                failed(RTSPPublisherError.tooManyRedirects(location: url.redacted).description, attention: true)
                return
            }
            // Said once per location: a relay that redirects every attempt the same way is not news each time.
            if url != lastRedirect {
                logger.notice("relay redirected the push", metadata: ["push.location": "\(url.redacted)"])
                lastRedirect = url
            }
            dropConnection()
            connect(to: url, redirectsLeft: redirectsLeft - 1)
        case .fail(let error):
            failed(error.description, attention: error.needsAttention)
        case .close:
            if state == .stopped { closeAndFinish() } else { failed("the relay ended the session", attention: false) }
        case .none:
            break
        }
    }

    private func publish(_ publishing: RTSPPublisherStateMachine.Publishing, on channel: Channel) {
        let inner: any RTPTransport
        switch target.transport {
        case .tcp:
            let channels = publishing.transport.interleaved ?? 0...1
            inner = InterleavedTransport(channel: channel, rtpChannel: channels.lowerBound, rtcpChannel: channels.upperBound)
        case .udp:
            guard let ports = udpPorts, let serverPorts = publishing.transport.serverPort, let host = channel.remoteAddress?.ipAddress,
                let rtp = try? SocketAddress(ipAddress: host, port: Int(serverPorts.lowerBound)),
                let rtcp = try? SocketAddress(ipAddress: host, port: Int(serverPorts.upperBound))
            else {
                failed("the relay's UDP ports are unusable", attention: false)
                return
            }
            udpPorts = nil
            let allocator = context
            inner = UDPTransport(
                rtpChannel: ports.rtp, rtcpChannel: ports.rtcp, serverRTPPort: ports.rtpPort, rtpDestination: rtp, rtcpDestination: rtcp,
                onClose: { allocator.ports.release(ports.rtpPort) })
        }
        let transport = PushTransport(inner, isWritable: { channel.isWritable })
        let viewer = Viewer(sessionID: "push \(target.url.redacted)", transport: transport)
        self.transport = transport
        self.viewer = viewer
        keepAlive = eventLoop.scheduleRepeatedTask(
            initialDelay: .seconds(Int64(publishing.keepAliveSeconds)), delay: .seconds(Int64(publishing.keepAliveSeconds))
        ) { [self] _ in
            guard var machine else { return }
            let action = machine.keepAliveDue()
            self.machine = machine
            perform(action)
        }
        // The relay's first frame is an IDR with SPS/PPS, asked of the encoder now, as for any joining viewer.
        stream.play(viewer).assumeIsolated().whenComplete { [self] result in
            guard self.viewer === viewer else { return }
            switch result {
            case .success:
                state = .publishing
                sessions += 1
                var metadata: Logger.Metadata = ["rtsp.session": "\(publishing.session)", "rtp.transport": "\(transport.description)"]
                if schedule.failures > 0 { metadata["push.failed_attempts"] = "\(schedule.failures)" }
                logger.info(sessions > 1 ? "publishing to relay again" : "publishing to relay", metadata: metadata)
                schedule.reset()
                lastError = nil
            case .failure(let error):
                failed("the stream cannot be sent: \(error)", attention: false)
            }
        }
    }

    // MARK: - Ending a connection

    /// A failure: the connection ends, its figures are logged, and the next attempt is scheduled.
    private func failed(_ reason: String, attention: Bool) {
        guard state != .stopped else {
            closeAndFinish()
            return
        }
        // One failure per connection: the BYE written below can make the dying connection report its own end
        // (an error, then inactive), which must not count, log or schedule a second time.
        guard state != .backingOff else { return }
        let wasPublishing = state == .publishing
        state = .backingOff
        endMedia(reason: reason)
        dropConnection()
        lastError = reason
        let (wait, shouldLog) = schedule.failed(with: reason, now: eventLoop.now.uptimeNanoseconds.clampedToInt64)
        var metadata: Logger.Metadata = [
            "push.error": "\(reason)", "push.retry_ms": "\(wait)", "push.failed_attempts": "\(schedule.failures)",
        ]
        if wasPublishing { metadata.merge(figures, uniquingKeysWith: { _, new in new }) }
        if shouldLog || wasPublishing {
            let message: Logger.Message = wasPublishing ? "push to relay interrupted; reconnecting" : "push to relay failed; retrying"
            if attention { logger.error(message, metadata: metadata) } else { logger.warning(message, metadata: metadata) }
        }
        retry?.cancel()
        retry = eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(wait)) { [self] in
            retry = nil
            guard state == .backingOff else { return }
            connect(to: target.url, redirectsLeft: Self.redirectLimit)
        }
    }

    /// Stops sending media to the relay and banks this connection's figures.
    private func endMedia(reason: String) {
        keepAlive?.cancel()
        keepAlive = nil
        // Cleared first: removing a viewer whose PLAY still waits for its keyframe fails that wait at once,
        // and the callback must see a viewer that is no longer ours.
        let viewer = self.viewer
        let transport = self.transport
        self.viewer = nil
        self.transport = nil
        if let viewer {
            stream.remove(viewer, reason: reason)
            droppedAccessUnits += viewer.droppedAccessUnits
        }
        if let transport {
            bytesSent += transport.bytesSent
            accessUnitsSent += transport.accessUnitsSent
            transport.close()
        }
    }

    private func dropConnection() {
        machine = nil
        if let udpPorts { release(udpPorts) }
        udpPorts = nil
        let channel = self.channel
        self.channel = nil
        channel?.close(promise: nil)
    }

    private func closeAndFinish() {
        teardownWait?.cancel()
        teardownWait = nil
        dropConnection()
        if let stopped {
            self.stopped = nil
            logger.info("push stopped", metadata: figures)
            stopped.succeed()
        }
    }

    private var figures: Logger.Metadata {
        let statistics = self.statistics
        return [
            "push.bytes_sent": "\(statistics.bytesSent)", "push.access_units_sent": "\(statistics.accessUnitsSent)",
            "push.dropped_access_units": "\(statistics.droppedAccessUnits)",
        ]
    }

    // MARK: - UDP ports

    private static let bindAttempts = 8

    /// An even/odd local port pair from the server's RTP range, bound on the wildcard of the relay's family.
    private func bindPortPair(family: NIOBSDSocket.ProtocolFamily, attempt: Int, rejected: Set<Int> = []) -> EventLoopFuture<
        (rtpPort: Int, rtp: Channel, rtcp: Channel)
    > {
        let host = family == .inet6 ? "::" : "0.0.0.0"
        guard attempt < Self.bindAttempts, let port = context.ports.allocate(excluding: rejected) else {
            return eventLoop.makeFailedFuture(
                ServerError.cannotBind(
                    addresses: [host], port: context.configuration.rtpPortRange.lowerBound, reason: "RTP port range exhausted"))
        }
        let loop = eventLoop
        // Nothing is read from these sockets: a relay's RTCP receiver reports are dropped by the pipeline's end.
        @Sendable func bootstrap() -> DatagramBootstrap { DatagramBootstrap(group: loop) }
        return bootstrap().bind(host: host, port: port).flatMap { rtp in
            bootstrap().bind(host: host, port: port + 1).map { (rtpPort: port, rtp: rtp, rtcp: $0) }.flatMapError { error in
                rtp.close(promise: nil)
                return loop.makeFailedFuture(error)
            }
        }.assumeIsolated().flatMapError { [self] _ in
            context.ports.release(port)
            return bindPortPair(family: family, attempt: attempt + 1, rejected: rejected.union([port]))
        }.nonisolated()
    }

    private func release(_ ports: (rtpPort: Int, rtp: Channel, rtcp: Channel)) {
        ports.rtp.close(promise: nil)
        ports.rtcp.close(promise: nil)
        context.ports.release(ports.rtpPort)
    }
}

extension UInt64 {
    fileprivate var clampedToInt64: Int64 { Int64(clamping: self) }
}
