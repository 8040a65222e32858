#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The two clocks a sender report ties together: capture times and RTP timestamps run on
/// CLOCK_MONOTONIC, while the NTP field of an RTCP sender report is wall-clock time.
/// Reading both at one instant gives the mapping that lets a client compute capture-to-arrival latency.
enum Clocks {
    static func monotonicNanoseconds() -> UInt64 {
        read(CLOCK_MONOTONIC)
    }

    static func unixNanoseconds() -> UInt64 {
        read(CLOCK_REALTIME)
    }

    /// The monotonic clock and the wall clock at one instant: the wall clock is read on both sides of the
    /// monotonic reading and the midpoint taken, so the pair is off by half the time of one clock read
    /// (tens of nanoseconds) rather than a whole one.
    static func simultaneousReading() -> (monotonic: UInt64, unix: UInt64) {
        let before = unixNanoseconds()
        let monotonic = monotonicNanoseconds()
        let after = unixNanoseconds()
        return (monotonic, before + (after &- before) / 2)
    }

    private static func read(_ clock: clockid_t) -> UInt64 {
        var time = timespec()
        clock_gettime(clock, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
