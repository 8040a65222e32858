import RTP
import SeededRandom
import Testing

@Suite struct RTPClockTests {
    @Test func epochMapsToTheInitialTimestamp() {
        let clock = RTPClock(epoch: 5_000_000_000, initialTimestamp: 0x1234_5678)
        #expect(clock.timestamp(at: 5_000_000_000) == 0x1234_5678)
        #expect(clock.clockRate == 90_000)
    }

    @Test func oneSecondIs90000Ticks() {
        let clock = RTPClock(epoch: 1_000, initialTimestamp: 100)
        #expect(clock.timestamp(at: 1_000 + 1_000_000_000) == 90_100)
        #expect(clock.timestamp(at: 1_000 + 33_333_333) == 100 + 2_999)
        #expect(clock.timestamp(at: 1_000 + 33_333_334) == 100 + 3_000)
    }

    /// One tick is 11 111.1 ns; timestamps round down.
    @Test func ticksRoundDown() {
        let clock = RTPClock(epoch: 0, initialTimestamp: 0)
        #expect(clock.timestamp(at: 11_111) == 0)
        #expect(clock.timestamp(at: 11_112) == 1)
    }

    @Test func wrapsPast2To32() {
        let clock = RTPClock(epoch: 0, initialTimestamp: 0xFFFF_FFF0)
        #expect(clock.timestamp(at: 1_000_000_000) == 90_000 - 16)
        // 2^32 ticks at 90 kHz is 47 721.858 844 4 s: one full wrap back to the start.
        #expect(clock.timestamp(at: 47_721_858_844_445) == 0xFFFF_FFF0)
    }

    @Test func timesBeforeTheEpochCountBackwards() {
        let clock = RTPClock(epoch: 10_000_000_000, initialTimestamp: 1_000)
        #expect(clock.timestamp(at: 10_000_000_000 - 1_000_000_000) == 1_000 - 90_000 + (1 << 32))
        #expect(clock.timestamp(at: 10_000_000_000 - 1) == 999)
        #expect(clock.timestamp(at: 0) == 1_000 &- 900_000)
    }

    /// Expected values computed with Python's arbitrary-precision integers:
    /// `(initial + (t - epoch) * rate // 10**9) % 2**32`.
    @Test(arguments: [
        (UInt64.max, UInt64(0), UInt32(0), UInt32(90_000), UInt32(243_266_947)),
        (UInt64.max, 0, 0x1234_5678, 90_000, 548_686_843),
        (1_000_000_000_000_000_000, 5, 7, 90_000, 3_255_279_622),
        (0, UInt64.max, 0, 90_000, 4_051_700_348),
        (123_456_789_012_345_678, 0, 0, 48_000, 3_165_971_408),
        (0, 3_153_600_000_000_000_000, 1_000, 90_000, 323_822_568),
    ])
    func largeTimesAreExact(time: UInt64, epoch: UInt64, initial: UInt32, rate: UInt32, expected: UInt32) {
        let clock = RTPClock(clockRate: rate, epoch: epoch, initialTimestamp: initial)
        #expect(clock.timestamp(at: time) == expected)
    }

    @Test func isMonotonicAcrossTheEpoch() {
        var generator = SeededGenerator(seed: 90_000)
        let epoch: UInt64 = 1 << 40
        let clock = RTPClock(epoch: epoch, initialTimestamp: 0)
        for _ in 0..<10_000 {
            let time = UInt64.random(in: (epoch - 1_000_000)...(epoch + 1_000_000), using: &generator)
            let step = UInt64.random(in: 0...20_000, using: &generator)
            let difference = clock.timestamp(at: time + step) &- clock.timestamp(at: time)
            // floor(a + b) − floor(a) is floor(b) or floor(b) + 1.
            let ticks = UInt32(step * 90_000 / 1_000_000_000)
            #expect(difference == ticks || difference == ticks + 1)
        }
    }
}
