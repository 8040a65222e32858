/// A V4L2 pixel format code: four ASCII characters packed little-endian, as `v4l2_fourcc` does.
public struct FourCC: RawRepresentable, Hashable, Sendable, CustomStringConvertible, Comparable {
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// `"NV12"` → the code; shorter names are padded with spaces as the kernel's are (`"Y16 "`).
    public init(_ text: String) throws(V4L2Error) {
        let bytes = Array(text.utf8)
        guard (1...4).contains(bytes.count), bytes.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw .invalidFourCC(text)
        }
        let padded = bytes + Array(repeating: UInt8(ascii: " "), count: 4 - bytes.count)
        rawValue = padded.enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
    }

    /// The four characters, trailing spaces kept off (`YU12`, `Y16`). Big-endian variants
    /// (bit 31 set) get a `-BE` suffix as v4l2-ctl prints them.
    public var description: String {
        let bytes = (0..<4).map { UInt8(truncatingIfNeeded: (rawValue & 0x7FFF_FFFF) >> (8 * $0)) }
        var text = String(decoding: bytes.map { (0x20...0x7E).contains($0) ? $0 : UInt8(ascii: ".") }, as: UTF8.self)
        while text.hasSuffix(" ") { text.removeLast() }
        return rawValue & 0x8000_0000 != 0 ? text + "-BE" : text
    }

    public static func < (lhs: FourCC, rhs: FourCC) -> Bool { lhs.description < rhs.description }

    public static let yuyv = FourCC(known: "YUYV")
    public static let uyvy = FourCC(known: "UYVY")
    /// I420: planar Y, then U, then V, each chroma plane a quarter of the luma.
    public static let yu12 = FourCC(known: "YU12")
    public static let nv12 = FourCC(known: "NV12")
    public static let mjpeg = FourCC(known: "MJPG")
    public static let jpeg = FourCC(known: "JPEG")
    public static let h264 = FourCC(known: "H264")

    /// For the constants above: four ASCII characters known at compile time.
    private init(known text: StaticString) {
        precondition(text.utf8CodeUnitCount == 4, "a fourcc has four characters")
        let bytes = UnsafeBufferPointer(start: text.utf8Start, count: 4)
        rawValue = bytes.enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
    }
}
