import H264
import NIOCore

/// Reassembles H.264 access units from RTP packets, for tests and clients.
///
/// Loss policy: a gap in sequence numbers may have removed the tail of the access unit being assembled
/// or the head of the next one, and a decoder fed a partial picture shows garbage. So after a gap every
/// packet up to the next access-unit boundary (a marker bit, or a timestamp change) is dropped, together
/// with the unfinished access unit before the gap. A malformed packet drops its access unit the same way.
///
/// Specification: RFC 6184 §5.6 (single NAL unit), §5.7.1 (STAP-A), §5.8 (FU-A)
public struct H264Depacketizer: Sendable {
    /// NAL units of the access unit being assembled.
    private var nalUnits: [ByteBuffer] = []
    /// Timestamp of the access unit being assembled; nil between access units.
    private var timestamp: UInt32?
    /// The fragmented NAL unit being reassembled from FU-A packets.
    private var fragment: ByteBuffer?
    /// True while the rest of a broken access unit is being dropped.
    private var isDiscarding = false
    private var expectedSequenceNumber: UInt16?
    /// Complete access units not yet returned: one packet can complete two (a timestamp change ends the
    /// previous one, its marker ends its own), and `push` returns one at a time.
    private var completed: [[ByteBuffer]] = []
    private let allocator = ByteBufferAllocator()

    public init() {}

    /// Feed packets in order. Returns the NAL units of a complete access unit when a packet with the
    /// marker bit (or a timestamp change) completes it, else nil.
    ///
    /// Throws on malformed FU-A or STAP-A payloads (an FU-A without start, a truncated STAP-A, …) and
    /// drops that access unit; the depacketizer stays usable. If a timestamp change completed an access
    /// unit just before the malformed packet, the next call returns it.
    public mutating func push(_ packet: RTPPacket) throws(RTPError) -> [ByteBuffer]? {
        let header = packet.header
        begin(header)
        if !isDiscarding {
            do {
                try append(packet.payload, sequenceNumber: header.sequenceNumber)
            } catch {
                dropAccessUnit()
                if header.marker {
                    endAccessUnit()
                }
                throw error
            }
        }
        if header.marker {
            let unterminated = fragment != nil && !isDiscarding
            complete()
            if unterminated {
                throw .unterminatedFragment(sequenceNumber: header.sequenceNumber)
            }
        }
        return completed.isEmpty ? nil : completed.removeFirst()
    }

    /// Bookkeeping before a packet's payload: a timestamp change ends the previous access unit, and a
    /// sequence gap breaks the current one.
    private mutating func begin(_ header: RTPHeader) {
        let hasGap = expectedSequenceNumber.map { $0 != header.sequenceNumber } ?? false
        expectedSequenceNumber = header.sequenceNumber &+ 1
        if let timestamp, timestamp != header.timestamp {
            if hasGap {
                dropAccessUnit()
            }
            complete()
        }
        timestamp = header.timestamp
        if hasGap {
            dropAccessUnit()
        }
    }

    private mutating func append(_ payload: ByteBuffer, sequenceNumber: UInt16) throws(RTPError) {
        guard let nalHeader = payload.getInteger(at: payload.readerIndex, as: UInt8.self) else {
            throw .emptyPayload(sequenceNumber: sequenceNumber)
        }
        let type = nalHeader & 0x1F
        if type != NALUnitType.fuA.rawValue, fragment != nil {
            throw .unterminatedFragment(sequenceNumber: sequenceNumber)
        }
        switch type {
        case 1...23:
            nalUnits.append(payload)
        case NALUnitType.stapA.rawValue:
            nalUnits += try Self.aggregatedNALUnits(in: payload, sequenceNumber: sequenceNumber)
        case NALUnitType.fuA.rawValue:
            try appendFragment(payload, sequenceNumber: sequenceNumber)
        default:
            throw .unsupportedNALUnitType(type, sequenceNumber: sequenceNumber)
        }
    }

    /// Splits a STAP-A payload: after the STAP-A header, repeated 16-bit size + NAL unit (§5.7.1).
    private static func aggregatedNALUnits(
        in payload: ByteBuffer,
        sequenceNumber: UInt16
    ) throws(RTPError) -> [ByteBuffer] {
        var rest = payload
        rest.moveReaderIndex(forwardBy: 1)
        var units: [ByteBuffer] = []
        repeat {
            let offset = payload.readableBytes - rest.readableBytes
            guard let size = rest.readInteger(as: UInt16.self), size > 0,
                let unit = rest.readSlice(length: Int(size))
            else {
                throw .truncatedAggregationPacket(offset: offset, sequenceNumber: sequenceNumber)
            }
            units.append(unit)
        } while rest.readableBytes > 0
        return units
    }

    /// Adds one FU-A (§5.8): the start rebuilds the NAL header from F|NRI of the FU indicator and the
    /// type of the FU header; the end hands the reassembled NAL unit to the access unit.
    private mutating func appendFragment(_ payload: ByteBuffer, sequenceNumber: UInt16) throws(RTPError) {
        var data = payload
        guard let (indicator, fuHeader) = data.readMultipleIntegers(as: (UInt8, UInt8).self) else {
            throw .truncatedFragmentUnit(sequenceNumber: sequenceNumber)
        }
        let isStart = fuHeader & 0x80 != 0
        let isEnd = fuHeader & 0x40 != 0
        if isStart && isEnd {
            throw .invalidFragmentHeader(fuHeader, sequenceNumber: sequenceNumber)
        }
        if isStart {
            guard fragment == nil else {
                throw .unterminatedFragment(sequenceNumber: sequenceNumber)
            }
            var nalUnit = allocator.buffer(capacity: 1 + data.readableBytes * 4)
            nalUnit.writeInteger(indicator & 0xE0 | fuHeader & 0x1F)
            nalUnit.writeImmutableBuffer(data)
            fragment = nalUnit
        } else {
            guard fragment != nil else {
                throw .fragmentWithoutStart(sequenceNumber: sequenceNumber)
            }
            fragment?.writeImmutableBuffer(data)
        }
        if isEnd, let nalUnit = fragment {
            nalUnits.append(nalUnit)
            fragment = nil
        }
    }

    /// Ends the current access unit, queueing it unless it is broken or empty.
    private mutating func complete() {
        if !isDiscarding, fragment == nil, !nalUnits.isEmpty {
            completed.append(nalUnits)
        }
        endAccessUnit()
    }

    /// Throws away what was assembled and drops packets until the next access-unit boundary.
    private mutating func dropAccessUnit() {
        nalUnits = []
        fragment = nil
        isDiscarding = true
    }

    private mutating func endAccessUnit() {
        nalUnits = []
        fragment = nil
        isDiscarding = false
        timestamp = nil
    }
}
