import NIOCore

/// Reads RTCP datagrams a viewer's client sends to its server RTCP port and hands them on.
final class RTCPReceiveHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let receive: (ByteBuffer) -> Void

    init(receive: @escaping (ByteBuffer) -> Void) {
        self.receive = receive
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        receive(Self.unwrapInboundIn(data).data)
    }
}
