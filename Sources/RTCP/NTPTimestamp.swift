/// A 64-bit NTP timestamp: whole seconds since 1900-01-01 00:00 UTC and a 32-bit binary fraction of a second.
///
/// Sender reports carry the sender's wallclock in this format so that a receiver can map RTP timestamps to real
/// time (lip sync across streams), and the middle 32 bits of it are the clock that round-trip times are measured
/// on. The value is passed in, never read from a clock here, so callers and tests decide what "now" is.
///
/// The seconds field wraps in February 2036 (NTP era 1). Conversion back to Unix time follows RFC 4330 §3: a
/// seconds value below the 1970 offset is taken to be in era 1, which keeps the mapping exact from 1970 to 2106.
/// Ordering compares the raw fields, so it is only meaningful within one era.
///
/// Specification: RFC 3550 §4, RFC 4330 §3
public struct NTPTimestamp: Hashable, Sendable, Comparable {
    /// Seconds from 1900 to 1970: (70 × 365 + 17 leap days) × 86 400 s = 25 567 × 86 400 s.
    public static let unixEpochOffset: UInt64 = 2_208_988_800

    /// Whole seconds since 1900-01-01 00:00 UTC, modulo 2³².
    public var seconds: UInt32
    /// Fraction of a second in units of 2⁻³² s (about 233 ps).
    public var fraction: UInt32

    public init(seconds: UInt32, fraction: UInt32) {
        self.seconds = seconds
        self.fraction = fraction
    }

    /// Converts Unix time (nanoseconds since 1970) exactly, with integer arithmetic only: the fraction is
    /// ⌊ns · 2³² / 10⁹⌋, so the value the caller measured is not blurred by floating point.
    public init(unixNanoseconds: UInt64) {
        let wholeSeconds = unixNanoseconds / Self.nanosecondsPerSecond + Self.unixEpochOffset
        let nanoseconds = unixNanoseconds % Self.nanosecondsPerSecond
        self.seconds = UInt32(truncatingIfNeeded: wholeSeconds)
        // nanoseconds < 10⁹ < 2³⁰, so shifting by 32 stays below 2⁶² and cannot overflow.
        self.fraction = UInt32(truncatingIfNeeded: (nanoseconds << 32) / Self.nanosecondsPerSecond)
    }

    /// The same instant as Unix time in nanoseconds, rounded to the nearest nanosecond, so that
    /// `NTPTimestamp(unixNanoseconds: n).unixNanoseconds == n` for every n between 1970 and 2106.
    public var unixNanoseconds: UInt64 {
        let ntpSeconds = UInt64(seconds)
        let unixSeconds =
            ntpSeconds >= Self.unixEpochOffset
            ? ntpSeconds - Self.unixEpochOffset
            : ntpSeconds + (1 << 32) - Self.unixEpochOffset
        // fraction < 2³² and 10⁹ < 2³⁰, so the product stays below 2⁶².
        let nanoseconds = (UInt64(fraction) * Self.nanosecondsPerSecond + (1 << 31)) >> 32
        return unixSeconds * Self.nanosecondsPerSecond + nanoseconds
    }

    /// The middle 32 bits (low 16 of the seconds, high 16 of the fraction): the compact clock, in units of
    /// 1/65 536 s, that report blocks carry as LSR and against which DLSR and round-trip times are measured.
    ///
    /// Specification: RFC 3550 §6.4.1
    public var middle32: UInt32 {
        (seconds << 16) | (fraction >> 16)
    }

    public static func < (lhs: NTPTimestamp, rhs: NTPTimestamp) -> Bool {
        (lhs.seconds, lhs.fraction) < (rhs.seconds, rhs.fraction)
    }

    private static let nanosecondsPerSecond: UInt64 = 1_000_000_000
}
