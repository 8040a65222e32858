import NIOCore

/// Stops reading from a connection while what the server has queued for it is over the channel's high-water mark,
/// or while requests already read wait for their answers, and closes the connection if the queue stays full for
/// `stallTimeout`.
///
/// Without it a client that pipelines requests (OPTIONS needs no credentials) and never reads the answers makes the
/// server queue answers without bound. Holding `read` here, at the head of the pipeline, as swift-nio's
/// `HTTPServerPipelineHandler` does, leaves the client's further bytes in the kernel's receive buffer and then its
/// own send buffer: TCP's flow control pushes back on the client, not memory on the server. Requests waiting for
/// an answer (a PLAY waits for the next keyframe) hold reading too, so what waits is at most what one read brought.
///
/// Reading resumes once the queue has drained to the low-water mark. A slow TCP-interleaved viewer fills the queue
/// with media, whose frames are dropped whole while it is full, and drains it again as it catches up; its RTCP and
/// keep-alives are read each time it does. Only a connection that drains nothing for the whole timeout is closed.
final class BackPressureHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let connection: RTSPConnectionHandler
    private let stallTimeout: TimeAmount
    /// A `read` that arrived while the queue was full, passed on when it has drained.
    private var readHeld = false
    /// The close that fires if the queue stays full for `stallTimeout`.
    private var stallClose: Scheduled<Void>?
    /// Kept from `handlerAdded` to `handlerRemoved`, to pass a held read on when the connection has answered all.
    private var context: ChannelHandlerContext?

    init(connection: RTSPConnectionHandler, stallTimeout: TimeAmount) {
        self.connection = connection
        self.stallTimeout = stallTimeout
        connection.allAnswered = { [weak self] in self?.readOnIfHeld() }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func read(context: ChannelHandlerContext) {
        if mayRead(context) {
            context.read()
        } else {
            readHeld = true
        }
    }

    private func mayRead(_ context: ChannelHandlerContext) -> Bool {
        context.channel.isWritable && !connection.hasUnansweredRequests
    }

    /// Passes on a read held back, once nothing holds it any more.
    private func readOnIfHeld() {
        guard readHeld, let context, mayRead(context) else { return }
        readHeld = false
        context.read()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            stallClose?.cancel()
            stallClose = nil
            readOnIfHeld()
        } else if stallClose == nil {
            connection.logger.debug("queue full; reading paused", metadata: ["rtsp.queued_bytes": "\(queuedBytes(context))"])
            stallClose = context.eventLoop.assumeIsolated().scheduleTask(in: stallTimeout) { [self] in
                closeStalled(context: context)
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stallClose?.cancel()
        stallClose = nil
        context.fireChannelInactive()
    }

    private func closeStalled(context: ChannelHandlerContext) {
        stallClose = nil
        connection.logger.notice(
            "client is not reading what it is sent; closing connection",
            metadata: ["rtsp.stall_seconds": "\(stallTimeout.nanoseconds / 1_000_000_000)", "rtsp.queued_bytes": "\(queuedBytes(context))"])
        context.close(promise: nil)
    }

    /// What waits in the channel for the socket, for the log lines.
    private func queuedBytes(_ context: ChannelHandlerContext) -> Int {
        (try? context.channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0
    }
}
