/// When to try a relay again after a push failed, and when to say so in the log.
///
/// Waits 500 ms, then doubles to at most 15 s: a relay restarting is back within seconds, and one that is down
/// for hours costs a connection attempt every 15 s. The log gets the first failure, any failure that differs
/// from the last, and a reminder every 30 s, as the camera's own retries do (VideoPipeline's RetrySchedule):
/// a relay refusing the password is one line, not one per attempt. Pure: the caller passes the time.
struct PushRetrySchedule {
    static let firstWaitMilliseconds: Int64 = 500
    static let longestWaitMilliseconds: Int64 = 15_000
    static let reminderNanoseconds: Int64 = 30_000_000_000

    private(set) var failures = 0
    private var lastError: String?
    private var lastLogged: Int64 = 0

    /// Records a failure at `now` (nanoseconds, any monotonic origin): how long to wait, and whether to log it.
    mutating func failed(with error: String, now: Int64) -> (waitMilliseconds: Int64, shouldLog: Bool) {
        failures += 1
        let shouldLog = failures == 1 || error != lastError || now - lastLogged >= Self.reminderNanoseconds
        if shouldLog { lastLogged = now }
        lastError = error
        let doublings = Int64(min(failures - 1, 5))
        return (min(Self.firstWaitMilliseconds << doublings, Self.longestWaitMilliseconds), shouldLog)
    }

    /// Publishing again: the next failure is news.
    mutating func reset() {
        failures = 0
        lastError = nil
    }
}
