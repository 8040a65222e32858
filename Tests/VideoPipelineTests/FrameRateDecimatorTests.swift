import Testing

@testable import VideoPipeline

/// Which captured frames a lower-rate sub-stream takes: exact capture-time tables.
@Suite struct FrameRateDecimatorTests {
    /// 30 fps capture times in ns (33.3 ms apart).
    static let capture30 = (0..<12).map { UInt64($0) * 1_000_000_000 / 30 }

    @Test func thirtyToTenTakesEveryThird() {
        var decimator = FrameRateDecimator(framesPerSecond: 10)
        let taken = Self.capture30.indices.filter { decimator.admits(captureTime: Self.capture30[$0]) }
        #expect(taken == [0, 3, 6, 9])
    }

    @Test func thirtyToTwentyTakesTwoOfThree() {
        var decimator = FrameRateDecimator(framesPerSecond: 20)
        let taken = Self.capture30.indices.filter { decimator.admits(captureTime: Self.capture30[$0]) }
        #expect(taken == [0, 2, 3, 5, 6, 8, 9, 11])
    }

    @Test func noRateTakesEveryFrame() {
        var decimator = FrameRateDecimator(framesPerSecond: nil)
        #expect(Self.capture30.allSatisfy { decimator.admits(captureTime: $0) })
    }

    @Test func afterAGapOrAClockStepCountingRestarts() {
        var decimator = FrameRateDecimator(framesPerSecond: 10)
        let times: [UInt64] = [1_000_000_000, 5_000_000_000, 5_050_000_000, 5_100_000_000, 2_000_000_000, 2_050_000_000, 2_100_000_000]
        #expect(times.map { decimator.admits(captureTime: $0) } == [true, true, false, true, true, false, true])
    }
}
