#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CLOCK_REALTIME: the clock the test pattern's timecode strip shows, because it is the one a
/// browser (`Date.now()`) and every other process on the machine can compare a frame's capture time against.
/// Capture timestamps themselves stay on `MonotonicClock`, which no one can set back.
public enum RealtimeClock {
    /// Nanoseconds since 1970.
    public static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
