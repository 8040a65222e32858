import LibcameraShim
import V4L2Capture

#if canImport(Glibc)
    import Glibc
#endif

/// The capture process's half (`camstream libcamera-capture`, started by `LibcameraCaptureProcess`):
/// opens the camera, hands the parent its buffers' dmabufs, then streams a message per completed
/// request and requeues each buffer when the parent releases it.
///
/// It never stops or closes the camera: it ends with `_exit` while the camera is still open, past
/// exit handlers and static destructors, and the kernel releases the devices. That is the point of
/// the process: stopping a camera whose device vanished aborts inside libcamera 0.0.3, and so does
/// destroying it while it runs.
public enum LibcameraCaptureChild {
    /// How long the wait for a frame lasts before releases are looked at again: a buffer the parent
    /// released goes back to the camera within this time, or at the next frame.
    static let pollMilliseconds = 20

    /// Runs until the parent closes its end (exit status 0) or the camera fails (1, after telling
    /// the parent why).
    public static func serve(
        socket: Int32, selector: LibcameraCameraSelector, settings: LibcameraStreamSettings, controls: [ControlSetting]
    ) -> Never {
        let channel = CaptureProcessChannel(socket: socket)
        do throws(LibcameraError) {
            try stream(on: channel, selector: selector, settings: settings, controls: controls)
        } catch {
            channel.send(.failed(error))
            _exit(1)
        }
    }

    /// Returns only by throwing: every other end is `_exit` with the camera still open.
    private static func stream(
        on channel: CaptureProcessChannel, selector: LibcameraCameraSelector, settings: LibcameraStreamSettings, controls: [ControlSetting]
    ) throws(LibcameraError) -> Never {
        let session = try LibcameraSession()
        let camera = try session.camera(selector)
        let stream = try LibcameraStream(session: session, camera: camera, settings: settings)
        var applied: [CaptureProcessMessage.ControlValue] = []
        for control in controls {
            applied.append(.init(name: control.name, value: try stream.setControl(named: control.name, to: control.value)))
        }
        // Planes of one buffer usually share a dmabuf: each descriptor is sent once.
        var descriptors: [Int32] = []
        let buffers = try stream.bufferPlanes().map { planes in
            planes.map { plane in
                let index = descriptors.firstIndex(of: plane.descriptor) ?? descriptors.count
                if index == descriptors.count { descriptors.append(plane.descriptor) }
                return CaptureProcessMessage.BufferPlane(descriptor: index, offset: plane.offset, length: plane.length)
            }
        }
        guard descriptors.count <= Int(CAMSTREAM_LC_CHANNEL_MAX_FDS) else {
            throw .openFailed(
                camera: camera.id,
                reason:
                    "its \(stream.bufferCount) buffers use \(descriptors.count) dmabufs; at most \(CAMSTREAM_LC_CHANNEL_MAX_FDS) can be passed"
            )
        }
        try stream.start()
        let opened = CaptureProcessMessage.OpenedCamera(
            cameraID: camera.id, model: camera.model, width: stream.width, height: stream.height, fourcc: stream.pixelFormat.fourcc,
            stride: stream.stride, buffers: buffers, controls: applied)
        guard channel.send(.opened(opened), descriptors: descriptors) else { _exit(0) }

        // A failure from here on is sent while the camera is still open (see above).
        do throws(LibcameraError) {
            try deliverFrames(from: stream, on: channel)
        } catch {
            channel.send(.failed(error))
            _exit(1)
        }
    }

    /// A message per completed request; each buffer back to the camera when the parent releases it.
    private static func deliverFrames(from stream: LibcameraStream, on channel: CaptureProcessChannel) throws(LibcameraError) -> Never {
        var withParent = Set<Int>()
        var first = true
        while true {
            // Buffers the parent is done with go back to the camera; its end closing ends this process.
            receiving: while true {
                switch channel.receive(waitingMilliseconds: 0) {
                case .message(.release(let buffer), _):
                    guard withParent.remove(buffer) != nil else { continue }
                    try stream.requeue(request: buffer)
                case .nothing: break receiving
                case .closed, .message, .broken: _exit(0)
                }
            }
            guard let frame = try stream.nextFrame(timeoutMilliseconds: pollMilliseconds) else { continue }
            let metadata = first ? stream.metadata(of: frame).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } : []
            first = false
            let buffer = Int(frame.request)
            withParent.insert(buffer)
            let message = CaptureProcessMessage.CapturedFrame(
                buffer: buffer, sensorTimestamp: frame.sensorTimestamp, sequence: frame.sequence, skipped: frame.skipped,
                planeLengths: frame.planes.map(\.count), metadata: metadata)
            guard channel.send(.frame(message)) else { _exit(0) }
        }
    }
}
