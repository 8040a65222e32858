#if canImport(Glibc)
    import Glibc
#endif

/// What went wrong with a camera, said with the device and the call that failed.
///
/// The capture loop sorts these into two kinds: the camera went away (`isDeviceGone`: unplugged,
/// disconnected, a fatal streaming error) and is waited for; anything else is a configuration the
/// camera cannot do and is reported to the person who asked for it.
public enum V4L2Error: Error, Hashable, CustomStringConvertible {
    /// `open(2)` failed; ENOENT and ENODEV mean the camera is not there (yet).
    case openFailed(device: String, errno: Int32)
    /// An ioctl failed, with its name (`VIDIOC_S_FMT`) and errno.
    case ioctlFailed(device: String, request: String, errno: Int32)
    /// mmap of a capture buffer failed.
    case mapFailed(device: String, buffer: Int, errno: Int32)
    /// The node exists but does not capture video (an output, a codec, a metadata node).
    case notACaptureDevice(device: String, reason: String)
    /// Nothing the camera offers matches what was asked; `available` lists what it can do.
    case unsupported(device: String, asked: String, available: String)
    /// The driver dequeued a buffer flagged as failed, or the poll reported an error condition.
    case streamFailed(device: String, reason: String)
    /// No frame arrived within the timeout although the camera is streaming.
    case frameTimeout(device: String, milliseconds: Int)
    /// A control name the device does not have.
    case unknownControl(device: String, name: String, available: [String])
    /// A value a control cannot take.
    case invalidControlValue(device: String, name: String, value: String, reason: String)
    /// A fourcc that is not four printable characters.
    case invalidFourCC(String)

    /// True when the camera vanished or failed as a whole, which unplugging, a USB reset or a driver
    /// restart look like: capture closes it and waits for it to come back instead of giving up.
    public var isDeviceGone: Bool {
        switch self {
        case .openFailed(_, let code):
            return [ENOENT, ENODEV, ENXIO, EIO, EBUSY].contains(code)
        case .ioctlFailed(_, _, let code), .mapFailed(_, _, let code):
            return [ENODEV, ENXIO, EIO, EPIPE, ESHUTDOWN].contains(code)
        case .streamFailed, .frameTimeout:
            return true
        case .notACaptureDevice, .unsupported, .unknownControl, .invalidControlValue, .invalidFourCC:
            return false
        }
    }

    public var description: String {
        switch self {
        case .openFailed(let device, let code) where code == ENOTTY:
            "cannot open \(device): it is not a V4L2 device (\(Self.text(code)))"
        case .openFailed(let device, let code):
            "cannot open \(device): \(Self.text(code))"
        case .ioctlFailed(let device, let request, let code):
            "\(request) on \(device) failed: \(Self.text(code))"
        case .mapFailed(let device, let buffer, let code):
            "mmap of capture buffer \(buffer) on \(device) failed: \(Self.text(code))"
        case .notACaptureDevice(let device, let reason):
            "\(device) is not a video capture device: \(reason)"
        case .unsupported(let device, let asked, let available):
            "\(device) cannot capture \(asked). It offers:\n\(available)"
        case .streamFailed(let device, let reason):
            "capture from \(device) failed: \(reason)"
        case .frameTimeout(let device, let milliseconds):
            "no frame from \(device) for \(milliseconds) ms"
        case .unknownControl(let device, let name, let available):
            "\(device) has no control '\(name)'; it has: \(available.joined(separator: ", "))"
        case .invalidControlValue(let device, let name, let value, let reason):
            "control '\(name)' on \(device) cannot be set to '\(value)': \(reason)"
        case .invalidFourCC(let text):
            "'\(text)' is not a pixel format fourcc (four characters such as YUYV, NV12, YU12, MJPG, H264)"
        }
    }

    static func text(_ code: Int32) -> String {
        guard let message = strerror(code) else { return "errno \(code)" }
        return "\(String(cString: message)) (errno \(code))"
    }
}
