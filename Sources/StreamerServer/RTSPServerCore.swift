import Logging
import NIOCore

/// The server without its listening socket: the streams, the session table, the RTP port pool, and the handlers
/// every RTSP connection gets (the same `ServerContext` and `addRTSPConnectionHandlers` as `RTSPServer`, which adds
/// a listener and the service lifecycle). The connection fuzzer (Fuzz/Sources/FuzzRTSPConnection) drives it on an
/// `EmbeddedEventLoop` with channels of its own, so what it explores is the code that ships, not a copy.
///
/// Like the server, confined to its one event loop: call everything on it.
@_spi(Fuzzing) public final class RTSPServerCore: @unchecked Sendable {
    // @unchecked: like `ServerContext`, touched only on its event loop.
    let context: ServerContext

    public init(configuration: ServerConfiguration, eventLoop: EventLoop, logger: Logger, datagramBinder: DatagramBinder = .sockets) {
        context = ServerContext(configuration: configuration, eventLoop: eventLoop, logger: logger, datagramBinder: datagramBinder)
    }

    /// Starts every stream's source and the reaping of silent sessions, as `RTSPServer.run()` does once listening.
    public func start() throws {
        for stream in context.streams.values { try stream.start() }
        context.startReaping()
    }

    /// Gives `channel` the handlers of an accepted RTSP connection; it serves once it becomes active.
    public func addConnectionHandlers(to channel: Channel) throws {
        try channel.pipeline.syncOperations.addRTSPConnectionHandlers(server: context)
    }

    /// Ends every session and stops every stream, as graceful shutdown does.
    public func stop() {
        context.stop()
        for stream in context.streams.values { stream.stop() }
    }

    /// What the server holds for its clients right now: what must stay within the limits, and go back to
    /// nothing once they are gone.
    public struct Census: Sendable, Hashable {
        public var sessions: Int
        /// Sessions by the client address that set them up.
        public var sessionsByAddress: [String: Int]
        /// Sessions whose media rides an RTSP connection.
        public var interleavedSessions: Int
        /// Sessions with UDP port pairs of their own.
        public var udpSessions: Int
        /// RTP/RTCP port pairs handed out and not returned.
        public var portPairsInUse: Int
        /// Pairs the configured range holds.
        public var portPairCapacity: Int
    }

    public var census: Census {
        let sessions = context.sessions.values
        return Census(
            sessions: sessions.count,
            sessionsByAddress: sessions.reduce(into: [:]) { $0[$1.owner.address, default: 0] += 1 },
            interleavedSessions: sessions.count(where: { $0.viewer.transport is InterleavedTransport }),
            udpSessions: sessions.count(where: { $0.viewer.transport is UDPTransport }),
            portPairsInUse: context.ports.pairsInUse,
            portPairCapacity: context.ports.capacity)
    }
}
