import Synchronization

/// What both pipelines share between the server's threads and their capture thread: one capture thread at a
/// time, a stop flag it checks between frames, and keyframe requests gathered until the next frame takes them.
final class CaptureLoop: Sendable {
    private let thread = Mutex<CaptureThread?>(nil)
    private let stopRequested = Atomic<Bool>(false)
    private let keyframeRequested = Atomic<Bool>(false)

    func start(_ body: @escaping @Sendable () -> Void) throws {
        try thread.withLock { thread in
            guard thread == nil else { throw PipelineError.alreadyStarted }
            thread = try CaptureThread(body: body)
        }
    }

    /// Asks the capture thread to finish its frame and return, and waits until it has.
    func stop() {
        stopRequested.store(true, ordering: .relaxed)
        thread.withLock { $0.take() }?.join()
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
