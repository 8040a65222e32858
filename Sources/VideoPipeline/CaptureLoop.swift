import Logging
import NIOConcurrencyHelpers
import Synchronization
import X264Encoder

#if canImport(Glibc)
    import Glibc
#endif

/// What both pipelines share between the server's threads and their capture thread: one capture thread at a
/// time, a stop flag it checks between frames, and keyframe requests gathered until the next frame takes them.
final class CaptureLoop: Sendable {
    /// Guards `thread`. A pthread mutex rather than `Synchronization.Mutex`: ThreadSanitizer sees pthread locks,
    /// but not the kernel's hand-off of a contended `Mutex` (a PI futex), which it reports as a race.
    private let threadLock = NIOLock()
    /// Noncopyable, so it cannot sit in a `NIOLockedValueBox`; read and written only under `threadLock`.
    nonisolated(unsafe) private var thread: CaptureThread?
    private let stopRequested = Atomic<Bool>(false)
    private let keyframeRequested = Atomic<Bool>(false)

    /// - Parameter name: the thread's name in `top -H` and /proc (`capture`, or `substream` for a sub-stream's
    ///   encoder), so the two can be told apart and counted.
    func start(name: String = "capture", _ body: @escaping @Sendable () -> Void) throws {
        try threadLock.withLock {
            guard thread == nil else { throw PipelineError.alreadyStarted }
            thread = try CaptureThread(name: name, body: body)
        }
    }

    /// Asks the capture thread to finish its frame and return, and waits until it has.
    /// - Parameter waking: wakes a thread that may be blocked waiting for work (after the stop flag is set).
    func stop(waking: () -> Void = {}) {
        stopRequested.store(true, ordering: .relaxed)
        waking()
        // `withLock` cannot hand a noncopyable value out.
        threadLock.lock()
        let running = thread.take()
        threadLock.unlock()
        running?.join()
    }

    var isStopping: Bool { stopRequested.load(ordering: .relaxed) }

    func requestKeyframe() {
        keyframeRequested.store(true, ordering: .relaxed)
    }

    /// Taken once per frame, so every request made during one frame interval is served by one IDR.
    func takeKeyframeRequest() -> Bool {
        keyframeRequested.exchange(false, ordering: .relaxed)
    }

    /// Sleeps for `milliseconds` in slices of 50 ms, returning early once a stop is requested, so that
    /// stopping a pipeline waiting out a camera's backoff takes no longer than a slice.
    func pause(milliseconds: Int) {
        var left = milliseconds
        while left > 0, !isStopping {
            let slice = min(left, 50)
            var time = timespec(tv_sec: 0, tv_nsec: slice * 1_000_000)
            nanosleep(&time, nil)
            left -= slice
        }
    }

    /// A camera pipeline's capture thread, until stopped: `attempt` opens the camera and streams until the
    /// stop (returns) or the camera fails (throws), and a failed camera is tried again after
    /// `CameraRecovery`'s backoff. Each attempt begins with a keyframe request: after a gap every viewer's
    /// decoder has lost its reference frames. An encoder that fails is not the camera's fault, and reopening
    /// the camera would only feed the same failed encoder: `encoderFailed` ends the stream instead.
    /// - Parameters:
    ///   - camera: how the log names the camera (its device path, or the libcamera selector).
    ///   - cameraKey: the log key for it, as `CameraRecovery` takes it.
    ///   - isCameraGone: whether a failure means the camera is not there (a warning) rather than broken.
    func keepCameraStreaming(
        camera: String, cameraKey: String, logger: Logger, isCameraGone: (any Error) -> Bool,
        encoderFailed: (X264EncoderError) -> Void, attempt: (inout CameraRecovery) throws -> Void
    ) {
        var recovery = CameraRecovery(cameraKey: cameraKey)
        while !isStopping {
            do {
                requestKeyframe()
                try attempt(&recovery)
            } catch let error as X264EncoderError {
                encoderFailed(error)
                return
            } catch {
                pause(milliseconds: recovery.failed(error, cameraGone: isCameraGone(error), camera: camera, logger: logger))
            }
        }
    }
}
