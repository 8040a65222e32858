/// A box type or brand: four ASCII characters read as one big-endian 32-bit number.
///
/// Specification: ISO/IEC 14496-12 §4.2 (`unsigned int(32) type`), §4.3 (brands)
public struct FourCharacterCode: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Only for literals in this module's source: exactly four ASCII characters, or the build's tests fail.
    public init(stringLiteral value: StaticString) {
        precondition(value.utf8CodeUnitCount == 4, "a four-character code has four characters")
        var raw: UInt32 = 0
        value.withUTF8Buffer { bytes in
            for byte in bytes { raw = raw << 8 | UInt32(byte) }
        }
        rawValue = raw
    }

    public var description: String {
        let bytes = [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: rawValue >> $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
