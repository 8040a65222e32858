/// The one-byte header that starts every NAL unit: `forbidden_zero_bit`, `nal_ref_idc`, `nal_unit_type`.
///
/// RTP packetization copies F and NRI into FU indicators and STAP-A headers (RFC 6184 §5.3), so they are
/// exposed as fields rather than left inside a raw byte.
///
/// Specification: ITU-T H.264 §7.3.1; RFC 6184 §5.3
public struct NALUnitHeader: Hashable, Sendable {
    /// Must be 0 in a valid stream; RFC 6184 lets a network element set it to flag a damaged NAL unit.
    public var forbiddenZeroBit: Bool
    /// 2 bits; 0 means no other picture references this NAL unit, so it may be dropped under load.
    public var nalRefIDC: UInt8
    public var type: NALUnitType

    /// Splits a header byte into its three fields; every byte value is a valid header.
    public init(byte: UInt8) {
        forbiddenZeroBit = byte & 0x80 != 0
        nalRefIDC = (byte >> 5) & 0x03
        type = NALUnitType(rawValue: byte & 0x1F)
    }

    /// The header byte; out-of-range `nalRefIDC` and `type` values are masked to their 2 and 5 bits.
    public var byte: UInt8 {
        (forbiddenZeroBit ? 0x80 : 0) | (nalRefIDC & 0x03) << 5 | (type.rawValue & 0x1F)
    }
}
