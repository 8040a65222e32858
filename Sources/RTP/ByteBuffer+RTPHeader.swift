import NIOCore

extension ByteBuffer {
    /// Writes `header` as RFC 3550 §5.1 lays it out: version 2, then CSRCs, then (when `hasExtension`)
    /// an empty extension so that parsing what was written gives the same header back.
    ///
    /// The padding bit is written as given; appending the padding itself is the caller's job.
    /// `payloadType` is masked to 7 bits. More than 15 CSRCs is a programming error and traps.
    ///
    /// - Returns: the number of bytes written.
    @discardableResult
    public mutating func writeRTPHeader(_ header: RTPHeader) -> Int {
        precondition(header.csrcs.count <= 15, "RTP header holds at most 15 CSRCs, got \(header.csrcs.count)")
        let first: UInt8 =
            0x80 | (header.padding ? 0x20 : 0) | (header.hasExtension ? 0x10 : 0) | UInt8(header.csrcs.count)
        let second: UInt8 = (header.marker ? 0x80 : 0) | (header.payloadType & 0x7F)
        var written = writeMultipleIntegers(first, second, header.sequenceNumber, header.timestamp, header.ssrc)
        for csrc in header.csrcs {
            written += writeInteger(csrc)
        }
        if header.hasExtension {
            // defined-by-profile 0, length 0 words (RFC 3550 §5.3.1).
            written += writeMultipleIntegers(UInt16(0), UInt16(0))
        }
        return written
    }
}
