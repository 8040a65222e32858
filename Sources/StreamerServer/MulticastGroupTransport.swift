import NIOCore
import NIOPosix

/// A stream's one multicast sender: every access unit goes to the group once, whoever and however many watch.
///
/// RTP leaves from an ephemeral port (so the server never receives its own group traffic on it); RTCP is sent
/// from, and received on, the group's RTCP port, which the socket joins, so receiver reports that clients
/// address to the group reach the server too.
final class MulticastGroupTransport: @unchecked Sendable {
    // @unchecked: used only on the server's event loop.
    let group: MulticastGroup
    private let rtpChannel: Channel
    private let rtcpChannel: Channel
    private let rtpDestination: SocketAddress
    private let rtcpDestination: SocketAddress
    /// The group gets nothing until an access unit a newcomer can decode from.
    var awaitingKeyframe = true
    var packetCount: UInt32 = 0
    var octetCount: UInt32 = 0

    private init(
        group: MulticastGroup, rtpChannel: Channel, rtcpChannel: Channel, rtpDestination: SocketAddress, rtcpDestination: SocketAddress
    ) {
        self.group = group
        self.rtpChannel = rtpChannel
        self.rtcpChannel = rtcpChannel
        self.rtpDestination = rtpDestination
        self.rtcpDestination = rtcpDestination
    }

    var description: String { "multicast \(group.address):\(group.rtpPort)-\(group.rtpPort + 1) ttl=\(group.ttl)" }

    /// Opens both sockets and joins the group; `receive` gets every datagram that reaches the RTCP port.
    static func open(
        _ group: MulticastGroup, on eventLoop: EventLoop, receive: @escaping DatagramReceiver
    ) -> EventLoopFuture<MulticastGroupTransport> {
        let isIPv6 = group.address.contains(":")
        let wildcard = isIPv6 ? "::" : "0.0.0.0"
        let rtpDestination: SocketAddress
        let rtcpDestination: SocketAddress
        do {
            rtpDestination = try SocketAddress(ipAddress: group.address, port: group.rtpPort)
            rtcpDestination = try SocketAddress(ipAddress: group.address, port: group.rtpPort + 1)
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        let ttlOption =
            isIPv6
            ? ChannelOptions.Types.SocketOption(level: .ipv6, name: .ipv6_multicast_hops)
            : ChannelOptions.Types.SocketOption(level: .ip, name: .ip_multicast_ttl)
        let ttl = SocketOptionValue(group.ttl)
        let sender = DatagramBootstrap(group: eventLoop).channelOption(ttlOption, value: ttl).bind(host: wildcard, port: 0)
        return sender.flatMap { (rtpChannel: Channel) -> EventLoopFuture<MulticastGroupTransport> in
            let joined = DatagramBootstrap(group: eventLoop)
                .channelOption(.socketOption(.so_reuseaddr), value: 1)
                .channelOption(ttlOption, value: ttl)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(DatagramReceiveHandler(receive: receive))
                    }
                }
                .bind(host: wildcard, port: group.rtpPort + 1)
                .flatMap { (rtcpChannel: Channel) -> EventLoopFuture<Channel> in
                    guard let multicast = rtcpChannel as? MulticastChannel else {
                        rtcpChannel.close(promise: nil)
                        return eventLoop.makeFailedFuture(ServerError.multicastUnavailable(group.address, reason: "not a multicast socket"))
                    }
                    return multicast.joinGroup(rtcpDestination).map { rtcpChannel }.flatMapError { error in
                        rtcpChannel.close(promise: nil)
                        return eventLoop.makeFailedFuture(error)
                    }
                }
            return joined.map { (rtcpChannel: Channel) -> MulticastGroupTransport in
                MulticastGroupTransport(
                    group: group, rtpChannel: rtpChannel, rtcpChannel: rtcpChannel,
                    rtpDestination: rtpDestination, rtcpDestination: rtcpDestination)
            }.flatMapError { (error: Error) -> EventLoopFuture<MulticastGroupTransport> in
                rtpChannel.close(promise: nil)
                return eventLoop.makeFailedFuture(error)
            }
        }
    }

    func sendAccessUnit(_ packets: [ByteBuffer]) -> Bool {
        rtpChannel.sendDatagrams(packets, to: rtpDestination)
    }

    func sendRTCP(_ packet: ByteBuffer) {
        rtcpChannel.sendDatagram(packet, to: rtcpDestination)
    }

    func close() {
        rtpChannel.close(promise: nil)
        rtcpChannel.close(promise: nil)
    }
}

/// A multicast viewer's place in the fan-out: the stream sends to the group, never to the viewer alone, so
/// this transport sends nothing itself.
final class MulticastMembership: RTPTransport {
    let group: MulticastGroupTransport

    init(group: MulticastGroupTransport) {
        self.group = group
    }

    var description: String { group.description }
    var isMulticast: Bool { true }
    func sendAccessUnit(_ packets: [ByteBuffer]) -> Bool { true }
    func sendRTCP(_ packet: ByteBuffer) {}
    func close() {}
}
