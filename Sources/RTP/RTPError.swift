/// Why an RTP packet, or the H.264 payload inside it, was rejected, with the byte or packet at fault.
///
/// Packets come from the network, so a bad one must be reportable and survivable, never a crash.
/// Offsets count from the first byte of the RTP packet, or of the RTP payload where the case says so.
public enum RTPError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The packet has `length` bytes, fewer than the 12-byte fixed header.
    case truncatedHeader(length: Int)
    /// Byte 0 announces RTP version `version`; only version 2 (RFC 3550) exists.
    case unsupportedVersion(UInt8)
    /// Byte 0 announces `count` CSRCs, but the packet of `length` bytes ends inside the list.
    case truncatedCSRCList(count: Int, length: Int)
    /// The header extension starting at byte `offset` runs past the end of the `length`-byte packet.
    case truncatedExtension(offset: Int, length: Int)
    /// The padding count `count` in the last byte (at `offset`) is zero or longer than the payload.
    case invalidPadding(count: UInt8, offset: Int)
    /// An H.264 packet with no payload byte at all: there is not even a NAL unit header.
    case emptyPayload(sequenceNumber: UInt16)
    /// Payload byte 0 has a NAL unit type that packetization-mode 1 does not carry
    /// (0, STAP-B, MTAP16, MTAP24, FU-B, 30, 31).
    case unsupportedNALUnitType(UInt8, sequenceNumber: UInt16)
    /// A STAP-A size field or NAL unit at payload byte `offset` runs past the payload, or is empty.
    case truncatedAggregationPacket(offset: Int, sequenceNumber: UInt16)
    /// An FU-A payload shorter than its FU indicator and FU header.
    case truncatedFragmentUnit(sequenceNumber: UInt16)
    /// An FU header (payload byte 1) with both the Start and End bits set, which RFC 6184 §5.8 forbids.
    case invalidFragmentHeader(UInt8, sequenceNumber: UInt16)
    /// An FU-A continuation or end arrived with no fragmented NAL unit started.
    case fragmentWithoutStart(sequenceNumber: UInt16)
    /// A fragmented NAL unit was interrupted before its End bit: by another NAL unit, a new start,
    /// or the access unit's marker.
    case unterminatedFragment(sequenceNumber: UInt16)

    public var description: String {
        switch self {
        case .truncatedHeader(let length):
            "RTP packet of \(length) bytes is shorter than the 12-byte fixed header"
        case .unsupportedVersion(let version):
            "RTP version \(version) in byte 0, expected 2"
        case .truncatedCSRCList(let count, let length):
            "RTP packet of \(length) bytes ends inside its \(count) CSRCs starting at byte 12"
        case .truncatedExtension(let offset, let length):
            "RTP header extension at byte \(offset) runs past the end of the \(length)-byte packet"
        case .invalidPadding(let count, let offset):
            "RTP padding count \(count) at byte \(offset) is zero or longer than the payload"
        case .emptyPayload(let sequenceNumber):
            "H.264 RTP packet \(sequenceNumber) has an empty payload"
        case .unsupportedNALUnitType(let type, let sequenceNumber):
            "H.264 RTP packet \(sequenceNumber) has NAL unit type \(type) in payload byte 0,"
                + " unsupported in packetization-mode 1"
        case .truncatedAggregationPacket(let offset, let sequenceNumber):
            "STAP-A packet \(sequenceNumber) has a truncated or empty NAL unit at payload byte \(offset)"
        case .truncatedFragmentUnit(let sequenceNumber):
            "FU-A packet \(sequenceNumber) is shorter than its 2-byte FU indicator and header"
        case .invalidFragmentHeader(let header, let sequenceNumber):
            "FU-A packet \(sequenceNumber) has Start and End bits both set in FU header \(header) at payload byte 1"
        case .fragmentWithoutStart(let sequenceNumber):
            "FU-A packet \(sequenceNumber) continues a fragmented NAL unit that never started"
        case .unterminatedFragment(let sequenceNumber):
            "packet \(sequenceNumber) interrupts a fragmented NAL unit before its End bit"
        }
    }
}
