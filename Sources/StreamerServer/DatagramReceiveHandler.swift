import NIOCore

/// Where a server UDP socket's datagrams go. Called on the server's event loop only.
typealias DatagramReceiver = @Sendable (AddressedEnvelope<ByteBuffer>) -> Void

/// Hands every datagram that arrives on a server RTP or RTCP port, with its source address, to `receive`:
/// RTCP receiver reports, and the small packets clients send to open a NAT mapping (symmetric RTP).
final class DatagramReceiveHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let receive: DatagramReceiver

    init(receive: @escaping DatagramReceiver) {
        self.receive = receive
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        receive(Self.unwrapInboundIn(data))
    }

    /// A datagram socket reports ICMP errors (port unreachable when a viewer's player has quit) as errors on
    /// the channel; they say nothing the session timeout does not, so they are dropped here instead of
    /// closing the socket.
    func errorCaught(context: ChannelHandlerContext, error: Error) {}
}
