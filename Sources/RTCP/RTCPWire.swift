/// Limits of the RTCP common header shared by the writer and the parser: a 2-bit version, a 5-bit count, and a
/// 16-bit length in 32-bit words minus one.
///
/// Specification: RFC 3550 §6.4.1
enum RTCPWire {
    static let version: UInt8 = 2
    static let headerSize = 4
    static let maximumCount = 31
    /// 65 536 words × 4 bytes = 262 144 bytes per packet, of which 4 are the header.
    static let maximumBodySize = 65_536 * 4 - headerSize
    /// Item and reason text carry an 8-bit length.
    static let maximumTextSize = 255
}
