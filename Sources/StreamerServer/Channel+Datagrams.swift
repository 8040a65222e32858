import NIOCore

/// The send both UDP transports share, unicast and multicast: the packets of one access unit to one address,
/// flushed together so NIO hands them to the kernel in one `sendmmsg`.
extension Channel {
    /// Returns false, sending nothing, when the socket's send buffer is full: NIO would otherwise queue
    /// without bound, and a whole access unit dropped is better than latency added.
    func sendDatagrams(_ packets: [ByteBuffer], to destination: SocketAddress) -> Bool {
        guard isWritable else { return false }
        for packet in packets {
            write(AddressedEnvelope(remoteAddress: destination, data: packet), promise: nil)
        }
        flush()
        return true
    }

    func sendDatagram(_ packet: ByteBuffer, to destination: SocketAddress) {
        writeAndFlush(AddressedEnvelope(remoteAddress: destination, data: packet), promise: nil)
    }
}
