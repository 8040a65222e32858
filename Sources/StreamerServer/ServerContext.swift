import Logging
import NIOCore
import ONVIF
import RTSPAuth

/// What every RTSP connection shares: the streams, every session, the RTP port pool, settings.
/// Confined to the server's one event loop, like everything it points to.
final class ServerContext: @unchecked Sendable {
    // @unchecked: mutated only on `eventLoop`.
    let eventLoop: EventLoop
    let streams: [String: MediaStream]
    let configuration: ServerConfiguration
    let logger: Logger
    var ports: RTPPortAllocator
    /// Opens viewers' UDP sockets: real ones, except in the connection fuzzer.
    let datagramBinder: DatagramBinder
    /// Every live session, by id, whichever connection created it.
    private(set) var sessions: [String: RTSPSession] = [:]
    private var reaper: RepeatedTask?
    /// Digest authentication when users are configured; nil lets everyone in.
    var authenticator: DigestAuthenticator?
    var failedLogins = FailedLoginTracker()
    /// ONVIF's WS-Security check, with the passwords of users configured in clear; nil when no users are.
    var usernameTokens: UsernameTokenVerifier?
    /// Tickets the authenticated live-view page hands its WebSocket.
    var browserTokens = BrowserTokens()
    /// Open RTSP-over-HTTP tunnels by cookie; each holds a connection, so the connection limit bounds them too.
    lazy var tunnels = TunnelCookieTable<TunnelDataChannel>(capacity: configuration.limits.maxConnections)
    /// When the server was made, for the status page's uptime.
    let started: NIODeadline
    /// Called once every stream has ended for good: nothing is left to serve, a local fault the service
    /// manager should see as a failure and restart. Installed after the streams had all ended, it is called at once.
    var onAllStreamsEnded: ((String) -> Void)? {
        didSet { if let allStreamsEnded { onAllStreamsEnded?(allStreamsEnded) } }
    }
    /// Why the last stream ended, once every stream has: kept so that the fault is never lost to a handler
    /// installed late.
    private var allStreamsEnded: String?
    /// Ends the server's wait for the above, at graceful shutdown.
    var finishRunning: (() -> Void)?
    /// One per push target of every stream, started with the streams.
    var publishers: [RelayPublisher] = []
    /// Open RTSP connections per peer address, for the connection limits.
    private var connections: [String: Int] = [:]
    private var connectionCount = 0

    /// Counts a new connection in, or says which limit it would break. The handler that refuses it counts the
    /// refusal (`ServerMetrics.connectionRefused`): the tunnel sniffer on the RTSP port asks first and hands a
    /// refused connection on to the RTSP handler, which asks again and answers it.
    func admitConnection(from address: String) -> ConnectionRefusal? {
        let limits = configuration.limits
        if connectionCount >= limits.maxConnections {
            return ConnectionRefusal(
                reason: .serverConnectionLimit, description: "the server has its maximum of \(limits.maxConnections) connections")
        }
        if connections[address, default: 0] >= limits.maxConnectionsPerAddress {
            return ConnectionRefusal(
                reason: .addressConnectionLimit, description: "\(address) has its maximum of \(limits.maxConnectionsPerAddress) connections")
        }
        connectionCount += 1
        connections[address, default: 0] += 1
        return nil
    }

    func connectionClosed(from address: String) {
        connectionCount -= 1
        connections[address, default: 1] -= 1
        if connections[address] == 0 { connections[address] = nil }
    }

    init(
        eventLoop: EventLoop, streams: [String: MediaStream], configuration: ServerConfiguration, logger: Logger,
        datagramBinder: DatagramBinder = .sockets
    ) {
        self.eventLoop = eventLoop
        self.datagramBinder = datagramBinder
        self.streams = streams
        self.configuration = configuration
        self.logger = logger
        self.started = eventLoop.now
        self.ports = RTPPortAllocator(range: configuration.rtpPortRange)
        if !configuration.users.isEmpty {
            self.authenticator = DigestAuthenticator(
                realm: ServerConfiguration.realm, users: configuration.users, allowBasic: configuration.allowBasicAuthentication)
            self.usernameTokens = UsernameTokenVerifier(
                passwords: Dictionary(
                    configuration.users.compactMap { user in user.clearPassword.map { (user.name, $0) } },
                    uniquingKeysWith: { first, _ in first }))
        }
        for stream in streams.values {
            stream.metrics = configuration.metrics.stream(stream.path)
            // Both unowned: the stream holds this closure, and the context holds the stream. A strong `stream`
            // here made a cycle that kept every stream, its source and its event loop alive after the server was gone.
            stream.onEnded = { [unowned self, unowned stream] reason in
                for session in sessions.values where session.stream === stream { end(session, reason: "stream ended: \(reason)") }
                if self.streams.values.allSatisfy(\.isEnded) {
                    let fault = "stream '\(stream.path)': \(reason)"
                    allStreamsEnded = fault
                    onAllStreamsEnded?(fault)
                }
            }
        }
    }

    /// With a `MediaStream` for each configured stream.
    convenience init(configuration: ServerConfiguration, eventLoop: EventLoop, logger: Logger, datagramBinder: DatagramBinder = .sockets) {
        let streams = Dictionary(
            uniqueKeysWithValues: configuration.streams.map {
                ($0.path, MediaStream(path: $0.path, source: $0.source, eventLoop: eventLoop, logger: logger, multicast: $0.multicast))
            })
        self.init(eventLoop: eventLoop, streams: streams, configuration: configuration, logger: logger, datagramBinder: datagramBinder)
    }

    var sessionTimeout: TimeAmount { .seconds(Int64(max(configuration.sessionTimeoutSeconds, 1))) }

    // MARK: - Sessions

    func add(_ session: RTSPSession) {
        sessions[session.id] = session
    }

    func session(id: String) -> RTSPSession? {
        sessions[id]
    }

    func sessionCount(of stream: MediaStream) -> Int {
        sessions.values.reduce(0) { $0 + ($1.stream === stream ? 1 : 0) }
    }

    /// Sessions set up from `address`, whichever connection and user set them up.
    func sessionCount(ownedBy address: String) -> Int {
        sessions.values.reduce(0) { $0 + ($1.owner.address == address ? 1 : 0) }
    }

    /// The client was heard from: a request naming the session, or RTCP from it.
    func touch(_ session: RTSPSession) {
        session.lastActivity = eventLoop.now
    }

    /// Ends a session for good: BYE if it was playing, its transport closed, its ports returned, its
    /// statistics logged.
    func end(_ session: RTSPSession, reason: String) {
        guard sessions.removeValue(forKey: session.id) != nil else { return }
        let statistics = ViewerStatistics(session: session)
        session.stream.remove(session.viewer, reason: reason)
        session.viewer.transport.close()
        var metadata = statistics.logMetadata
        metadata["stream.path"] = "\(session.stream.path)"
        metadata["rtsp.reason"] = "\(reason)"
        logger.info("viewer left", metadata: metadata)
    }

    /// Checks for silent sessions a few times per timeout, so none outlives it by more than a quarter.
    func startReaping() {
        let period = TimeAmount.nanoseconds(max(sessionTimeout.nanoseconds / 4, TimeAmount.milliseconds(100).nanoseconds))
        reaper = eventLoop.scheduleRepeatedTask(initialDelay: period, delay: period) { [self] _ in
            reapSilentSessions()
        }
    }

    /// Ends every session whose client sent neither a request nor RTCP within the timeout (RFC 2326 §12.37).
    /// A client waiting for our answer to its PLAY is not silent: the wait is ours.
    func reapSilentSessions() {
        let now = eventLoop.now
        for session in sessions.values where now - session.lastActivity > sessionTimeout && !session.stream.isAwaitingPlay(session.viewer) {
            logger.notice("session timed out", metadata: ["rtsp.session": "\(session.id)", "stream.path": "\(session.stream.path)"])
            end(session, reason: "timeout")
        }
    }

    /// Shutdown: every session ends (the streams say BYE themselves).
    func stop() {
        reaper?.cancel()
        for session in sessions.values { end(session, reason: "server shutting down") }
    }

    /// Snapshot for `RTSPServer.pushStatistics()`.
    var pushStatistics: [PushStatistics] {
        publishers.map(\.statistics)
    }

    /// Snapshot for `RTSPServer.viewerStatistics()`.
    var viewerStatistics: [ViewerStatistics] {
        sessions.values.map(ViewerStatistics.init(session:)).sorted { ($0.streamPath, $0.sessionID) < ($1.streamPath, $1.sessionID) }
    }
}

/// Which connection limit a new connection would break, and the sentence saying so.
struct ConnectionRefusal: CustomStringConvertible {
    var reason: ConnectionRefusalReason
    var description: String
}
