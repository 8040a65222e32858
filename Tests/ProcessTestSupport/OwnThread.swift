import Foundation

/// Runs blocking work (reading a pipe to its end, waiting for a process or a log line) on a thread of its own.
/// Blocking inside a task would hold one of the few threads of Swift's cooperative pool (two on a 2-core
/// machine), and tests running in parallel would wait for it: a test client that should answer in
/// milliseconds then takes seconds, and timeouts under test fire for the wrong reason.
public enum OwnThread {
    public static func run<Value: Sendable>(_ body: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: body()) }.start()
        }
    }
}
