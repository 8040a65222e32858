import NIOConcurrencyHelpers
import Synchronization

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
}
