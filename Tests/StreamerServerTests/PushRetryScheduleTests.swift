import Testing

@testable import StreamerServer

/// The backoff around a push: doubling waits with a ceiling, and a log line per new kind of failure or per
/// 30 s, never per attempt.
@Suite struct PushRetryScheduleTests {
    @Test func waitsDoubleToFifteenSeconds() {
        var schedule = PushRetrySchedule()
        let waits = (0..<8).map { schedule.failed(with: "refused", now: Int64($0) * 1_000_000_000).waitMilliseconds }
        #expect(waits == [500, 1000, 2000, 4000, 8000, 15000, 15000, 15000])
    }

    @Test func theSameFailureIsLoggedOnceThenEveryThirtySeconds() {
        var schedule = PushRetrySchedule()
        let second: Int64 = 1_000_000_000
        #expect(schedule.failed(with: "refused", now: 0).shouldLog)
        #expect(!schedule.failed(with: "refused", now: 15 * second).shouldLog)
        #expect(!schedule.failed(with: "refused", now: 29 * second).shouldLog)
        #expect(schedule.failed(with: "refused", now: 30 * second).shouldLog)
        #expect(schedule.failed(with: "unreachable", now: 31 * second).shouldLog)
        #expect(!schedule.failed(with: "unreachable", now: 32 * second).shouldLog)
    }

    @Test func publishingAgainMakesTheNextFailureNews() {
        var schedule = PushRetrySchedule()
        _ = schedule.failed(with: "refused", now: 0)
        _ = schedule.failed(with: "refused", now: 1)
        schedule.reset()
        let next = schedule.failed(with: "refused", now: 2)
        #expect(next.shouldLog)
        #expect(next.waitMilliseconds == 500)
    }
}
