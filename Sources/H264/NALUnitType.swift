/// The 5-bit `nal_unit_type` of a NAL unit header.
///
/// A struct rather than an enum so that types this module does not name (reserved values, SVC/MVC
/// extensions) survive a round trip through a packetizer unchanged instead of being rejected or mapped away.
///
/// Specification: ITU-T H.264 Table 7-1; RFC 6184 §5.2 (types 24–29 used by the RTP payload format)
public struct NALUnitType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    /// Stores `rawValue` as given; only its low 5 bits are meaningful in a NAL unit header.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// Coded slice of a non-IDR picture: needs earlier pictures to decode.
    public static let nonIDRSlice = NALUnitType(rawValue: 1)
    /// Coded slice of an IDR picture: where a decoder (or a joining viewer) can start.
    public static let idrSlice = NALUnitType(rawValue: 5)
    /// Supplemental enhancement information: not needed to decode pixels.
    public static let sei = NALUnitType(rawValue: 6)
    /// Sequence parameter set: frame size, profile, level.
    public static let sps = NALUnitType(rawValue: 7)
    /// Picture parameter set: entropy coding and slice-group settings.
    public static let pps = NALUnitType(rawValue: 8)
    /// Access unit delimiter: marks where a new picture begins in a byte stream.
    public static let accessUnitDelimiter = NALUnitType(rawValue: 9)
    /// Single-time aggregation packet (RFC 6184 §5.7.1): several NAL units in one RTP packet.
    public static let stapA = NALUnitType(rawValue: 24)
    /// Fragmentation unit A (RFC 6184 §5.8): one NAL unit split across RTP packets.
    public static let fuA = NALUnitType(rawValue: 28)

    public var description: String {
        switch self {
        case .nonIDRSlice: "non-IDR slice (1)"
        case .idrSlice: "IDR slice (5)"
        case .sei: "SEI (6)"
        case .sps: "SPS (7)"
        case .pps: "PPS (8)"
        case .accessUnitDelimiter: "AUD (9)"
        case .stapA: "STAP-A (24)"
        case .fuA: "FU-A (28)"
        default: "type \(rawValue)"
        }
    }
}
