import LibcameraShim

/// One camera streaming one video stream through libcamera: its buffers are libcamera's own,
/// mapped once when opened; a frame is read in place and handed back with `requeue`.
///
/// Not thread-safe: the capture thread owns it. Holds a `LibcameraSession` so the manager
/// outlives the camera.
public final class LibcameraStream {
    public let camera: LibcameraCameraInfo
    public let width: Int
    public let height: Int
    public let pixelFormat: LibcameraPixelFormat
    /// Bytes per row of the first plane.
    public let stride: Int
    public let bufferCount: Int

    private let session: LibcameraSession
    private let capture: OpaquePointer

    public init(session: LibcameraSession, camera: LibcameraCameraInfo, settings: LibcameraStreamSettings) throws(LibcameraError) {
        var request = camstream_lc_request_settings(
            width: Int32(clamping: settings.width), height: Int32(clamping: settings.height),
            framesPerSecond: Int32(clamping: settings.framesPerSecond), bufferCount: Int32(clamping: settings.bufferCount),
            rotation: Int32(clamping: settings.rotation), hflip: settings.hflip ? 1 : 0, vflip: settings.vflip ? 1 : 0)
        var info = camstream_lc_stream_info()
        var error = [CChar](repeating: 0, count: 1024)
        guard let capture = camstream_lc_capture_open(camera.id, &request, &info, &error, error.count) else {
            throw .openFailed(camera: camera.id, reason: Self.text(error))
        }
        guard let format = LibcameraPixelFormat(fourcc: info.fourcc) else {
            camstream_lc_capture_close(capture)
            throw .openFailed(camera: camera.id, reason: "it chose pixel format \(LibcameraPixelFormat.name(info.fourcc)), which camstream cannot encode")
        }
        guard Int(info.width) == settings.width, Int(info.height) == settings.height else {
            camstream_lc_capture_close(capture)
            throw .openFailed(
                camera: camera.id,
                reason:
                    "it cannot deliver \(settings.width)x\(settings.height) (it offered \(info.width)x\(info.height) instead; 'camstream devices' lists its sizes)"
            )
        }
        self.session = session
        self.camera = camera
        self.capture = capture
        self.width = Int(info.width)
        self.height = Int(info.height)
        self.pixelFormat = format
        self.stride = Int(info.stride)
        self.bufferCount = Int(info.bufferCount)
    }

    deinit {
        camstream_lc_capture_close(capture)
    }

    /// Checks a control by libcamera's name (AfMode, ExposureTime, Brightness…) and applies it
    /// from the start; returns the value as libcamera holds it.
    @discardableResult
    public func setControl(named name: String, to value: String) throws(LibcameraError) -> String {
        var described = [CChar](repeating: 0, count: 256)
        var error = [CChar](repeating: 0, count: 2048)
        guard camstream_lc_capture_set_control(capture, name, value, &described, described.count, &error, error.count) == 0 else {
            throw .control(camera: camera.id, reason: Self.text(error))
        }
        return Self.text(described)
    }

    public func start() throws(LibcameraError) {
        var error = [CChar](repeating: 0, count: 512)
        guard camstream_lc_capture_start(capture, &error, error.count) == 0 else {
            throw .openFailed(camera: camera.id, reason: Self.text(error))
        }
    }

    /// The newest completed frame, waiting up to the timeout (nil when none came); older completed
    /// frames are requeued unread.
    public func nextFrame(timeoutMilliseconds: Int) throws(LibcameraError) -> LibcameraFrame? {
        var frame = camstream_lc_frame()
        var error = [CChar](repeating: 0, count: 512)
        let result = camstream_lc_capture_next(capture, Int32(clamping: timeoutMilliseconds), &frame, &error, error.count)
        if result == -ETIMEDOUT_CODE { return nil }
        guard result == 0 else {
            let reason = Self.text(error)
            throw result == -EIO_CODE ? .pipeline(camera: camera.id, reason: reason) : .gone(camera: camera.id, reason: reason)
        }
        let pointers = [frame.planes.0, frame.planes.1, frame.planes.2]
        let lengths = [frame.planeLengths.0, frame.planeLengths.1, frame.planeLengths.2]
        let planes = (0..<Int(frame.planeCount)).map { UnsafeRawBufferPointer(start: pointers[$0], count: lengths[$0]) }
        return LibcameraFrame(
            planes: planes, sensorTimestamp: frame.sensorTimestamp, sequence: frame.sequence, skipped: Int(frame.skipped),
            request: frame.request)
    }

    /// Where each buffer's planes are: the dmabuf (the stream's own descriptor), offset and length.
    /// Another process maps the same memory from copies of these descriptors.
    func bufferPlanes() throws(LibcameraError) -> [[(descriptor: Int32, offset: Int, length: Int)]] {
        try (0..<bufferCount).map { (request) throws(LibcameraError) in
            var fds = [Int32](repeating: -1, count: 3)
            var offsets = [UInt32](repeating: 0, count: 3)
            var lengths = [UInt32](repeating: 0, count: 3)
            let count = camstream_lc_capture_buffer_planes(capture, Int32(request), &fds, &offsets, &lengths, 3)
            guard (1...3).contains(count) else {
                throw .openFailed(camera: camera.id, reason: "buffer \(request) has \(count) planes; camstream takes 1 to 3")
            }
            return (0..<Int(count)).map { (descriptor: fds[$0], offset: Int(offsets[$0]), length: Int(lengths[$0])) }
        }
    }

    /// What the camera reports it did for this frame (`ExposureTime`, `Brightness`, …), by name.
    public func metadata(of frame: LibcameraFrame) -> [String: String] {
        var values: [String: String] = [:]
        for line in LibcameraSession.take(camstream_lc_capture_metadata(capture, frame.request)).split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return values
    }

    /// Hands the frame's buffer back to the camera; the frame must not be read after this.
    public func requeue(_ frame: LibcameraFrame) throws(LibcameraError) {
        try requeue(request: Int(frame.request))
    }

    func requeue(request: Int) throws(LibcameraError) {
        let result = camstream_lc_capture_requeue(capture, Int32(clamping: request))
        guard result == 0 else { throw .pipeline(camera: camera.id, reason: "requeueing a request failed (error \(-result))") }
    }

    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// EIO and ETIMEDOUT without importing Glibc's macros into the API.
private let EIO_CODE: Int32 = 5
private let ETIMEDOUT_CODE: Int32 = 110
