import Testing

@testable import VideoPipeline

@Suite struct RetryScheduleTests {
    let second: UInt64 = 1_000_000_000

    @Test func backoffDoublesFrom100MillisecondsToTwoSeconds() {
        var schedule = RetrySchedule()
        let waits = (0..<8).map { schedule.failed(with: "gone", now: UInt64($0) * second) }
        #expect(waits == [100, 200, 400, 800, 1600, 2000, 2000, 2000])
    }

    @Test func logsTheFirstFailureAChangedOneAndThenEveryThirtySeconds() {
        var schedule = RetrySchedule()
        var logged: [Int] = []
        for attempt in 0..<70 {
            let error = attempt == 10 ? "busy" : "gone"
            _ = schedule.failed(with: error, now: UInt64(attempt) * second)
            if schedule.shouldLog { logged.append(attempt) }
        }
        // 0: first; 10: a different error; 11: back to the first one; 41: thirty seconds on.
        #expect(logged == [0, 10, 11, 41])
    }

    @Test func resetStartsTheBackoffAgain() {
        var schedule = RetrySchedule()
        _ = schedule.failed(with: "gone", now: 0)
        _ = schedule.failed(with: "gone", now: second)
        schedule.reset()
        #expect(schedule.failures == 0)
        #expect(schedule.failed(with: "gone", now: 2 * second) == 100)
        #expect(schedule.shouldLog)
    }
}
