import NIOCore

/// The Annex-B byte-stream format: NAL units separated by `00 00 01` or `00 00 00 01` start codes.
///
/// Encoders (x264) and cameras emit this format, while RTP (RFC 6184 §5.6–5.8) carries bare NAL units,
/// so every frame crosses this split on its way out.
///
/// Specification: ITU-T H.264 Annex B
public enum AnnexB {
    /// Splits an Annex-B byte stream (3- or 4-byte start codes) into NAL units without start codes,
    /// returned as slices of `stream` so frame data is never copied.
    ///
    /// Zero bytes just before a start code (the leading zero of a 4-byte start code, or
    /// `trailing_zero_8bits`) belong to the start code, not to the NAL unit before it; the same holds for
    /// zero bytes at the end of the stream. Empty NAL units are dropped, and data before the first start
    /// code is ignored because it cannot be told apart from the tail of an earlier, unseen NAL unit.
    public static func nalUnits(in stream: ByteBuffer) -> [ByteBuffer] {
        let ranges = stream.withUnsafeReadableBytes { nalUnitRanges(in: $0) }
        return ranges.compactMap { range in
            stream.getSlice(at: stream.readerIndex + range.lowerBound, length: range.count)
        }
    }

    /// Offsets of the NAL units in `bytes`, found with the usual skip-by-three scan: when the third byte of
    /// a window is above 1, no start code can begin anywhere in that window.
    static func nalUnitRanges(in bytes: UnsafeRawBufferPointer) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var nalStart: Int?
        var index = 0
        while index + 2 < bytes.count {
            let third = bytes[index + 2]
            if third > 1 {
                index += 3
            } else if third == 1, bytes[index] == 0, bytes[index + 1] == 0 {
                if let start = nalStart {
                    appendTrimmed(start..<index, of: bytes, to: &ranges)
                }
                index += 3
                nalStart = index
            } else {
                index += 1
            }
        }
        if let start = nalStart {
            appendTrimmed(start..<bytes.count, of: bytes, to: &ranges)
        }
        return ranges
    }

    private static func appendTrimmed(
        _ range: Range<Int>,
        of bytes: UnsafeRawBufferPointer,
        to ranges: inout [Range<Int>]
    ) {
        var end = range.upperBound
        while end > range.lowerBound, bytes[end - 1] == 0 {
            end -= 1
        }
        if end > range.lowerBound {
            ranges.append(range.lowerBound..<end)
        }
    }
}
