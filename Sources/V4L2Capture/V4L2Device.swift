import CV4L2

#if canImport(Glibc)
    import Glibc
#endif

/// An open V4L2 device node. Every ioctl goes through `control(_:_:_:)`, which retries on EINTR
/// and turns errno into a `V4L2Error` naming the device and the request.
///
/// Not thread-safe: one capture thread (or one command) owns it.
public final class V4L2Device {
    public let path: String
    public let io: V4L2IO
    let fd: Int32

    /// Opens non-blocking, so DQBUF answers EAGAIN instead of sleeping and the capture loop's
    /// `poll` timeout bounds every wait.
    public init(path: String, io: V4L2IO) throws(V4L2Error) {
        var descriptor: Int32
        repeat {
            descriptor = io.open(path, flags: O_RDWR | O_NONBLOCK | O_CLOEXEC)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else { throw .openFailed(device: path, errno: errno) }
        self.path = path
        self.io = io
        self.fd = descriptor
    }

    deinit {
        io.close(fd)
    }

    /// One ioctl, retried while interrupted by a signal.
    @discardableResult
    func control<Argument>(_ request: UInt, _ name: String, _ argument: inout Argument) throws(V4L2Error) -> Int32 {
        while true {
            let result = withUnsafeMutablePointer(to: &argument) { io.ioctl(fd, request, UnsafeMutableRawPointer($0)) }
            if result >= 0 { return result }
            let code = errno
            if code != EINTR { throw .ioctlFailed(device: path, request: name, errno: code) }
        }
    }

    /// Corresponding ioctl: VIDIOC_QUERYCAP.
    public func capabilities() throws(V4L2Error) -> DeviceCapabilities {
        var capability = v4l2_capability()
        try control(camstream_vidioc_querycap, "VIDIOC_QUERYCAP", &capability)
        // Device caps describe this node; `capabilities` describes the whole physical device.
        let caps =
            capability.capabilities & camstream_cap_device_caps != 0 ? capability.device_caps : capability.capabilities
        return DeviceCapabilities(
            driver: Self.string(capability.driver), card: Self.string(capability.card),
            busInfo: Self.string(capability.bus_info), capabilities: caps)
    }

    /// Throws unless this node captures single-planar video with streaming I/O, which is what
    /// camstream's mmap ring needs.
    public func requireVideoCapture() throws(V4L2Error) -> DeviceCapabilities {
        let capabilities = try capabilities()
        guard capabilities.canCaptureVideo else {
            throw .notACaptureDevice(device: path, reason: capabilities.whyNotCapture)
        }
        return capabilities
    }

    static func string<Tuple>(_ tuple: Tuple) -> String {
        withUnsafeBytes(of: tuple) { bytes in
            String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
    }
}

/// What VIDIOC_QUERYCAP says about a node.
public struct DeviceCapabilities: Sendable, Hashable {
    public var driver: String
    public var card: String
    public var busInfo: String
    /// The node's own V4L2_CAP_* bits.
    public var capabilities: UInt32

    public init(driver: String, card: String, busInfo: String, capabilities: UInt32) {
        self.driver = driver
        self.card = card
        self.busInfo = busInfo
        self.capabilities = capabilities
    }

    /// Single-planar capture with streaming I/O, and not a memory-to-memory codec.
    public var canCaptureVideo: Bool {
        capabilities & camstream_cap_video_capture != 0 && capabilities & camstream_cap_streaming != 0
            && capabilities & (camstream_cap_video_m2m | camstream_cap_video_m2m_mplane) == 0
    }

    var whyNotCapture: String {
        if capabilities & (camstream_cap_video_m2m | camstream_cap_video_m2m_mplane) != 0 {
            return "it is a memory-to-memory device (a codec or scaler), driver \(driver)"
        }
        if capabilities & camstream_cap_video_capture_mplane != 0 && capabilities & camstream_cap_video_capture == 0 {
            return "it captures multi-planar buffers only, which camstream does not read yet (driver \(driver))"
        }
        if capabilities & camstream_cap_video_capture == 0 {
            return "it has no video capture capability (driver \(driver); perhaps a metadata or output node)"
        }
        return "it does not support streaming I/O (driver \(driver))"
    }
}
