import RTCP
import SeededRandom
import Testing

@Suite struct NTPTimestampTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var unixNanoseconds: UInt64
        var seconds: UInt32
        var fraction: UInt32
        var testDescription: String { "\(unixNanoseconds) ns" }
    }

    /// Exact conversions; one table drives both directions.
    static let vectors: [Vector] = [
        // The Unix epoch is 2 208 988 800 s after the NTP epoch.
        Vector(unixNanoseconds: 0, seconds: 2_208_988_800, fraction: 0),
        // Half a second is the top fraction bit.
        Vector(unixNanoseconds: 500_000_000, seconds: 2_208_988_800, fraction: 0x8000_0000),
        // 1 ns = 4.29 units of 2⁻³² s, truncated.
        Vector(unixNanoseconds: 1, seconds: 0x83AA_7E80, fraction: 4),
        // 999 999 999 ns = 2³² − 4.29 units, truncated.
        Vector(unixNanoseconds: 999_999_999, seconds: 0x83AA_7E80, fraction: 0xFFFF_FFFB),
        // 2024-01-01T00:00:00Z, Unix 1 704 067 200 s.
        Vector(unixNanoseconds: 1_704_067_200_250_000_000, seconds: 0xE93C_7F00, fraction: 0x4000_0000),
        // 2036-02-07T06:28:16Z: NTP era 1 begins and the seconds field wraps to 0.
        Vector(unixNanoseconds: 2_085_978_496_000_000_000, seconds: 0, fraction: 0),
    ]

    @Test(arguments: vectors)
    func fromUnixNanoseconds(_ vector: Vector) {
        let timestamp = NTPTimestamp(unixNanoseconds: vector.unixNanoseconds)
        #expect(timestamp == NTPTimestamp(seconds: vector.seconds, fraction: vector.fraction))
    }

    @Test(arguments: vectors)
    func toUnixNanoseconds(_ vector: Vector) {
        let timestamp = NTPTimestamp(seconds: vector.seconds, fraction: vector.fraction)
        #expect(timestamp.unixNanoseconds == vector.unixNanoseconds)
    }

    @Test func unixNanosecondsRoundTripExactlyFrom1970To2106() {
        var generator = SeededGenerator(seed: 0x6E74_7030)
        let end: UInt64 = (1 << 32) * 1_000_000_000 - 1
        for _ in 0..<10_000 {
            let nanoseconds = UInt64.random(in: 0...end, using: &generator)
            #expect(NTPTimestamp(unixNanoseconds: nanoseconds).unixNanoseconds == nanoseconds)
        }
    }

    @Test func middle32IsLowSecondsAndHighFraction() {
        #expect(NTPTimestamp(seconds: 0x1234_B710, fraction: 0x8000_1234).middle32 == 0xB710_8000)
        #expect(NTPTimestamp(seconds: 0xFFFF_FFFF, fraction: 0xFFFF_FFFF).middle32 == 0xFFFF_FFFF)
        #expect(NTPTimestamp(seconds: 0xABCD_0000, fraction: 0x0000_FFFF).middle32 == 0)
    }

    @Test func ordersBySecondsThenFraction() {
        let early = NTPTimestamp(seconds: 10, fraction: 0xFFFF_FFFF)
        let late = NTPTimestamp(seconds: 11, fraction: 0)
        #expect(early < late)
        #expect(NTPTimestamp(seconds: 11, fraction: 1) > late)
        #expect(!(late < late))
    }
}
