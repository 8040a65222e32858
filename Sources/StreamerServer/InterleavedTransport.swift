import NIOCore
import RTSP

/// RTP and RTCP inside the RTSP connection itself (RFC 2326 §10.12), for viewers behind
/// firewalls that pass no UDP. Every packet is `$`, channel, length, packet; the frames of an
/// access unit leave in one `writev` on a `TCP_NODELAY` socket, so nothing waits on Nagle.
final class InterleavedTransport: RTPTransport {
    private let channel: Channel
    private let rtpChannel: UInt8
    private let rtcpChannel: UInt8
    private let headers: ByteBufferAllocator

    init(channel: Channel, rtpChannel: UInt8, rtcpChannel: UInt8) {
        self.channel = channel
        self.rtpChannel = rtpChannel
        self.rtcpChannel = rtcpChannel
        self.headers = channel.allocator
    }

    var description: String { "tcp interleaved=\(rtpChannel)-\(rtcpChannel)" }

    func sendAccessUnit(_ packets: [ByteBuffer]) -> Bool {
        guard channel.isWritable else { return false }
        // One small buffer holds every frame header of the access unit; each packet is written
        // after its header as a slice of the shared packet buffer, with no copy.
        var prefixes = headers.buffer(capacity: packets.count * 4)
        for packet in packets {
            prefixes.writeInterleavedFrameHeader(channel: rtpChannel, length: packet.readableBytes)
        }
        for (index, packet) in packets.enumerated() {
            if let prefix = prefixes.getSlice(at: index * 4, length: 4) {
                channel.write(prefix, promise: nil)
            }
            channel.write(packet, promise: nil)
        }
        channel.flush()
        return true
    }

    func sendRTCP(_ packet: ByteBuffer) {
        var frame = headers.buffer(capacity: packet.readableBytes + 4)
        frame.writeInterleavedFrameHeader(channel: rtcpChannel, length: packet.readableBytes)
        frame.writeImmutableBuffer(packet)
        channel.writeAndFlush(frame, promise: nil)
    }

    func close() {}
}
