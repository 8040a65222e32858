import NIOCore

/// A compound RTCP datagram: several RTCP packets back to back, as every RTCP transmission is sent.
///
/// Parsing is strict where a mistake would misread bytes (version, lengths, counts, item lengths, padding) and
/// lenient where it would not: the order of packets is not enforced (RFC 5506 reduced-size RTCP and lone
/// feedback packets start with neither SR nor RR), unknown packet types are kept as `.other`, and bytes after
/// the declared report blocks (profile-specific extensions) are skipped.
///
/// Specification: RFC 3550 §6.1, §6.4, §A.2
public enum RTCPCompoundPacket {
    /// Parses every packet of a compound RTCP datagram, in order.
    ///
    /// Throws ``RTCPError`` on an empty datagram, a version other than 2, a length beyond the buffer, bad
    /// padding, or a count or item length that points past the end of its packet. Never traps.
    public static func parse(_ buffer: ByteBuffer) throws(RTCPError) -> [RTCPPacket] {
        guard buffer.readableBytes > 0 else { throw .emptyDatagram }
        var remaining = buffer
        var packets: [RTCPPacket] = []
        while remaining.readableBytes > 0 {
            let offset = buffer.readableBytes - remaining.readableBytes
            guard remaining.readableBytes >= RTCPWire.headerSize,
                let first = remaining.getInteger(at: remaining.readerIndex, as: UInt8.self),
                let words = remaining.getInteger(at: remaining.readerIndex + 2, as: UInt16.self)
            else {
                throw .truncatedHeader(offset: offset, available: remaining.readableBytes)
            }
            let version = first >> 6
            guard version == RTCPWire.version else { throw .unsupportedVersion(version, offset: offset) }
            let size = (Int(words) + 1) * 4
            guard var packet = remaining.readSlice(length: size) else {
                throw .lengthBeyondBuffer(offset: offset, declared: size, available: remaining.readableBytes)
            }
            if first & 0x20 != 0 {
                let bodyLength = size - RTCPWire.headerSize
                let padding = packet.getInteger(at: packet.writerIndex - 1, as: UInt8.self) ?? 0
                guard padding > 0, Int(padding) <= bodyLength else {
                    throw .invalidPadding(offset: offset, count: padding, bodyLength: bodyLength)
                }
                packet.moveWriterIndex(to: packet.writerIndex - Int(padding))
            }
            var reader = RTCPPacketReader(packet: packet, offset: offset)
            packets.append(try reader.readPacket())
        }
        return packets
    }
}

/// Reads the fields of one packet (header included, padding removed), turning every short read into
/// ``RTCPError/truncatedPacket(packetType:offset:needed:available:)`` with its datagram offset.
private struct RTCPPacketReader {
    private var bytes: ByteBuffer
    private let offset: Int
    private var packetType: UInt8 = 0

    init(packet: ByteBuffer, offset: Int) {
        self.bytes = packet
        self.offset = offset
    }

    /// Bytes read so far, counted from the start of the packet, which sits on a 32-bit boundary.
    private var position: Int { bytes.readerIndex }

    mutating func readPacket() throws(RTCPError) -> RTCPPacket {
        let first = try readUInt8()
        packetType = try readUInt8()
        _ = try readUInt16()
        let count = Int(first & 0x1F)
        switch packetType {
        case SenderReport.packetType:
            return .senderReport(try readSenderReport(count: count))
        case ReceiverReport.packetType:
            return .receiverReport(ReceiverReport(ssrc: try readUInt32(), reportBlocks: try readReportBlocks(count)))
        case SourceDescription.packetType:
            return .sourceDescription(try readSourceDescription(count: count))
        case Goodbye.packetType:
            return .goodbye(try readGoodbye(count: count))
        default:
            return .other(type: packetType, count: UInt8(count), payload: bytes.slice())
        }
    }

    private mutating func readSenderReport(count: Int) throws(RTCPError) -> SenderReport {
        SenderReport(
            ssrc: try readUInt32(),
            ntpTimestamp: NTPTimestamp(seconds: try readUInt32(), fraction: try readUInt32()),
            rtpTimestamp: try readUInt32(),
            packetCount: try readUInt32(),
            octetCount: try readUInt32(),
            reportBlocks: try readReportBlocks(count)
        )
    }

    private mutating func readReportBlocks(_ count: Int) throws(RTCPError) -> [ReportBlock] {
        try require(count * ReportBlock.wireSize)
        var blocks: [ReportBlock] = []
        blocks.reserveCapacity(count)
        for _ in 0..<count {
            let ssrc = try readUInt32()
            let loss = try readUInt32()
            // Sign-extend the 24-bit cumulative loss: shift it to the top, then arithmetic-shift back.
            let cumulativeLost = Int32(bitPattern: loss << 8) >> 8
            blocks.append(
                ReportBlock(
                    ssrc: ssrc,
                    fractionLost: UInt8(truncatingIfNeeded: loss >> 24),
                    cumulativeLost: cumulativeLost,
                    extendedHighestSequenceNumber: try readUInt32(),
                    jitter: try readUInt32(),
                    lastSenderReport: try readUInt32(),
                    delaySinceLastSenderReport: try readUInt32()
                )
            )
        }
        return blocks
    }

    private mutating func readSourceDescription(count: Int) throws(RTCPError) -> SourceDescription {
        var chunks: [SourceDescription.Chunk] = []
        for _ in 0..<count {
            let ssrc = try readUInt32()
            var items: [SourceDescription.Item] = []
            while true {
                let type = try readUInt8()
                if type == 0 { break }
                let length = try readUInt8()
                let text = try readText(length: Int(length))
                items.append(SourceDescription.Item(type: type, text: text))
            }
            // The null octet is followed by nulls up to the next 32-bit boundary; a body shortened by the
            // padding bit may end before that boundary, which is harmless.
            let padding = (4 - position % 4) % 4
            bytes.moveReaderIndex(forwardBy: min(padding, bytes.readableBytes))
            chunks.append(SourceDescription.Chunk(ssrc: ssrc, items: items))
        }
        return SourceDescription(chunks: chunks)
    }

    private mutating func readGoodbye(count: Int) throws(RTCPError) -> Goodbye {
        try require(count * 4)
        var ssrcs: [UInt32] = []
        ssrcs.reserveCapacity(count)
        for _ in 0..<count {
            ssrcs.append(try readUInt32())
        }
        guard bytes.readableBytes > 0 else { return Goodbye(ssrcs: ssrcs) }
        let length = try readUInt8()
        return Goodbye(ssrcs: ssrcs, reason: try readText(length: Int(length)))
    }

    private mutating func readText(length: Int) throws(RTCPError) -> String {
        try require(length)
        let text = String(decoding: bytes.readableBytesView.prefix(length), as: UTF8.self)
        bytes.moveReaderIndex(forwardBy: length)
        return text
    }

    private mutating func readUInt8() throws(RTCPError) -> UInt8 {
        try require(1)
        return bytes.readInteger(as: UInt8.self) ?? 0
    }

    private mutating func readUInt16() throws(RTCPError) -> UInt16 {
        try require(2)
        return bytes.readInteger(as: UInt16.self) ?? 0
    }

    private mutating func readUInt32() throws(RTCPError) -> UInt32 {
        try require(4)
        return bytes.readInteger(as: UInt32.self) ?? 0
    }

    private func require(_ needed: Int) throws(RTCPError) {
        guard bytes.readableBytes >= needed else {
            throw .truncatedPacket(
                packetType: packetType,
                offset: offset + position,
                needed: needed,
                available: bytes.readableBytes
            )
        }
    }
}
