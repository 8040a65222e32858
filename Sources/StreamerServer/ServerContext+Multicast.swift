import NIOCore
import RTCP

extension ServerContext {
    /// RTCP that reached a stream's multicast group. A receiver report is attributed to the multicast
    /// sessions whose RTSP client has the report's source address, and keeps them alive; with several
    /// viewers on one host, each of them is credited.
    func receivedMulticastRTCP(_ envelope: AddressedEnvelope<ByteBuffer>, stream: MediaStream) {
        guard let packets = try? RTCPCompoundPacket.parse(envelope.data) else { return }
        // Our own reports come back to us through multicast loopback.
        let fromUs = packets.contains { if case .senderReport(let report) = $0 { report.ssrc == stream.ssrc } else { false } }
        guard !fromUs else { return }
        let sourceIP = RTSPConnectionHandler.plainIP(envelope.remoteAddress.ipAddress)
        let matching = sessions.values.filter { session in
            session.stream === stream && session.viewer.transport.isMulticast && session.owner.address == sourceIP
        }
        for session in matching { touch(session) }
        stream.record(packets, for: matching.map(\.viewer))
    }
}
