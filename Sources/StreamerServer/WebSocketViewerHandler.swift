import Logging
import NIOCore
import NIOWebSocket

/// A browser viewer after its WebSocket handshake: one more viewer of the stream, as an RTSP session with a
/// `WebSocketTransport`, so it counts toward `max_viewers`, shows in the statistics, gets a fresh IDR at once
/// and is dropped whole frames (never slowing anyone else) when it cannot keep up.
///
/// The page sends a text message every few seconds; like RTCP from an RTSP viewer it keeps the session from
/// timing out, so a browser that vanished without closing is reaped.
final class WebSocketViewerHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// How often the page is told the viewer count.
    static let statusInterval = TimeAmount.seconds(2)

    private let server: ServerContext
    private let stream: MediaStream
    private var session: RTSPSession?
    private var statusTask: Scheduled<Void>?
    private let user: String?
    private var logger: Logger

    init(server: ServerContext, stream: MediaStream, user: String?) {
        self.server = server
        self.stream = stream
        self.user = user
        self.logger = stream.logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let ip = RTSPConnectionHandler.plainIP(context.remoteAddress?.ipAddress) ?? "?"
        let peer = ip.contains(":") ? "[\(ip)]:\(context.remoteAddress?.port ?? 0)" : "\(ip):\(context.remoteAddress?.port ?? 0)"
        let transport = WebSocketTransport(channel: context.channel, peer: peer)
        let viewer = Viewer(sessionID: RTSPSession.makeID(), transport: transport)
        let session = RTSPSession(
            id: viewer.sessionID, stream: stream, viewer: viewer, trackURI: "ws", owner: SessionOwner(address: ip, user: user), now: context.eventLoop.now)
        session.state = .playing
        self.session = session
        logger[metadataKey: "rtsp.session"] = "\(session.id)"
        transport.onTrackChanged = { [weak self] reason in
            guard let self, let session = self.session else { return }
            self.server.end(session, reason: reason)
        }
        server.add(session)
        logger.info("browser viewer joined", metadata: ["http.peer": "\(peer)"])
        stream.play(viewer).assumeIsolated().whenFailure { [self] error in
            if let session = self.session { server.end(session, reason: "\(error)") }
        }
        sendStatus(context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        switch frame.opcode {
        case .ping:
            context.writeAndFlush(Self.wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)), promise: nil)
        case .connectionClose:
            if let session { server.end(session, reason: "browser closed the WebSocket") }
        default:
            if let session { server.touch(session) }
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, let session { stream.viewerCanReceiveAgain(session.viewer) }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        statusTask?.cancel()
        if let session { server.end(session, reason: "connection closed") }
        session = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        logger.notice("browser connection error; closing", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    /// `{"type":"status","viewers":N}`: the stream's viewers now, RTSP and browser alike; again every
    /// `statusInterval` while the connection lasts.
    private func sendStatus(context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        statusTask = context.eventLoop.assumeIsolated().scheduleTask(in: Self.statusInterval) { [self] in
            sendStatus(context: context)
        }
        guard context.channel.isWritable else { return }
        let viewers = server.sessionCount(of: stream)
        var buffer = context.channel.allocator.buffer(capacity: 48)
        buffer.writeString("{\"type\":\"status\",\"viewers\":\(viewers)}")
        context.writeAndFlush(Self.wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: buffer)), promise: nil)
    }
}
