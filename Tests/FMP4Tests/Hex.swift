import NIOCore

/// Bytes from hex text; white space and line breaks are ignored so vectors can be laid out box by box.
func hex(_ text: String) -> [UInt8] {
    let digits = text.unicodeScalars.compactMap { Int(String($0), radix: 16) }
    precondition(digits.count.isMultiple(of: 2), "odd number of hex digits")
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(digits[$0] << 4 | digits[$0 + 1]) }
}

/// Parameter sets of a real x264 stream (64x48 baseline, from RTPTests' FFmpegInteropTests capture) and of a
/// 640x360 high-profile one (H264Tests' X264Vectors.high360p).
enum Vectors {
    static let baselineSPS = hex("6742c00ad9047b011000000300100000030320f1226480")
    static let baselinePPS = hex("68cb83cb20")
    static let highSPS = hex("6764001eacd940a02ff97011000003000100000300 3c0f162d96")
    static let highPPS = hex("68ebe3cb22c0")
}

extension ByteBuffer {
    var bytes: [UInt8] { Array(readableBytesView) }
}
