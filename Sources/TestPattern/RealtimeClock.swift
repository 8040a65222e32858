#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CLOCK_REALTIME in milliseconds: the clock the test pattern's timecode strip shows, because it is the one a
/// browser (`Date.now()`) and every other process on the machine can compare a frame's capture time against.
/// Capture timestamps themselves stay on `MonotonicClock`, which no one can set back.
public enum RealtimeClock {
    public static func milliseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return UInt64(time.tv_sec) * 1000 + UInt64(time.tv_nsec) / 1_000_000
    }
}
