/// Keeps a camera that runs faster than the configured rate to that rate, by capture time.
///
/// A libcamera camera is asked for the rate through FrameDurationLimits, but not every pipeline has
/// that control (vimc has not; a sensor may also round the duration): frames that come sooner than
/// the schedule wants are passed over, so the encoder gets the rate its bitrate was set for. Each
/// frame is due one interval after the previous one was due, taken up to a quarter interval early to
/// absorb jitter; a camera that falls behind restarts the schedule from its next frame.
struct FramePacer {
    let intervalNanoseconds: Int64
    private var due: Int64?

    init(framesPerSecond: Int) {
        intervalNanoseconds = 1_000_000_000 / Int64(max(framesPerSecond, 1))
    }

    /// Whether the frame captured at `timestamp` (nanoseconds) should be encoded.
    mutating func take(at timestamp: Int64) -> Bool {
        if let due, timestamp &+ intervalNanoseconds / 4 < due { return false }
        let next = (due ?? timestamp) &+ intervalNanoseconds
        due = next < timestamp ? timestamp &+ intervalNanoseconds : next
        return true
    }
}
