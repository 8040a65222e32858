import NIOCore

/// An RTP packet split into its header and the payload that follows CSRCs, extension and before padding.
///
/// Specification: RFC 3550 §5.1, §5.3.1 (header extension)
public struct RTPPacket: Hashable, Sendable {
    public var header: RTPHeader
    /// The payload without padding; a slice of the parsed buffer, not a copy.
    public var payload: ByteBuffer

    public init(header: RTPHeader, payload: ByteBuffer) {
        self.header = header
        self.payload = payload
    }

    /// Parses one packet (a whole UDP datagram or interleaved frame). Version 2 only; CSRCs are kept,
    /// an extension is skipped (`hasExtension` records it), padding is removed.
    /// Throws `RTPError` naming the problem and its byte.
    public init(parsing packet: ByteBuffer) throws(RTPError) {
        var buffer = packet
        let length = packet.readableBytes
        guard let fixed = buffer.readMultipleIntegers(as: (UInt8, UInt8, UInt16, UInt32, UInt32).self) else {
            throw .truncatedHeader(length: length)
        }
        let version = fixed.0 >> 6
        guard version == 2 else {
            throw .unsupportedVersion(version)
        }
        var header = RTPHeader(
            marker: fixed.1 & 0x80 != 0,
            payloadType: fixed.1 & 0x7F,
            sequenceNumber: fixed.2,
            timestamp: fixed.3,
            ssrc: fixed.4
        )
        header.padding = fixed.0 & 0x20 != 0
        header.hasExtension = fixed.0 & 0x10 != 0

        let csrcCount = Int(fixed.0 & 0x0F)
        for _ in 0..<csrcCount {
            guard let csrc = buffer.readInteger(as: UInt32.self) else {
                throw .truncatedCSRCList(count: csrcCount, length: length)
            }
            header.csrcs.append(csrc)
        }

        if header.hasExtension {
            let offset = length - buffer.readableBytes
            guard let words = buffer.readMultipleIntegers(as: (UInt16, UInt16).self)?.1,
                buffer.readSlice(length: Int(words) * 4) != nil
            else {
                throw .truncatedExtension(offset: offset, length: length)
            }
        }

        var payloadLength = buffer.readableBytes
        if header.padding {
            let offset = length - 1
            let count = packet.getInteger(at: packet.writerIndex - 1, as: UInt8.self) ?? 0
            guard count > 0, Int(count) <= payloadLength else {
                throw .invalidPadding(count: count, offset: offset)
            }
            payloadLength -= Int(count)
        }
        // Cannot fail: payloadLength never exceeds the readable bytes.
        guard let payload = buffer.readSlice(length: payloadLength) else {
            throw .truncatedHeader(length: length)
        }
        self.init(header: header, payload: payload)
    }
}
