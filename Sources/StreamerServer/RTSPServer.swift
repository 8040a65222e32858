import Logging
import NIOCore
import NIOPosix
import ONVIF
import ServiceLifecycle

/// The camstream server as a swift-service-lifecycle `Service`: it runs until graceful shutdown
/// (SIGTERM/SIGINT in the executable), then says BYE to every viewer and stops its sources.
///
/// Everything runs on one event loop: per-frame work is a handful of sends, and one loop means
/// the fan-out, sessions and port pool need no locks.
public final class RTSPServer: Service, Sendable {
    public let configuration: ServerConfiguration
    private let eventLoop: EventLoop
    private let logger: Logger
    private let onListening: @Sendable (SocketAddress) -> Void
    private let onFailing: @Sendable (String) -> Void
    private let onHTTPListening: @Sendable (SocketAddress) -> Void
    private let context: ServerContext

    /// - Parameter onListening: called once the RTSP port is bound, with the address actually bound
    ///   (the real port when the configuration asks for port 0).
    /// - Parameter onFailing: called once, with a line saying why, when the server has decided to fail (every stream has
    ///   ended, or one could not start) and before it shuts down: from then on nothing may tell a watchdog that the
    ///   process is healthy.
    public init(
        configuration: ServerConfiguration, eventLoop: EventLoop, logger: Logger,
        onListening: @escaping @Sendable (SocketAddress) -> Void = { _ in },
        onFailing: @escaping @Sendable (String) -> Void = { _ in },
        onHTTPListening: @escaping @Sendable (SocketAddress) -> Void = { _ in }
    ) throws {
        var seen = Set<String>()
        for stream in configuration.streams {
            guard seen.insert(stream.path).inserted else { throw ServerError.duplicateStreamPath(stream.path) }
            if let problem = stream.multicast?.problem { throw ServerError.invalidMulticast(path: stream.path, reason: problem) }
        }
        self.configuration = configuration
        self.eventLoop = eventLoop
        self.logger = logger
        self.onListening = onListening
        self.onFailing = onFailing
        self.onHTTPListening = onHTTPListening
        let context = ServerContext(configuration: configuration, eventLoop: eventLoop, logger: logger)
        context.publishers = configuration.streams.flatMap { stream in
            stream.push.compactMap { target in
                context.streams[stream.path].map { RelayPublisher(target: target, stream: $0, context: context, logger: logger) }
            }
        }
        self.context = context
    }

    public func run() async throws {
        let context = self.context
        let listener = try await bind(context: context)
        var httpListener: Channel?
        if let httpPort = configuration.httpPort {
            do {
                httpListener = try await Self.bindHTTP(context: context, eventLoop: eventLoop, port: httpPort)
            } catch {
                onFailing("cannot listen for HTTP: \(error)")
                try? await listener.close()
                throw error
            }
        }

        // Run until asked to stop (or cancelled), or until every stream has ended for good. The wait is set up
        // before any source starts: one may end inside its own start, or before the loop turns again, and that
        // end must fail the server as surely as one an hour later.
        let finished = eventLoop.makePromise(of: String?.self)
        do {
            try await eventLoop.submit {
                var done = false
                let finish: (String?) -> Void = { reason in
                    guard !done else { return }
                    done = true
                    finished.succeed(reason)
                }
                context.onAllStreamsEnded = { finish($0) }
                context.finishRunning = { finish(nil) }
                do {
                    for stream in context.streams.values { try stream.start() }
                } catch {
                    finish(nil)
                    throw error
                }
                context.startReaping()
                for publisher in context.publishers { publisher.start() }
            }.get()
        } catch {
            onFailing("a stream could not start: \(error)")
            try? await listener.close()
            try? await httpListener?.close()
            throw error
        }
        if let address = listener.localAddress {
            logger.info("listening", metadata: ["rtsp.address": "\(address)"])
            onListening(address)
        }
        if let address = httpListener?.localAddress {
            logger.info("listening", metadata: ["http.address": "\(address)"])
            onHTTPListening(address)
        }
        var discovery: DiscoveryResponder?
        if let onvif = configuration.onvif, let httpPort = httpListener?.localAddress?.port {
            logger.info(
                "ONVIF device service on the HTTP port", metadata: ["onvif.path": "\(ONVIFService.devicePath)", "http.port": "\(httpPort)"])
            // Bound to loopback only, nobody else could reach the XAddrs: no multicast to announce them.
            if onvif.discovery, !configuration.bindAddresses.allSatisfy({ $0 == "::1" || $0.hasPrefix("127.") }) {
                discovery = await DiscoveryResponder.start(
                    device: onvif.device, httpPort: httpPort, bindAddresses: configuration.bindAddresses, eventLoop: eventLoop,
                    logger: logger)
            }
        }

        let loop = eventLoop
        let fault = await withTaskCancellationOrGracefulShutdownHandler {
            (try? await finished.futureResult.get()) ?? nil
        } onCancelOrGracefulShutdown: {
            loop.execute { context.finishRunning?() }
        }

        if let fault {
            logger.critical("every stream has ended (\(fault)); exiting with failure so the service manager restarts camstream")
            onFailing("every stream has ended (\(fault))")
        }
        logger.info("shutting down")
        await discovery?.stop()
        // Relays first: BYE and TEARDOWN while the streams still run, each bounded by its teardown timeout.
        try? await eventLoop.flatSubmit {
            EventLoopFuture.andAllComplete(context.publishers.map { $0.stop() }, on: context.eventLoop)
        }.get()
        try? await eventLoop.submit {
            context.stop()
            for stream in context.streams.values { stream.stop() }
        }.get()
        try? await listener.close()
        try? await httpListener?.close()
        if let fault { throw ServerError.allStreamsEnded(fault) }
    }

    /// What every session's viewer was sent and what its client reported, for monitoring and tests.
    public func viewerStatistics() async throws -> [ViewerStatistics] {
        let context = self.context
        return try await eventLoop.submit { context.viewerStatistics }.get()
    }

    /// Every push target's state and figures (connecting, publishing, backing off; bytes, frames, drops).
    public func pushStatistics() async throws -> [PushStatistics] {
        let context = self.context
        return try await eventLoop.submit { context.pushStatistics }.get()
    }

    /// The `/api/status` document as the HTTP port serves it now.
    func statusDocument() async throws -> String {
        let context = self.context
        return try await eventLoop.submit { StatusDocument.render(context, version: context.configuration.softwareVersion) }.get()
    }

    private func bind(context: ServerContext) async throws -> Channel {
        // The bounded queue of every connection: past `high` a TCP-interleaved viewer's frames are dropped whole,
        // and reading and answering stop until it has drained to `low` (BackPressureHandler).
        let bootstrap = Self.boundedConnections(on: eventLoop, limits: configuration.limits)
            // One read (64 KiB at most) per turn of the loop instead of NIO's four: a read that BackPressureHandler
            // holds then stops the reading at once, and a client's requests cost at most one read's worth. RTSP
            // requests and RTCP are small; nothing a client sends needs more.
            .childChannelOption(.maxMessagesPerRead, value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // First bytes `GET `/`POST ` open an RTSP-over-HTTP tunnel here too, as on the HTTP port.
                    try channel.pipeline.syncOperations.addHandler(RTSPTunnelHandler(server: context, port: .rtsp))
                    try channel.pipeline.syncOperations.addRTSPConnectionHandlers(server: context)
                }
            }
        var failures: [String] = []
        for host in configuration.bindAddresses {
            do {
                return try await bootstrap.bind(host: host, port: configuration.rtspPort).get()
            } catch {
                failures.append("\(host): \(error)")
            }
        }
        throw ServerError.cannotBind(
            addresses: configuration.bindAddresses, port: configuration.rtspPort, reason: failures.joined(separator: "; "))
    }

    /// A listener whose connections each have the same bounded queue (`interleavedQueueBytes`, frames dropped whole
    /// past it) and kernel send buffer, for RTSP and HTTP alike: what a viewer may make the server hold does not
    /// depend on the port it came in on.
    static func boundedConnections(on eventLoop: EventLoop, limits: ServerLimits) -> ServerBootstrap {
        let queue = max(limits.interleavedQueueBytes, 2)
        return ServerBootstrap(group: eventLoop)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 128)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: queue / 2, high: queue))
            .childChannelOption(.socketOption(.so_sndbuf), value: SocketOptionValue(max(limits.connectionSendBufferBytes, 4096)))
    }
}
