/// What went wrong with a libcamera camera, in words that name the camera and the value.
public enum LibcameraError: Error, Sendable, Equatable, CustomStringConvertible {
    /// libcamera's camera manager did not start.
    case managerFailed(String)
    /// No camera matches the selector; `available` lists what libcamera found.
    case noCamera(selector: String, available: [String])
    /// Opening or configuring the camera failed.
    case openFailed(camera: String, reason: String)
    /// A control by name was unknown or its value did not fit.
    case control(camera: String, reason: String)
    /// The camera went away (disconnected) or stopped delivering frames.
    case gone(camera: String, reason: String)
    /// A request failed inside the pipeline.
    case pipeline(camera: String, reason: String)

    public var description: String {
        switch self {
        case .managerFailed(let reason): reason
        case .noCamera(let selector, let available):
            available.isEmpty
                ? "libcamera finds no camera (asked for \(selector))"
                : "libcamera has no camera \(selector); it has: \(available.joined(separator: ", "))"
        case .openFailed(let camera, let reason): "libcamera camera \(camera): \(reason)"
        case .control(let camera, let reason): "libcamera camera \(camera): \(reason)"
        case .gone(let camera, let reason): "libcamera camera \(camera): \(reason)"
        case .pipeline(let camera, let reason): "libcamera camera \(camera): \(reason)"
        }
    }

    /// A camera not there (yet, or any more): waited for rather than fatal.
    public var isCameraGone: Bool {
        switch self {
        case .noCamera, .gone, .pipeline: true
        case .managerFailed, .openFailed, .control: false
        }
    }
}
