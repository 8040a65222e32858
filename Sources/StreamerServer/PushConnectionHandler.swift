import NIOCore
import RTSP

/// The channel end of one connection to a relay: hands what the relay sends to its publisher and tells it
/// when the connection goes or can take media again. All decisions are the publisher's (and its state
/// machine's); this only forwards, so a late event from an old connection is recognised there by its channel.
final class PushConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = RTSPMessage

    private let publisher: RelayPublisher

    init(publisher: RelayPublisher) {
        self.publisher = publisher
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        publisher.received(Self.unwrapInboundIn(data), on: context.channel)
    }

    func channelInactive(context: ChannelHandlerContext) {
        publisher.connectionClosed(context.channel)
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { publisher.canSendAgain(on: context.channel) }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        publisher.connectionFailed(context.channel, error: error)
        context.close(promise: nil)
    }
}
