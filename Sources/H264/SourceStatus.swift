/// What a source can tell the status page about itself beyond its H.264: the picture format it captures,
/// the encoder's settings, and frames lost before encoding.
public struct SourceStatus: Sendable, Hashable {
    /// e.g. "YUYV" for a camera, "I420" for the test pattern, "H264" for a camera passed through.
    public var pixelFormat: String?
    /// e.g. "baseline, preset ultrafast, 2000 kbit/s, keyint 60"; nil when the camera encodes.
    public var encoderSettings: String?
    /// Frames lost between the sensor and the encoder (driver drops, stale, corrupt, short frames).
    public var captureDrops: Int?

    public init(pixelFormat: String? = nil, encoderSettings: String? = nil, captureDrops: Int? = nil) {
        self.pixelFormat = pixelFormat
        self.encoderSettings = encoderSettings
        self.captureDrops = captureDrops
    }
}

/// A source that reports a `SourceStatus` (read from any thread).
public protocol SourceStatusReporting: AnyObject, Sendable {
    var status: SourceStatus { get }
}
