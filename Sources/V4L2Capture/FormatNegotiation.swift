/// How a captured frame becomes H.264, cheapest first.
public enum FrameHandling: String, Hashable, Sendable, CustomStringConvertible {
    /// The camera encodes: its access units are sent as they are (no encoder runs).
    case h264Passthrough = "H.264 passthrough"
    /// NV12 straight from the capture buffer into x264 (its native input): no copy by camstream.
    case nv12 = "NV12 into x264, no copy"
    /// YU12 (I420) straight from the capture buffer into x264: no copy by camstream.
    case i420 = "YU12 into x264, no copy"
    /// Packed 4:2:2 converted to I420 by libyuv (x264 rejects packed 4:2:2 for 4:2:0 output).
    case yuyvToI420 = "YUYV converted to I420 by libyuv"
    case uyvyToI420 = "UYVY converted to I420 by libyuv"
    /// The camera's own JPEGs, taken as they are (so /snapshot.jpg can answer with them) and decoded to I420 by
    /// libjpeg-turbo for x264; libv4l2 passes a format the camera has natively through unconverted.
    case mjpegDecoded = "MJPEG decoded by libjpeg-turbo"
    /// Anything else libv4l2 knows (vendor formats, Bayer): it converts to YU12 as it dequeues.
    case libv4l2ToI420 = "YU12 converted by libv4l2"

    public var description: String { rawValue }
}

/// What capture will ask the camera for.
public struct FormatChoice: Hashable, Sendable {
    public var fourcc: FourCC
    public var width: Int
    public var height: Int
    public var framesPerSecond: Int
    public var handling: FrameHandling
}

/// Picks the format to capture in, given what the camera offers and what was configured.
///
/// Preference, for a camera that offers several at the configured size and rate: its own H.264
/// (nothing to encode), then NV12 and YU12 (handed to x264 from the buffer), then YUYV and UYVY
/// (one libyuv conversion), then MJPEG (decoded by libjpeg-turbo: dearer than a libyuv pass, and lossy, but the
/// camera's own JPEG is kept for snapshots), then whatever libv4l2 can convert to YU12. A size or
/// rate the camera lacks is an error listing what it has, never a silent substitute.
public enum FormatNegotiation {
    public struct Request: Hashable, Sendable {
        public var width: Int
        public var height: Int
        public var framesPerSecond: Int
        /// `--format`: capture this fourcc or fail.
        public var forcedFormat: FourCC?
        /// Whether libv4l2's emulated formats are reachable (false on the plain libc path).
        public var allowsEmulatedFormats: Bool

        public init(width: Int, height: Int, framesPerSecond: Int, forcedFormat: FourCC? = nil, allowsEmulatedFormats: Bool) {
            self.width = width
            self.height = height
            self.framesPerSecond = framesPerSecond
            self.forcedFormat = forcedFormat
            self.allowsEmulatedFormats = allowsEmulatedFormats
        }
    }

    /// Fourccs camstream can take natively, in order of preference.
    public static let nativePreference: [(FourCC, FrameHandling)] = [
        (.h264, .h264Passthrough), (.nv12, .nv12), (.yu12, .i420), (.yuyv, .yuyvToI420), (.uyvy, .uyvyToI420),
        (.mjpeg, .mjpegDecoded), (.jpeg, .mjpegDecoded),
    ]

    public static func choose(from formats: [CaptureFormat], for request: Request, device: String) throws(V4L2Error) -> FormatChoice {
        for (format, handling) in candidates(formats, request) {
            guard let rate = format.maximumFramesPerSecond(width: request.width, height: request.height) else { continue }
            // 1% slack: 29.97 fps cameras serve a configured 30.
            if let rate, rate < Double(request.framesPerSecond) * 0.99 { continue }
            return FormatChoice(
                fourcc: format.fourcc, width: request.width, height: request.height,
                framesPerSecond: request.framesPerSecond, handling: handling)
        }
        var asked = "\(request.width)x\(request.height) at \(request.framesPerSecond) fps"
        if let forced = request.forcedFormat {
            asked += " in \(forced)"
            let takenNatively = nativePreference.contains { $0.0 == forced }
            if !request.allowsEmulatedFormats, !takenNatively, formats.contains(where: { $0.fourcc == forced && $0.isCompressed }) {
                asked += " (\(forced) needs libv4l2's conversion, which the libc path (--v4l2-io libc) does not use)"
            }
        }
        throw .unsupported(device: device, asked: asked, available: CaptureFormatReport.lines(formats).joined(separator: "\n"))
    }

    private static func candidates(_ formats: [CaptureFormat], _ request: Request) -> [(CaptureFormat, FrameHandling)] {
        let native = formats.filter { !$0.isEmulated }
        let emulated = formats.filter { $0.isEmulated && request.allowsEmulatedFormats }
        var result: [(CaptureFormat, FrameHandling)] = []
        if let forced = request.forcedFormat {
            if let handling = nativePreference.first(where: { $0.0 == forced })?.1 {
                result += native.filter { $0.fourcc == forced }.map { ($0, handling) }
            }
            // YU12 may come from libv4l2 when the camera lacks it; a forced format camstream cannot
            // take itself (a vendor JPEG variant, Bayer) is converted by libv4l2, which picks it as the source of its YU12.
            let takenNatively = nativePreference.contains { $0.0 == forced }
            if forced == .yu12 || (!takenNatively && native.contains { $0.fourcc == forced }) {
                result += emulated.filter { $0.fourcc == .yu12 }.map { ($0, .libv4l2ToI420) }
            }
            return result
        }
        for (fourcc, handling) in nativePreference {
            result += native.filter { $0.fourcc == fourcc }.map { ($0, handling) }
        }
        result += emulated.filter { $0.fourcc == .yu12 }.map { ($0, .libv4l2ToI420) }
        return result
    }
}
