import Logging
import NIOCore

/// First in every HTTP connection's pipeline, for its whole life (also after a WebSocket upgrade): counts the
/// connection under its address with the RTSP connections, so the same per-address and total limits hold, and
/// refuses one over a limit with a `503` that says which.
final class HTTPConnectionAdmission: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let server: ServerContext
    private var admittedAddress: String?
    private var refused = false

    init(server: ServerContext) {
        self.server = server
    }

    func channelActive(context: ChannelHandlerContext) {
        let address = RTSPConnectionHandler.plainIP(context.remoteAddress?.ipAddress) ?? "unknown"
        if let refusal = server.admitConnection(from: address) {
            refused = true
            server.logger.notice("connection refused", metadata: ["http.peer": "\(address)", "http.reason": "\(refusal)"])
            server.configuration.metrics.connectionRefused(refusal.reason)
            var buffer = context.channel.allocator.buffer(capacity: 160)
            let body = "camstream: \(refusal)\n"
            buffer.writeString(
                "HTTP/1.1 503 Service Unavailable\r\nServer: camstream\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
            context.writeAndFlush(Self.wrapOutboundOut(buffer), promise: nil)
            context.close(promise: nil)
            return
        }
        admittedAddress = address
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // A refused connection's bytes go nowhere: it is closing.
        guard !refused else { return }
        context.fireChannelRead(data)
    }

    /// The connection became an RTSP-over-HTTP tunnel's data channel, whose RTSP handler counts it from now on.
    func handOver() {
        if let admittedAddress { server.connectionClosed(from: admittedAddress) }
        admittedAddress = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let admittedAddress { server.connectionClosed(from: admittedAddress) }
        admittedAddress = nil
        context.fireChannelInactive()
    }
}
