import H264
import NIOCore

/// One access unit as an MP4 sample: each NAL unit behind its 4-byte length (the `avcC`'s
/// lengthSizeMinusOne = 3), without the parameter sets and delimiters that the sample entry and the box
/// structure already carry.
///
/// Specification: ISO/IEC 14496-15 §5.3.2 (sample format), §5.4.2.1 (`avc1`: parameter sets in the sample entry)
public struct FMP4Sample: Sendable {
    /// The sample's bytes, what `mdat` holds.
    public var data: ByteBuffer
    /// True when decoding can start here: an IDR picture.
    public var isSync: Bool

    /// Nil when nothing decodable is left (an access unit of parameter sets alone) or the sample would not
    /// fit the 32-bit sizes of `trun`.
    public init?(nalUnits: [ByteBuffer], allocator: ByteBufferAllocator = ByteBufferAllocator()) {
        var kept: [ByteBuffer] = []
        var total = 0
        var isSync = false
        for nalUnit in nalUnits {
            guard let byte = nalUnit.getInteger(at: nalUnit.readerIndex, as: UInt8.self) else { continue }
            switch NALUnitHeader(byte: byte).type {
            case .sps, .pps, .accessUnitDelimiter:
                continue
            case .idrSlice:
                isSync = true
            default:
                break
            }
            kept.append(nalUnit)
            let (sum, overflow) = total.addingReportingOverflow(4 + nalUnit.readableBytes)
            guard !overflow else { return nil }
            total = sum
        }
        guard !kept.isEmpty, total <= Int(UInt32.max) - 8 else { return nil }
        var data = allocator.buffer(capacity: total)
        for nalUnit in kept {
            data.writeInteger(UInt32(nalUnit.readableBytes))
            data.writeImmutableBuffer(nalUnit)
        }
        self.data = data
        self.isSync = isSync
    }
}
