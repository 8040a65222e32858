#if canImport(Glibc)
import Glibc
#endif

/// A dedicated OS thread for the blocking capture → encode loop.
///
/// Capture waits on the camera (or the frame clock) and encoding is CPU-bound C code: neither
/// belongs on an event loop or in Swift's cooperative pool, where it would stall other work.
struct CaptureThread: ~Copyable {
    private let thread: pthread_t

    init(body: @escaping @Sendable () -> Void) throws {
        final class Box {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { context in
            let box = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue()
            box.body()
            return nil
        }, context)
        guard result == 0 else {
            Unmanaged<Box>.fromOpaque(context).release()
            throw PipelineError.threadStartFailed(errno: result)
        }
        self.thread = thread
    }

    /// Waits for the body to return.
    consuming func join() {
        pthread_join(thread, nil)
    }
}
