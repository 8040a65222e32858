import NIOCore

/// SPS and PPS of a stream; what SDP's `profile-level-id` and `sprop-parameter-sets` are made of.
///
/// A viewer needs both before it can decode the first IDR picture; announcing them in SDP lets it start
/// even when it joins between in-band parameter sets.
///
/// Specification: RFC 6184 §8.1
public struct ParameterSets: Sendable, Hashable {
    /// The SPS NAL unit, including its 1-byte header, without a start code.
    public var sps: [UInt8]
    /// The PPS NAL unit, including its 1-byte header, without a start code.
    public var pps: [UInt8]

    public init(sps: [UInt8], pps: [UInt8]) {
        self.sps = sps
        self.pps = pps
    }

    /// Finds the first SPS and PPS among NAL units (e.g. x264's header output), nil when either is missing.
    public init?(nalUnits: [ByteBuffer]) {
        var sps: [UInt8]?
        var pps: [UInt8]?
        for nalUnit in nalUnits {
            guard let byte = nalUnit.getInteger(at: nalUnit.readerIndex, as: UInt8.self) else { continue }
            switch NALUnitHeader(byte: byte).type {
            case .sps where sps == nil: sps = Array(nalUnit.readableBytesView)
            case .pps where pps == nil: pps = Array(nalUnit.readableBytesView)
            default: break
            }
        }
        guard let sps, let pps else { return nil }
        self.init(sps: sps, pps: pps)
    }

    /// `profile_idc`, constraint flags and `level_idc` (SPS bytes 1...3) as 6 uppercase hex digits,
    /// e.g. "42C01F"; nil when the SPS is too short to hold them.
    ///
    /// Specification: RFC 6184 §8.1 (`profile-level-id`)
    public var profileLevelID: String? {
        guard sps.count >= 4 else { return nil }
        let digits = Array("0123456789ABCDEF".utf8)
        var hex: [UInt8] = []
        for byte in sps[1...3] {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// base64(SPS) + "," + base64(PPS), standard alphabet with "=" padding.
    ///
    /// Specification: RFC 6184 §8.1 (`sprop-parameter-sets`)
    public var spropParameterSets: String {
        Base64.encode(sps) + "," + Base64.encode(pps)
    }
}
