import NIOCore
import RTSP

/// Copies of what a channel reads, made on its event loop before they go to a test's own task.
///
/// NIO writes again into storage it has read into (its read-buffer pool, `ByteToMessageHandler`'s cumulation) as
/// soon as that storage looks uniquely owned. The check reads a reference count that the test's thread released
/// inside the uninstrumented Swift runtime, so ThreadSanitizer sees the test's read and the loop's next write to
/// the same bytes as unordered: CI's TSan pass stopped on one (`HTTPKeepAliveTests`, its raw client). A copy made
/// on the loop is storage the loop never touches again.
extension ByteBuffer {
    public var ownedCopy: ByteBuffer { ByteBuffer(bytes: readableBytesView) }
}

extension RTSPMessage {
    /// The message with its body or payload in storage of its own.
    public var ownedCopy: RTSPMessage {
        switch self {
        case .request(var request):
            request.body = request.body?.ownedCopy
            return .request(request)
        case .response(var response):
            response.body = response.body?.ownedCopy
            return .response(response)
        case .interleaved(let frame):
            return .interleaved(InterleavedFrame(channel: frame.channel, payload: frame.payload.ownedCopy))
        }
    }
}

/// Passes each decoded RTSP message on as an `ownedCopy`: the last handler on the loop before a test client's
/// async stream or mailbox.
public final class RTSPMessageCopier: ChannelInboundHandler {
    public typealias InboundIn = RTSPMessage
    public typealias InboundOut = RTSPMessage

    public init() {}

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(Self.wrapInboundOut(Self.unwrapInboundIn(data).ownedCopy))
    }
}
