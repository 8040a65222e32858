/// Takes frames evenly at a lower rate than they are captured: a 30 fps capture gives a 10 fps sub-stream
/// every third frame, and a 30 → 20 fps one two of every three, by capture time rather than by count, so a
/// camera that drops frames does not also slow the sub-stream.
///
/// Pure: capture times in, take or skip out.
struct FrameRateDecimator {
    /// Nanoseconds per output frame; 0 takes every frame.
    let interval: UInt64
    private var nextDue: UInt64?

    /// - Parameter framesPerSecond: nil (or not positive) takes every frame.
    init(framesPerSecond: Int?) {
        if let framesPerSecond, framesPerSecond > 0 {
            interval = 1_000_000_000 / UInt64(framesPerSecond)
        } else {
            interval = 0
        }
    }

    /// Whether the frame captured at `captureTime` (ns) is taken. A frame up to a quarter interval early still
    /// counts, so capture jitter does not skip frames that are meant to be taken; after a gap (or a clock that
    /// stepped back) counting starts again from the frame taken.
    mutating func admits(captureTime: UInt64) -> Bool {
        guard interval > 0 else { return true }
        if let due = nextDue {
            if captureTime &+ interval / 4 < due, due &- captureTime <= interval { return false }
            nextDue = captureTime >= due &+ interval || captureTime < due &- interval ? captureTime &+ interval : due &+ interval
        } else {
            nextDue = captureTime &+ interval
        }
        return true
    }
}
