import Logging
import NIOCore

/// RTP and RTCP over UDP unicast from a server port pair of this viewer's own.
/// The packets of an access unit are written, then flushed once, which NIO turns into one `sendmmsg`.
///
/// Symmetric RTP: a client behind NAT does not know the public port its `client_port` maps to, so VLC and
/// GStreamer send a few packets to our ports right after SETUP. When a packet from the client's own IP address
/// arrives on our RTP (or RTCP) port, media (or RTCP) then goes back to the address and port it came from,
/// which is the hole the NAT opened. Packets from other addresses never redirect the stream.
final class UDPTransport: RTPTransport {
    let rtpChannel: Channel
    let rtcpChannel: Channel
    let serverRTPPort: Int
    private(set) var rtpDestination: SocketAddress
    private(set) var rtcpDestination: SocketAddress
    private let onClose: () -> Void
    private var closed = false

    init(
        rtpChannel: Channel, rtcpChannel: Channel, serverRTPPort: Int, rtpDestination: SocketAddress, rtcpDestination: SocketAddress,
        onClose: @escaping () -> Void
    ) {
        self.rtpChannel = rtpChannel
        self.rtcpChannel = rtcpChannel
        self.serverRTPPort = serverRTPPort
        self.rtpDestination = rtpDestination
        self.rtcpDestination = rtcpDestination
        self.onClose = onClose
    }

    var description: String {
        "udp \(rtpDestination.ipAddress ?? "?"):\(rtpDestination.port ?? 0)-\(rtcpDestination.port ?? 0)"
    }

    func sendAccessUnit(_ packets: [ByteBuffer]) -> Bool {
        rtpChannel.sendDatagrams(packets, to: rtpDestination)
    }

    func sendRTCP(_ packet: ByteBuffer) {
        rtcpChannel.sendDatagram(packet, to: rtcpDestination)
    }

    /// Whether `source` is the viewer's host: only its packets may move where the stream goes.
    func isFromClient(_ source: SocketAddress) -> Bool {
        source.isSameHost(as: rtpDestination)
    }

    /// Sends RTP to where the client's packet to our RTP port came from. Returns true when that changed.
    @discardableResult
    func latchRTP(to source: SocketAddress) -> Bool {
        guard isFromClient(source), source != rtpDestination else { return false }
        rtpDestination = source
        return true
    }

    /// Sends RTCP to where the client's packet to our RTCP port came from. Returns true when that changed.
    @discardableResult
    func latchRTCP(to source: SocketAddress) -> Bool {
        guard isFromClient(source), source != rtcpDestination else { return false }
        rtcpDestination = source
        return true
    }

    func close() {
        guard !closed else { return }
        closed = true
        rtpChannel.close(promise: nil)
        rtcpChannel.close(promise: nil)
        onClose()
    }
}
