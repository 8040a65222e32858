import NIOCore

/// RTP and RTCP over UDP unicast from a server port pair of this viewer's own.
/// The packets of an access unit are written, then flushed once, which NIO turns into one `sendmmsg`.
final class UDPTransport: RTPTransport {
    let rtpChannel: Channel
    let rtcpChannel: Channel
    private let rtpDestination: SocketAddress
    private let rtcpDestination: SocketAddress
    private let onClose: () -> Void

    init(
        rtpChannel: Channel, rtcpChannel: Channel, rtpDestination: SocketAddress, rtcpDestination: SocketAddress,
        onClose: @escaping () -> Void
    ) {
        self.rtpChannel = rtpChannel
        self.rtcpChannel = rtcpChannel
        self.rtpDestination = rtpDestination
        self.rtcpDestination = rtcpDestination
        self.onClose = onClose
    }

    var description: String {
        "udp \(rtpDestination.ipAddress ?? "?"):\(rtpDestination.port ?? 0)-\(rtcpDestination.port ?? 0)"
    }

    func sendAccessUnit(_ packets: [ByteBuffer]) -> Bool {
        // A socket whose send buffer is full would make NIO queue without bound: drop instead.
        guard rtpChannel.isWritable else { return false }
        for packet in packets {
            rtpChannel.write(AddressedEnvelope(remoteAddress: rtpDestination, data: packet), promise: nil)
        }
        rtpChannel.flush()
        return true
    }

    func sendRTCP(_ packet: ByteBuffer) {
        rtcpChannel.writeAndFlush(AddressedEnvelope(remoteAddress: rtcpDestination, data: packet), promise: nil)
    }

    func close() {
        rtpChannel.close(promise: nil)
        rtcpChannel.close(promise: nil)
        onClose()
    }
}
