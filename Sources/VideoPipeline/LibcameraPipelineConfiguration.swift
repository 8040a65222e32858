import LibcameraCapture
import V4L2Capture
import X264Encoder

/// What to capture through libcamera: which camera, the picture (size and rate from the encoder
/// settings, as for V4L2), its controls by libcamera's names, and its orientation.
public struct LibcameraPipelineConfiguration: Sendable {
    public var camera: LibcameraCameraSelector
    public var encoder: EncoderSettings
    /// Applied in order each time the camera is opened.
    public var controls: [ControlSetting]
    /// 0 or 180.
    public var rotation: Int
    public var hflip: Bool
    public var vflip: Bool
    public var bufferCount: Int
    /// No frame for this long means the camera stalled (or went without telling); it is closed and reopened.
    public var frameTimeoutMilliseconds: Int
    /// The camstream binary the capture process runs (`camstream libcamera-capture`): this one.
    public var captureExecutable: String

    public init(
        camera: LibcameraCameraSelector, encoder: EncoderSettings, controls: [ControlSetting] = [], rotation: Int = 0,
        hflip: Bool = false, vflip: Bool = false, bufferCount: Int = 4, frameTimeoutMilliseconds: Int = 3000,
        captureExecutable: String = "/proc/self/exe"
    ) {
        self.camera = camera
        self.encoder = encoder
        self.controls = controls
        self.rotation = rotation
        self.hflip = hflip
        self.vflip = vflip
        self.bufferCount = bufferCount
        self.frameTimeoutMilliseconds = frameTimeoutMilliseconds
        self.captureExecutable = captureExecutable
    }

    var streamSettings: LibcameraStreamSettings {
        LibcameraStreamSettings(
            width: encoder.width, height: encoder.height, framesPerSecond: encoder.framesPerSecond, bufferCount: bufferCount,
            rotation: rotation, hflip: hflip, vflip: vflip)
    }
}
