import H264
import NIOCore

/// Turns H.264 access units into RTP packets for `packetization-mode=1`.
///
/// SSRC and initial sequence number are pinned by the caller, so a session can announce them in
/// RTP-Info and tests can expect exact bytes.
///
/// Specification: RFC 6184 §5.6 (single NAL unit packet), §5.8 (FU-A)
public struct H264Packetizer: Sendable {
    /// 1500 MTU − 40 IPv6 − 8 UDP − 12 RTP = 1440 bytes of payload: packets then fit unfragmented on
    /// Ethernet over IPv6, and therefore over IPv4 (20-byte header) as well.
    public static let defaultMaxPayloadSize = 1440

    /// Dynamic payload type bound to H264/90000 by the SDP `a=rtpmap` line.
    public let payloadType: UInt8
    public let ssrc: UInt32
    /// Largest RTP payload (bytes after the 12-byte header) this packetizer emits; at least 3, since an
    /// FU-A needs its 2 header bytes plus data.
    public let maxPayloadSize: Int
    /// The sequence number the next packet will carry (what RTP-Info's seq announces).
    public private(set) var nextSequenceNumber: UInt16

    /// A `maxPayloadSize` below 3 is a configuration error and traps; validate configured values first.
    public init(
        ssrc: UInt32,
        initialSequenceNumber: UInt16,
        payloadType: UInt8 = 96,
        maxPayloadSize: Int = defaultMaxPayloadSize
    ) {
        precondition(maxPayloadSize >= 3, "maxPayloadSize \(maxPayloadSize) leaves no room for FU-A data")
        self.ssrc = ssrc
        self.nextSequenceNumber = initialSequenceNumber
        self.payloadType = payloadType
        self.maxPayloadSize = maxPayloadSize
    }

    /// Packetizes one access unit: NAL units that fit go as single-NAL-unit packets, larger ones as FU-A
    /// fragments (S bit on first, E bit on last, FU indicator = F|NRI|28, FU header type = original
    /// type), split into fragments of near-equal size rather than full ones plus a tiny remainder.
    /// The marker bit is set only on the very last packet of the access unit; every packet carries
    /// `timestamp`. Sequence numbers wrap from 65535 to 0. Empty NAL units cannot be sent and are skipped.
    ///
    /// All packets are written into one buffer from `allocator` and returned as slices of it: the buffer and
    /// the array are the only allocations per access unit, whatever its size, and the slices are shared with
    /// every viewer.
    public mutating func packetize(
        _ nalUnits: [ByteBuffer],
        timestamp: UInt32,
        allocator: ByteBufferAllocator
    ) -> [ByteBuffer] {
        guard let lastIndex = nalUnits.lastIndex(where: { $0.readableBytes > 0 }) else { return [] }
        var totalSize = 0
        var packetCount = 0
        for nalUnit in nalUnits where nalUnit.readableBytes > 0 {
            totalSize += packetizedSize(of: nalUnit)
            packetCount += packetsNeeded(for: nalUnit)
        }
        var buffer = allocator.buffer(capacity: totalSize)
        for (index, nalUnit) in nalUnits.enumerated() where nalUnit.readableBytes > 0 {
            let isLast = index == lastIndex
            if nalUnit.readableBytes <= maxPayloadSize {
                writeHeader(marker: isLast, timestamp: timestamp, into: &buffer)
                buffer.writeImmutableBuffer(nalUnit)
            } else {
                writeFragments(of: nalUnit, isLast: isLast, timestamp: timestamp, into: &buffer)
            }
        }
        // Slicing only after all writes keeps the storage uniquely referenced while writing (no copy). The
        // lengths come again from the same arithmetic as the writes, so nothing per packet is kept on the heap.
        var packets: [ByteBuffer] = []
        packets.reserveCapacity(packetCount)
        for nalUnit in nalUnits where nalUnit.readableBytes > 0 {
            let size = nalUnit.readableBytes
            if size <= maxPayloadSize {
                packets.append(buffer.readSlice(length: RTPHeader.size + size)!)
            } else {
                let dataSize = size - 1
                let count = fragmentCount(dataSize: dataSize)
                for fragment in 0..<count {
                    let length = RTPHeader.size + 2 + fragmentSize(fragment, of: dataSize, count: count)
                    packets.append(buffer.readSlice(length: length)!)
                }
            }
        }
        return packets
    }

    private mutating func writeFragments(
        of nalUnit: ByteBuffer,
        isLast: Bool,
        timestamp: UInt32,
        into buffer: inout ByteBuffer
    ) {
        let nalHeader = nalUnit.readableBytesView.first ?? 0
        let indicator = nalHeader & 0xE0 | NALUnitType.fuA.rawValue
        let data = nalUnit.readableBytesView.dropFirst()
        let count = fragmentCount(dataSize: data.count)
        var remaining = data
        for fragment in 0..<count {
            let size = fragmentSize(fragment, of: data.count, count: count)
            let isStart = fragment == 0
            let isEnd = fragment == count - 1
            let fuHeader = (isStart ? 0x80 : 0) | (isEnd ? 0x40 : 0) | nalHeader & 0x1F
            writeHeader(marker: isLast && isEnd, timestamp: timestamp, into: &buffer)
            buffer.writeMultipleIntegers(indicator, fuHeader)
            buffer.writeBytes(remaining.prefix(size))
            remaining = remaining.dropFirst(size)
        }
    }

    /// The first `dataSize % count` fragments carry one byte more than the rest.
    private func fragmentSize(_ fragment: Int, of dataSize: Int, count: Int) -> Int {
        dataSize / count + (fragment < dataSize % count ? 1 : 0)
    }

    private mutating func writeHeader(marker: Bool, timestamp: UInt32, into buffer: inout ByteBuffer) {
        let header = RTPHeader(
            marker: marker,
            payloadType: payloadType,
            sequenceNumber: nextSequenceNumber,
            timestamp: timestamp,
            ssrc: ssrc
        )
        nextSequenceNumber &+= 1
        buffer.writeRTPHeader(header)
    }

    /// Fragments needed for `dataSize` bytes after the NAL header, each with 2 bytes of FU overhead.
    private func fragmentCount(dataSize: Int) -> Int {
        let capacity = maxPayloadSize - 2
        return (dataSize + capacity - 1) / capacity
    }

    private func packetsNeeded(for nalUnit: ByteBuffer) -> Int {
        nalUnit.readableBytes <= maxPayloadSize ? 1 : fragmentCount(dataSize: nalUnit.readableBytes - 1)
    }

    private func packetizedSize(of nalUnit: ByteBuffer) -> Int {
        let size = nalUnit.readableBytes
        if size <= maxPayloadSize {
            return RTPHeader.size + size
        }
        return fragmentCount(dataSize: size - 1) * (RTPHeader.size + 2) + size - 1
    }
}
