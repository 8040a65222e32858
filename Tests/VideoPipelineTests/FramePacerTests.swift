import Testing

@testable import VideoPipeline

/// The pacer keeps a fast camera to the configured rate by capture time.
@Suite struct FramePacerTests {
    /// Frames at `cameraFPS` for one second: how many the pacer takes at `wanted` fps.
    private func taken(cameraFPS: Int, wanted: Int, jitter: (Int) -> Int64 = { _ in 0 }) -> Int {
        var pacer = FramePacer(framesPerSecond: wanted)
        let period = 1_000_000_000 / Int64(cameraFPS)
        return (0..<cameraFPS).filter { pacer.take(at: Int64($0) * period + jitter($0) + 5_000_000_000) }.count
    }

    @Test(arguments: [(60, 15, 15), (30, 20, 20), (30, 30, 30), (15, 30, 15), (60, 60, 60), (50, 25, 25)])
    func takesTheConfiguredRate(camera: Int, wanted: Int, expected: Int) {
        #expect(taken(cameraFPS: camera, wanted: wanted) == expected)
    }

    @Test func jitterOfAFewMillisecondsLosesNoFrame() {
        // ±3 ms around a 30 fps camera asked for 30 fps.
        #expect(taken(cameraFPS: 30, wanted: 30, jitter: { $0 % 2 == 0 ? 3_000_000 : -3_000_000 }) == 30)
    }

    @Test func aCameraThatFellBehindRestartsTheSchedule() {
        var pacer = FramePacer(framesPerSecond: 10)
        // A one-second gap, then half an interval later (not yet), then a whole one.
        let taken = [0, 1_000_000_000, 1_050_000_000, 1_100_000_000].map { pacer.take(at: $0) }
        #expect(taken == [true, true, false, true])
    }
}
