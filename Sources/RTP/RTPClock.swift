/// Maps capture times on the monotonic clock to RTP timestamps.
///
/// Each timestamp is computed from the epoch, not by adding frame durations, so there is no drift, and
/// pure integer math keeps it exact: the same capture time always gives the same timestamp.
///
/// Specification: RFC 3550 §5.1 (timestamp), RFC 6184 §5.1 (90 kHz clock for H.264)
public struct RTPClock: Sendable, Hashable {
    /// RFC 6184 §5.1: H.264 over RTP uses a 90 kHz clock, divisible by common frame rates.
    public static let h264ClockRate: UInt32 = 90_000

    private static let nanosecondsPerSecond: UInt64 = 1_000_000_000

    /// Ticks per second of the RTP timestamp.
    public let clockRate: UInt32
    /// Capture time, nanoseconds on CLOCK_MONOTONIC, that maps to `initialTimestamp`.
    public let epoch: UInt64
    /// Timestamp at `epoch`; random per stream (RFC 3550 §5.1) and announced in RTP-Info.
    public let initialTimestamp: UInt32

    public init(clockRate: UInt32 = h264ClockRate, epoch: UInt64, initialTimestamp: UInt32) {
        self.clockRate = clockRate
        self.epoch = epoch
        self.initialTimestamp = initialTimestamp
    }

    /// initialTimestamp + ⌊(time − epoch)·clockRate / 10⁹⌋, wrapping mod 2³². Times before the epoch
    /// count backwards with the same floor, so the mapping is monotonic across the epoch.
    ///
    /// Exact for any UInt64 input: whole seconds and the nanosecond remainder are scaled separately
    /// (the remainder product stays below 10⁹·2³² < 2⁶³), and only the result is reduced mod 2³².
    public func timestamp(at time: UInt64) -> UInt32 {
        if time >= epoch {
            return initialTimestamp &+ ticks(in: time - epoch, roundingUp: false)
        }
        return initialTimestamp &- ticks(in: epoch - time, roundingUp: true)
    }

    /// ⌊nanoseconds·clockRate/10⁹⌋ (or ⌈…⌉) mod 2³².
    private func ticks(in nanoseconds: UInt64, roundingUp: Bool) -> UInt32 {
        let (seconds, remainder) = nanoseconds.quotientAndRemainder(dividingBy: Self.nanosecondsPerSecond)
        let scaledRemainder = remainder * UInt64(clockRate)
        let bias = roundingUp ? Self.nanosecondsPerSecond - 1 : 0
        let remainderTicks = UInt32((scaledRemainder + bias) / Self.nanosecondsPerSecond)
        return UInt32(truncatingIfNeeded: seconds) &* clockRate &+ remainderTicks
    }
}
