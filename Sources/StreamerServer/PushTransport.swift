import NIOCore

/// A relay as the fan-out sees it: one more viewer transport (interleaved or UDP), counted for the push's
/// statistics. Whole access units are refused when the relay's queue is full, exactly as for a slow TCP
/// viewer, so a relay that stops reading costs frames, never memory or other viewers' time.
final class PushTransport: RTPTransport {
    private let inner: any RTPTransport
    /// Whether more may be queued now; RTCP is skipped while not, so nothing grows behind a stalled relay.
    private let isWritable: () -> Bool
    private(set) var accessUnitsSent = 0
    private(set) var bytesSent = 0

    init(_ inner: any RTPTransport, isWritable: @escaping () -> Bool) {
        self.inner = inner
        self.isWritable = isWritable
    }

    var description: String { "push \(inner.description)" }

    func sendAccessUnit(_ packets: [ByteBuffer]) -> Bool {
        guard inner.sendAccessUnit(packets) else { return false }
        accessUnitsSent += 1
        bytesSent += packets.reduce(0) { $0 + $1.readableBytes }
        return true
    }

    func sendRTCP(_ packet: ByteBuffer) {
        guard isWritable() else { return }
        inner.sendRTCP(packet)
    }

    func close() {
        inner.close()
    }
}
