import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// The HTTP listener: the live-view page and the fMP4 WebSocket, on the RTSP server's event loop and
/// addresses, sharing its streams, users and limits.
extension RTSPServer {
    /// Frames a browser may send us: keep-alives and close frames are a few bytes.
    static let maxIncomingWebSocketFrame = 4096

    static func bindHTTP(context: ServerContext, eventLoop: EventLoop, port: Int) async throws -> Channel {
        let configuration = context.configuration
        // A browser viewer's bounded queue, as a TCP-interleaved viewer's: past `high` its frames are dropped whole.
        let bootstrap = boundedConnections(on: eventLoop, limits: configuration.limits)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let state = WebSocketUpgradeState()
                    let peer = RTSPConnectionHandler.plainIP(channel.remoteAddress?.ipAddress) ?? "unknown"
                    let upgrader = NIOWebSocketServerUpgrader(
                        maxFrameSize: Self.maxIncomingWebSocketFrame,
                        shouldUpgrade: { channel, head in
                            guard case .webSocket(let path, let token) = HTTPRoute(uri: head.uri) else {
                                return channel.eventLoop.makeSucceededFuture(nil)
                            }
                            switch context.admitBrowserViewer(path: path, token: token, address: peer) {
                            case .success(let admitted):
                                state.admitted = admitted.stream
                                state.user = admitted.user
                                return channel.eventLoop.makeSucceededFuture(HTTPHeaders())
                            case .failure(let refusal):
                                state.refusal = refusal
                                return channel.eventLoop.makeSucceededFuture(nil)
                            }
                        },
                        upgradePipelineHandler: { channel, _ in
                            channel.eventLoop.makeCompletedFuture {
                                let sync = channel.pipeline.syncOperations
                                if let handler = try? sync.handler(type: HTTPConnectionHandler.self) {
                                    sync.removeHandler(handler, promise: nil)
                                }
                                guard let stream = state.admitted else { throw ServerError.sessionEnded }
                                try sync.addHandler(WebSocketViewerHandler(server: context, stream: stream, user: state.user))
                            }
                        })
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(HTTPConnectionAdmission(server: context))
                    // RTSP tunnelled over HTTP is told by the first request's head, before any HTTP handler sees a
                    // byte; the HTTP handlers are added once the head says it is not a tunnel.
                    try sync.addHandler(
                        RTSPTunnelHandler(
                            server: context,
                            port: .http(addHTTPHandlers: { sync in
                                try sync.configureHTTPServerPipeline(
                                    withPipeliningAssistance: false,
                                    withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in }),
                                    withErrorHandling: true)
                                try sync.addHandler(HTTPConnectionHandler(server: context, upgrade: state))
                            })))
                }
            }
        var failures: [String] = []
        for host in configuration.bindAddresses {
            do {
                return try await bootstrap.bind(host: host, port: port).get()
            } catch {
                failures.append("\(host): \(error)")
            }
        }
        throw ServerError.cannotBind(addresses: configuration.bindAddresses, port: port, reason: failures.joined(separator: "; "))
    }
}
