import CV4L2

#if canImport(Glibc)
    import Glibc
#endif

/// Streaming capture through a small ring of mmap'ed driver buffers.
///
/// Latency is bounded by never letting frames queue: each `nextFrame` takes every buffer the
/// driver has filled, keeps the newest and hands the older ones straight back (counting them as
/// skipped). A consumer that falls behind therefore loses whole frames, not time.
///
/// Not thread-safe: one capture thread owns it.
public final class CaptureStream {
    public let device: V4L2Device
    public let format: ActiveFormat
    /// Frames the driver dropped: gaps in buffer sequence numbers.
    public private(set) var droppedByDriver = 0
    /// Frames camstream skipped because a newer one was already waiting.
    public private(set) var skippedStale = 0
    /// Buffers the driver marked as corrupted (V4L2_BUF_FLAG_ERROR), handed back unused.
    public private(set) var corrupted = 0
    public private(set) var delivered = 0

    private var buffers: [UnsafeMutableRawBufferPointer] = []
    private var lastSequence: UInt32?
    private var streaming = false

    /// Requests `bufferCount` buffers (4 by default: one being encoded, one being filled, two so
    /// the driver never starves while a frame is handed back), maps and queues them, and starts streaming.
    ///
    /// Corresponding ioctls: VIDIOC_REQBUFS, VIDIOC_QUERYBUF, VIDIOC_QBUF, VIDIOC_STREAMON.
    public init(device: V4L2Device, format: ActiveFormat, bufferCount: Int = 4) throws(V4L2Error) {
        self.device = device
        self.format = format
        var request = v4l2_requestbuffers()
        request.count = UInt32(bufferCount)
        request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        request.memory = V4L2_MEMORY_MMAP.rawValue
        try device.control(camstream_vidioc_reqbufs, "VIDIOC_REQBUFS", &request)
        guard request.count >= 2 else {
            throw .streamFailed(device: device.path, reason: "the driver granted \(request.count) buffer(s); at least 2 are needed")
        }
        do throws(V4L2Error) {
            for index in 0..<request.count {
                var buffer = Self.emptyBuffer(index: index)
                try device.control(camstream_vidioc_querybuf, "VIDIOC_QUERYBUF", &buffer)
                let length = Int(buffer.length)
                guard let address = device.io.mmap(device.fd, length: length, offset: Int64(buffer.m.offset)) else {
                    throw .mapFailed(device: device.path, buffer: Int(index), errno: errno)
                }
                buffers.append(UnsafeMutableRawBufferPointer(start: address, count: length))
            }
            for index in buffers.indices {
                var buffer = Self.emptyBuffer(index: UInt32(index))
                try device.control(camstream_vidioc_qbuf, "VIDIOC_QBUF", &buffer)
            }
            var type = Int32(V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue)
            try device.control(camstream_vidioc_streamon, "VIDIOC_STREAMON", &type)
            streaming = true
        } catch {
            release()
            throw error
        }
    }

    deinit {
        release()
    }

    /// The newest filled buffer, waiting at most `timeoutMilliseconds`. Older filled buffers are
    /// requeued at once. Throws `.frameTimeout` when nothing arrives in time, and an error whose
    /// `isDeviceGone` is true when the camera vanished or failed.
    ///
    /// Corresponding ioctl: VIDIOC_DQBUF (non-blocking, after poll(2)).
    public func nextFrame(timeoutMilliseconds: Int) throws(V4L2Error) -> CapturedFrame {
        let deadline = Self.monotonicNow() + UInt64(timeoutMilliseconds) * 1_000_000
        while true {
            let now = Self.monotonicNow()
            guard now < deadline else { throw .frameTimeout(device: device.path, milliseconds: timeoutMilliseconds) }
            var descriptor = pollfd(fd: device.fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32((deadline - now + 999_999) / 1_000_000))
            if ready < 0 {
                if errno == EINTR { continue }
                throw .streamFailed(device: device.path, reason: "poll failed: \(V4L2Error.text(errno))")
            }
            if ready == 0 { continue }
            if let frame = try dequeueNewest() { return frame }
            if descriptor.revents & Int16(POLLERR | POLLHUP) != 0 {
                // DQBUF had nothing to say, yet the node reports an error: the device is gone.
                throw .streamFailed(device: device.path, reason: "poll reported an error (revents \(descriptor.revents))")
            }
        }
    }

    /// Hands a frame's buffer back to the driver.
    ///
    /// Corresponding ioctl: VIDIOC_QBUF.
    public func requeue(_ frame: CapturedFrame) throws(V4L2Error) {
        var buffer = Self.emptyBuffer(index: frame.index)
        try device.control(camstream_vidioc_qbuf, "VIDIOC_QBUF", &buffer)
    }

    private func dequeueNewest() throws(V4L2Error) -> CapturedFrame? {
        var newest: (buffer: v4l2_buffer, time: (nanoseconds: UInt64, fromDriver: Bool))?
        // After the first, dequeue only while poll says another buffer is done: ending the drain
        // on EAGAIN would be the same, but libv4l2 prints every failed DQBUF to stderr.
        while newest == nil || isReadable() {
            var buffer = Self.emptyBuffer(index: 0)
            do {
                try device.control(camstream_vidioc_dqbuf, "VIDIOC_DQBUF", &buffer)
            } catch .ioctlFailed(_, _, EAGAIN) {
                break
            }
            countSequence(buffer.sequence)
            if buffer.flags & camstream_buf_flag_error != 0 {
                corrupted += 1
                try device.control(camstream_vidioc_qbuf, "VIDIOC_QBUF", &buffer)
                continue
            }
            if var older = newest?.buffer {
                skippedStale += 1
                try device.control(camstream_vidioc_qbuf, "VIDIOC_QBUF", &older)
            }
            newest = (buffer, Self.captureTime(of: buffer))
        }
        guard let (buffer, time) = newest else { return nil }
        guard Int(buffer.index) < buffers.count else {
            throw .streamFailed(device: device.path, reason: "the driver returned buffer \(buffer.index) of \(buffers.count)")
        }
        delivered += 1
        let mapping = buffers[Int(buffer.index)]
        let used = buffer.bytesused > 0 ? min(Int(buffer.bytesused), mapping.count) : mapping.count
        return CapturedFrame(
            bytes: UnsafeRawBufferPointer(rebasing: mapping[0..<used]), sequence: buffer.sequence,
            captureTime: time.nanoseconds, driverTimestamp: time.fromDriver, index: buffer.index)
    }

    private func isReadable() -> Bool {
        var descriptor = pollfd(fd: device.fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) == 1 && descriptor.revents & Int16(POLLIN) != 0
    }

    private func countSequence(_ sequence: UInt32) {
        if let last = lastSequence, sequence > last &+ 1, sequence &- last < 1_000_000 {
            droppedByDriver += Int(sequence &- last &- 1)
        }
        lastSequence = sequence
    }

    /// The driver's monotonic timestamp, or now when the driver stamps with another clock.
    private static func captureTime(of buffer: v4l2_buffer) -> (nanoseconds: UInt64, fromDriver: Bool) {
        let monotonic = buffer.flags & camstream_buf_flag_timestamp_mask == camstream_buf_flag_timestamp_monotonic
        if monotonic, buffer.timestamp.tv_sec > 0 || buffer.timestamp.tv_usec > 0 {
            return (UInt64(buffer.timestamp.tv_sec) * 1_000_000_000 + UInt64(buffer.timestamp.tv_usec) * 1000, true)
        }
        return (monotonicNow(), false)
    }

    /// Stops streaming and unmaps the buffers; safe to call twice.
    ///
    /// Corresponding ioctls: VIDIOC_STREAMOFF, VIDIOC_REQBUFS (count 0).
    public func release() {
        if streaming {
            var type = Int32(V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue)
            _ = try? device.control(camstream_vidioc_streamoff, "VIDIOC_STREAMOFF", &type)
            streaming = false
        }
        for buffer in buffers { device.io.munmap(buffer.baseAddress!, length: buffer.count) }
        if !buffers.isEmpty {
            buffers.removeAll()
            var request = v4l2_requestbuffers()
            request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
            request.memory = V4L2_MEMORY_MMAP.rawValue
            _ = try? device.control(camstream_vidioc_reqbufs, "VIDIOC_REQBUFS", &request)
        }
    }

    private static func emptyBuffer(index: UInt32) -> v4l2_buffer {
        var buffer = v4l2_buffer()
        buffer.index = index
        buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        buffer.memory = V4L2_MEMORY_MMAP.rawValue
        return buffer
    }

    static func monotonicNow() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
