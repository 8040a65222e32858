import V4L2Capture
import X264Encoder

/// What to capture and how: the device, the picture (size and rate come from the encoder
/// settings, so what is captured is what is sent), an optional forced format and the controls.
public struct V4L2PipelineConfiguration: Sendable {
    public var devicePath: String
    public var encoder: EncoderSettings
    /// `--format`: capture exactly this fourcc, or fail with the list of what the camera has.
    public var forcedFormat: FourCC?
    /// Applied in order each time the camera is opened (again after a replug, which resets them).
    public var controls: [ControlSetting]
    public var io: V4L2IO
    /// Driver buffers in the ring; 4 keeps the driver fed while one frame is encoded.
    public var bufferCount: Int
    /// No frame for this long means the camera stalled; it is closed and reopened.
    public var frameTimeoutMilliseconds: Int
    /// A sub-stream scales the raw picture, so the camera's own H.264 is never chosen (nor passed through).
    public var needsRawPictures: Bool

    public init(
        devicePath: String, encoder: EncoderSettings, forcedFormat: FourCC? = nil, controls: [ControlSetting] = [],
        io: V4L2IO = .libv4l2, bufferCount: Int = 4, frameTimeoutMilliseconds: Int = 3000, needsRawPictures: Bool = false
    ) {
        self.needsRawPictures = needsRawPictures
        self.devicePath = devicePath
        self.encoder = encoder
        self.forcedFormat = forcedFormat
        self.controls = controls
        self.io = io
        self.bufferCount = bufferCount
        self.frameTimeoutMilliseconds = frameTimeoutMilliseconds
    }
}
