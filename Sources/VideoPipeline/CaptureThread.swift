#if canImport(Glibc)
import Glibc
#endif

/// A dedicated OS thread for the blocking capture → encode loop.
///
/// Capture waits on the camera (or the frame clock) and encoding is CPU-bound C code: neither
/// belongs on an event loop or in Swift's cooperative pool, where it would stall other work.
///
/// The thread is named (`top -H`, `perf`, `/proc/PID/task/*/comm`): a thread started from the event
/// loop would otherwise inherit its name, and capture and encoding time would pass for server time.
struct CaptureThread: ~Copyable {
    private let thread: pthread_t

    /// - Parameter name: at most 15 bytes (the kernel's limit); longer names are cut.
    init(name: String = "capture", body: @escaping @Sendable () -> Void) throws {
        final class Box {
            let name: String
            let body: @Sendable () -> Void
            init(name: String, body: @escaping @Sendable () -> Void) {
                self.name = name
                self.body = body
            }
        }
        let context = Unmanaged.passRetained(Box(name: name, body: body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { context in
            let box = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue()
            Self.nameCurrentThread(box.name)
            box.body()
            return nil
        }, context)
        guard result == 0 else {
            Unmanaged<Box>.fromOpaque(context).release()
            throw PipelineError.threadStartFailed(errno: result)
        }
        self.thread = thread
    }

    /// Writes /proc/thread-self/comm, which is what `pthread_setname_np` (not exported to Swift by Glibc) does
    /// on Linux. Naming is a diagnostic: when /proc is not there, the thread keeps its inherited name.
    private static func nameCurrentThread(_ name: String) {
        let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    /// Waits for the body to return.
    consuming func join() {
        pthread_join(thread, nil)
    }
}
