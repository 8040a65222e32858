import NIOCore

/// How one viewer's RTP and RTCP leave the server. The stream hands every transport the same
/// packet buffers; a transport adds only what is specific to its viewer (an address, a channel prefix).
protocol RTPTransport: AnyObject {
    /// Queues the packets of one access unit and flushes them together: one `sendmmsg` or one `writev`.
    /// Returns false when the viewer cannot take them now (a full TCP send queue); the caller drops the
    /// whole access unit for this viewer rather than queue it and add latency.
    func sendAccessUnit(_ packets: [ByteBuffer]) -> Bool
    /// As `sendAccessUnit(_:)`, for transports that carry the access unit some other way than RTP (the
    /// browser's fMP4 over a WebSocket). RTP transports keep the default, which sends the packets.
    func send(_ unit: FanOutAccessUnit) -> Bool
    func sendRTCP(_ packet: ByteBuffer)
    /// A description for logs, e.g. "udp 127.0.0.1:5000-5001".
    var description: String { get }
    /// True when the stream sends to a multicast group for this viewer rather than to it alone.
    var isMulticast: Bool { get }
    /// Releases sockets or ports that belong to this viewer alone.
    func close()
}

extension RTPTransport {
    var isMulticast: Bool { false }

    func send(_ unit: FanOutAccessUnit) -> Bool {
        sendAccessUnit(unit.packets)
    }
}
