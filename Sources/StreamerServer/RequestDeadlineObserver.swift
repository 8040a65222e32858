import NIOCore

/// Sits before the RTSP decoder and tells the connection when bytes arrive, so a request that is still
/// incomplete after the request timeout (a client trickling it to hold the connection) can be cut off.
final class RequestDeadlineObserver: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let connection: RTSPConnectionHandler

    init(connection: RTSPConnectionHandler) {
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connection.requestBytesArrived(at: context.eventLoop.now)
        context.fireChannelRead(data)
    }
}
