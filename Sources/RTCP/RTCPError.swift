/// Why an RTCP datagram was rejected, and where: every `offset` counts bytes from the start of the datagram.
///
/// RTCP arrives from the network, so nothing about it is trusted; each check that RFC 3550 §A.2 suggests and
/// each read past the end becomes one of these instead of a trap.
///
/// Specification: RFC 3550 §6.4, §A.2
public enum RTCPError: Error, Hashable, Sendable {
    /// The datagram holds no bytes.
    case emptyDatagram
    /// Fewer than the 4 bytes of a common header remain at `offset`.
    case truncatedHeader(offset: Int, available: Int)
    /// The version field of the packet at `offset` is not 2.
    case unsupportedVersion(UInt8, offset: Int)
    /// The header at `offset` declares a packet of `declared` bytes, but only `available` remain.
    case lengthBeyondBuffer(offset: Int, declared: Int, available: Int)
    /// The packet at `offset` has the padding bit set, but its last octet (`count`) is zero or larger than the
    /// `bodyLength` bytes after the header.
    case invalidPadding(offset: Int, count: UInt8, bodyLength: Int)
    /// A field of a packet of type `packetType` needs `needed` bytes at `offset`, but the packet has only
    /// `available` left: the report count, an item length, or a missing chunk terminator points past its end.
    case truncatedPacket(packetType: UInt8, offset: Int, needed: Int, available: Int)
}

extension RTCPError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .emptyDatagram:
            "empty RTCP datagram"
        case .truncatedHeader(let offset, let available):
            "truncated RTCP header at offset \(offset): 4 bytes needed, \(available) available"
        case .unsupportedVersion(let version, let offset):
            "unsupported RTCP version \(version) at offset \(offset), expected 2"
        case .lengthBeyondBuffer(let offset, let declared, let available):
            "RTCP packet at offset \(offset) declares \(declared) bytes, \(available) available"
        case .invalidPadding(let offset, let count, let bodyLength):
            "RTCP packet at offset \(offset) has padding count \(count) for a \(bodyLength)-byte body"
        case .truncatedPacket(let packetType, let offset, let needed, let available):
            "RTCP packet type \(packetType) truncated at offset \(offset): \(needed) bytes needed, \(available) left"
        }
    }
}
