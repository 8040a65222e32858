import V4L2Capture

#if canImport(Glibc)
    import Glibc
#endif

/// A libcamera camera streaming in a child process (`camstream libcamera-capture`), read here in
/// place: the child passes its buffers' dmabufs once, this side maps them, and each frame is a
/// buffer index that is handed back (`requeue`) once encoded. No frame is copied.
///
/// Why a process: libcamera 0.0.3 aborts the process it runs in when a camera's device vanishes
/// while streaming (unbound, unplugged, a driver reset). Here the child dies instead; this side
/// sees its socket close, throws `.gone`, and the pipeline retries as it does for V4L2 with a fresh
/// child, whose fresh camera manager finds the camera when it is back.
///
/// Not thread-safe: the capture thread owns it. Dropping it ends the child.
public final class LibcameraCaptureProcess {
    public let cameraID: String
    public let model: String
    public let width: Int
    public let height: Int
    public let pixelFormat: LibcameraPixelFormat
    /// Bytes per row of the first plane.
    public let stride: Int
    public let bufferCount: Int
    /// Each control the child set, with the value as libcamera holds it.
    public let controls: [CaptureProcessMessage.ControlValue]

    private let channel: CaptureProcessChannel
    private let child: pid_t
    private var reaped = false
    /// Each dmabuf mapped once, read-only.
    private let mappings: [UnsafeRawBufferPointer]
    private let buffers: [[CaptureProcessMessage.BufferPlane]]

    /// Starts the child and waits (up to `openTimeoutMilliseconds`) for it to open the camera: the
    /// camera's own refusals (a size, a control, an orientation) come back as the same errors an
    /// in-process open throws.
    public init(
        executable: String, camera selector: LibcameraCameraSelector, settings: LibcameraStreamSettings, controls: [ControlSetting],
        openTimeoutMilliseconds: Int = 20_000
    ) throws(LibcameraError) {
        let (mine, theirs) = try CaptureProcessChannel.pair()
        let channel = CaptureProcessChannel(socket: mine)
        let arguments =
            [
                executable, "libcamera-capture", "--camera", selector.description, "--size", "\(settings.width)x\(settings.height)",
                "--fps", "\(settings.framesPerSecond)", "--buffers", "\(settings.bufferCount)", "--rotation", "\(settings.rotation)",
            ]
            + (settings.hflip ? ["--hflip"] : []) + (settings.vflip ? ["--vflip"] : [])
            + controls.flatMap { ["--control", "\($0.name)=\($0.value)"] }
        // The child's end is closed here at once, spawned or not: held open, it would hide the child's exit.
        let spawned = Result { () throws(LibcameraError) in try Self.spawn(arguments, socket: theirs) }
        close(theirs)
        let child = try spawned.get()
        self.channel = channel
        self.child = child

        let opened: CaptureProcessMessage.OpenedCamera
        let descriptors: [Int32]
        switch channel.receive(waitingMilliseconds: openTimeoutMilliseconds) {
        case .message(.opened(let camera), let received):
            (opened, descriptors) = (camera, received)
        case .message(.failed(let error), let received):
            received.forEach { close($0) }
            Self.end(child)
            throw error
        case .message(_, let received):
            received.forEach { close($0) }
            Self.end(child)
            throw .openFailed(camera: "\(selector)", reason: "the capture process answered out of turn")
        case .nothing:
            Self.end(child)
            throw .gone(camera: "\(selector)", reason: "the capture process did not open the camera in \(openTimeoutMilliseconds) ms")
        case .closed:
            throw .gone(
                camera: "\(selector)", reason: "the capture process \(Self.end(child, closedItsEnd: true)) before opening the camera")
        case .broken(let why):
            Self.end(child)
            throw .gone(camera: "\(selector)", reason: "the capture process's channel failed: \(why)")
        }
        defer { descriptors.forEach { close($0) } }
        guard let format = LibcameraPixelFormat(fourcc: opened.fourcc) else {
            Self.end(child)
            throw .openFailed(
                camera: opened.cameraID,
                reason: "it chose pixel format \(LibcameraPixelFormat.name(opened.fourcc)), which camstream cannot encode")
        }
        var mappings: [UnsafeRawBufferPointer] = []
        do throws(LibcameraError) {
            mappings = try Self.map(descriptors, for: opened.buffers, camera: opened.cameraID)
        } catch {
            Self.end(child)
            throw error
        }
        self.mappings = mappings
        (cameraID, model, width, height, pixelFormat) = (opened.cameraID, opened.model, opened.width, opened.height, format)
        (stride, bufferCount, buffers, self.controls) = (opened.stride, opened.buffers.count, opened.buffers, opened.controls)
    }

    deinit {
        if !reaped { Self.end(child) }
        for mapping in mappings { munmap(UnsafeMutableRawPointer(mutating: mapping.baseAddress), mapping.count) }
    }

    /// The newest frame the camera completed, waiting up to the timeout for one; older frames
    /// waiting here go straight back (the newest frame wins, as on V4L2). Throws `.gone` when the
    /// timeout passes or the child ends, and the child's own error when it reported one.
    public func nextFrame(timeoutMilliseconds: Int) throws(LibcameraError) -> LibcameraFrame {
        var newest: CaptureProcessMessage.CapturedFrame?
        var passedOver = 0
        var wait = timeoutMilliseconds
        while true {
            switch channel.receive(waitingMilliseconds: wait) {
            case .message(.frame(let frame), let received):
                received.forEach { close($0) }
                if !frame.metadata.isEmpty { firstFrameMetadata = Self.values(frame.metadata) }
                if let older = newest {
                    channel.send(.release(buffer: older.buffer))
                    passedOver += 1
                }
                newest = frame
                wait = 0
            case .message(.failed(let error), let received):
                received.forEach { close($0) }
                throw error
            case .message(_, let received):
                received.forEach { close($0) }
                throw .pipeline(camera: cameraID, reason: "the capture process sent a message out of turn")
            case .nothing:
                guard let newest else {
                    throw .gone(camera: cameraID, reason: "no frame from the camera in \(timeoutMilliseconds) ms")
                }
                return try frame(newest, passedOver: passedOver)
            case .closed:
                reaped = true
                throw .gone(camera: cameraID, reason: "the capture process \(Self.end(child, closedItsEnd: true))")
            case .broken(let why):
                throw .gone(camera: cameraID, reason: "the capture process's channel failed: \(why)")
            }
        }
    }

    /// What the camera reported for the stream's first frame (`SensorTimestamp`, the controls a
    /// pipeline applied, …), whether or not that frame was passed over for a newer one.
    public private(set) var firstFrameMetadata: [String: String] = [:]

    /// Hands the frame's buffer back to the camera; the frame must not be read after this. A child
    /// that is gone is noticed by the next `nextFrame`.
    public func requeue(_ frame: LibcameraFrame) {
        channel.send(.release(buffer: Int(frame.request)))
    }

    // MARK: - Frames

    private func frame(_ captured: CaptureProcessMessage.CapturedFrame, passedOver: Int) throws(LibcameraError) -> LibcameraFrame {
        guard buffers.indices.contains(captured.buffer), captured.planeLengths.count == buffers[captured.buffer].count else {
            throw .pipeline(camera: cameraID, reason: "the capture process named buffer \(captured.buffer), which it never described")
        }
        let planes = zip(buffers[captured.buffer], captured.planeLengths).map { plane, filled in
            let mapping = mappings[plane.descriptor]
            // What the camera filled, bounded by the plane and by what is mapped.
            let start = min(plane.offset, mapping.count)
            let length = min(filled, plane.length, mapping.count - start)
            return UnsafeRawBufferPointer(rebasing: mapping[start..<(start + length)])
        }
        return LibcameraFrame(
            planes: planes, sensorTimestamp: captured.sensorTimestamp, sequence: captured.sequence,
            skipped: captured.skipped + passedOver, request: Int32(captured.buffer))
    }

    /// `Name=value` lines as a dictionary.
    private static func values(_ lines: [String]) -> [String: String] {
        Dictionary(
            lines.compactMap { line in line.firstIndex(of: "=").map { (String(line[..<$0]), String(line[line.index(after: $0)...])) } },
            uniquingKeysWith: { _, last in last })
    }

    // MARK: - The child

    /// Each dmabuf mapped whole, as far as its furthest plane reaches.
    private static func map(_ descriptors: [Int32], for buffers: [[CaptureProcessMessage.BufferPlane]], camera: String)
        throws(LibcameraError)
        -> [UnsafeRawBufferPointer]
    {
        var lengths = [Int](repeating: 0, count: descriptors.count)
        for plane in buffers.joined() {
            guard descriptors.indices.contains(plane.descriptor) else {
                throw .openFailed(
                    camera: camera, reason: "the capture process described a plane in dmabuf \(plane.descriptor) of \(descriptors.count)")
            }
            let (end, overflow) = plane.offset.addingReportingOverflow(plane.length)
            guard !overflow else { throw .openFailed(camera: camera, reason: "a plane's offset and length overflow") }
            lengths[plane.descriptor] = max(lengths[plane.descriptor], end)
        }
        var mappings: [UnsafeRawBufferPointer] = []
        for (descriptor, length) in zip(descriptors, lengths) {
            let address = mmap(nil, length, PROT_READ, MAP_SHARED, descriptor, 0)
            guard let address, address != MAP_FAILED else {
                let reason = String(cString: strerror(errno))
                for mapping in mappings { munmap(UnsafeMutableRawPointer(mutating: mapping.baseAddress), mapping.count) }
                throw .openFailed(camera: camera, reason: "mapping a frame buffer failed: \(reason)")
            }
            mappings.append(UnsafeRawBufferPointer(start: address, count: length))
        }
        return mappings
    }

    /// Starts `arguments[0]` with the socket as its descriptor 3 (the only one it inherits beyond
    /// the standard three: every other descriptor camstream opens is close-on-exec).
    private static func spawn(_ arguments: [String], socket: Int32) throws(LibcameraError) -> pid_t {
        // dup2 onto itself would keep close-on-exec: move the socket above 3 first.
        let source = fcntl(socket, F_DUPFD_CLOEXEC, 10)
        guard source >= 0 else { throw .managerFailed("cannot start the libcamera capture process: \(String(cString: strerror(errno)))") }
        defer { close(source) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, source, 3)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, arguments[0], &actions, nil, &argv, environ)
        guard result == 0 else {
            throw .managerFailed("cannot start the libcamera capture process (\(arguments[0])): \(String(cString: strerror(result)))")
        }
        return child
    }

    /// Ends the child (it may be stuck in a vanished device) and says how it ended. A child that
    /// closed its end is on its way out: it gets a second to finish, so its own status is told.
    @discardableResult
    private static func end(_ child: pid_t, closedItsEnd: Bool = false) -> String {
        var status: Int32 = 0
        if closedItsEnd {
            for _ in 0..<100 {
                if waitpid(child, &status, WNOHANG) == child { return describe(status) }
                var tenth = timespec(tv_sec: 0, tv_nsec: 10_000_000)
                nanosleep(&tenth, nil)
            }
        }
        kill(child, SIGKILL)
        var result: pid_t
        repeat {
            result = waitpid(child, &status, 0)
        } while result < 0 && errno == EINTR
        return result == child ? describe(status) : "ended"
    }

    private static func describe(_ status: Int32) -> String {
        let signal = status & 0x7F
        if signal == 0 { return "exited with status \((status >> 8) & 0xFF)" }
        return signal == SIGKILL ? "ended" : "was killed by signal \(signal)"
    }
}
