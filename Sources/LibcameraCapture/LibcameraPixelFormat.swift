/// The pixel formats camstream asks a libcamera camera for, best first: x264 reads the first two
/// in place; RGB (all vimc offers) is converted to I420 first.
public enum LibcameraPixelFormat: Sendable, Hashable, CustomStringConvertible {
    case yuv420, nv12, rgb888, bgr888

    /// From the DRM fourcc the shim reports.
    init?(fourcc: UInt32) {
        switch fourcc {
        case Self.code("YU12"): self = .yuv420
        case Self.code("NV12"): self = .nv12
        case Self.code("RG24"): self = .rgb888
        case Self.code("BG24"): self = .bgr888
        default: return nil
        }
    }

    /// The DRM fourcc, as the shim and the capture process's messages carry it.
    var fourcc: UInt32 {
        switch self {
        case .yuv420: Self.code("YU12")
        case .nv12: Self.code("NV12")
        case .rgb888: Self.code("RG24")
        case .bgr888: Self.code("BG24")
        }
    }

    /// libcamera's names.
    public var description: String {
        switch self {
        case .yuv420: "YUV420"
        case .nv12: "NV12"
        case .rgb888: "RGB888"
        case .bgr888: "BGR888"
        }
    }

    static func code(_ text: StaticString) -> UInt32 {
        text.withUTF8Buffer { bytes in bytes.reversed().reduce(0) { $0 << 8 | UInt32($1) } }
    }

    static func name(_ fourcc: UInt32) -> String {
        String(decoding: (0..<4).map { UInt8(truncatingIfNeeded: fourcc >> ($0 * 8)) }, as: UTF8.self)
    }
}
