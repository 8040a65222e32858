import NIOCore

extension ByteBuffer {
    /// Appends `packet` in wire format and returns the number of bytes written.
    ///
    /// Writing never fails: every header is exact (V=2, P=0, count, PT, length in 32-bit words minus one), and
    /// values the wire cannot hold are made to fit the way RFC 3550 allows — more than 31 report blocks, chunks
    /// or sources continue in further packets of the same kind (report blocks in RRs, §6.4), text is cut to 255
    /// bytes, and cumulative loss is clamped to 24 bits. So one call may append more than one packet; append
    /// several packets to one buffer to build a compound datagram.
    ///
    /// Specification: RFC 3550 §6.4.1, §6.4.2, §6.5, §6.6
    @discardableResult
    public mutating func writeRTCPPacket(_ packet: RTCPPacket) -> Int {
        switch packet {
        case .senderReport(let report):
            return writeSenderReport(report)
        case .receiverReport(let report):
            return writeReceiverReports(ssrc: report.ssrc, blocks: report.reportBlocks[...])
        case .sourceDescription(let description):
            return writeSourceDescription(description)
        case .goodbye(let goodbye):
            return writeGoodbye(goodbye)
        case .other(let type, let count, let payload):
            return writeOtherPacket(type: type, count: count, payload: payload)
        }
    }
}

extension ByteBuffer {
    /// Writes the first 4 bytes with a zero length and returns where the packet starts; `finishRTCPPacket`
    /// fills the length in once the body (already a whole number of words) is written.
    fileprivate mutating func startRTCPPacket(count: Int, packetType: UInt8) -> Int {
        let start = writerIndex
        writeInteger((RTCPWire.version << 6) | (UInt8(truncatingIfNeeded: count) & 0x1F))
        writeInteger(packetType)
        writeInteger(UInt16(0))
        return start
    }

    fileprivate mutating func finishRTCPPacket(startingAt start: Int) -> Int {
        let size = writerIndex - start
        setInteger(UInt16(truncatingIfNeeded: size / 4 - 1), at: start + 2)
        return size
    }

    fileprivate mutating func writeReportBlock(_ block: ReportBlock) {
        let range = ReportBlock.cumulativeLostRange
        let lost = Swift.min(Swift.max(block.cumulativeLost, range.lowerBound), range.upperBound)
        writeInteger(block.ssrc)
        // fraction lost in the top byte, the 24-bit two's-complement loss below it.
        writeInteger((UInt32(block.fractionLost) << 24) | (UInt32(bitPattern: lost) & 0x00FF_FFFF))
        writeInteger(block.extendedHighestSequenceNumber)
        writeInteger(block.jitter)
        writeInteger(block.lastSenderReport)
        writeInteger(block.delaySinceLastSenderReport)
    }

    fileprivate mutating func writeSenderReport(_ report: SenderReport) -> Int {
        let blocks = report.reportBlocks.prefix(RTCPWire.maximumCount)
        let start = startRTCPPacket(count: blocks.count, packetType: SenderReport.packetType)
        writeInteger(report.ssrc)
        writeInteger(report.ntpTimestamp.seconds)
        writeInteger(report.ntpTimestamp.fraction)
        writeInteger(report.rtpTimestamp)
        writeInteger(report.packetCount)
        writeInteger(report.octetCount)
        for block in blocks {
            writeReportBlock(block)
        }
        var written = finishRTCPPacket(startingAt: start)
        let rest = report.reportBlocks.dropFirst(RTCPWire.maximumCount)
        if !rest.isEmpty {
            written += writeReceiverReports(ssrc: report.ssrc, blocks: rest)
        }
        return written
    }

    fileprivate mutating func writeReceiverReports(ssrc: UInt32, blocks: ArraySlice<ReportBlock>) -> Int {
        var written = 0
        var remaining = blocks
        repeat {
            let batch = remaining.prefix(RTCPWire.maximumCount)
            remaining = remaining.dropFirst(batch.count)
            let start = startRTCPPacket(count: batch.count, packetType: ReceiverReport.packetType)
            writeInteger(ssrc)
            for block in batch {
                writeReportBlock(block)
            }
            written += finishRTCPPacket(startingAt: start)
        } while !remaining.isEmpty
        return written
    }

    fileprivate mutating func writeSourceDescription(_ description: SourceDescription) -> Int {
        let chunks = description.chunks.map(Self.encodeChunk)
        var written = 0
        var index = 0
        repeat {
            // Greedy packing: up to 31 chunks, as long as the 16-bit length can still describe the packet.
            // encodeChunk keeps every chunk within one body, so each packet takes at least one.
            var batchEnd = index
            var bodySize = 0
            while batchEnd < chunks.count, batchEnd - index < RTCPWire.maximumCount,
                batchEnd == index || bodySize + chunks[batchEnd].count <= RTCPWire.maximumBodySize
            {
                bodySize += chunks[batchEnd].count
                batchEnd += 1
            }
            let start = startRTCPPacket(count: batchEnd - index, packetType: SourceDescription.packetType)
            for chunk in chunks[index..<batchEnd] {
                writeBytes(chunk)
            }
            written += finishRTCPPacket(startingAt: start)
            index = batchEnd
        } while index < chunks.count
        return written
    }

    /// One chunk: SSRC, items, a null octet, zero padding to 32 bits. Items that would push the chunk past the
    /// largest packet body (over 1 000 items of 255 bytes — more than any datagram holds) are left out.
    private static func encodeChunk(_ chunk: SourceDescription.Chunk) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8)
        appendBigEndian(chunk.ssrc, to: &bytes)
        for item in chunk.items where item.type != 0 {
            let text = truncatedUTF8(item.text)
            let terminatedSize = bytes.count + 2 + text.count + 1
            guard (terminatedSize + 3) & ~3 <= RTCPWire.maximumBodySize else { break }
            bytes.append(item.type)
            bytes.append(UInt8(truncatingIfNeeded: text.count))
            bytes.append(contentsOf: text)
        }
        // At least one null octet, then nulls to the boundary: 1…4 zero bytes in all.
        let terminator = 4 - bytes.count % 4
        bytes.append(contentsOf: repeatElement(0, count: terminator))
        return bytes
    }

    fileprivate mutating func writeGoodbye(_ goodbye: Goodbye) -> Int {
        var written = 0
        var remaining = goodbye.ssrcs[...]
        repeat {
            let batch = remaining.prefix(RTCPWire.maximumCount)
            remaining = remaining.dropFirst(batch.count)
            let start = startRTCPPacket(count: batch.count, packetType: Goodbye.packetType)
            for ssrc in batch {
                writeInteger(ssrc)
            }
            if remaining.isEmpty, let reason = goodbye.reason {
                let text = Self.truncatedUTF8(reason)
                writeInteger(UInt8(truncatingIfNeeded: text.count))
                writeBytes(text)
                let padding = (4 - (1 + text.count) % 4) % 4
                writeRepeatingByte(0, count: padding)
            }
            written += finishRTCPPacket(startingAt: start)
        } while !remaining.isEmpty
        return written
    }

    fileprivate mutating func writeOtherPacket(type: UInt8, count: UInt8, payload: ByteBuffer) -> Int {
        let size = Swift.min(payload.readableBytes, RTCPWire.maximumBodySize)
        let start = startRTCPPacket(count: Int(count), packetType: type)
        writeBytes(payload.readableBytesView.prefix(size))
        // A payload that is not whole 32-bit words is padded the RFC 3550 §6.4.1 way (P bit, count in the last
        // octet), so a reader gets back exactly the payload written, not one with zeros appended.
        let padding = (4 - size % 4) % 4
        if padding > 0 {
            writeRepeatingByte(0, count: padding - 1)
            writeInteger(UInt8(padding))
            setInteger(getInteger(at: start, as: UInt8.self)! | 0x20, at: start)
        }
        return finishRTCPPacket(startingAt: start)
    }

    /// The UTF-8 bytes of `text`, cut at the last whole Unicode scalar within 255 bytes.
    private static func truncatedUTF8(_ text: String) -> [UInt8] {
        let utf8 = text.utf8
        guard utf8.count > RTCPWire.maximumTextSize else { return Array(utf8) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(RTCPWire.maximumTextSize)
        for scalar in text.unicodeScalars {
            guard bytes.count + scalar.utf8.count <= RTCPWire.maximumTextSize else { break }
            bytes.append(contentsOf: scalar.utf8)
        }
        return bytes
    }

    private static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }
}
