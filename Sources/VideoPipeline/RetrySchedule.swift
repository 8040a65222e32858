#if canImport(Glibc)
    import Glibc
#endif

/// Backoff for reopening a camera, and when to say so in the log.
///
/// Waits 100 ms, then doubles to at most 2 s: a replugged USB camera is back within a second or
/// two, and polling a missing node every 2 s costs nothing. The log gets the first failure, any
/// failure that differs from the last, and a reminder every 30 s — never one line per attempt.
struct RetrySchedule {
    static let firstWaitMilliseconds = 100
    static let longestWaitMilliseconds = 2000
    static let reminderNanoseconds: UInt64 = 30_000_000_000

    private(set) var failures = 0
    private(set) var shouldLog = false
    private var lastError: String?
    private var firstFailure: UInt64 = 0
    private var lastLogged: UInt64 = 0

    /// Records a failure; returns how long to wait before the next attempt.
    mutating func failed(with error: String, now: UInt64 = monotonicNow()) -> Int {
        if failures == 0 { firstFailure = now }
        failures += 1
        shouldLog = failures == 1 || error != lastError || now - lastLogged >= Self.reminderNanoseconds
        if shouldLog { lastLogged = now }
        lastError = error
        let doublings = min(failures - 1, 5)
        return min(Self.firstWaitMilliseconds << doublings, Self.longestWaitMilliseconds)
    }

    /// How long the camera has been failing, for the "back" log line.
    var downMilliseconds: Int {
        failures == 0 ? 0 : Int((Self.monotonicNow() - firstFailure) / 1_000_000)
    }

    mutating func reset() {
        failures = 0
        lastError = nil
    }

    static func monotonicNow() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
